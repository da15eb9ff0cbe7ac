// The Worker's reading of the schedules must be node-cron's, which Node runs: compared minute by minute.
import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { cronMatches, lastMatchBetween, parseCron } from "../../src/domain/cron";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { type ScheduleDay, scheduleCron } from "../../src/domain/settings-words";

const DAYS: ScheduleDay[] = [
  { kind: "daily" },
  { kind: "weekly", weekday: 0 },
  { kind: "weekly", weekday: 3 },
  { kind: "monthly", day: 1 },
  { kind: "monthly", day: 28 },
  { kind: "monthly-last" },
  { kind: "quarterly", day: 1 },
  { kind: "quarterly", day: 15 },
];

const EXPRESSIONS = [
  ...Object.values(DEFAULT_SETTINGS.schedules),
  ...DAYS.map((day) => scheduleCron({ day, hour: 9, minute: 30 })),
  "*/15 * * * *",
  "30 8,18 * * 1-5",
  "0 9 * * MON",
  "0 9 * * sunday",
  "0 9 1 jan,apr,JUL,october *",
  "0 9 L-2 * *",
  "0 9 15W * *",
  "0 9 LW * *",
  "0 9 * * 5L",
  "0 9 * * 1#2",
  "0 9 * * 0,7",
  "0 22-2 * * *",
  "5-50/7 */3 1-10 2-11/3 *",
  "0 9 ? * 1",
];

/** A small seeded generator, so a failure shows the same minutes again. */
function minutes(seed: number, count: number, from: number, to: number): Date[] {
  let state = seed;
  const out: Date[] = [];
  for (let i = 0; i < count; i++) {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    out.push(new Date(Math.floor((from + (state / 2_147_483_648) * (to - from)) / 60_000) * 60_000));
  }
  return out;
}

describe("parseCron and cronMatches read schedules as node-cron does", () => {
  for (const timeZone of ["Asia/Shanghai", "America/New_York"])
    it.each(EXPRESSIONS)(`%s in ${timeZone}`, (expression) => {
      const spec = parseCron(expression);
      expect(spec).toBeDefined();
      const task = cron.createTask(expression, () => undefined, { timezone: timeZone });
      try {
        const matches = task.getNextRuns(40);
        const around = matches.flatMap((m) => [
          m,
          new Date(m.getTime() - 60_000),
          new Date(m.getTime() + 60_000),
        ]);
        const random = minutes(expression.length * 7919, 1_000, Date.UTC(2026, 0, 1), Date.UTC(2029, 0, 1));
        for (const instant of [...around, ...random])
          expect(cronMatches(spec!, instant, timeZone), instant.toISOString()).toBe(task.match(instant));
        for (const match of matches) expect(cronMatches(spec!, match, timeZone)).toBe(true);
      } finally {
        void task.destroy();
      }
    });

  it("reads nothing it cannot read", () => {
    for (const bad of ["0 9 * *", "0 25 * * *", "0 9 32 * *", "x 9 * * *", "0 9 * * funday", "0 9 1 13 *"])
      expect(parseCron(bad), bad).toBeUndefined();
  });

  it("finds the latest matching minute in a window, its end included and its start not", () => {
    const spec = parseCron("30 21 * * *")!;
    const at = (iso: string) => new Date(iso);
    expect(
      lastMatchBetween(spec, at("2026-06-03T13:00:00Z"), at("2026-06-03T13:45:00Z"), "Asia/Shanghai"),
    ).toEqual(at("2026-06-03T13:30:00Z"));
    expect(
      lastMatchBetween(spec, at("2026-06-03T13:00:00Z"), at("2026-06-03T13:30:00Z"), "Asia/Shanghai"),
    ).toEqual(at("2026-06-03T13:30:00Z"));
    expect(
      lastMatchBetween(spec, at("2026-06-03T13:30:00Z"), at("2026-06-03T14:00:00Z"), "Asia/Shanghai"),
    ).toBeUndefined();
  });
});
