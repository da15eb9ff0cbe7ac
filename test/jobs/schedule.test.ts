import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { JOB_NAMES } from "../../src/jobs/registry";
import {
  JOB_OF_SCHEDULE,
  jobsForCron,
  type ScheduleKey,
  WORKER_CRON_JOBS,
  zonedCronToUtc,
} from "../../src/jobs/schedule";

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

  it("equals the default Asia/Shanghai schedules converted to UTC", () => {
    const expected = new Map<string, Set<string>>();
    for (const [key, cron] of Object.entries(DEFAULT_SETTINGS.schedules) as [ScheduleKey, string][]) {
      const utc = zonedCronToUtc(cron, SHANGHAI_OFFSET_HOURS);
      expected.set(utc, (expected.get(utc) ?? new Set()).add(JOB_OF_SCHEDULE[key]));
    }
    const actual = new Map(Object.entries(WORKER_CRON_JOBS).map(([cron, jobs]) => [cron, new Set(jobs)]));
    expect(actual).toEqual(expected);
  });

  it("runs every job from some trigger, and names only known jobs", () => {
    const scheduled = new Set(Object.values(WORKER_CRON_JOBS).flat());
    expect([...scheduled].sort()).toEqual([...JOB_NAMES].sort());
  });

  it("matches a trigger's cron however its spaces are written, and nothing for an unknown one", () => {
    expect(jobsForCron("  0 12  * * * ")).toEqual(["draftReminders"]);
    expect(jobsForCron("0 13 * * *")).toEqual([]);
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
