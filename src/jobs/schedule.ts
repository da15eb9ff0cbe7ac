// When jobs run on Cloudflare Workers. Cron Triggers are fixed in wrangler.toml (and in UTC), while the committee
// changes its schedules (settings.schedules, in its own time zone) with /settings. So the Worker has one frequent
// trigger, every 15 minutes, and each run reads the settings and starts the jobs whose schedule fell due: a
// minute the schedule matches on the committee's wall clock (src/domain/cron.ts, node-cron's reading) within the
// last hour. A job already done for that minute's period (job_runs, keyed by job and period) is passed over, so each
// period's run happens once however many triggers see it due; the hour covers a trigger Cloudflare skipped or ran
// late. A schedule set to 9:10 runs at the 9:15 trigger, one set to 9:00 at 9:00.
// Node does not use this: node-cron runs each schedule at its minute (./node-schedules.ts).
import { findRun } from "../db/job-runs";
import { loadSettings } from "../db/settings";
import { lastMatchBetween, parseCron } from "../domain/cron";
import type { Settings } from "../domain/settings";
import type { Logger } from "../logger";
import { type JobDeps, type JobName, periodKeyOf, runJob } from "./registry";

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

/** The Worker's one Cron Trigger (wrangler.toml; test/jobs/schedule.test.ts checks they agree). */
export const WORKER_TRIGGER = "*/15 * * * *";

/** How far back a trigger looks for a schedule's minute: four triggers, so a skipped one is caught up. */
export const DUE_LOOKBACK_MS = 60 * 60_000;

export interface DueJob {
  job: JobName;
  /** The minute its schedule matched: the job runs "at" it, as node-cron would have run it. */
  at: Date;
  schedule: ScheduleKey;
}

/**
 * The schedules that matched a minute in (`now` − lookback, `now`], each with its latest such minute, in the
 * settings' order; one entry per job and minute (a Monday the 1st starts memberReminders once). Schedules that
 * cannot be read are returned apart, to be logged.
 */
export function dueJobs(
  settings: Settings,
  now: Date,
  lookbackMs = DUE_LOOKBACK_MS,
): { due: DueJob[]; unreadable: ScheduleKey[] } {
  const due: DueJob[] = [];
  const unreadable: ScheduleKey[] = [];
  const after = new Date(now.getTime() - lookbackMs);
  for (const [schedule, cron] of Object.entries(settings.schedules) as [ScheduleKey, string][]) {
    const spec = parseCron(cron);
    if (!spec) {
      unreadable.push(schedule);
      continue;
    }
    const at = lastMatchBetween(spec, after, now, settings.timeZone);
    const job = JOB_OF_SCHEDULE[schedule];
    if (at && !due.some((d) => d.job === job && d.at.getTime() === at.getTime()))
      due.push({ job, at, schedule });
  }
  return { due, unreadable };
}

export interface TriggerRun {
  job: JobName;
  at: Date;
  periodKey: string;
}

/**
 * What the Worker's trigger does with the jobs: every job due at `now` and not yet done for its period runs, in
 * order. Each job gets its chance; the trigger still fails if any of them failed.
 */
export async function runDueJobs(
  deps: JobDeps,
  now: Date,
  run: (job: JobName, at: Date) => Promise<unknown> = (job, at) => runJob(job, deps, at),
): Promise<TriggerRun[]> {
  const settings = await loadSettings(deps.db);
  const { due, unreadable } = dueJobs(settings, now);
  for (const schedule of unreadable)
    deps.log.error("invalid schedule, not scheduled", { schedule, cron: settings.schedules[schedule] });
  const started: TriggerRun[] = [];
  const failures: unknown[] = [];
  for (const { job, at } of due) {
    const periodKey = periodKeyOf(job, at, settings);
    if (started.some((s) => s.job === job && s.periodKey === periodKey)) continue;
    if ((await findRun(deps.db, job, periodKey))?.status === "done") continue;
    started.push({ job, at, periodKey });
    await run(job, at).catch((error: unknown) => failures.push(error));
  }
  if (failures.length > 0)
    throw new AggregateError(failures, `${failures.length} job(s) failed at ${now.toISOString()}`);
  return started;
}

/** The trigger's cron is not what decides: log one that is not wrangler.toml's, then do the same. */
export function checkTrigger(cron: string, log: Logger): void {
  if (cron.trim().split(/\s+/).join(" ") !== WORKER_TRIGGER)
    log.warn("unexpected cron trigger; the settings' schedules decide the jobs", {
      cron,
      expected: WORKER_TRIGGER,
    });
}
