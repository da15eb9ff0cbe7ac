import fc from "fast-check";
import { beforeEach, describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { changeHeading, checkEvents, type EventInput, recordEvents } from "../../src/db/events";
import { EVENT_KINDS, replay } from "../../src/domain/lifecycle";
import { LEVELS } from "../../src/domain/settings";
import { memoryDatabase } from "../support/harness";
import { personRow, reportRow, unitRow } from "../support/report-rows";

const now = new Date("2026-05-15T02:00:00Z");
const context = { ownLevel: "county" as const, levels: LEVELS };

describe("recordEvents", () => {
  let db: DB;
  let staff: number;
  let reportId: number;
  const record = (version: number, events: EventInput[]) =>
    recordEvents(db, { reportId, version, actorId: staff, events, now, ...context });
  const kinds = async () =>
    (
      await db
        .selectFrom("report_events")
        .select("kind")
        .where("report_id", "=", reportId)
        .orderBy("id")
        .execute()
    ).map((e) => e.kind);
  const version = async () =>
    (await db.selectFrom("reports").select("version").where("id", "=", reportId).executeTakeFirstOrThrow())
      .version;

  beforeEach(async () => {
    db = await memoryDatabase();
    const unit = await unitRow(db, "民建县委会");
    staff = await personRow(db, "陈静", null, "staff");
    reportId = await reportRow(db, [await personRow(db, "张明", unit)], unit);
  });

  it("applies several events as one action: one version step, every event with its actor", async () => {
    const result = await record(1, [
      { kind: "accepted" },
      { kind: "adopted", level: "county", mode: "combined" },
    ]);
    expect(result).toMatchObject({ kind: "recorded", status: "accepted", version: 2 });
    expect(await kinds()).toEqual(["submitted", "accepted", "adopted"]);
    expect(await version()).toBe(2);
    const actors = await db
      .selectFrom("report_events")
      .select("actor_id")
      .where("kind", "!=", "submitted")
      .execute();
    expect(actors).toEqual([{ actor_id: staff }, { actor_id: staff }]);
  });

  it("applies nothing on an outdated version", async () => {
    await record(1, [{ kind: "accepted" }]);
    expect(await record(1, [{ kind: "accepted" }])).toEqual({
      kind: "stale",
      status: "accepted",
      version: 2,
    });
    expect(await record(1, [{ kind: "forwarded", level: "city" }])).toMatchObject({ kind: "stale" });
    expect(await kinds()).toEqual(["submitted", "accepted"]);
  });

  it("applies nothing the lifecycle refuses, even when only the last event of an action is illegal", async () => {
    expect(await record(1, [{ kind: "replied", note: "x" }])).toEqual({
      kind: "refused",
      reason: "no-transfer",
      status: "submitted",
    });
    expect(await record(1, [{ kind: "accepted" }, { kind: "adopted", level: "city" }])).toMatchObject({
      kind: "refused",
      reason: "not-forwarded",
    });
    expect(await kinds()).toEqual(["submitted"]);
    expect(await version()).toBe(1);
  });

  it("applies one of many simultaneous actions on the same version", async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        record(1, [{ kind: "accepted" }, { kind: "adopted", level: "county" }]),
      ),
    );
    expect(results.filter((r) => r.kind === "recorded")).toHaveLength(1);
    expect(results.filter((r) => r.kind === "stale")).toHaveLength(4);
    expect(await kinds()).toEqual(["submitted", "accepted", "adopted"]);
  });

  it("a reply names the department the report was last transferred to", async () => {
    await record(1, [{ kind: "accepted" }]);
    await record(2, [{ kind: "transferred", department: "县水利局" }]);
    await record(3, [{ kind: "transferred", department: "县住建局" }]);
    await record(4, [{ kind: "replied", note: "已办理" }]);
    const reply = await db
      .selectFrom("report_events")
      .select(["department", "note"])
      .where("kind", "=", "replied")
      .executeTakeFirstOrThrow();
    expect(reply).toEqual({ department: "县住建局", note: "已办理" });
  });

  it("refuses an adoption already recorded, but lets a single piece replace a combined one", async () => {
    await record(1, [{ kind: "accepted" }, { kind: "adopted", level: "county", mode: "combined" }]);
    expect(await record(2, [{ kind: "adopted", level: "county", mode: "combined" }])).toMatchObject({
      kind: "refused",
      reason: "duplicate",
    });
    expect(await record(2, [{ kind: "adopted", level: "county", mode: "single" }])).toMatchObject({
      kind: "recorded",
    });
    expect(await record(3, [{ kind: "adopted", level: "county", mode: "single" }])).toMatchObject({
      reason: "duplicate",
    });
    expect(await record(3, [{ kind: "adopted", level: "county", mode: "combined" }])).toMatchObject({
      reason: "duplicate",
    });
  });

  it("changes the heading only of a report waiting for review, at the version shown", async () => {
    expect(await changeHeading(db, { reportId, version: 1, title: "关于新标题的建议", now })).toEqual({
      kind: "changed",
      version: 2,
    });
    expect(await changeHeading(db, { reportId, version: 1, category: "教育", now })).toEqual({
      kind: "stale",
    });
    await record(2, [{ kind: "accepted" }]);
    expect(await changeHeading(db, { reportId, version: 3, category: "教育", now })).toEqual({
      kind: "not-submitted",
    });
    expect(await changeHeading(db, { reportId: 999, version: 1, now })).toEqual({ kind: "not-found" });
    const row = await db.selectFrom("reports").select(["title", "category"]).executeTakeFirstOrThrow();
    expect(row).toEqual({ title: "关于新标题的建议", category: "其他" });
  });
});

describe("checkEvents agrees with the lifecycle", () => {
  it("whatever it accepts replays from a draft without refusal, to the same status", () => {
    const event = fc.record({
      kind: fc.constantFrom(...EVENT_KINDS.filter((k) => k !== "submitted" && k !== "resubmitted")),
      level: fc.option(fc.constantFrom(...LEVELS), { nil: null }),
      mode: fc.option(fc.constantFrom("single" as const, "combined" as const), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 25 }), (attempts) => {
        let status: ReturnType<typeof replay>["status"] = "submitted";
        const history: { kind: string; level: string | null; mode: string | null }[] = [
          { kind: "submitted", level: null, mode: null },
        ];
        for (const attempt of attempts) {
          const checked = checkEvents(status, history, [attempt], context);
          if (!checked.ok) continue;
          history.push(attempt);
          status = checked.status;
        }
        const replayed = replay(
          history.map((e) => ({ kind: e.kind, level: (e.level as (typeof LEVELS)[number] | null) ?? null })),
          context,
        );
        expect(replayed).toEqual({ ok: true, status });
      }),
    );
  });
});
