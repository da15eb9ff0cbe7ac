// The scheduled jobs by name. Both runtimes call runJob: Node from node-cron (./node-schedules.ts), the Worker
// from its Cron Trigger when a schedule is due (see ./schedule.ts), people from `npm run job`. A job is a plain
// async function of its dependencies and the current time; ./engine.ts makes each run happen once per period.
import type { JobDeps, JobName } from "./deps";
import { unfinishedRuns } from "../db/job-runs";
import { loadSettings } from "../db/settings";
import type { Settings } from "../domain/settings";
import { draftReminders } from "./draft-reminders";
import { type JobDefinition, type JobReport, type RunOptions, runDefinedJob } from "./engine";
import { groupProgress } from "./group-progress";
import { memberReminders } from "./member-reminders";
import { staffDigest } from "./staff-digest";
import { quarterlyStandings } from "./standings";
import { submissionDigest } from "./submission-digest";

export type { JobDeps, JobName } from "./deps";

/**
 * `now` is when the run was scheduled (the Worker passes the trigger's scheduledTime, node-cron the matched
 * minute), so a late or repeated run computes the same period. Running a job twice for one period sends nothing
 * the second time: Cron Triggers deliver at least once, and two schedules can start one job at the same minute.
 */
export type Job = (deps: JobDeps, now: Date, options?: RunOptions) => Promise<JobReport>;

const DEFINITIONS: Record<JobName, JobDefinition> = {
  memberReminders,
  staffDigest,
  groupProgress,
  quarterlyStandings,
  draftReminders,
  submissionDigest,
};

const JOBS = Object.fromEntries(
  Object.entries(DEFINITIONS).map(([name, definition]) => [
    name,
    (deps: JobDeps, now: Date, options?: RunOptions) => runDefinedJob(definition, deps, now, options),
  ]),
) as Record<JobName, Job>;

export const JOB_NAMES = Object.keys(DEFINITIONS) as JobName[];

export function isJobName(value: string): value is JobName {
  return (JOB_NAMES as string[]).includes(value);
}

/** The period a run of the job at `now` belongs to (its job_runs key). */
export function periodKeyOf(name: JobName, now: Date, settings: Settings): string {
  return DEFINITIONS[name].periodKey(now, settings);
}

export async function runJob(
  name: JobName,
  deps: JobDeps,
  now: Date,
  options: RunOptions = {},
): Promise<JobReport> {
  const started = Date.now();
  deps.log.debug("job started", { job: name, now: now.toISOString() });
  try {
    const report = await JOBS[name](deps, now, options);
    deps.log.debug("job finished", { job: name, ms: Date.now() - started });
    return report;
  } catch (error) {
    deps.log.error("job failed", { job: name, error });
    throw error;
  }
}

/**
 * Finishes the runs a killed process left unfinished, oldest first, instead of leaving them to the job's next
 * trigger (for the quarterly bulletin, a quarter away). A run whose messages a newer run replaces (a reminder,
 * a progress report) is resumed only while its period is still the current one; an older one is left to the next
 * trigger, which drops it as out of date.
 */
export async function resumeUnfinishedRuns(deps: JobDeps, now: Date): Promise<JobReport[]> {
  const runs = await unfinishedRuns(deps.db);
  if (runs.length === 0) return [];
  const settings = await loadSettings(deps.db);
  const reports: JobReport[] = [];
  for (const run of runs) {
    if (!isJobName(run.job)) continue;
    const definition = DEFINITIONS[run.job];
    if (definition.earlier === "drop" && definition.periodKey(now, settings) !== run.period_key) continue;
    deps.log.info("resuming a run left unfinished", { job: run.job, periodKey: run.period_key });
    const report = await runJob(run.job, deps, new Date(run.scheduled_for)).catch(() => undefined);
    if (report) reports.push(report);
  }
  return reports;
}
