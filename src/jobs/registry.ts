// The scheduled jobs by name. Both runtimes call runJob: Node from node-cron, the Worker from its Cron
// Triggers (see ./schedule.ts). A job is a plain async function of its dependencies and the current time.
import type { Api } from "grammy";
import type { DB } from "../db/database";
import type { Logger } from "../logger";

export type JobName =
  | "memberReminders"
  | "staffDigest"
  | "groupProgress"
  | "quarterlyStandings"
  | "draftReminders";

export interface JobDeps {
  db: DB;
  api: Api;
  log: Logger;
}

/**
 * `now` is when the run was scheduled (the Worker passes the trigger's scheduledTime), so a late or repeated
 * run computes the same periods. Jobs must tolerate running twice for one slot: Cron Triggers deliver at
 * least once, and two triggers can map to one job (see ./schedule.ts).
 */
export type Job = (deps: JobDeps, now: Date) => Promise<void>;

function notImplemented(name: JobName): Job {
  return async ({ log }, now) => log.info("job not implemented yet", { job: name, now: now.toISOString() });
}

const JOBS: Record<JobName, Job> = {
  memberReminders: notImplemented("memberReminders"),
  staffDigest: notImplemented("staffDigest"),
  groupProgress: notImplemented("groupProgress"),
  quarterlyStandings: notImplemented("quarterlyStandings"),
  draftReminders: notImplemented("draftReminders"),
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export function isJobName(value: string): value is JobName {
  return (JOB_NAMES as string[]).includes(value);
}

export async function runJob(name: JobName, deps: JobDeps, now: Date): Promise<void> {
  const started = Date.now();
  deps.log.debug("job started", { job: name });
  try {
    await JOBS[name](deps, now);
  } catch (error) {
    deps.log.error("job failed", { job: name, error });
    throw error;
  }
  deps.log.debug("job finished", { job: name, ms: Date.now() - started });
}
