// Maintained aggregates for /stats, /rank and the bulletins: one row of counters per period (every month,
// quarter and year in the committee's time zone) and per scope (the whole committee, a unit, a person).
//
// Why: with 100,000 people and 1,000,000 reports, grouping a year's events per report and per person takes
// seconds in SQLite; reading one period's counters takes milliseconds. The counters are kept by triggers on
// reports, report_authors and report_events, so every way of writing (the bot, the command-line tools, tests
// that insert rows directly) keeps them right without knowing about them; `rebuildStats` recomputes them all
// from those tables by the very same trigger code (replayed through the `stats_ops` view), which is what the
// migration does for existing data; when the time zone or the own level changes, a running bot replays them in
// batches (startStatsRecount, recountStatsBatch) while newer rows are counted live.
//
// What a period's counters hold (the definitions /stats, /rank and the bulletin use; README "Statistics"):
// - submitted: reports whose (latest) submission falls in the period, whatever became of them; kept: those of
//   them not rejected (what quotas count). A returned report that is resubmitted moves to its new date.
// - accepted / returned / rejected: reports with that staff decision dated in the period, each report once.
// - adopted: reports adopted (at any level) in the period, once each; per level, as_/ac_: the first adoption of
//   a report at that level in the period as a single / combined piece, au_: a combined adoption raised to a
//   single one later in the same period (so single count = as_ + au_, combined count = ac_ − au_).
// - in_<level>: instructions (批示), each report once per level; rd_<level>: 阅批, the same way;
//   transferred: reports transferred, once each.
// - sub_adopted: of the reports submitted in the period, those whose first adoption came in the same period
//   (adoptions follow the submission, so: adopted by the period's end) — the numerator of the adoption rate.
// - w*: the scoring counts weighted by the scope's share (1 for the committee and the report's unit,
//   1/authors for each author), so points = Σ count × points of the scoring table, whatever table is set
//   when asked: a changed table applies to every period at once, as with src/domain/scoring.ts. Unlike the
//   plain counts, they credit a slot once ever, in the period of the step that earned it (an earlier step,
//   before the period, counts as earned): so a year's points are the sum of its quarters'.
// People's counters follow who authored a report when the event was recorded; co-authors can only change
// with a resubmission, i.e. before any decision that scores, so points always follow the final authors.
// A level-less adoption or instruction counts at the own level of stats_meta (rebuilt when it changes).
import { type Kysely, sql } from "kysely";
import { makePeriod } from "../domain/periods";
import { LEVELS, type Level } from "../domain/settings";

/** First and last year that get periods; events outside are not counted. */
export const STATS_FIRST_YEAR = 2000;
export const STATS_LAST_YEAR = 2099;

/** Scope of a counters row: the committee (entity 0), a unit (units.id), a person (people.id). */
export const SCOPE = { committee: 0, unit: 1, person: 2 } as const;

/** Plain counts. */
export const COUNT_COLUMNS = [
  "submitted",
  "kept",
  "sub_adopted",
  "accepted",
  "returned",
  "rejected",
  "adopted",
  "transferred",
] as const;

export type LevelColumn = `${"as" | "ac" | "au" | "in" | "rd"}_${Level}`;
export type WeightedColumn = "wtr" | `w${LevelColumn}`;
export type BucketColumn = (typeof COUNT_COLUMNS)[number] | LevelColumn | WeightedColumn;

export const LEVEL_COLUMNS: LevelColumn[] = LEVELS.flatMap((level) =>
  (["as", "ac", "au", "in", "rd"] as const).map((prefix) => `${prefix}_${level}` as LevelColumn),
);
export const WEIGHTED_COLUMNS: WeightedColumn[] = [
  "wtr",
  ...LEVEL_COLUMNS.map((column) => `w${column}` as WeightedColumn),
];
export const BUCKET_COLUMNS: BucketColumn[] = [...COUNT_COLUMNS, ...LEVEL_COLUMNS, ...WEIGHTED_COLUMNS];

// biome-ignore lint/suspicious/noExplicitAny: used by the migration (unknown schema) and the app (typed)
type AnyDB = Kysely<any>;

/** A recount in progress (recountStatsBatch): ids up to the cutoffs are replayed, up to the cursors so far. */
const RECOUNT_TABLE = `CREATE TABLE IF NOT EXISTS stats_recount (id INTEGER PRIMARY KEY CHECK (id = 1),
  report_cutoff INTEGER NOT NULL, event_cutoff INTEGER NOT NULL, reports_done INTEGER NOT NULL,
  authors_done INTEGER NOT NULL, events_done INTEGER NOT NULL, started_at TEXT NOT NULL)`;

const SCORED_KINDS = "('accepted', 'returned', 'rejected', 'adopted', 'instructed', 'read', 'transferred')";

/** The month, quarter and year rows (key, start s, end e) containing the instant `at` (an SQL expression). */
function periodsOf(at: string): string {
  return `(SELECT CASE k.n WHEN 1 THEN m.month WHEN 2 THEN m.quarter ELSE m.year END AS key,
      CASE k.n WHEN 1 THEN m.start WHEN 2 THEN m.quarter_start ELSE m.year_start END AS s,
      CASE k.n WHEN 1 THEN m.month_end WHEN 2 THEN m.quarter_end ELSE m.year_end END AS e
    FROM stats_months m, (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) k
    WHERE m.start = (SELECT MAX(start) FROM stats_months WHERE start <= ${at}) AND ${at} < m.month_end)`;
}

/** Adds the given expressions (by column; others 0) into the counters of every row the FROM clause yields. */
function upsert(values: Partial<Record<BucketColumn, string>>, from: string): string {
  const columns = BUCKET_COLUMNS.join(", ");
  const expressions = BUCKET_COLUMNS.map((c) => values[c] ?? "0").join(",\n      ");
  const updates = BUCKET_COLUMNS.map((c) => `${c} = ${c} + excluded.${c}`).join(", ");
  return `INSERT INTO stats_buckets (period, scope, entity, ${columns})
    SELECT per.key, ent.scope, ent.entity,
      ${expressions}
    FROM ${from} WHERE true
    ON CONFLICT (period, scope, entity) DO UPDATE SET ${updates};`;
}

const OWN_LEVEL = "(SELECT own_level FROM stats_meta WHERE id = 1)";

/** An earlier-recorded event of the same report, in the period row `per`, matching `condition`. */
// The unary + keeps SQLite on report_events_report (report_id, id): a report has a handful of events, while
// report_events_kind_time would walk every event of that kind in the period.
function earlierInPeriod(condition: string, period = "per"): string {
  return `EXISTS (SELECT 1 FROM report_events x WHERE x.report_id = NEW.report_id AND x.id < NEW.event_id
      AND +x.created_at >= ${period}.s AND +x.created_at < ${period}.e AND ${condition})`;
}

/**
 * An event of the same report that comes before NEW as far as points go, in the period row `per`: one dated
 * before the period, or one in it recorded earlier. A slot is earned once: the period that holds its step.
 */
function earlierForPoints(condition: string, period = "per"): string {
  return `EXISTS (SELECT 1 FROM report_events x WHERE x.report_id = NEW.report_id AND +x.created_at < ${period}.e
      AND (+x.created_at < ${period}.s OR x.id < NEW.event_id) AND ${condition})`;
}

const ENTITIES_OF_REPORT = `(SELECT ${SCOPE.committee} AS scope, 0 AS entity, 1.0 AS w
    UNION ALL SELECT ${SCOPE.unit}, r.unit_id, 1.0 FROM reports r WHERE r.id = NEW.report_id AND r.unit_id IS NOT NULL
    UNION ALL SELECT ${SCOPE.person}, a.person_id, 1.0 / (SELECT COUNT(*) FROM report_authors c WHERE c.report_id = NEW.report_id)
      FROM report_authors a WHERE a.report_id = NEW.report_id)`;

/**
 * While a recount replays the rows that existed when it began (stats_recount), a change to a report whose
 * own row (resp. authors) it has not replayed yet is left to the replay, which reads the report as it is then;
 * rows added since the recount began are counted live. So nothing is counted twice or taken out uncounted.
 */
function awaitingReplay(reportId: string, cursor: "reports_done" | "authors_done"): string {
  return `EXISTS (SELECT 1 FROM stats_recount q WHERE q.id = 1 AND ${reportId} <= q.report_cutoff
    AND ${reportId} > q.${cursor})`;
}

function b(condition: string): string {
  return `(CASE WHEN ${condition} THEN 1 ELSE 0 END)`;
}

/** Every statement of the store: tables, the stats_ops view and the triggers. */
export function statsStoreDdl(): string[] {
  const numeric = BUCKET_COLUMNS.map(
    (c) => `${c} ${c.startsWith("w") ? "REAL" : "INTEGER"} NOT NULL DEFAULT 0`,
  ).join(", ");
  const LEVEL = `COALESCE(NEW.level, ${OWN_LEVEL})`;
  const SINGLE = `COALESCE(NEW.mode, 'single') <> 'combined'`;
  const sameLevel = (kind: string) => `+x.kind = '${kind}' AND COALESCE(x.level, f.own) = f.lvl`;

  // Adoption: flags per period row first, then the counters per scope.
  // Flags per period row, computed once: LIMIT keeps SQLite from flattening the subquery into the join,
  // which would evaluate every flag again for each column and scope.
  const adoptionFlags = `(SELECT per.key, per.s, per.e, ${LEVEL} AS lvl, ${OWN_LEVEL} AS own,
      ${b(SINGLE)} AS single,
      ${b(earlierInPeriod("+x.kind = 'adopted'"))} AS dk,
      ${b(`NOT EXISTS (SELECT 1 FROM report_events x WHERE x.report_id = NEW.report_id AND x.id < NEW.event_id AND +x.kind = 'adopted')`)} AS fa,
      ${b(`EXISTS (SELECT 1 FROM reports r WHERE r.id = NEW.report_id AND r.submitted_at >= per.s AND r.submitted_at < per.e)`)} AS sub_in
    FROM ${periodsOf("NEW.at")} per LIMIT -1)`;
  // dl / ds need f.lvl: computed in a second layer.
  const adoptionLevelFlags = `(SELECT f.*,
      ${b(earlierInPeriod(sameLevel("adopted"), "f"))} AS dl,
      ${b(earlierInPeriod(`${sameLevel("adopted")} AND COALESCE(x.mode, 'single') <> 'combined'`, "f"))} AS ds,
      ${b(earlierForPoints(sameLevel("adopted"), "f"))} AS pl,
      ${b(earlierForPoints(`${sameLevel("adopted")} AND COALESCE(x.mode, 'single') <> 'combined'`, "f"))} AS ps
    FROM ${adoptionFlags} f LIMIT -1)`;
  const adoptionValues: Partial<Record<BucketColumn, string>> = {
    adopted: "(1 - per.dk)",
    sub_adopted: "(per.fa * per.sub_in)",
  };
  for (const level of LEVELS) {
    const at = `(per.lvl = '${level}')`;
    adoptionValues[`as_${level}`] = `${at} * (1 - per.dl) * per.single`;
    adoptionValues[`ac_${level}`] = `${at} * (1 - per.dl) * (1 - per.single)`;
    adoptionValues[`au_${level}`] = `${at} * per.dl * (1 - per.ds) * per.single`;
    adoptionValues[`was_${level}`] = `${at} * (1 - per.pl) * per.single * ent.w`;
    adoptionValues[`wac_${level}`] = `${at} * (1 - per.pl) * (1 - per.single) * ent.w`;
    adoptionValues[`wau_${level}`] = `${at} * per.pl * (1 - per.ps) * per.single * ent.w`;
  }

  // 批示 and 阅批 count alike: each report once per level, in columns of their own.
  const perLevelFlags = (kind: string) => `(SELECT f.*,
      ${b(earlierInPeriod(sameLevel(kind), "f"))} AS dl,
      ${b(earlierForPoints(sameLevel(kind), "f"))} AS pl
    FROM (SELECT per.key, per.s, per.e, ${LEVEL} AS lvl, ${OWN_LEVEL} AS own
      FROM ${periodsOf("NEW.at")} per LIMIT -1) f LIMIT -1)`;
  const perLevelValues = (prefix: "in" | "rd") => {
    const values: Partial<Record<BucketColumn, string>> = {};
    for (const level of LEVELS) {
      values[`${prefix}_${level}`] = `(per.lvl = '${level}') * (1 - per.dl)`;
      values[`w${prefix}_${level}`] = `(per.lvl = '${level}') * (1 - per.pl) * ent.w`;
    }
    return values;
  };

  const kindFlags = `(SELECT per.key, per.s, per.e, ${b(earlierInPeriod("+x.kind = NEW.kind"))} AS dk,
      ${b(earlierForPoints("+x.kind = NEW.kind"))} AS pk
    FROM ${periodsOf("NEW.at")} per LIMIT -1)`;

  const opsColumns = [
    "op",
    "report_id",
    "event_id",
    "person_id",
    "at",
    "status",
    "sign",
    "kind",
    "level",
    "mode",
  ];
  const kept = "(CASE WHEN NEW.status = 'rejected' THEN 0 ELSE 1 END)";

  return [
    `CREATE TABLE stats_meta (id INTEGER PRIMARY KEY CHECK (id = 1), time_zone TEXT NOT NULL,
      own_level TEXT NOT NULL, built_at TEXT NOT NULL)`,
    // One row per local month, with its quarter and year: where an instant's periods are looked up.
    `CREATE TABLE stats_months (start TEXT PRIMARY KEY, month TEXT NOT NULL, month_end TEXT NOT NULL,
      quarter TEXT NOT NULL, quarter_start TEXT NOT NULL, quarter_end TEXT NOT NULL,
      year TEXT NOT NULL, year_start TEXT NOT NULL, year_end TEXT NOT NULL) WITHOUT ROWID`,
    `CREATE TABLE stats_buckets (period TEXT NOT NULL, scope INTEGER NOT NULL, entity INTEGER NOT NULL,
      ${numeric}, PRIMARY KEY (period, scope, entity)) WITHOUT ROWID`,
    // A recount in progress (recountStatsBatch): the ids below the cutoffs are replayed, up to the cursors so far.
    RECOUNT_TABLE,
    // Inserting into this view only runs the triggers below: the live path and the rebuild share them.
    `CREATE VIEW stats_ops AS SELECT ${opsColumns.map((c) => `NULL AS ${c}`).join(", ")} WHERE 0`,

    // A report's own submission (sign +1) or its withdrawal from a date (−1): committee and unit.
    `CREATE TRIGGER stats_op_report INSTEAD OF INSERT ON stats_ops WHEN NEW.op = 'report' BEGIN
      ${upsert(
        { submitted: "NEW.sign", kept: `NEW.sign * ${kept}` },
        `${periodsOf("NEW.at")} per, (SELECT ${SCOPE.committee} AS scope, 0 AS entity
          UNION ALL SELECT ${SCOPE.unit}, unit_id FROM reports WHERE id = NEW.report_id AND unit_id IS NOT NULL) ent`,
      )}
    END`,
    // One author of a report, the same way; with the staff decisions already recorded on it (events up to
    // NEW.event_id), so a co-author's decision counters follow the report's current authors.
    `CREATE TRIGGER stats_op_author INSTEAD OF INSERT ON stats_ops WHEN NEW.op = 'author' BEGIN
      ${upsert(
        { submitted: "NEW.sign", kept: `NEW.sign * ${kept}` },
        `${periodsOf("NEW.at")} per, (SELECT ${SCOPE.person} AS scope, NEW.person_id AS entity) ent`,
      )}
      ${upsert(
        {
          accepted: "NEW.sign * per.accepted",
          returned: "NEW.sign * per.returned",
          rejected: "NEW.sign * per.rejected",
        },
        `(SELECT d.key, MAX(d.kind = 'accepted') AS accepted, MAX(d.kind = 'returned') AS returned,
            MAX(d.kind = 'rejected') AS rejected
          FROM (SELECT CASE k.n WHEN 1 THEN m.month WHEN 2 THEN m.quarter ELSE m.year END AS key, x.kind
            FROM report_events x
            JOIN stats_months m ON m.start = (SELECT MAX(start) FROM stats_months WHERE start <= x.created_at)
              AND x.created_at < m.month_end
            CROSS JOIN (SELECT 1 AS n UNION ALL SELECT 2 UNION ALL SELECT 3) k
            WHERE x.report_id = NEW.report_id AND x.id <= NEW.event_id
              AND +x.kind IN ('accepted', 'returned', 'rejected')
              AND NOT EXISTS (SELECT 1 FROM stats_recount q WHERE q.id = 1 AND x.id <= q.event_cutoff
                AND x.id > q.events_done)) d
          GROUP BY d.key) per, (SELECT ${SCOPE.person} AS scope, NEW.person_id AS entity) ent`,
      )}
    END`,
    `CREATE TRIGGER stats_op_adopted INSTEAD OF INSERT ON stats_ops
      WHEN NEW.op = 'event' AND NEW.kind = 'adopted' BEGIN
      ${upsert(adoptionValues, `${adoptionLevelFlags} per, ${ENTITIES_OF_REPORT} ent`)}
    END`,
    `CREATE TRIGGER stats_op_instructed INSTEAD OF INSERT ON stats_ops
      WHEN NEW.op = 'event' AND NEW.kind = 'instructed' BEGIN
      ${upsert(perLevelValues("in"), `${perLevelFlags("instructed")} per, ${ENTITIES_OF_REPORT} ent`)}
    END`,
    `CREATE TRIGGER stats_op_read INSTEAD OF INSERT ON stats_ops
      WHEN NEW.op = 'event' AND NEW.kind = 'read' BEGIN
      ${upsert(perLevelValues("rd"), `${perLevelFlags("read")} per, ${ENTITIES_OF_REPORT} ent`)}
    END`,
    `CREATE TRIGGER stats_op_transferred INSTEAD OF INSERT ON stats_ops
      WHEN NEW.op = 'event' AND NEW.kind = 'transferred' BEGIN
      ${upsert({ transferred: "(1 - per.dk)", wtr: "(1 - per.pk) * ent.w" }, `${kindFlags} per, ${ENTITIES_OF_REPORT} ent`)}
    END`,
    ...(["accepted", "returned", "rejected"] as const).map(
      (kind) => `CREATE TRIGGER stats_op_${kind} INSTEAD OF INSERT ON stats_ops
      WHEN NEW.op = 'event' AND NEW.kind = '${kind}' BEGIN
      ${upsert({ [kind]: "(1 - per.dk)" }, `${kindFlags} per, ${ENTITIES_OF_REPORT} ent`)}
    END`,
    ),

    // The live path: what changes in the base tables becomes operations.
    `CREATE TRIGGER stats_reports_insert AFTER INSERT ON reports BEGIN
      INSERT INTO stats_ops (op, report_id, at, status, sign) VALUES ('report', NEW.id, NEW.submitted_at, NEW.status, 1);
    END`,
    // A new submission date (resubmission) or a change into or out of "rejected": take the report and its
    // authors out of the old counters and put them into the new ones.
    `CREATE TRIGGER stats_reports_update AFTER UPDATE OF submitted_at, status ON reports
      WHEN OLD.submitted_at IS NOT NEW.submitted_at
        OR (OLD.status = 'rejected') IS NOT (NEW.status = 'rejected') BEGIN
      INSERT INTO stats_ops (op, report_id, at, status, sign)
        SELECT 'report', NEW.id, OLD.submitted_at, OLD.status, -1 WHERE NOT ${awaitingReplay("NEW.id", "reports_done")};
      INSERT INTO stats_ops (op, report_id, at, status, sign)
        SELECT 'report', NEW.id, NEW.submitted_at, NEW.status, 1 WHERE NOT ${awaitingReplay("NEW.id", "reports_done")};
      INSERT INTO stats_ops (op, report_id, person_id, at, status, sign)
        SELECT 'author', NEW.id, person_id, OLD.submitted_at, OLD.status, -1 FROM report_authors
        WHERE report_id = NEW.id AND NOT ${awaitingReplay("NEW.id", "authors_done")};
      INSERT INTO stats_ops (op, report_id, person_id, at, status, sign)
        SELECT 'author', NEW.id, person_id, NEW.submitted_at, NEW.status, 1 FROM report_authors
        WHERE report_id = NEW.id AND NOT ${awaitingReplay("NEW.id", "authors_done")};
    END`,
    `CREATE TRIGGER stats_authors_insert AFTER INSERT ON report_authors BEGIN
      INSERT INTO stats_ops (op, report_id, event_id, person_id, at, status, sign)
        SELECT 'author', NEW.report_id, (SELECT MAX(id) FROM report_events WHERE report_id = NEW.report_id),
          NEW.person_id, submitted_at, status, 1 FROM reports
        WHERE id = NEW.report_id AND NOT ${awaitingReplay("NEW.report_id", "authors_done")};
    END`,
    `CREATE TRIGGER stats_authors_delete AFTER DELETE ON report_authors BEGIN
      INSERT INTO stats_ops (op, report_id, event_id, person_id, at, status, sign)
        SELECT 'author', OLD.report_id, (SELECT MAX(id) FROM report_events WHERE report_id = OLD.report_id),
          OLD.person_id, submitted_at, status, -1 FROM reports
        WHERE id = OLD.report_id AND NOT ${awaitingReplay("OLD.report_id", "authors_done")};
    END`,
    `CREATE TRIGGER stats_events_insert AFTER INSERT ON report_events WHEN NEW.kind IN ${SCORED_KINDS} BEGIN
      INSERT INTO stats_ops (op, report_id, event_id, at, kind, level, mode)
        VALUES ('event', NEW.report_id, NEW.id, NEW.created_at, NEW.kind, NEW.level, NEW.mode);
    END`,
  ];
}

/** The month rows of stats_months for a time zone. */
export function monthRows(timeZone: string): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  const iso = (d: Date) => d.toISOString();
  for (let year = STATS_FIRST_YEAR; year <= STATS_LAST_YEAR; year++) {
    const y = makePeriod("year", year, 1, timeZone);
    for (let quarter = 1; quarter <= 4; quarter++) {
      const q = makePeriod("quarter", year, quarter, timeZone);
      for (let month = (quarter - 1) * 3 + 1; month <= quarter * 3; month++) {
        const m = makePeriod("month", year, month, timeZone);
        rows.push({
          start: iso(m.start),
          month: `${year}-${String(month).padStart(2, "0")}`,
          month_end: iso(m.end),
          quarter: `${year}Q${quarter}`,
          quarter_start: iso(q.start),
          quarter_end: iso(q.end),
          year: String(year),
          year_start: iso(y.start),
          year_end: iso(y.end),
        });
      }
    }
  }
  return rows;
}

export async function createStatsStore(db: AnyDB): Promise<void> {
  for (const statement of statsStoreDdl()) await sql.raw(statement).execute(db);
}

/**
 * Brings a store built by an older version up to this one: counter columns it lacks are added (as 0) and every
 * trigger is made again, so each adds into every column. Counts already there stay right: a new column only
 * counts a new kind of step, recorded from now on.
 */
export async function upgradeStatsStore(db: AnyDB): Promise<void> {
  const existing = await sql<{ name: string }>`SELECT name FROM pragma_table_info('stats_buckets')`.execute(
    db,
  );
  const have = new Set(existing.rows.map((r) => r.name));
  for (const column of BUCKET_COLUMNS)
    if (!have.has(column))
      await sql
        .raw(
          `ALTER TABLE stats_buckets ADD COLUMN ${column} ${column.startsWith("w") ? "REAL" : "INTEGER"} NOT NULL DEFAULT 0`,
        )
        .execute(db);
  const triggers = await sql<{
    name: string;
  }>`SELECT name FROM sqlite_master WHERE type = 'trigger' AND substr(name, 1, 6) = 'stats_'`.execute(db);
  for (const trigger of triggers.rows) await sql.raw(`DROP TRIGGER ${trigger.name}`).execute(db);
  for (const statement of statsStoreDdl())
    if (statement.startsWith("CREATE TRIGGER ")) await sql.raw(statement).execute(db);
}

export interface StatsBasis {
  timeZone: string;
  ownLevel: Level;
}

/**
 * Starts counting afresh for the time zone and own level given: empties the counters and notes which rows the
 * recount replays (those existing now); recountStatsBatch then replays them a batch at a time while newer rows
 * are counted live. Readers see incomplete counters until it is done (statsRecountProgress says how far).
 */
export async function startStatsRecount(trx: AnyDB, basis: StatsBasis, now: Date): Promise<void> {
  // A database built before migration 0047 may be recounted by an earlier migration (0011) already.
  await sql.raw(RECOUNT_TABLE).execute(trx);
  // No WHERE and no triggers on these tables: SQLite empties them at once, whatever their size.
  await sql`DELETE FROM stats_buckets`.execute(trx);
  await sql`DELETE FROM stats_months`.execute(trx);
  const rows = monthRows(basis.timeZone);
  for (let i = 0; i < rows.length; i += 100)
    await trx
      .insertInto("stats_months")
      .values(rows.slice(i, i + 100))
      .execute();
  await sql`INSERT INTO stats_meta (id, time_zone, own_level, built_at) VALUES (1, ${basis.timeZone}, ${basis.ownLevel}, ${now.toISOString()})
    ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone, own_level = excluded.own_level, built_at = excluded.built_at`.execute(
    trx,
  );
  await sql`INSERT OR REPLACE INTO stats_recount (id, report_cutoff, event_cutoff, reports_done, authors_done,
      events_done, started_at)
    VALUES (1, (SELECT COALESCE(MAX(id), 0) FROM reports), (SELECT COALESCE(MAX(id), 0) FROM report_events),
      0, 0, 0, ${now.toISOString()})`.execute(trx);
}

interface RecountRow {
  report_cutoff: number;
  event_cutoff: number;
  reports_done: number;
  authors_done: number;
  events_done: number;
}

async function recountRow(db: AnyDB): Promise<RecountRow | undefined> {
  const result =
    await sql<RecountRow>`SELECT report_cutoff, event_cutoff, reports_done, authors_done, events_done
    FROM stats_recount WHERE id = 1`.execute(db);
  return result.rows[0];
}

/**
 * Replays the next `ids` ids of the recount in progress (reports, then their authors, then the events, in the
 * order the live path sees them), in the caller's transaction. Returns how many ids it covered; 0 when no
 * recount is left (the last call ends it).
 */
export async function recountStatsBatch(trx: AnyDB, ids: number): Promise<number> {
  const q = await recountRow(trx);
  if (!q) return 0;
  const step = async (
    done: number,
    cutoff: number,
    column: string,
    replay: (lo: number, hi: number) => Promise<unknown>,
  ) => {
    const hi = Math.min(cutoff, done + ids);
    await replay(done, hi);
    await sql`UPDATE stats_recount SET ${sql.raw(column)} = ${hi} WHERE id = 1`.execute(trx);
    return Math.max(1, hi - done);
  };
  if (q.reports_done < q.report_cutoff)
    return step(q.reports_done, q.report_cutoff, "reports_done", (lo, hi) =>
      sql`INSERT INTO stats_ops (op, report_id, at, status, sign)
        SELECT 'report', id, submitted_at, status, 1 FROM reports WHERE id > ${lo} AND id <= ${hi} ORDER BY id`.execute(
        trx,
      ),
    );
  if (q.authors_done < q.report_cutoff)
    return step(q.authors_done, q.report_cutoff, "authors_done", (lo, hi) =>
      sql`INSERT INTO stats_ops (op, report_id, person_id, at, status, sign)
        SELECT 'author', a.report_id, a.person_id, r.submitted_at, r.status, 1
        FROM report_authors a JOIN reports r ON r.id = a.report_id
        WHERE a.report_id > ${lo} AND a.report_id <= ${hi} ORDER BY a.report_id, a.position`.execute(trx),
    );
  if (q.events_done < q.event_cutoff)
    return step(q.events_done, q.event_cutoff, "events_done", (lo, hi) =>
      sql`INSERT INTO stats_ops (op, report_id, event_id, at, kind, level, mode)
        SELECT 'event', report_id, id, created_at, kind, level, mode FROM report_events
        WHERE id > ${lo} AND id <= ${hi} AND kind IN ${sql.raw(SCORED_KINDS)} ORDER BY id`.execute(trx),
    );
  await sql`DELETE FROM stats_recount WHERE id = 1`.execute(trx);
  return 1;
}

/** How far a recount in progress is, 0..1; undefined when none is. */
export async function statsRecountProgress(db: AnyDB): Promise<number | undefined> {
  const q = await recountRow(db);
  if (!q) return undefined;
  const total = 2 * q.report_cutoff + q.event_cutoff;
  return total === 0 ? 0 : (q.reports_done + q.authors_done + q.events_done) / total;
}

/**
 * Recomputes every counter from reports, report_authors and report_events for the time zone and own level
 * given, all at once. Run inside a transaction (the caller's), so readers never see half-built counters: for
 * the migrations, before the bot answers anyone; a running bot recounts in batches (src/db/stats-recount.ts).
 */
export async function rebuildStats(trx: AnyDB, basis: StatsBasis, now: Date): Promise<void> {
  await startStatsRecount(trx, basis, now);
  while ((await recountStatsBatch(trx, Number.MAX_SAFE_INTEGER)) > 0);
}

/** The basis the counters were built on; undefined before the first build. */
export async function statsBasis(db: AnyDB): Promise<StatsBasis | undefined> {
  const row = await sql<{
    time_zone: string;
    own_level: Level;
  }>`SELECT time_zone, own_level FROM stats_meta WHERE id = 1`
    .execute(db)
    .then((r) => r.rows[0]);
  return row ? { timeZone: row.time_zone, ownLevel: row.own_level } : undefined;
}
