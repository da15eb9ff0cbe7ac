import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { type EventInput, recordEvents } from "../../src/db/events";
import { loadScoreInputs, personPoints, scoresForPeriod, unitPoints } from "../../src/db/scores";
import { changeSetting } from "../../src/db/settings";
import { makePeriod, periodContaining } from "../../src/domain/periods";
import { DEFAULT_SETTINGS, LEVELS } from "../../src/domain/settings";
import { memoryDatabase } from "../support/harness";
import { personRow, reportRow, unitRow } from "../support/report-rows";

const ZONE = "Asia/Shanghai";
const q2 = makePeriod("quarter", 2026, 2, ZONE);
const year = makePeriod("year", 2026, 1, ZONE);

describe("points per person and per unit, from the recorded events", () => {
  let db: DB;
  let staff: number;
  let party: number;
  let sector: number;
  let zhang: number;
  let li: number;
  let wang: number;

  /** Records events as staff would, each at its own time. */
  const record = async (reportId: number, at: string, events: EventInput[]) => {
    const { version } = await db
      .selectFrom("reports")
      .select("version")
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    return recordEvents(db, {
      reportId,
      version,
      actorId: staff,
      events,
      ownLevel: "county",
      levels: LEVELS,
      now: new Date(at),
    });
  };

  beforeEach(async () => {
    db = await memoryDatabase();
    party = await unitRow(db, "民建县委会");
    sector = await unitRow(db, "经济界");
    staff = await personRow(db, "陈静", null, "staff");
    zhang = await personRow(db, "张明", party);
    li = await personRow(db, "李华", party);
    wang = await personRow(db, "王芳", sector);

    // Co-authored by 张明 and 李华: own bulletin (single), then adopted by the city and the province,
    // with instructions at two levels — all in Q2 but the province adoption, which comes in Q3.
    const shared = await reportRow(db, [zhang, li], party);
    await record(shared, "2026-04-10T02:00:00Z", [
      { kind: "accepted" },
      { kind: "adopted", level: "county", mode: "single" },
    ]);
    await record(shared, "2026-04-12T02:00:00Z", [{ kind: "forwarded", level: "city" }]);
    await record(shared, "2026-05-02T02:00:00Z", [{ kind: "adopted", level: "city", mode: "single" }]);
    await record(shared, "2026-05-03T02:00:00Z", [{ kind: "instructed", level: "county", note: "县长批示" }]);
    await record(shared, "2026-05-04T02:00:00Z", [{ kind: "instructed", level: "city", note: "市长批示" }]);
    await record(shared, "2026-07-20T02:00:00Z", [{ kind: "adopted", level: "province", mode: "combined" }]);

    // 王芳 alone: combined piece in the own bulletin and a transfer, in Q2.
    const own = await reportRow(db, [wang], sector);
    await record(own, "2026-06-30T15:59:00Z", [
      { kind: "accepted" },
      { kind: "adopted", level: "county", mode: "combined" },
    ]);
    await record(own, "2026-06-30T15:59:30Z", [{ kind: "transferred", department: "县教育局" }]);

    // Rejected: scores nothing.
    const rejected = await reportRow(db, [wang], sector);
    await record(rejected, "2026-05-05T02:00:00Z", [{ kind: "rejected", note: "涉及人事问题" }]);
  });

  it("a person's points in a quarter: co-authors share, later events wait for their own period", async () => {
    // 5 (own, single) + 10 (city) + 5 (county instruction) + 10 (city instruction) = 30, split by two.
    expect(await personPoints(db, zhang, q2)).toBe(15);
    expect(await personPoints(db, li, q2)).toBe(15);
    // 2 (combined) + 1 (transfer); 2026-06-30T15:59Z is still June 30 in Shanghai.
    expect(await personPoints(db, wang, q2)).toBe(3);
    const q3 = periodContaining("quarter", new Date("2026-07-20T02:00:00Z"), ZONE);
    expect(await personPoints(db, zhang, q3)).toBe(5);
    expect(await personPoints(db, zhang, year)).toBe(20);
    expect(await personPoints(db, staff, year)).toBe(0);
  });

  it("a unit's points: the whole of its reports", async () => {
    expect(await unitPoints(db, party, q2)).toBe(30);
    expect(await unitPoints(db, party, year)).toBe(40);
    expect(await unitPoints(db, sector, q2)).toBe(3);
    const empty = await unitRow(db, "县工商联");
    expect(await unitPoints(db, empty, year)).toBe(0);
  });

  it("any period, e.g. one month", async () => {
    const may = makePeriod("month", 2026, 5, ZONE);
    expect(await personPoints(db, zhang, may)).toBe(12.5);
    expect(await unitPoints(db, sector, may)).toBe(0);
    expect(
      await personPoints(db, zhang, {
        start: new Date("2026-05-03T00:00:00Z"),
        end: new Date("2026-05-04T00:00:00Z"),
      }),
    ).toBe(2.5);
  });

  it("everyone at once matches the single queries, and recomputing gives the same result", async () => {
    const all = await scoresForPeriod(db, year);
    expect(Object.fromEntries(all.byPerson)).toEqual({ [zhang]: 20, [li]: 20, [wang]: 3 });
    expect(Object.fromEntries(all.byUnit)).toEqual({ [party]: 40, [sector]: 3 });
    const again = await scoresForPeriod(db, year);
    expect([...again.byPerson]).toEqual([...all.byPerson]);
    expect(await loadScoreInputs(db, year)).toEqual(await loadScoreInputs(db, year));
  });

  it("a changed scoring table applies to every period at once", async () => {
    const change = await changeSetting(
      db,
      "scoring",
      JSON.stringify({
        adoptedByLevelsUp: [
          { single: 6, combined: 3 },
          { single: 12, combined: 6 },
        ],
        instructionByLevelsUp: [4, 8],
        transferred: 2,
      }),
    );
    expect(change.ok).toBe(true);
    // 6 + 12 + 4 + 8 = 30, halved; 王芳 3 + 2.
    expect(await personPoints(db, zhang, q2)).toBe(15);
    expect(await personPoints(db, wang, q2)).toBe(5);
    // The province (two levels up) is beyond the table: its last row pays.
    expect(await unitPoints(db, party, year)).toBe(36);
    // Settings can also be given, e.g. to compare with the defaults.
    expect(await unitPoints(db, party, year, DEFAULT_SETTINGS)).toBe(40);
  });
});
