import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { JOB_NAMES } from "../../src/jobs/registry";
import type { JobName } from "../../src/jobs/registry";
import {
  JOB_OF_SCHEDULE,
  jobsForCron,
  runTrigger,
  type ScheduleKey,
  WORKER_CRON_JOBS,
  zonedCronToUtc,
} from "../../src/jobs/schedule";
import { createLogger } from "../../src/logger";

const SHANGHAI_OFFSET_HOURS = 8;

/** The `crons = [...]` of wrangler.toml's [triggers], read from the file text. */
function wranglerCrons(): string[] {
  const toml = readFileSync(new URL("../../wrangler.toml", import.meta.url), "utf8");
  const triggers = /^\[triggers\]\s*$([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(toml)?.[1] ?? "";
  const list = /^crons\s*=\s*\[([^\]]*)\]/m.exec(triggers)?.[1];
  if (list === undefined) throw new Error("wrangler.toml has no [triggers] crons");
  return [...list.matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? "");
}

describe("Worker cron triggers", () => {
  it("every cron in wrangler.toml starts at least one job, and the table lists nothing else", () => {
    const crons = wranglerCrons();
    expect(crons.length).toBeGreaterThan(0);
    expect(new Set(crons).size).toBe(crons.length);
    for (const cron of crons) expect(jobsForCron(cron), cron).not.toHaveLength(0);
    expect(Object.keys(WORKER_CRON_JOBS).sort()).toEqual([...crons].sort());
  });

  it("stays within the 5 Cron Triggers of Cloudflare's free plan", () => {
    expect(wranglerCrons().length).toBeLessThanOrEqual(5);
  });

  it("covers the default Asia/Shanghai schedules converted to UTC, and nothing else", () => {
    // Each schedule runs on the trigger equal to its UTC cron, or rides on a trigger that equals it with the
    // month field opened to "*", the months kept as the entry's filter (shared triggers, see schedule.ts).
    const expected: string[] = [];
    for (const [key, cron] of Object.entries(DEFAULT_SETTINGS.schedules) as [ScheduleKey, string][]) {
      const utc = zonedCronToUtc(cron, SHANGHAI_OFFSET_HOURS).split(" ");
      const job = JOB_OF_SCHEDULE[key];
      const exact = WORKER_CRON_JOBS[utc.join(" ")]?.find((e) => e.job === job && !e.months);
      const anyMonth = [...utc.slice(0, 3), "*", utc[4]].join(" ");
      const filtered = WORKER_CRON_JOBS[anyMonth]?.find((e) => e.job === job && e.months);
      if (exact) expected.push(`${utc.join(" ")} ${job}`);
      else {
        expect(filtered, `${key} (${cron}) has no trigger`).toBeDefined();
        expect(filtered?.months?.map(String).join(","), key).toBe(utc[3]);
        expected.push(`${anyMonth} ${job} ${utc[3]}`);
      }
    }
    const actual = Object.entries(WORKER_CRON_JOBS).flatMap(([cron, entries]) =>
      entries.map((e) => `${cron} ${e.job}${e.months ? ` ${e.months.join(",")}` : ""}`),
    );
    expect([...new Set(actual)].sort()).toEqual([...new Set(expected)].sort());
  });

  it("runs every job from some trigger, and names only known jobs", () => {
    const scheduled = new Set(
      Object.values(WORKER_CRON_JOBS)
        .flat()
        .map((e) => e.job),
    );
    expect([...scheduled].sort()).toEqual([...JOB_NAMES].sort());
  });

  it("matches a trigger's cron however its spaces are written, and nothing for an unknown one", () => {
    expect(jobsForCron("  0 12  * * * ")).toEqual(["draftReminders"]);
    expect(jobsForCron("0 13 * * *")).toEqual([]);
  });
});

describe("the Worker's scheduled handler (runTrigger)", () => {
  const log = createLogger("silent");
  const DISPATCH: [cron: string, scheduledTime: string, jobs: JobName[]][] = [
    ["0 1 1 * *", "2026-05-01T01:00:00Z", ["memberReminders"]],
    ["0 1 1 * *", "2026-04-01T01:00:00Z", ["memberReminders", "quarterlyStandings"]],
    ["0 1 1 * *", "2027-01-01T01:00:00Z", ["memberReminders", "quarterlyStandings"]],
    ["0 1 * * MON", "2026-06-08T01:00:00Z", ["memberReminders", "staffDigest"]],
    ["0 2 1 * *", "2026-06-01T02:00:00Z", ["groupProgress"]],
    ["0 12 * * *", "2026-06-03T12:00:00Z", ["draftReminders"]],
    ["0 10 * * *", "2026-06-03T10:00:00Z", ["submissionDigest"]],
  ];

  it("is told about every cron of wrangler.toml", () => {
    expect([...new Set(DISPATCH.map(([cron]) => cron))].sort()).toEqual(wranglerCrons().sort());
  });

  it.each(DISPATCH)("%s at %s runs %j, at the trigger's time", async (cron, time, expected) => {
    const ran: [JobName, string][] = [];
    const jobs = await runTrigger(
      cron,
      new Date(time),
      async (job, now) => void ran.push([job, now.toISOString()]),
      log,
    );
    expect(jobs).toEqual(expected);
    expect(ran).toEqual(expected.map((job) => [job, new Date(time).toISOString()]));
  });

  it("runs the remaining jobs when one fails, then reports the failure", async () => {
    const ran: JobName[] = [];
    const run = runTrigger(
      "0 1 * * MON",
      new Date("2026-06-08T01:00:00Z"),
      async (job) => {
        ran.push(job);
        if (job === "memberReminders") throw new Error("database unavailable");
      },
      log,
    );
    await expect(run).rejects.toThrow(/1 job\(s\) failed for 0 1 \* \* MON/);
    expect(ran).toEqual(["memberReminders", "staffDigest"]);
  });

  it("runs nothing for a cron it does not know", async () => {
    const ran: JobName[] = [];
    expect(await runTrigger("5 4 * * *", new Date(), async (job) => void ran.push(job), log)).toEqual([]);
    expect(ran).toEqual([]);
  });
});

describe("zonedCronToUtc", () => {
  it.each([
    ["0 9 1 * *", "0 1 1 * *"],
    ["0 9 * * 1", "0 1 * * MON"],
    ["0 10 1 * *", "0 2 1 * *"],
    ["0 9 1 1,4,7,10 *", "0 1 1 1,4,7,10 *"],
    ["0 20 * * *", "0 12 * * *"],
    ["30 8,18 * * 1-5", "30 0,10 * * MON-FRI"],
    ["0 7 * * 1", "0 23 * * SUN"], // Monday 07:00 in Shanghai is Sunday 23:00 UTC
    ["0 3 * * 0,7", "0 19 * * SAT"],
    ["15 * * * *", "15 * * * *"],
  ])("%s in Shanghai is %s in UTC", (zoned, utc) => {
    expect(zonedCronToUtc(zoned, SHANGHAI_OFFSET_HOURS)).toBe(utc);
  });

  it("refuses what cannot be converted faithfully", () => {
    expect(() => zonedCronToUtc("0 7 1 * *", 8)).toThrow(/crosses midnight/);
    expect(() => zonedCronToUtc("0 7,9 * * *", 8)).toThrow(/different UTC days/);
    expect(() => zonedCronToUtc("0 */2 * * *", 8)).toThrow(/hour field/);
    expect(() => zonedCronToUtc("0 9 * *", 8)).toThrow(/five fields/);
  });
});
