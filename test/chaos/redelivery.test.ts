// Redelivery and concurrency on the webhook. Telegram delivers an update again when it did not get a 2xx in
// time, and delivers many updates at once over parallel connections. Here every update is delivered twice (one
// after the other, and both at once), the same person's messages arrive in concurrent bursts, several people
// write at the same time, and an update is handled again after a crash that came after its effects were
// committed (the restart releases the claim). Each must be handled once, in the person's order.
import { flowData } from "../support/report-script";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { Dice, paragraph, Typist } from "../support/chaos";
import { Harness } from "../support/harness";
import { expectedReport, planReport, type ReportPlan, reportSteps } from "../support/report-script";
import { seedBasicRoster } from "../support/roster";
import { reviewButtons } from "../../src/handlers/review/callback-data";
import { pressOf } from "../support/codecs";

const rv = reviewButtons.encode;

const WRITERS = [
  { id: 101, name: "张明" },
  { id: 102, name: "李华" },
  { id: 103, name: "王芳" },
];

type Deliver = (h: Harness, update: Update) => Promise<void>;

async function setup() {
  const h = await Harness.create();
  await seedBasicRoster(h);
  const people = new Map<string, number>();
  for (const row of await h.db.selectFrom("people").select(["id", "name"]).execute())
    people.set(row.name, row.id);
  return { h, people };
}

/** Writes `plan` as `typist`, every update going through `deliver`; returns the submitted report id. */
async function write(h: Harness, typist: Typist, plan: ReportPlan, deliver: Deliver): Promise<number> {
  const person = await personIdOf(h.db, typist.name);
  let draftId: number | undefined;
  for (const step of reportSteps(typist, plan)) {
    await deliver(h, step.make(draftId));
    if (step.label === "/new") draftId = await draftInFlow(h.db, person);
  }
  if ((await submittedReport(h.db, draftId!)) === null)
    await deliver(h, typist.press(flowData(draftId, "submit!")));
  const reportId = await submittedReport(h.db, draftId!);
  if (reportId === null) throw new Error(`${plan.tag} was not submitted`);
  return reportId;
}

async function expectReportAsPlanned(h: Harness, reportId: number, plan: ReportPlan) {
  const report = await h.db
    .selectFrom("reports")
    .selectAll()
    .where("id", "=", reportId)
    .executeTakeFirstOrThrow();
  expect(report, plan.tag).toMatchObject(expectedReport(plan, DEFAULT_SETTINGS.categories));
  const photos = await h.db
    .selectFrom("report_attachments")
    .select("file_unique_id")
    .where("report_id", "=", reportId)
    .orderBy("position")
    .execute();
  expect(
    photos.map((p) => p.file_unique_id),
    plan.tag,
  ).toEqual(plan.photos);
  const coauthors = await h.db
    .selectFrom("report_authors")
    .select("person_id")
    .where("report_id", "=", reportId)
    .where("position", ">", 0)
    .execute();
  expect(
    coauthors.map((c) => c.person_id),
    plan.tag,
  ).toEqual(plan.coauthor ? [plan.coauthor.personId] : []);
  const events = await h.db
    .selectFrom("report_events")
    .select("kind")
    .where("report_id", "=", reportId)
    .execute();
  expect(events.map((e) => e.kind)).toEqual(["submitted"]);
}

/** What the bot said, without the ids that differ between runs. */
function conversationOf(h: Harness, chatId: number): string[] {
  return h.telegram.calls
    .filter((c) => Number(c.payload.chat_id) === chatId || c.method === "answerCallbackQuery")
    .map((c) => `${c.method}:${String(c.payload.text ?? "").replace(/#\d+|\d{4}-\d{2}-\d{2}/g, "#")}`);
}

const once: Deliver = async (h, update) => {
  expect((await h.post(update)).status).toBe(200);
};
const twiceInTurn: Deliver = async (h, update) => {
  expect((await h.post(update)).status).toBe(200);
  expect((await h.post(update)).status).toBe(200);
};
const twiceAtOnce: Deliver = async (h, update) => {
  const statuses = await Promise.all([h.post(update), h.post(update)]).then((r) => r.map((x) => x.status));
  // One of the two handles it; the other is acknowledged as a duplicate once the first is done (same chat:
  // they take turns), never both.
  expect(statuses).toEqual([200, 200]);
};

describe("redelivery", () => {
  it("every update delivered twice, in turn and at once: the same conversation, the same reports", async () => {
    const plans = (dice: Dice, people: Map<string, number>) =>
      WRITERS.map((w, i) =>
        planReport(
          dice,
          `D${i + 1}`,
          WRITERS.filter((o) => o.name !== w.name).map((o) => ({
            name: o.name,
            personId: people.get(o.name)!,
          })),
        ),
      );
    const transcripts: string[][] = [];
    for (const deliver of [once, twiceInTurn, twiceAtOnce]) {
      const { h, people } = await setup();
      h.telegram.reset();
      const dice = new Dice(4242);
      const planned = plans(dice, people);
      for (const [i, plan] of planned.entries()) {
        const writer = WRITERS[i]!;
        const reportId = await write(h, new Typist(writer.id, writer.name), plan, deliver);
        await expectReportAsPlanned(h, reportId, plan);
      }
      expect(await h.db.selectFrom("reports").select("id").execute()).toHaveLength(WRITERS.length);
      transcripts.push(WRITERS.flatMap((w) => conversationOf(h, w.id)));
    }
    // Duplicates change nothing a person sees: not one extra message or answer.
    expect(transcripts[1]).toEqual(transcripts[0]);
    expect(transcripts[2]).toEqual(transcripts[0]);
  });

  it("an update handled again after a crash that followed its effects changes nothing", async () => {
    const { h, people } = await setup();
    const typist = new Typist(101, "张明");
    const coauthor = { name: "李华", personId: people.get("李华")! };
    const plan: ReportPlan = {
      ...planReport(new Dice(7), "C1", [coauthor]),
      analysis: undefined,
      photos: ["crash-photo-1", "crash-photo-2"],
      coauthor,
    };
    // After each step: the process "dies" after committing but before completing the claim. The restart
    // releases the claim (src/main.ts), Telegram delivers the update again, and it is handled a second time.
    // What such a crash loses is the done mark written after the handlers; a step's "applied" mark (claims in
    // process memory) commits with the step itself, so it stays.
    let bot = h;
    const deliverAndRerun: Deliver = async (_h, update) => {
      expect((await bot.post(update)).status).toBe(200);
      await bot.db
        .deleteFrom("processed_updates")
        .where("update_id", "=", update.update_id)
        .where("status", "=", "done")
        .execute();
      bot = await bot.restart();
      expect((await bot.post(update)).status).toBe(200);
    };
    const reportId = await write(h, typist, plan, deliverAndRerun);
    await expectReportAsPlanned(h, reportId, plan);
    expect(await h.db.selectFrom("reports").select("id").execute()).toHaveLength(1);
    // Never offered its own report as a similar one, and free to start the next.
    expect(typist.name && h.telegram.textsTo(101).filter((t) => t.includes(`“${plan.title}”`))).toEqual([]);
    await bot.post(typist.text("/new"));
    expect(h.telegram.textsTo(101).at(-1)).toContain("第1步");
  });
});

describe("no double reviews", () => {
  it("a review press delivered twice, pressed by two staff at once, or handled again after a crash: one decision", async () => {
    const { h } = await setup();
    const zhang = new Typist(101, "张明");
    const staff = new Typist(200, "陈静");
    const admin = new Typist(300, "刘洋");
    const dice = new Dice(5);
    const ids: number[] = [];
    for (let i = 0; i < 4; i++)
      ids.push(
        await write(h, zhang, { ...planReport(dice, `V${i}`, []), photos: [], coauthor: undefined }, once),
      );
    const [a, b, c, d] = ids as [number, number, number, number];

    // The same press delivered twice, in turn and at once.
    const acceptA = staff.press(rv({ action: "publish", reportId: a, version: 1, as: "single" }));
    await twiceInTurn(h, acceptA);
    await twiceAtOnce(h, staff.press(rv({ action: "publish", reportId: b, version: 1, as: "none" })));
    // Two staff accept the same report at the same moment: one wins, the other is told it was handled.
    const [x, y] = await Promise.all([
      h.post(staff.press(rv({ action: "publish", reportId: c, version: 1, as: "single" }))),
      h.post(admin.press(rv({ action: "publish", reportId: c, version: 1, as: "combined" }))),
    ]);
    expect([x.status, y.status]).toEqual([200, 200]);
    // Handled again after a crash that followed the decision (the restart released the claim).
    const acceptD = staff.press(rv({ action: "publish", reportId: d, version: 1, as: "single" }));
    await once(h, acceptD);
    await h.db.deleteFrom("processed_updates").where("update_id", "=", acceptD.update_id).execute();
    await once(h, acceptD);

    for (const id of ids) {
      const events = await h.db
        .selectFrom("report_events")
        .select(["kind", "mode"])
        .where("report_id", "=", id)
        .execute();
      expect(
        events.filter((e) => e.kind === "accepted"),
        `report ${id}`,
      ).toHaveLength(1);
      expect(events.filter((e) => e.kind === "adopted").length, `report ${id}`).toBeLessThanOrEqual(1);
    }
    // The author heard of each decision once.
    const told = h.telegram.textsTo(101).filter((t) => t.includes("已录用"));
    expect(told).toHaveLength(4);
  });

  it("a typed return reason delivered twice returns the report once", async () => {
    const { h } = await setup();
    const zhang = new Typist(101, "张明");
    const staff = new Typist(200, "陈静");
    const id = await write(
      h,
      zhang,
      { ...planReport(new Dice(6), "T", []), photos: [], coauthor: undefined },
      once,
    );
    await once(h, staff.press(rv({ action: "return", reportId: id, version: 1 })));
    const typed = h.telegram.calls
      .filter((call) => Number(call.payload.chat_id) === 200 && call.payload.reply_markup)
      .flatMap((call) =>
        (
          call.payload.reply_markup as { inline_keyboard: { callback_data?: string }[][] }
        ).inline_keyboard.flat(),
      )
      .map((button) => button.callback_data ?? "")
      .filter((data) => pressOf(reviewButtons, data)?.action === "return-typed")
      .at(-1)!;
    await once(h, staff.press(typed));
    const reason = staff.text("数据来源不清楚，请补充调查情况后再提交。");
    await twiceAtOnce(h, reason);
    await twiceInTurn(h, reason);
    const events = await h.db
      .selectFrom("report_events")
      .select(["kind", "note"])
      .where("report_id", "=", id)
      .execute();
    expect(events.filter((e) => e.kind === "returned")).toEqual([
      { kind: "returned", note: "数据来源不清楚，请补充调查情况后再提交。" },
    ]);
  });
});

describe("concurrency", () => {
  it("a burst of one person's messages arriving at once is kept whole and in order", async () => {
    const { h, people } = await setup();
    const typist = new Typist(101, "张明");
    const dice = new Dice(99);
    const person = people.get("张明")!;
    await once(h, typist.text("/new"));
    const draftId = await draftInFlow(h.db, person);
    await once(h, typist.text("关于并发消息顺序保持的建议"));
    await once(h, typist.press(flowData(draftId, "cat:2")));
    const burst = Array.from({ length: 12 }, (_, i) => paragraph(dice, `B${i + 1}`));
    const updates = burst.map((p) => typist.text(p));
    const statuses = await Promise.all(updates.map((u) => h.post(u)));
    expect(statuses.map((r) => r.status)).toEqual(burst.map(() => 200));
    // Each delivered again, at once: nothing doubles.
    await Promise.all(updates.map((u) => h.post(u)));
    await once(h, typist.press(flowData(draftId, "done:situation")));
    const draft = await h.db
      .selectFrom("drafts")
      .selectAll()
      .where("id", "=", draftId)
      .executeTakeFirstOrThrow();
    expect(draft.situation).toBe(burst.join("\n"));
  });

  it("several people writing at the same time, each with bursts and duplicates: every report exact", async () => {
    const { h, people } = await setup();
    const dice = new Dice(2026);
    const runs = WRITERS.map(async (w, i) => {
      const plan = planReport(dice, `P${i + 1}`, []);
      // Concurrent writers: every update delivered twice at once, and people interleave freely.
      const reportId = await write(h, new Typist(w.id, w.name), plan, twiceAtOnce);
      return { plan, reportId };
    });
    const results = await Promise.all(runs);
    for (const { plan, reportId } of results) await expectReportAsPlanned(h, reportId, plan);
    expect(await h.db.selectFrom("reports").select("id").execute()).toHaveLength(WRITERS.length);
    expect(people.size).toBeGreaterThan(0);
  });
});

async function personIdOf(db: DB, name: string): Promise<number> {
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
