// When jobs run on Cloudflare Workers. Cron Triggers are fixed in wrangler.toml and always in UTC, while the
// committee's schedules (settings.schedules) are in its own zone, Asia/Shanghai by default (UTC+8, no daylight
// saving). This table maps each cron of wrangler.toml to the jobs it starts; test/jobs/schedule.test.ts checks
// that it lists exactly wrangler.toml's crons and covers the UTC conversion of DEFAULT_SETTINGS.schedules.
//
//   setting                    Asia/Shanghai        UTC                   trigger in wrangler.toml   job
//   memberReminders            0 9 1 * *            0 1 1 * *             0 1 1 * *                  memberReminders
//   memberRemindersLastMonth   0 9 * * 1            0 1 * * MON           0 1 * * MON                memberReminders
//   staffDigest                0 9 * * 1            0 1 * * MON           0 1 * * MON                staffDigest
//   groupProgress              0 10 1 * *           0 2 1 * *             0 2 1 * *                  groupProgress
//   quarterlyStandings         0 9 1 1,4,7,10 *     0 1 1 1,4,7,10 *      0 1 1 * * (months 1,4,7,10) quarterlyStandings
//   draftReminders             0 20 * * *           0 12 * * *            0 12 * * *                 draftReminders
//   submissionDigest           0 18 * * *           0 10 * * *            0 10 * * *                 submissionDigest
//
// Cloudflare's free plan allows 5 Cron Triggers per account, and there are 6 schedules with 6 distinct UTC crons.
// quarterlyStandings shares its time (09:00 on the 1st) with memberReminders, so it rides on that trigger with a
// month filter: the trigger fires every month and starts quarterlyStandings only in January, April, July and
// October (months of the trigger's UTC scheduledTime, as the UTC cron would have had them).
// Weekdays are written as names: in Cloudflare's cron syntax 1 means Sunday, in node-cron it means Monday.
// memberReminders has two triggers (the 1st of the month, and Mondays for the weekly nudge in a period's
// last month); it tells them apart by `now`, and a Monday the 1st starts it twice: the run is keyed by the
// local date, so the second start sends nothing.
// On Workers, changing settings.schedules does not move these triggers: edit wrangler.toml and redeploy.
import type { Settings } from "../domain/settings";
import type { Logger } from "../logger";
import type { JobName } from "./registry";

export type ScheduleKey = keyof Settings["schedules"];

/** The job each schedule setting starts. */
export const JOB_OF_SCHEDULE: Readonly<Record<ScheduleKey, JobName>> = {
  memberReminders: "memberReminders",
  memberRemindersLastMonth: "memberReminders",
  staffDigest: "staffDigest",
  groupProgress: "groupProgress",
  quarterlyStandings: "quarterlyStandings",
  draftReminders: "draftReminders",
  submissionDigest: "submissionDigest",
};

export interface TriggerJob {
  job: JobName;
  /** UTC months (1–12) in which the trigger starts this job; every month when absent. */
  months?: readonly number[];
}

/** Cron Trigger (UTC, Cloudflare syntax, as written in wrangler.toml) → jobs, run in this order. */
export const WORKER_CRON_JOBS: Readonly<Record<string, readonly TriggerJob[]>> = {
  "0 1 1 * *": [{ job: "memberReminders" }, { job: "quarterlyStandings", months: [1, 4, 7, 10] }],
  "0 1 * * MON": [{ job: "memberReminders" }, { job: "staffDigest" }],
  "0 2 1 * *": [{ job: "groupProgress" }],
  "0 12 * * *": [{ job: "draftReminders" }],
  "0 10 * * *": [{ job: "submissionDigest" }],
};

/**
 * The jobs a Cron Trigger starts; none for a cron not in the table. With the trigger's scheduled time, jobs
 * limited to some months are left out in the others.
 */
export function jobsForCron(cron: string, scheduledTime?: Date): readonly JobName[] {
  const entries = WORKER_CRON_JOBS[normalizeCron(cron)] ?? [];
  const month = scheduledTime ? scheduledTime.getUTCMonth() + 1 : undefined;
  return entries
    .filter((entry) => month === undefined || !entry.months || entry.months.includes(month))
    .map((entry) => entry.job);
}

/**
 * What the Worker's `scheduled` handler does with a trigger: every job of it, in order, at the trigger's
 * scheduled time. Each job gets its chance; the run still fails if any of them failed.
 */
export async function runTrigger(
  cron: string,
  scheduledTime: Date,
  run: (job: JobName, now: Date) => Promise<unknown>,
  log: Logger,
): Promise<JobName[]> {
  const jobs = [...jobsForCron(cron, scheduledTime)];
  if (!(normalizeCron(cron) in WORKER_CRON_JOBS)) {
    log.warn("no job for this cron trigger", { cron });
    return jobs;
  }
  const failures: unknown[] = [];
  for (const name of jobs) await run(name, scheduledTime).catch((error: unknown) => failures.push(error));
  if (failures.length > 0) throw new AggregateError(failures, `${failures.length} job(s) failed for ${cron}`);
  return jobs;
}

export function normalizeCron(cron: string): string {
  return cron.trim().split(/\s+/).join(" ");
}

const WEEKDAYS = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"] as const;

/**
 * Converts a five-field cron in a zone `offsetHours` ahead of UTC (8 for Asia/Shanghai) into the UTC cron
 * Cloudflare runs, with weekdays written as names. Handles what the settings use: fixed minutes and hours
 * (one or a list), any day, month and weekday fields. When the shift crosses midnight the weekday moves with
 * it; a day-of-month or month field cannot, so that case throws instead of silently running on the wrong day.
 */
export function zonedCronToUtc(cron: string, offsetHours: number): string {
  const fields = normalizeCron(cron).split(" ");
  if (fields.length !== 5) throw new Error(`"${cron}" does not have five fields`);
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [string, string, string, string, string];
  let dayShift = 0;
  let utcHour = hour;
  if (hour !== "*") {
    if (!/^\d+(,\d+)*$/.test(hour)) throw new Error(`cannot convert the hour field "${hour}" of "${cron}"`);
    const shifted = hour.split(",").map((h) => {
      const value = Number(h) - offsetHours;
      return { hour: ((value % 24) + 24) % 24, day: Math.floor(value / 24) };
    });
    const days = new Set(shifted.map((s) => s.day));
    if (days.size > 1) throw new Error(`the hours of "${cron}" fall on different UTC days`);
    dayShift = shifted[0]?.day ?? 0;
    utcHour = shifted.map((s) => s.hour).join(",");
  }
  if (dayShift !== 0 && (dayOfMonth !== "*" || month !== "*"))
    throw new Error(
      `"${cron}" crosses midnight in UTC on a fixed day of the month; write the UTC cron by hand`,
    );
  return [minute, utcHour, dayOfMonth, month, weekdayNames(dayOfWeek, dayShift, cron)].join(" ");
}

/** node-cron weekdays (0 or 7 = Sunday, names allowed) → Cloudflare-safe names, moved by `shift` days. */
function weekdayNames(field: string, shift: number, cron: string): string {
  if (field === "*") return field;
  const toIndex = (token: string): number => {
    const named = WEEKDAYS.indexOf(token.toUpperCase() as (typeof WEEKDAYS)[number]);
    if (named >= 0) return named;
    if (/^[0-7]$/.test(token)) return Number(token) % 7;
    throw new Error(`cannot convert the weekday field "${field}" of "${cron}"`);
  };
  const name = (index: number) => WEEKDAYS[(((index + shift) % 7) + 7) % 7];
  const names = field.split(",").map((part) => {
    const range = /^(\w+)-(\w+)$/.exec(part);
    if (!range) return name(toIndex(part));
    if (shift !== 0) throw new Error(`cannot move the weekday range "${part}" of "${cron}" across midnight`);
    return `${name(toIndex(range[1] ?? ""))}-${name(toIndex(range[2] ?? ""))}`;
  });
  return [...new Set(names)].join(",");
}
