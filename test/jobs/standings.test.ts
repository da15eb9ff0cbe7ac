// Quarterly standings (季度通报) and monthly group progress, from reports and their events in the period.
import { beforeEach, describe, expect, it } from "vitest";
import { translator } from "../../src/bot/i18n";
import { runJob } from "../../src/jobs/registry";
import { readDocx } from "../support/docx-read";
import { TELEGRAM_MESSAGE_LIMIT } from "../../src/domain/text";
import {
  addEvent,
  addPerson,
  addReport,
  addUnit,
  bindGroup,
  jobWorld,
  type JobWorld,
  seedCommittee,
  sentByChat,
  setSetting,
} from "../support/jobs";

const at9 = (date: string) => new Date(`${date}T09:00:00+08:00`);
const iso = (local: string) => new Date(`${local}+08:00`).toISOString();

/** Q1 2026: 张明 writes A and (with 王芳) E, 李华 writes B, 王芳 writes C (rejected) and D (adopted in April). */
async function seedQuarter(world: JobWorld) {
  const people = await seedCommittee(world.db);
  const { db } = world;
  const a = await addReport(db, {
    authorId: people.standing,
    submittedAt: iso("2026-02-10T10:00:00"),
    status: "forwarded",
  });
  await addEvent(db, a, "adopted", iso("2026-03-01T10:00:00"), { level: "county", mode: "single" });
  await addEvent(db, a, "forwarded", iso("2026-03-02T10:00:00"), { level: "city" });
  await addEvent(db, a, "adopted", iso("2026-03-20T10:00:00"), { level: "city", mode: "combined" });
  await addEvent(db, a, "instructed", iso("2026-03-25T10:00:00"), { level: "city" });
  const b = await addReport(db, {
    authorId: people.member,
    submittedAt: iso("2026-01-15T10:00:00"),
    status: "accepted",
  });
  await addEvent(db, b, "adopted", iso("2026-02-01T10:00:00"), { level: "county", mode: "combined" });
  await addReport(db, {
    authorId: people.informant,
    submittedAt: iso("2026-03-05T10:00:00"),
    status: "rejected",
  });
  const d = await addReport(db, {
    authorId: people.informant,
    submittedAt: iso("2026-03-28T10:00:00"),
    status: "accepted",
  });
  await addEvent(db, d, "adopted", iso("2026-04-03T10:00:00"), { level: "county", mode: "single" });
  const e = await addReport(db, {
    authorId: people.standing,
    coauthorIds: [people.informant],
    submittedAt: iso("2026-02-20T10:00:00"),
    status: "forwarded",
  });
  await addEvent(db, e, "adopted", iso("2026-03-30T10:00:00"), { level: "province", mode: "single" });
  await bindGroup(db, -1001, "民建群", people.party);
  await bindGroup(db, -1002, "全体委员群", "all");
  return people;
}

const BULLETIN_ZH = [
  "📢 政协2026年第一季度社情民意信息工作通报",
  "共报送信息5篇，采用3篇（县级2、市级1、省级1），获领导批示1件，采用率60%，计42分。",
  "",
  "一、单位排名（按积分）",
  "1. 民建县委会 — 42分：报送3，采用3（县级2、市级1、省级1），批示1，采用率100%",
  "2. 经济界 — 0分：报送2，采用0（—），批示0，采用率0%",
  "",
  "二、个人排名（按积分）",
  "1. 张明（民建县委会）— 30分：报送2，采用2（县级1、市级1、省级1），批示1，采用率100%",
  "2. 王芳（经济界）— 10分：报送3，采用1（省级1），批示0，采用率33%",
  "3. 李华（民建县委会）— 2分：报送1，采用1（县级1），批示0，采用率100%",
].join("\n");

describe("quarterlyStandings", () => {
  let world: JobWorld;

  beforeEach(async () => {
    world = await jobWorld();
    await seedQuarter(world);
  });

  it("sends last quarter's bulletin to bound groups, leaders and staff; the zero-report list to staff only", async () => {
    const report = await runJob("quarterlyStandings", world.deps, at9("2026-04-01"));
    expect(report).toMatchObject({
      outcome: "done",
      periodKey: "2026Q1",
      stats: { units: 2, people: 3, zeroReports: 1, groups: 2 },
    });
    const sent = sentByChat(world.telegram);
    expect(sent.get(-1001)).toEqual([BULLETIN_ZH]);
    expect(sent.get(-1002)).toEqual([BULLETIN_ZH]);
    expect(sent.get(400)).toEqual([BULLETIN_ZH]);
    expect(sent.get(200)).toEqual([
      BULLETIN_ZH,
      "2026年第一季度未报送信息的人员（1人，仅发给信息工作人员）：\n经济界（1）：赵强（未绑定）",
    ]);
    // Members get no bulletin in private.
    for (const member of [101, 102, 103]) expect(sent.get(member)).toBeUndefined();
  });

  it("sends the 通报 as a Word document to leaders and staff (not groups), the file stored once and dropped once sent", async () => {
    await runJob("quarterlyStandings", world.deps, at9("2026-04-01"));
    const documents = world.telegram.callsOf("sendDocument");
    expect(documents.map((c) => Number(c.payload.chat_id)).sort()).toEqual([200, 300, 400]);
    const zh = translator(world.deps.i18n, "zh");
    const title = zh("doc-bulletin-title", { committee: "政协", period: "2026年第一季度" });
    expect(title).toBe("政协关于2026年第一季度社情民意信息工作情况的通报");
    for (const call of documents) {
      expect(call.files.document!.name).toBe(`${title}.docx`);
      const doc = readDocx(call.files.document!.bytes);
      expect(doc.paragraphs[0]).toEqual({ style: "Title", text: title });
      // Units with a 合计 row (the chat bulletin's totals: 5 submitted, 3 adopted, 1 instructed, 42 points; no 录用 dated in the quarter).
      expect(doc.tables[0]).toEqual([
        ["名次", "单位", "报送", "录用", "采用", "批示", "积分"],
        ["1", "民建县委会", "3", "0", "3", "1", "42"],
        ["2", "经济界", "2", "0", "0", "0", "0"],
        ["", "合计", "5", "0", "3", "1", "42"],
      ]);
    }
    // The caption in each person's language.
    const en = translator(world.deps.i18n, "en");
    const caption = (chat: number) =>
      documents.find((c) => Number(c.payload.chat_id) === chat)?.payload.caption;
    expect(caption(400)).toBe(zh("doc-bulletin-caption", { committee: "政协", period: "2026年第一季度" }));
    expect(caption(300)).toBe(en("doc-bulletin-caption", { committee: "政协", period: "Q1 2026" }));
    // One stored file for the three rows, gone once they are sent.
    const rows = await world.db
      .selectFrom("outbox")
      .select("document_id")
      .where("document_id", "is not", null)
      .execute();
    expect(new Set(rows.map((r) => r.document_id)).size).toBe(1);
    expect(rows).toHaveLength(3);
    expect(await world.db.selectFrom("outbox_documents").select("id").execute()).toEqual([]);
  });

  it("writes the bulletin in English for a staff member who chose it", async () => {
    await runJob("quarterlyStandings", world.deps, at9("2026-04-01"));
    const [bulletin, zero] = sentByChat(world.telegram).get(300) ?? [];
    expect(bulletin).toContain("📢 政协 — public-opinion report bulletin, 2026 Q1");
    expect(bulletin).toContain(
      "1. 张明 (民建县委会) — 30 points: 2 submitted, 2 adopted (county 1, city 1, province 1), 1 instructions, adoption rate 100%",
    );
    expect(zero).toBe("No report in 2026 Q1 (1 people; sent to staff only):\n经济界 (1): 赵强 (not bound)");
  });

  it("counts only events of the quarter: April's adoption belongs to Q2", async () => {
    await runJob("quarterlyStandings", world.deps, at9("2026-07-01"));
    const bulletin = sentByChat(world.telegram).get(-1001)?.[0] ?? "";
    expect(bulletin).toContain("2026年第二季度");
    expect(bulletin).toContain("共报送信息0篇，采用1篇（县级1），获领导批示0件，采用率—，计5分。");
    expect(bulletin).toContain("1. 王芳（经济界）— 5分：报送0，采用1（县级1），批示0，采用率—");
  });

  it("splits a long bulletin at 4,096 characters on line boundaries", async () => {
    for (let u = 0; u < 120; u++) {
      const unit = await addUnit(world.db, `第${u + 1}联络组`, "township");
      for (let p = 0; p < 3; p++) {
        const person = await addPerson(world.db, {
          name: `联络员${u + 1}-${p + 1}`,
          role: "informant",
          unitId: unit,
        });
        await addReport(world.db, { authorId: person, submittedAt: iso("2026-02-10T10:00:00") });
      }
    }
    const preview = await runJob("quarterlyStandings", world.deps, at9("2026-04-01"), { dryRun: true });
    const full = preview.preview?.find((m) => m.chatId === -1001)?.text ?? "";
    expect(full.length).toBeGreaterThan(2 * TELEGRAM_MESSAGE_LIMIT);

    await runJob("quarterlyStandings", world.deps, at9("2026-04-01"));
    const parts = sentByChat(world.telegram).get(-1001) ?? [];
    expect(parts.length).toBeGreaterThanOrEqual(3);
    expect(parts.join("")).toBe(full);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(TELEGRAM_MESSAGE_LIMIT);
    for (const part of parts.slice(0, -1)) expect(part.endsWith("\n")).toBe(true);
    // Three or more parts into each group stay within the group's pace, the rest of the run too.
    expect(world.clock.sleeps).toEqual([]);

    // All 102 units are ranked; of the 303 people, the first 100 by name, and where the rest are.
    const lines = full.split("\n");
    expect(lines.filter((line) => /^\d+\. 第\d+联络组 — /.test(line))).toHaveLength(120);
    const people = lines.filter((line) => /^\d+\. .+（.+）— /.test(line));
    expect(people).toHaveLength(100);
    expect(people.slice(0, 3).map((line) => line.split("（")[0])).toEqual(["1. 张明", "2. 王芳", "3. 李华"]);
    expect(lines.at(-1)).toBe(
      "……另有263人，完整排名请私聊机器人发送 /rank 查看，或发送 /export 导出 Excel 通报。",
    );
    expect(preview.stats).toMatchObject({ people: 363 });
  });
});

describe("groupProgress", () => {
  let world: JobWorld;
  let people: Awaited<ReturnType<typeof seedQuarter>>;

  beforeEach(async () => {
    world = await jobWorld();
    people = await seedQuarter(world);
  });

  it("tells each bound group its unit's completion for the month just ended", async () => {
    const report = await runJob("groupProgress", world.deps, new Date("2026-04-01T10:00:00+08:00"));
    expect(report).toMatchObject({ outcome: "done", periodKey: "2026-03" });
    const sent = sentByChat(world.telegram);
    expect(sent.get(-1001)).toEqual([
      [
        "📊 政协 · 民建县委会 · 2026年3月社情民意信息工作进度",
        "完成报送任务：2／2人（截至2026年3月底，按各自的任务周期计算）",
        "2026年3月：报送0篇，采用2篇",
        "2026年累计：报送3篇，采用3篇",
        "",
        "私聊我发送 /new 撰写信息，发送 /me 查看自己的进度。",
      ].join("\n"),
    ]);
    expect(sent.get(-1002)).toEqual([
      [
        "📊 政协 · 全体人员 · 2026年3月社情民意信息工作进度",
        "完成报送任务：3／4人（截至2026年3月底，按各自的任务周期计算）",
        "2026年3月：报送2篇，采用2篇",
        "2026年累计：报送5篇，采用3篇",
        "民建县委会：完成2／2人，本月报送0篇",
        "经济界：完成1／2人，本月报送2篇",
        "",
        "私聊我发送 /new 撰写信息，发送 /me 查看自己的进度。",
      ].join("\n"),
    ]);
    // Nothing to people in private.
    expect([...sent.keys()].every((chat) => chat < 0)).toBe(true);
  });

  it("names the people behind only when the setting allows it", async () => {
    await addPerson(world.db, { name: "周敏", role: "informant", unitId: people.sector, telegramId: 104 });
    await runJob("groupProgress", world.deps, new Date("2026-04-01T10:00:00+08:00"));
    expect(sentByChat(world.telegram).get(-1002)?.[0]).not.toContain("周敏");

    await setSetting(world.db, "groupShowNamesBehind", true);
    world.telegram.reset();
    await runJob("groupProgress", world.deps, new Date("2026-05-01T10:00:00+08:00"));
    const text = sentByChat(world.telegram).get(-1002)?.[0] ?? "";
    expect(text).toContain("进度落后的人员（2人）：\n经济界（2）：周敏、王芳");
    // A group sees only its own unit's names.
    expect(sentByChat(world.telegram).get(-1001)?.[0]).not.toContain("进度落后");
  });
});
