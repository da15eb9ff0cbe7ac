// Database faults during updates. The libSQL client is wrapped so that one chosen statement (or commit) throws,
// as a full disk, a lost connection or a timeout would. A whole report is written while, for every update, each
// of its statements in turn fails once: every faulted delivery must be answered non-2xx (so Telegram delivers
// it again) and must not be marked processed; the redelivery must succeed; and at the end the report holds
// exactly what was typed, submitted once. A second sweep takes the database away for two statements in a row,
// so that releasing the claim fails too.
import { flowData } from "../support/report-script";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { Dice, Typist } from "../support/chaos";
import { type Faults, faultyMemoryDatabase } from "../support/faulty-db";
import { Harness } from "../support/harness";
import { expectedReport, planReport, type ReportPlan, reportSteps } from "../support/report-script";
import { seedBasicRoster } from "../support/roster";

interface SweepFigures {
  updates: number;
  faults: number;
  deliveries: number;
  staleTakeovers: number;
}

/**
 * Delivers `update` with the k-th database call failing (for `width` calls in a row), k = 0, 1, 2… until a
 * delivery runs clean. Checks the promise of each faulted delivery on the way.
 */
async function deliverThroughFaults(
  h: Harness,
  faults: Faults,
  update: Update,
  width: number,
  figures: SweepFigures,
): Promise<void> {
  figures.updates += 1;
  for (let k = 0; k < 500; k++) {
    faults.clear();
    faults.arm({ at: "any", after: k, times: width });
    const injectedBefore = faults.injected;
    const response = await h.post(update);
    const fired = faults.injected > injectedBefore;
    faults.clear();
    figures.deliveries += 1;
    const claim = await h.db
      .selectFrom("processed_updates")
      .select("status")
      .where("update_id", "=", update.update_id)
      .executeTakeFirst();
    // Handled: marked done after the handlers, or (claims in process memory) applied by the step itself.
    const handled = ["done", "applied"];
    if (!fired) {
      expect(response.status, `clean delivery of ${update.update_id}`).toBe(200);
      expect(handled).toContain(claim?.status);
      return;
    }
    figures.faults += 1;
    if (response.status === 200) {
      // Acknowledged although a statement failed: only acceptable if the update was fully handled anyway
      // (a failure the handler absorbs by design, e.g. a menu refresh).
      expect(handled, `update ${update.update_id} acknowledged after fault ${k}`).toContain(claim?.status);
      return;
    }
    expect(response.status, `fault ${k} of update ${update.update_id}`).toBeGreaterThanOrEqual(500);
    expect(claim?.status, `fault ${k} of update ${update.update_id} marked done`).not.toBe("done");
    if (claim?.status === "processing") {
      // The claim could not be released (or was completed with a failure): Telegram keeps redelivering, and
      // after the stale window a redelivery takes the claim over.
      figures.staleTakeovers += 1;
      h.clock = new Date(h.clock.getTime() + 61_000);
    }
  }
  throw new Error(`update ${update.update_id} never went through`);
}

async function writeThroughFaults(width: number, seed: number) {
  const { db, faults } = await faultyMemoryDatabase();
  // Two faults in a row also fail the statement that forgives an attempt cut short by the database, so every
  // faulted delivery would count toward giving the update up: this sweep is about what survives, not that.
  const h = await Harness.create({ db, ...(width > 1 ? { maxUpdateAttempts: 10_000 } : {}) });
  await seedBasicRoster(h);
  const person = await personId(db, "张明");
  const coauthor = { name: "李华", personId: await personId(db, "李华") };
  const typist = new Typist(101, "张明");
  const plan: ReportPlan = {
    ...planReport(new Dice(seed), `F${width}`, [coauthor]),
    photos: ["fault-photo-1"],
    coauthor,
  };
  const figures: SweepFigures = { updates: 0, faults: 0, deliveries: 0, staleTakeovers: 0 };
  let draftId: number | undefined;
  for (const step of reportSteps(typist, plan)) {
    await deliverThroughFaults(h, faults, step.make(draftId), width, figures);
    if (step.label === "/new") draftId = await draftInFlow(db, person);
  }
  if ((await submittedReport(db, draftId!)) === null)
    await deliverThroughFaults(h, faults, typist.press(flowData(draftId, "submit!")), width, figures);
  return { h, db, plan, draftId: draftId!, figures, typist };
}

describe("database faults during updates", () => {
  for (const width of [1, 2]) {
    it(`every statement of every update of a report failing (${width} in a row): nothing lost, nothing doubled`, async () => {
      const { h, db, plan, draftId, figures, typist } = await writeThroughFaults(width, 20260515 + width);
      const reportId = await submittedReport(db, draftId);
      expect(reportId).not.toBeNull();
      const report = await db
        .selectFrom("reports")
        .selectAll()
        .where("id", "=", reportId!)
        .executeTakeFirstOrThrow();
      expect(report).toMatchObject(expectedReport(plan, DEFAULT_SETTINGS.categories));
      expect(await db.selectFrom("reports").select("id").execute()).toHaveLength(1);
      const events = await db.selectFrom("report_events").select("kind").execute();
      expect(events.map((e) => e.kind)).toEqual(["submitted"]);
      const attachments = await db.selectFrom("report_attachments").select("file_unique_id").execute();
      expect(attachments.map((a) => a.file_unique_id)).toEqual(plan.photos);
      const authors = await db.selectFrom("report_authors").select("person_id").orderBy("position").execute();
      expect(authors).toHaveLength(2);
      // The person's own report is never offered as "similar" to itself, and they are out of the flow.
      expect(h.telegram.textsTo(typist.id).filter((t) => t.includes(`#${reportId}“${plan.title}”`))).toEqual(
        [],
      );
      await h.post(typist.text("/new"));
      expect(h.telegram.textsTo(typist.id).at(-1)).toContain("第1步");
      expect(figures.faults).toBeGreaterThan(100);
      console.log(
        `[chaos] db faults (${width} in a row): ${figures.updates} updates, ${figures.faults} injected faults, ${figures.deliveries} deliveries, ${figures.staleTakeovers} stale-claim takeovers`,
      );
    });
  }

  it("a failing claim, handler, release or completion: 5xx, not done, and one redelivery finishes it", async () => {
    const { db, faults } = await faultyMemoryDatabase();
    // Claims in the database (the Worker's way): the one that could not be released stays "processing".
    const h = await Harness.create({ db, claims: "database" });
    const { member } = await seedBasicRoster(h);
    h.telegram.reset();
    const update = { update_id: 777_001, message: member.message({ text: "你好" }) };
    // The handler's query fails and so does the release: the claim stays "processing".
    faults.arm({ sql: /user_prefs/ }).arm({ sql: /^delete from "processed_updates"/ });
    expect((await h.post(update)).status).toBe(500);
    faults.clear();
    const row = await db
      .selectFrom("processed_updates")
      .selectAll()
      .where("update_id", "=", 777_001)
      .execute();
    expect(row.map((r) => r.status)).toEqual(["processing"]);
    expect(member.texts()).toEqual([]);
    // A redelivery within the stale window is not acknowledged (it would be lost if the holder had died)…
    expect((await h.post(update)).status).toBe(500);
    expect(member.texts()).toEqual([]);
    // …and once the claim is stale, a redelivery takes it over and handles the update once.
    h.clock = new Date(h.clock.getTime() + 61_000);
    expect((await h.post(update)).status).toBe(200);
    expect((await h.post(update)).status).toBe(200);
    expect(member.texts()).toHaveLength(1);
    const done = await db
      .selectFrom("processed_updates")
      .selectAll()
      .where("update_id", "=", 777_001)
      .execute();
    expect(done.map((r) => r.status)).toEqual(["done"]);
  });
});

describe("claims held in the process (npm start)", () => {
  it("a failing handler or done mark: 5xx, not done, and the next redelivery finishes it once", async () => {
    const { db, faults } = await faultyMemoryDatabase();
    const h = await Harness.create({ db, claims: "process" });
    const { member } = await seedBasicRoster(h);
    h.telegram.reset();
    const done = () =>
      db.selectFrom("processed_updates").select("status").where("update_id", "=", 777_002).execute();
    const update = { update_id: 777_002, message: member.message({ text: "你好" }) };
    faults.arm({ sql: /user_prefs/ });
    expect((await h.post(update)).status).toBe(500);
    expect(await done()).toEqual([]);
    expect(member.texts()).toEqual([]);
    // The handler went through but the done mark failed: not acknowledged, so Telegram delivers it again.
    faults.arm({ sql: /^(\/\* unsynced \*\/ )?insert into "?processed_updates"?/ });
    expect((await h.post(update)).status).toBe(500);
    expect(await done()).toEqual([]);
    faults.clear();
    expect((await h.post(update)).status).toBe(200);
    expect((await h.post(update)).status).toBe(200);
    expect((await done()).map((r) => r.status)).toEqual(["done"]);
    // Answered by each handling that got as far as the reply: the one whose mark failed (and told that something
    // went wrong, since it is answered non-2xx), and the last.
    const understood = member.texts().filter((t) => t.includes("我没有理解"));
    expect(understood).toHaveLength(2);
    expect(member.texts()).toHaveLength(3);
  });
});

describe("a message whose delivery failed, redelivered after a later one", () => {
  it("is still applied: nothing the person wrote is lost", async () => {
    const { db, faults } = await faultyMemoryDatabase();
    const h = await Harness.create({ db });
    await seedBasicRoster(h);
    const typist = new Typist(101, "张明");
    await h.post(typist.text("/new"));
    const draftId = await draftInFlow(db, await personId(db, "张明"));
    await h.post(typist.text("关于乱序送达消息的建议"));
    await h.post(typist.press(flowData(draftId, "cat:1")));
    const first = typist.text("第一段：先发的消息。");
    const second = typist.text("第二段：后发的消息。");
    faults.arm({ sql: /^update "drafts"/ });
    expect((await h.post(first)).status).toBe(500);
    faults.clear();
    expect((await h.post(second)).status).toBe(200);
    // Telegram's retry of the first message comes after the second was handled.
    expect((await h.post(first)).status).toBe(200);
    await h.post(typist.press(flowData(draftId, "done:situation")));
    const draft = await db
      .selectFrom("drafts")
      .selectAll()
      .where("id", "=", draftId)
      .executeTakeFirstOrThrow();
    expect(draft.situation?.split("\n").sort()).toEqual(["第一段：先发的消息。", "第二段：后发的消息。"]);
  });
});

async function personId(db: DB, name: string): Promise<number> {
  const row = await db.selectFrom("people").select("id").where("name", "=", name).executeTakeFirstOrThrow();
  return row.id;
}

async function draftInFlow(db: DB, person: number): Promise<number> {
  const row = await db
    .selectFrom("drafts")
    .select("id")
    .where("person_id", "=", person)
    .where("in_flow", "=", 1)
    .where("submitted_report_id", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function submittedReport(db: DB, draftId: number): Promise<number | null> {
  const row = await db
    .selectFrom("drafts")
    .select("submitted_report_id")
    .where("id", "=", draftId)
    .executeTakeFirstOrThrow();
  return row.submitted_report_id;
}
