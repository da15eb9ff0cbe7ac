// Random report histories that follow the lifecycle, for the tests that check the counters (src/db/stats-store.ts)
// and what reads them against a recomputation from the base tables: three units, five people (人0–人4, members)
// and a staff member; reports as the submit flow writes them, steps through recordEvents.
import fc from "fast-check";
import type { DB } from "../../src/db/database";
import { type EventInput, recordEvents } from "../../src/db/events";
import { LEVELS } from "../../src/domain/settings";
import { personRow, reportRow, unitRow } from "./report-rows";

export type Command =
  | { kind: "new"; authors: number[]; unit: number; hours: number }
  | { kind: "step"; report: number; action: number; level: number; mode: boolean; hours: number }
  | { kind: "resubmit"; report: number; coauthors: number[]; hours: number };

// Few reports and many steps close together, so histories reach adoptions at several levels, combined
// pieces raised to single ones, returns with co-authors changed on resubmission, and period boundaries.
export const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("new" as const),
      authors: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 3 }),
      unit: fc.integer({ min: 0, max: 2 }),
      hours: fc.integer({ min: 0, max: 24 * 40 }),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("step" as const),
      report: fc.integer({ min: 0, max: 3 }),
      action: fc.integer({ min: 0, max: 9 }),
      level: fc.integer({ min: 0, max: 2 }),
      mode: fc.boolean(),
      hours: fc.integer({ min: 0, max: 24 * 12 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("resubmit" as const),
      report: fc.integer({ min: 0, max: 3 }),
      coauthors: fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }),
      hours: fc.integer({ min: 0, max: 24 * 12 }),
    }),
  },
);

/** Plays the commands: reports as the submit flow writes them, staff steps through recordEvents. */
/** Plays the commands in order; `between(i)` runs after the i-th (a recount's batch, say). */
export async function play(
  db: DB,
  commands: Command[],
  between?: (i: number) => Promise<void>,
): Promise<Date> {
  const units = [await unitRow(db, "甲"), await unitRow(db, "乙"), await unitRow(db, "丙")];
  const people: number[] = [];
  for (let i = 0; i < 5; i++) people.push(await personRow(db, `人${i}`, units[i % 3]!));
  const staff = await personRow(db, "工作人员", null, "staff");
  const reports: number[] = [];
  // Starts just before a quarter and a year boundary in Shanghai, so histories cross them.
  let t = new Date("2025-12-25T10:00:00Z").getTime();
  for (const [i, c] of commands.entries()) {
    if (i > 0) await between?.(i - 1);
    t += c.hours * 3_600_000 + 1000;
    const at = new Date(t);
    if (c.kind === "new") {
      const authors = c.authors.map((i) => people[i]!);
      reports.push(await reportRow(db, authors, units[c.unit]!, { submittedAt: at.toISOString() }));
      continue;
    }
    if (reports.length === 0) continue;
    const reportId = reports[c.report % reports.length]!;
    const report = await db
      .selectFrom("reports")
      .select(["status", "version", "author_id"])
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    if (c.kind === "resubmit") {
      if (report.status !== "returned") continue;
      // As src/db/drafts.ts resubmits: new date and status, co-authors replaced, then the event.
      await db
        .updateTable("reports")
        .set({ status: "submitted", submitted_at: at.toISOString(), version: report.version + 1 })
        .where("id", "=", reportId)
        .execute();
      await db
        .deleteFrom("report_authors")
        .where("report_id", "=", reportId)
        .where("position", ">", 0)
        .execute();
      const coauthors = c.coauthors.map((i) => people[i]!).filter((p) => p !== report.author_id);
      for (const [i, personId] of coauthors.entries())
        await db
          .insertInto("report_authors")
          .values({ report_id: reportId, person_id: personId, position: i + 1 })
          .execute();
      await db
        .insertInto("report_events")
        .values({
          report_id: reportId,
          kind: "resubmitted",
          actor_id: report.author_id,
          level: null,
          mode: null,
          note: null,
          department: null,
          created_at: at.toISOString(),
        })
        .execute();
      continue;
    }
    const level = LEVELS[c.level]!;
    const mode = c.mode ? "single" : "combined";
    const events: EventInput[][] = [
      [{ kind: "accepted" }],
      [{ kind: "accepted" }, { kind: "adopted", level: "county", mode }],
      [{ kind: "returned", note: "改" }],
      [{ kind: "rejected", note: "否" }],
      [{ kind: "forwarded", level }],
      [{ kind: "adopted", level, mode }],
      [{ kind: "instructed", level, note: "批示" }],
      [{ kind: "transferred", department: "部门" }],
      [{ kind: "closed" }],
      [{ kind: "read", level, note: "阅批" }],
    ];
    await recordEvents(db, {
      reportId,
      version: report.version,
      actorId: staff,
      events: events[c.action]!,
      ownLevel: "county",
      levels: LEVELS,
      now: at,
    });
  }
  if (commands.length > 0) await between?.(commands.length - 1);
  return new Date(t);
}
