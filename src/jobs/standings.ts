// The quarterly bulletin (季度通报), sent on the first day of each quarter about the quarter before: units and
// people ranked by points, with submissions, adoptions per level, instructions and adoption rate. It goes to
// bound groups, leaders and staff; the list of people who sent nothing goes to staff only, and the 通报 as a Word
// document (src/documents/bulletin.ts) to leaders and staff.
//
// The bulletin's standings (loadStandings) come from the counters kept per period
// (src/db/stats-standings.ts), the same numbers and order as /rank, in a few queries however many reports
// there are. (The computation from every report and event that they replaced, loadRangeStats, is kept in
// test/support/range-stats.ts as the tests' independent reference.)
import type { DB } from "../db/database";
import { bulletinData } from "../db/stats-bulletin";
import { fullStandings, type StandingRow, topStandings } from "../db/stats-standings";
import { periodTotals } from "../db/stats";
import { silentPeople } from "../db/stats-quota";
import { bulletinDocx, documentPeriod } from "../documents/bulletin";
import { type Period, periodContaining, periodLabel, previousPeriod } from "../domain/periods";
import { roundPoints } from "../domain/scoring";
import { LEVELS, type Level, type Settings } from "../domain/settings";
import type { PeriodCounts } from "../domain/stats";
import type { JobDefinition, PlannedMessage } from "./engine";
import { type Translate, translator } from "../bot/i18n";
import { periodName } from "../bot/render";
import { boundGroups, byUnit, localesOf, recipientsIn } from "./data";

export interface Tally {
  points: number;
  submitted: number;
  /** Reports adopted in the range, per level. */
  adoptedByLevel: Partial<Record<Level, number>>;
  /** Reports adopted in the range at any level (each once). */
  adopted: number;
  /** Instructions in the range (a report counts once per level). */
  instructed: number;
  /** Of the reports submitted in the range, how many were adopted by its end. */
  submittedAdopted: number;
}

export interface Ranked {
  id: number;
  name: string;
  unit: string | null;
  rank: number;
  tally: Tally;
}

export interface Standings {
  period: Period;
  total: Tally;
  units: Ranked[];
  /** The first BULLETIN_PEOPLE of the people's standings. */
  people: Ranked[];
  /** How many people are in the standings in all. */
  peopleTotal: number;
  /** People owing reports who sent none in the period. */
  zero: { name: string; unitName: string | null; bound: boolean }[];
}

/** A period's counts as the bulletin tallies them. */
function tallyOf(counts: PeriodCounts): Tally {
  const adoptedByLevel: Partial<Record<Level, number>> = {};
  for (const level of LEVELS) {
    const n = counts.adoptedByLevel[level].single + counts.adoptedByLevel[level].combined;
    if (n !== 0) adoptedByLevel[level] = n;
  }
  return {
    points: counts.points,
    submitted: counts.submitted,
    adoptedByLevel,
    adopted: counts.adopted,
    instructed: counts.instructed,
    submittedAdopted: counts.submittedAdopted,
  };
}

function ranked(row: StandingRow): Ranked {
  return { id: row.id, name: row.name, unit: row.unitName, rank: row.rank, tally: row.counts };
}

/**
 * The standings of a month, quarter or year, from the counters kept per period (src/db/stats-standings.ts),
 * ranked as /rank ranks them: a few queries whatever the number of reports, where loadRangeStats reads every
 * report and event of the range (a minute for a quarter of 1,000,000 reports; docs/benchmarks.md, section 2).
 */
export async function loadStandings(db: DB, settings: Settings, period: Period): Promise<Standings> {
  const [total, units, people, zero] = await Promise.all([
    periodTotals(db, period, settings),
    fullStandings(db, period, settings, "units"),
    topStandings(db, period, settings, "people", BULLETIN_PEOPLE),
    silentPeople(db, period, settings),
  ]);
  return {
    period,
    total: tallyOf(total),
    units: units.map(ranked),
    people: people.rows.map(ranked),
    peopleTotal: people.total,
    zero,
  };
}

/**
 * How many people the bulletin ranks by name. A group reads the top of the list; everyone's place is in /rank
 * and in the Excel bulletin (/export). Without a limit, 48,000 people who scored in a quarter made a bulletin
 * of 680 messages (docs/benchmarks.md, section 2).
 */
export const BULLETIN_PEOPLE = 100;

export function formatRate(tally: Tally): string {
  return tally.submitted === 0 ? "—" : `${Math.round((tally.submittedAdopted / tally.submitted) * 100)}%`;
}

export function formatLevels(t: Translate, tally: Tally, levels: readonly Level[]): string {
  const parts = levels
    .filter((level) => (tally.adoptedByLevel[level] ?? 0) > 0)
    .map((level) =>
      t("job-level-count", { level: t(`level-${level}`), count: tally.adoptedByLevel[level] ?? 0 }),
    );
  return parts.length === 0 ? "—" : parts.join(t("job-list-separator"));
}

function tallyVariables(t: Translate, tally: Tally, levels: readonly Level[]) {
  return {
    points: roundPoints(tally.points),
    submitted: tally.submitted,
    adopted: tally.adopted,
    levels: formatLevels(t, tally, levels),
    instructed: tally.instructed,
    rate: formatRate(tally),
  };
}

export function bulletinText(t: Translate, standings: Standings, settings: Settings): string {
  const lines = [
    t("job-standings-title", { committee: settings.name, period: periodName(t, standings.period) }),
    t("job-standings-summary", tallyVariables(t, standings.total, settings.levels)),
    "",
    t("job-standings-units"),
  ];
  for (const unit of standings.units)
    lines.push(
      t("job-standings-unit-line", {
        rank: unit.rank,
        name: unit.name,
        ...tallyVariables(t, unit.tally, settings.levels),
      }),
    );
  if (standings.units.length === 0) lines.push(t("job-standings-none"));
  lines.push("", t("job-standings-people"));
  for (const person of standings.people)
    lines.push(
      t("job-standings-person-line", {
        rank: person.rank,
        name: person.name,
        unit: person.unit ?? "—",
        ...tallyVariables(t, person.tally, settings.levels),
      }),
    );
  if (standings.people.length === 0) lines.push(t("job-standings-none"));
  const more = standings.peopleTotal - standings.people.length;
  if (more > 0) lines.push(t("job-standings-people-more", { count: more }));
  return lines.join("\n");
}

export function zeroListText(t: Translate, standings: Standings): string {
  const lines = [
    t("job-standings-zero-title", { period: periodName(t, standings.period), count: standings.zero.length }),
  ];
  for (const [unit, members] of byUnit(standings.zero, t("job-no-unit"))) {
    const names = members.map((p) => (p.bound ? p.name : t("job-name-unbound", { name: p.name })));
    lines.push(
      t("job-unit-names", { unit, count: members.length, names: names.join(t("job-list-separator")) }),
    );
  }
  if (standings.zero.length === 0) lines.push(t("job-standings-none"));
  return lines.join("\n");
}

/** The quarter before the one `now` is in. */
export function lastQuarter(now: Date, timeZone: string): Period {
  return previousPeriod(periodContaining("quarter", now, timeZone), timeZone);
}

export const quarterlyStandings: JobDefinition = {
  name: "quarterlyStandings",
  earlier: "deliver",
  periodKey: (now, settings) => periodLabel(lastQuarter(now, settings.timeZone)),

  async plan({ db, settings, now, i18n }) {
    const quarter = lastQuarter(now, settings.timeZone);
    const standings = await loadStandings(db, settings, quarter);
    // The 通报 as a Word document for leaders and staff, from the same numbers as /export (one file for all).
    const docx = await bulletinDocx(
      translator(i18n, "zh"),
      await bulletinData(db, quarter, settings),
      settings,
      now,
    );
    const document = { fileName: docx.fileName, bytes: docx.bytes };
    const [groups, leaders, staff] = await Promise.all([
      boundGroups(db),
      recipientsIn(db, ["leader"]),
      recipientsIn(db, ["staff", "admin"]),
    ]);
    const locales = await localesOf(
      db,
      [...leaders, ...staff].map((r) => r.telegramId),
    );
    const texts = new Map<string, { t: Translate; bulletin: string }>();
    const forLocale = (locale: "zh" | "en") => {
      let entry = texts.get(locale);
      if (!entry) {
        const t = translator(i18n, locale);
        entry = { t, bulletin: bulletinText(t, standings, settings) };
        texts.set(locale, entry);
      }
      return entry;
    };
    const messages: PlannedMessage[] = [];
    for (const group of groups)
      messages.push({ chatId: group.chatId, to: group.title, text: forLocale("zh").bulletin });
    const caption = (t: Translate) =>
      t("doc-bulletin-caption", { committee: settings.name, period: documentPeriod(t, quarter) });
    for (const leader of leaders) {
      const { t, bulletin } = forLocale(locales.get(leader.telegramId) ?? "zh");
      messages.push({ chatId: leader.telegramId, to: leader.name, text: bulletin });
      messages.push({ chatId: leader.telegramId, to: leader.name, text: caption(t), document });
    }
    for (const person of staff) {
      const { t, bulletin } = forLocale(locales.get(person.telegramId) ?? "zh");
      messages.push({ chatId: person.telegramId, to: person.name, text: bulletin });
      messages.push({ chatId: person.telegramId, to: person.name, text: zeroListText(t, standings) });
      messages.push({ chatId: person.telegramId, to: person.name, text: caption(t), document });
    }
    return {
      messages,
      stats: {
        units: standings.units.length,
        people: standings.peopleTotal,
        zeroReports: standings.zero.length,
        groups: groups.length,
      },
    };
  },
};
