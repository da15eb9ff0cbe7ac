import { describe, expect, it } from "vitest";
import { periodLabel } from "../../src/domain/periods";
import { expectedByNow, isBehindPace, type Quotas, quotaFor, quotaProgress } from "../../src/domain/quotas";
import type { Role } from "../../src/domain/roles";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";

const SH = "Asia/Shanghai";
const quotas = DEFAULT_SETTINGS.quotas;
const at = (iso: string) => new Date(iso);

describe("quotaFor", () => {
  it.each([
    ["member", { count: 1, period: "year" }],
    ["standing", { count: 2, period: "year" }],
    ["informant", { count: 1, period: "month" }],
    ["staff", null],
    ["leader", null],
    ["admin", null],
  ] as const)("%s → %j", (role, expected) => {
    expect(quotaFor(role, quotas)).toEqual(expected);
  });

  it("treats a count of 0 as no quota", () => {
    expect(quotaFor("member", { ...quotas, member: { count: 0, period: "quarter" } })).toBeNull();
  });
});

describe("quotaProgress", () => {
  it("is null for roles without a quota", () => {
    expect(
      quotaProgress({
        role: "staff",
        quotas,
        submittedAt: [],
        now: at("2026-05-20T02:00:00Z"),
        timeZone: SH,
      }),
    ).toBeNull();
  });

  const cases: [string, Role, string[], string, string, number, number, boolean, number][] = [
    // name, role, submitted, now, period, done, owed, met, daysLeft
    ["member, nothing yet", "member", [], "2026-05-20T02:00:00Z", "2026", 0, 1, false, 226],
    [
      "member, one this year",
      "member",
      ["2026-02-01T00:00:00Z"],
      "2026-05-20T02:00:00Z",
      "2026",
      1,
      0,
      true,
      226,
    ],
    [
      "member, last year's does not count",
      "member",
      ["2025-12-31T15:59:59Z"],
      "2026-05-20T02:00:00Z",
      "2026",
      0,
      1,
      false,
      226,
    ],
    // 2025-12-31T16:00Z is already 2026-01-01 in Shanghai.
    [
      "member, new year's first minute counts",
      "member",
      ["2025-12-31T16:00:00Z"],
      "2026-05-20T02:00:00Z",
      "2026",
      1,
      0,
      true,
      226,
    ],
    [
      "standing, one of two",
      "standing",
      ["2026-03-01T00:00:00Z", "2025-11-01T00:00:00Z"],
      "2026-12-10T00:00:00Z",
      "2026",
      1,
      1,
      false,
      22,
    ],
    [
      "standing, more than required",
      "standing",
      ["2026-01-05T00:00:00Z", "2026-03-01T00:00:00Z", "2026-06-01T00:00:00Z"],
      "2026-12-31T15:00:00Z",
      "2026",
      3,
      0,
      true,
      1,
    ],
    [
      "informant, this month",
      "informant",
      ["2026-05-01T03:00:00Z"],
      "2026-05-20T02:00:00Z",
      "2026-05",
      1,
      0,
      true,
      12,
    ],
    [
      "informant, only last month",
      "informant",
      ["2026-04-30T15:00:00Z"],
      "2026-05-20T02:00:00Z",
      "2026-05",
      0,
      1,
      false,
      12,
    ],
    ["informant, month end in Shanghai", "informant", [], "2026-05-31T15:59:00Z", "2026-05", 0, 1, false, 1],
  ];
  it.each(cases)("%s", (_name, role, submitted, now, label, done, owed, met, left) => {
    const progress = quotaProgress({
      role,
      quotas,
      submittedAt: submitted.map(at),
      now: at(now),
      timeZone: SH,
    })!;
    expect(periodLabel(progress.period)).toBe(label);
    expect(progress).toMatchObject({ done, owed, met, daysLeft: left });
  });

  it("follows a quarterly quota", () => {
    const q: Quotas = { ...quotas, member: { count: 3, period: "quarter" } };
    const progress = quotaProgress({
      role: "member",
      quotas: q,
      submittedAt: [at("2026-03-31T16:30:00Z"), at("2026-03-31T15:30:00Z")],
      now: at("2026-04-10T00:00:00Z"),
      timeZone: SH,
    })!;
    expect(periodLabel(progress.period)).toBe("2026Q2");
    expect(progress).toMatchObject({ required: 3, done: 1, owed: 2, met: false, daysLeft: 82 });
  });
});

describe("pace", () => {
  const progressAt = (role: Role, submitted: string[], now: string, q: Quotas = quotas) =>
    quotaProgress({ role, quotas: q, submittedAt: submitted.map(at), now: at(now), timeZone: SH })!;

  const fourAYear: Quotas = { ...quotas, member: { count: 4, period: "year" } };
  const threeAQuarter: Quotas = { ...quotas, member: { count: 3, period: "quarter" } };

  const cases: [string, Role, Quotas, string[], string, number, boolean][] = [
    // name, role, quotas, submitted, now (UTC), expected by now, behind
    ["1 a year, January", "member", quotas, [], "2026-01-15T02:00:00Z", 0, false],
    ["1 a year, November 30", "member", quotas, [], "2026-11-30T02:00:00Z", 0, false],
    ["1 a year, December 1 (final stretch)", "member", quotas, [], "2026-12-01T02:00:00Z", 1, true],
    [
      "1 a year, December 1 in Shanghai but Nov 30 in UTC",
      "member",
      quotas,
      [],
      "2026-11-30T16:30:00Z",
      1,
      true,
    ],
    [
      "1 a year, December, already met",
      "member",
      quotas,
      ["2026-06-01T00:00:00Z"],
      "2026-12-20T02:00:00Z",
      1,
      false,
    ],
    ["2 a year, June 30", "standing", quotas, [], "2026-06-30T02:00:00Z", 0, false],
    ["2 a year, July 1", "standing", quotas, [], "2026-07-01T02:00:00Z", 1, true],
    [
      "2 a year, July 3 with one",
      "standing",
      quotas,
      ["2026-02-01T00:00:00Z"],
      "2026-07-03T02:00:00Z",
      1,
      false,
    ],
    [
      "2 a year, December with one",
      "standing",
      quotas,
      ["2026-02-01T00:00:00Z"],
      "2026-12-05T02:00:00Z",
      2,
      true,
    ],
    ["4 a year, March 31", "member", fourAYear, [], "2026-03-31T02:00:00Z", 0, false],
    ["4 a year, April 1 in Shanghai", "member", fourAYear, [], "2026-03-31T16:30:00Z", 1, true],
    [
      "4 a year, October 2 with two",
      "member",
      fourAYear,
      ["2026-01-02T00:00:00Z", "2026-05-02T00:00:00Z"],
      "2026-10-02T02:00:00Z",
      3,
      true,
    ],
    [
      "4 a year, October 2 with three",
      "member",
      fourAYear,
      ["2026-01-02T00:00:00Z", "2026-05-02T00:00:00Z", "2026-08-02T00:00:00Z"],
      "2026-10-02T02:00:00Z",
      3,
      false,
    ],
    ["1 a month, day 10", "informant", quotas, [], "2026-05-10T02:00:00Z", 0, false],
    ["1 a month, day 24", "informant", quotas, [], "2026-05-24T02:00:00Z", 0, false],
    ["1 a month, day 25 (last 7 days)", "informant", quotas, [], "2026-05-25T02:00:00Z", 1, true],
    [
      "1 a month, day 25, sent",
      "informant",
      quotas,
      ["2026-05-03T00:00:00Z"],
      "2026-05-25T02:00:00Z",
      1,
      false,
    ],
    ["3 a quarter, first day", "member", threeAQuarter, [], "2026-04-01T02:00:00Z", 0, false],
    ["3 a quarter, April 30", "member", threeAQuarter, [], "2026-04-30T02:00:00Z", 0, false],
    ["3 a quarter, May 1", "member", threeAQuarter, [], "2026-05-01T02:00:00Z", 1, true],
    [
      "3 a quarter, June 1 with one",
      "member",
      threeAQuarter,
      ["2026-04-05T00:00:00Z"],
      "2026-06-01T02:00:00Z",
      2,
      true,
    ],
    [
      "3 a quarter, June 17 (last 14 days)",
      "member",
      threeAQuarter,
      ["2026-04-05T00:00:00Z", "2026-05-05T00:00:00Z"],
      "2026-06-17T02:00:00Z",
      3,
      true,
    ],
    [
      "3 a quarter, June 16 with two",
      "member",
      threeAQuarter,
      ["2026-04-05T00:00:00Z", "2026-05-05T00:00:00Z"],
      "2026-06-16T02:00:00Z",
      2,
      false,
    ],
  ];
  it.each(cases)("%s", (_name, role, q, submitted, now, expected, behind) => {
    const progress = progressAt(role, submitted, now, q);
    expect(expectedByNow(progress, at(now), SH)).toBe(expected);
    expect(isBehindPace(progress, at(now), SH)).toBe(behind);
  });

  it("someone who met the quota is never behind, whatever the date", () => {
    const progress = progressAt(
      "standing",
      ["2026-01-02T00:00:00Z", "2026-01-03T00:00:00Z"],
      "2026-01-04T00:00:00Z",
    );
    for (const now of [
      "2026-01-04T00:00:00Z",
      "2026-07-01T00:00:00Z",
      "2026-12-31T15:59:00Z",
      "2027-02-01T00:00:00Z",
    ]) {
      expect(isBehindPace(progress, at(now), SH)).toBe(false);
    }
  });

  it("once the period is over, anything owed is behind", () => {
    const progress = progressAt("member", [], "2026-06-01T00:00:00Z");
    expect(isBehindPace(progress, at("2027-01-05T00:00:00Z"), SH)).toBe(true);
  });
});
