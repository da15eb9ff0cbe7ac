// Schedules on Node: node-cron runs each settings.schedules entry in the committee's time zone (settings.timeZone)
// and calls runJob with the minute it matched. Settings are read again every few minutes, so a changed schedule or
// time zone (/settings set schedules …) applies without a restart, within `reloadEveryMs`.
// Node-only (node-cron); the Worker's 15-minute Cron Trigger reads the same schedules (./schedule.ts).
import cron, { type ScheduledTask } from "node-cron";
import { loadSettings } from "../db/settings";
import type { Settings } from "../domain/settings";
import type { JobReport } from "./engine";
import { DEFAULT_DELIVERY } from "./outbox";
import { type JobDeps, resumeUnfinishedRuns, runJob } from "./registry";
import { JOB_OF_SCHEDULE, type ScheduleKey } from "./schedule";

export interface NodeSchedules {
  /** The schedules in force: setting → cron, and the zone they run in. */
  current(): { timeZone: string; schedules: Settings["schedules"] } | undefined;
  /** Runs left unfinished by the previous process, being finished in the background (see resumeUnfinishedRuns). */
  resumed: Promise<JobReport[]>;
  stop(): Promise<void>;
}

export async function startNodeSchedules(
  deps: JobDeps,
  options: { reloadEveryMs?: number } = {},
): Promise<NodeSchedules> {
  const { log } = deps;
  let tasks: ScheduledTask[] = [];
  let active: { timeZone: string; schedules: Settings["schedules"] } | undefined;

  const install = (settings: Settings) => {
    for (const task of tasks) void task.destroy();
    tasks = [];
    for (const [key, expression] of Object.entries(settings.schedules) as [ScheduleKey, string][]) {
      const job = JOB_OF_SCHEDULE[key];
      if (!cron.validate(expression)) {
        log.error("invalid schedule, not scheduled", { schedule: key, cron: expression });
        continue;
      }
      tasks.push(
        cron.schedule(
          expression,
          async (context) => {
            await runJob(job, deps, context.date ?? new Date()).catch(() => undefined); // runJob logs failures
          },
          { name: `minyi:${key}`, timezone: settings.timeZone, noOverlap: true },
        ),
      );
    }
    active = { timeZone: settings.timeZone, schedules: settings.schedules };
    log.info("schedules set", { timeZone: settings.timeZone, schedules: settings.schedules });
  };

  install(await loadSettings(deps.db));
  // A run the previous process was killed in the middle of is finished now, not at its job's next trigger.
  const resumed = resumeUnfinishedRuns(deps, new Date()).catch((error) => {
    log.warn("could not resume unfinished job runs", { error });
    return [] as JobReport[];
  });
  // A message that was on the wire when the predecessor died is held for its lease (it may have arrived): once
  // that is over, the run is resumed again and finishes, instead of waiting for its job's next trigger.
  let retry: ReturnType<typeof setTimeout> | undefined;
  void resumed.then((reports) => {
    if (!reports.some((report) => report.outcome === "unfinished")) return;
    retry = setTimeout(
      () =>
        void resumeUnfinishedRuns(deps, new Date()).catch((error) => log.warn("could not resume", { error })),
      (deps.delivery?.leaseMs ?? DEFAULT_DELIVERY.leaseMs) + 1_000,
    );
    retry.unref();
  });
  const reload = setInterval(
    async () => {
      try {
        const settings = await loadSettings(deps.db);
        const next = JSON.stringify({ timeZone: settings.timeZone, schedules: settings.schedules });
        if (next !== JSON.stringify(active)) install(settings);
      } catch (error) {
        log.warn("could not re-read the schedules", { error });
      }
    },
    options.reloadEveryMs ?? 5 * 60_000,
  );
  reload.unref();

  return {
    current: () => active,
    resumed,
    async stop() {
      clearInterval(reload);
      if (retry) clearTimeout(retry);
      await Promise.all(tasks.map((task) => task.destroy()));
      tasks = [];
    },
  };
}
