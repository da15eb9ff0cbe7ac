// Points for people and units over a period, computed from the recorded events by the pure scoring
// method (src/domain/scoring.ts): nothing is stored, so recomputing always gives the same answer and a
// changed scoring table applies to every period at once.
import { type ScoredReport, type Scores, type ScoringEvent, scoreReports } from "../domain/scoring";
import type { Period } from "../domain/periods";
import type { Level, Settings } from "../domain/settings";
import type { DB } from "./database";
import { nowIso } from "./database";
import { loadSettings } from "./settings";

/** The events that can score; every other kind is worth nothing. */
export const SCORING_KINDS = ["adopted", "instructed", "read", "transferred"] as const;

/** Any span of time, e.g. a month, quarter or year from src/domain/periods.ts; the end is exclusive. */
export type Span = Pick<Period, "start" | "end">;

export type ScoringSettings = Pick<Settings, "scoring" | "levels" | "ownLevel">;

export interface ScoreInputs {
  reports: ScoredReport[];
  events: ScoringEvent[];
}

/** Chunks keep IN lists well below SQLite's limit on bound parameters. */
const CHUNK = 500;

/** Scoring events with their report's unit: what loadScoreInputs reads, in and before the period. */
function scoringEvents(db: DB) {
  return db
    .selectFrom("report_events")
    .innerJoin("reports", "reports.id", "report_events.report_id")
    .select([
      "report_events.report_id",
      "report_events.kind",
      "report_events.level",
      "report_events.mode",
      "report_events.created_at",
      "reports.unit_id",
    ])
    .where("report_events.kind", "in", [...SCORING_KINDS]);
}

/**
 * Reports with a scoring event in the period — all of them, or those a person (co-)authored, or those
 * filed under a unit — with every author (for the even split) and their scoring events up to the period's end
 * (those before it say what was already earned).
 */
export async function loadScoreInputs(
  db: DB,
  period: Span,
  filter: { personId?: number; unitId?: number } = {},
): Promise<ScoreInputs> {
  let query = scoringEvents(db)
    .where("report_events.created_at", ">=", nowIso(period.start))
    .where("report_events.created_at", "<", nowIso(period.end));
  if (filter.unitId !== undefined) query = query.where("reports.unit_id", "=", filter.unitId);
  if (filter.personId !== undefined) {
    const personId = filter.personId;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("report_authors")
          .select("report_authors.person_id")
          .whereRef("report_authors.report_id", "=", "reports.id")
          .where("report_authors.person_id", "=", personId),
      ),
    );
  }
  const rows = await query.orderBy("report_events.id").execute();

  const units = new Map<number, number | null>();
  for (const row of rows) units.set(row.report_id, row.unit_id);
  const ids = [...units.keys()];
  const authors = new Map<number, number[]>(ids.map((id) => [id, []]));
  for (let i = 0; i < ids.length; i += CHUNK) {
    const found = await db
      .selectFrom("report_authors")
      .select(["report_id", "person_id"])
      .where("report_id", "in", ids.slice(i, i + CHUNK))
      .orderBy("report_id")
      .orderBy("position")
      .execute();
    for (const { report_id, person_id } of found) authors.get(report_id)?.push(person_id);
  }
  // What those reports had already earned before the period, which the period does not earn again.
  const earlier: typeof rows = [];
  for (let i = 0; i < ids.length; i += CHUNK) {
    earlier.push(
      ...(await scoringEvents(db)
        .where("report_events.report_id", "in", ids.slice(i, i + CHUNK))
        .where("report_events.created_at", "<", nowIso(period.start))
        .execute()),
    );
  }
  return {
    reports: ids.map((id) => ({ id, unitId: units.get(id) ?? null, authorIds: authors.get(id) ?? [] })),
    events: [...earlier, ...rows].map((row) => ({
      reportId: row.report_id,
      kind: row.kind,
      level: (row.level as Level | null) ?? null,
      mode: row.mode === "combined" ? "combined" : row.mode === "single" ? "single" : null,
      at: new Date(row.created_at),
    })),
  };
}

async function scoringSettings(db: DB, given?: ScoringSettings): Promise<ScoringSettings> {
  return given ?? (await loadSettings(db));
}

function score(inputs: ScoreInputs, settings: ScoringSettings, period: Span): Scores {
  return scoreReports(
    inputs.reports,
    inputs.events,
    settings.scoring,
    settings.levels,
    settings.ownLevel,
    period,
  );
}

/** Points of every person and unit earned in the period (people and units without points are left out). */
export async function scoresForPeriod(db: DB, period: Span, settings?: ScoringSettings): Promise<Scores> {
  const [inputs, s] = await Promise.all([loadScoreInputs(db, period), scoringSettings(db, settings)]);
  return score(inputs, s, period);
}

/** A person's points in the period: their share of every report they (co-)authored. */
export async function personPoints(
  db: DB,
  personId: number,
  period: Span,
  settings?: ScoringSettings,
): Promise<number> {
  const [inputs, s] = await Promise.all([
    loadScoreInputs(db, period, { personId }),
    scoringSettings(db, settings),
  ]);
  return score(inputs, s, period).byPerson.get(personId) ?? 0;
}

/** A unit's points in the period: the full points of the reports filed under it. */
export async function unitPoints(
  db: DB,
  unitId: number,
  period: Span,
  settings?: ScoringSettings,
): Promise<number> {
  const [inputs, s] = await Promise.all([
    loadScoreInputs(db, period, { unitId }),
    scoringSettings(db, settings),
  ]);
  return score(inputs, s, period).byUnit.get(unitId) ?? 0;
}
