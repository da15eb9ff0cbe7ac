// The pure rules behind /stats: quota scaling, rates and deltas, who may ask where, how the words are read,
// the trend's months, and points from counters agreeing with the scoring method event by event.
import { describe, expect, it } from "vitest";
import { makePeriod, periodLabel } from "../../src/domain/periods";
import type { Role } from "../../src/domain/roles";
import { pointsForEvent } from "../../src/domain/scoring";
import { DEFAULT_SETTINGS, LEVELS, type Quota } from "../../src/domain/settings";
import {
  adoptionRate,
  emptyCounters,
  formatDelta,
  formatPercent,
  formatRateDelta,
  looksLikePeriod,
  periodCounts,
  pointCoefficients,
  quotaMet,
  readStatsArgs,
  requiredInPeriod,
  statsAccess,
  trendMonths,
} from "../../src/domain/stats";

const ZONE = "Asia/Shanghai";

describe("requiredInPeriod: a quota scaled to the period by months, rounded up", () => {
  const cases: [Quota, "month" | "quarter" | "year", number][] = [
    [{ count: 1, period: "month" }, "month", 1],
    [{ count: 1, period: "month" }, "quarter", 3],
    [{ count: 1, period: "month" }, "year", 12],
    [{ count: 2, period: "year" }, "year", 2],
    [{ count: 2, period: "year" }, "quarter", 1],
    [{ count: 2, period: "year" }, "month", 1],
    [{ count: 4, period: "year" }, "quarter", 1],
    [{ count: 5, period: "year" }, "quarter", 2],
    [{ count: 1, period: "year" }, "quarter", 1],
    [{ count: 3, period: "quarter" }, "quarter", 3],
    [{ count: 3, period: "quarter" }, "year", 12],
    [{ count: 3, period: "quarter" }, "month", 1],
    [{ count: 0, period: "year" }, "year", 0],
  ];
  it.each(cases)("%o over a %s → %i", (quota, kind, expected) => {
    expect(requiredInPeriod(quota, kind)).toBe(expected);
  });

  it("met means at least the required number, and nothing required is not 'met'", () => {
    expect(quotaMet(1, 1)).toBe(true);
    expect(quotaMet(2, 1)).toBe(true);
    expect(quotaMet(2, 3)).toBe(false);
    expect(quotaMet(0, 0)).toBe(false);
  });
});

describe("rates and changes", () => {
  it("adoption rate is adopted-by-the-end over submitted, none for nothing submitted", () => {
    expect(adoptionRate({ submitted: 9, submittedAdopted: 3 })).toBeCloseTo(1 / 3);
    expect(adoptionRate({ submitted: 0, submittedAdopted: 0 })).toBeUndefined();
    expect(formatPercent(1 / 3)).toBe("33%");
    expect(formatPercent(2 / 3)).toBe("67%");
    expect(formatPercent(undefined)).toBe("—");
  });

  it("deltas carry their sign, a true minus and ±0; points to two decimals", () => {
    expect(formatDelta(9, 3)).toBe("+6");
    expect(formatDelta(1, 4)).toBe("−3");
    expect(formatDelta(2, 2)).toBe("±0");
    expect(formatDelta(101, 5)).toBe("+96");
    expect(formatDelta(35 / 3, 0)).toBe("+11.67");
    expect(formatDelta(0.1 + 0.2, 0.3)).toBe("±0");
  });

  it("rate changes are in whole percentage points", () => {
    expect(formatRateDelta(3 / 9, 1 / 3)).toBe("±0");
    expect(formatRateDelta(0.5, 0.25)).toBe("+25");
    expect(formatRateDelta(0.2, 0.5)).toBe("−30");
    expect(formatRateDelta(undefined, 0.5)).toBe("—");
  });
});

describe("statsAccess", () => {
  const roles: (Role | undefined)[] = [
    undefined,
    "member",
    "standing",
    "informant",
    "staff",
    "leader",
    "admin",
  ];
  it("private chats: leaders (admins too) and staff", () => {
    const allowed = roles.filter((role) => statsAccess(role, { private: true, bound: false }, false).ok);
    expect(allowed).toEqual(["staff", "leader", "admin"]);
  });

  it("groups: leaders only, with the setting on, in a bound group", () => {
    expect(statsAccess("leader", { private: false, bound: true }, true)).toEqual({ ok: true });
    expect(statsAccess("admin", { private: false, bound: true }, true)).toEqual({ ok: true });
    expect(statsAccess("leader", { private: false, bound: true }, false)).toEqual({
      ok: false,
      reason: "group-disabled",
    });
    expect(statsAccess("leader", { private: false, bound: false }, true)).toEqual({
      ok: false,
      reason: "group-unbound",
    });
    expect(statsAccess("staff", { private: false, bound: true }, true)).toEqual({
      ok: false,
      reason: "group-role",
    });
    expect(statsAccess("member", { private: false, bound: true }, true)).toEqual({
      ok: false,
      reason: "role",
    });
    expect(statsAccess(undefined, { private: false, bound: true }, true)).toEqual({
      ok: false,
      reason: "role",
    });
  });
});

describe("readStatsArgs", () => {
  const now = new Date("2026-07-15T02:00:00Z");
  const read = (text: string) => {
    const args = readStatsArgs(text, now, ZONE);
    return args.ok ? { period: periodLabel(args.period), target: args.target } : { bad: args.target };
  };

  it.each([
    ["", "2026", ""],
    ["2026", "2026", ""],
    ["2026Q3", "2026Q3", ""],
    ["Q3", "2026Q3", ""],
    ["q1", "2026Q1", ""],
    ["2026-05", "2026-05", ""],
    ["本季度", "2026Q3", ""],
    ["上季度", "2026Q2", ""],
    ["本年", "2026", ""],
    ["去年", "2025", ""],
    ["this quarter", "2026Q3", ""],
    ["last quarter", "2026Q2", ""],
    ["This Year", "2026", ""],
    ["last year", "2025", ""],
    ["上季度 民建县委会", "2026Q2", "民建县委会"],
    ["last quarter 张明", "2026Q2", "张明"],
    ["2026 经济界 委员", "2026", "经济界 委员"],
  ])("%j → %s, target %j", (text, period, target) => {
    expect(read(text)).toEqual({ period, target });
  });

  it("words that are no period come back for the caller to try as a name", () => {
    expect(read("民建县委会")).toEqual({ bad: "民建县委会" });
    expect(read("2026Q5")).toEqual({ bad: "2026Q5" });
    expect(read("2026-13 张明")).toEqual({ bad: "2026-13 张明" });
    expect(looksLikePeriod("2026Q5")).toBe(true);
    expect(looksLikePeriod("第五季度")).toBe(true);
    expect(looksLikePeriod("next quarter")).toBe(true);
    expect(looksLikePeriod("民建县委会")).toBe(false);
    expect(looksLikePeriod("张明")).toBe(false);
  });

  it("quarter boundaries are in the committee's time zone", () => {
    // 2026-03-31T16:30Z is 00:30 on 1 April in Shanghai: the second quarter there.
    const april = new Date("2026-03-31T16:30:00Z");
    const args = readStatsArgs("本季度", april, ZONE);
    expect(args.ok && periodLabel(args.period)).toBe("2026Q2");
    const previous = readStatsArgs("上季度", april, ZONE);
    expect(previous.ok && periodLabel(previous.period)).toBe("2026Q1");
    // In UTC it is still March.
    const utc = readStatsArgs("this quarter", april, "UTC");
    expect(utc.ok && periodLabel(utc.period)).toBe("2026Q1");
  });

  it("at the year's end: 16:00 UTC on 31 December is already next year in Shanghai", () => {
    const before = readStatsArgs("", new Date("2026-12-31T15:59:59.999Z"), ZONE);
    const after = readStatsArgs("", new Date("2026-12-31T16:00:00Z"), ZONE);
    expect(before.ok && periodLabel(before.period)).toBe("2026");
    expect(after.ok && periodLabel(after.period)).toBe("2027");
    const last = readStatsArgs("last quarter", new Date("2027-01-01T00:00:00+08:00"), ZONE);
    expect(last.ok && periodLabel(last.period)).toBe("2026Q4");
    const lastYear = readStatsArgs("去年", new Date("2027-01-01T00:00:00+08:00"), ZONE);
    expect(lastYear.ok && lastYear.period.start.toISOString()).toBe("2025-12-31T16:00:00.000Z");
    expect(lastYear.ok && lastYear.period.end.toISOString()).toBe("2026-12-31T16:00:00.000Z");
  });
});

describe("trendMonths", () => {
  it("a year shows its twelve months; a quarter the twelve months ending with it", () => {
    expect(trendMonths(makePeriod("year", 2026, 1, ZONE), ZONE).map(periodLabel)).toEqual(
      Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`),
    );
    const q1 = trendMonths(makePeriod("quarter", 2026, 1, ZONE), ZONE).map(periodLabel);
    expect(q1[0]).toBe("2025-04");
    expect(q1.at(-1)).toBe("2026-03");
    const may = trendMonths(makePeriod("month", 2026, 5, ZONE), ZONE).map(periodLabel);
    expect([may[0], may.at(-1), may.length]).toEqual(["2025-06", "2026-05", 12]);
  });
});

describe("points from counters", () => {
  it("each coefficient is what the scoring method gives that one step", () => {
    const settings = { ...DEFAULT_SETTINGS, ownLevel: "city" as const };
    const c = pointCoefficients(settings);
    for (const level of LEVELS) {
      const p = (kind: string, mode?: "single" | "combined") =>
        pointsForEvent(
          { kind, level, mode: mode ?? null },
          settings.scoring,
          settings.levels,
          settings.ownLevel,
        );
      expect(c.single[level]).toBe(p("adopted", "single"));
      expect(c.combined[level]).toBe(p("adopted", "combined"));
      expect(c.upgrade[level]).toBe(Math.max(0, p("adopted", "single") - p("adopted", "combined")));
      expect(c.instruction[level]).toBe(p("instructed"));
    }
    // Below the own level nothing scores.
    expect(c.single.county).toBe(0);
    expect(c.single.city).toBe(5);
    expect(c.transferred).toBe(1);
  });

  it("single and combined counts: an upgrade moves a report from combined to single", () => {
    const counters = { ...emptyCounters(), adopted: 2, as_city: 1, ac_city: 2, au_city: 1, in_county: 2 };
    const counts = periodCounts(
      { ...counters, was_city: 1, wac_city: 2, wau_city: 1, win_county: 2, wtr: 0.5 },
      pointCoefficients(DEFAULT_SETTINGS),
    );
    expect(counts.adoptedByLevel.city).toEqual({ single: 2, combined: 1 });
    expect(counts.adoptedByLevel.county).toEqual({ single: 0, combined: 0 });
    expect(counts.instructed).toBe(2);
    // 10 + 2×5 + 1×(10−5) + 2×5 (county instruction) + 0.5×1
    expect(counts.points).toBe(35.5);
  });
});
