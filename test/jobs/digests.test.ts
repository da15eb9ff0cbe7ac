// Staff digest (weekly), submission digest (daily, when staff are notified by digest) and draft reminders.
import { beforeEach, describe, expect, it } from "vitest";
import { createOutboxApi } from "../../src/jobs/outbox";
import { runJob } from "../../src/jobs/registry";
import { createLogger } from "../../src/logger";
import { Harness, TEST_TOKEN } from "../support/harness";
import { addReport, jobWorld, type JobWorld, seedCommittee, sentByChat, setSetting } from "../support/jobs";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";

const at = (local: string) => new Date(`${local}+08:00`);

describe("staffDigest", () => {
  let world: JobWorld;
  let people: Awaited<ReturnType<typeof seedCommittee>>;

  beforeEach(async () => {
    world = await jobWorld();
    people = await seedCommittee(world.db);
  });

  it("lists reports waiting too long, people with nothing this period by unit, the unbound and the unreachable", async () => {
    const old = await addReport(world.db, {
      authorId: people.standing,
      submittedAt: at("2026-06-10T10:00:00").toISOString(),
      title: "关于规范农村集体资金管理的建议",
    });
    await addReport(world.db, {
      authorId: people.informant,
      submittedAt: at("2026-06-14T10:00:00").toISOString(),
    });
    await world.db
      .updateTable("people")
      .set({ unreachable_at: "2026-06-08T01:00:00.000Z" })
      .where("id", "=", people.member)
      .execute();

    const report = await runJob("staffDigest", world.deps, at("2026-06-15T09:00:00"));
    expect(report.stats).toEqual({ waiting: 1, zeroReports: 2, unbound: 1, unreachable: 1 });
    const sent = sentByChat(world.telegram);
    expect([...sent.keys()].sort()).toEqual([200, 300]);
    expect(sent.get(200)).toEqual([
      [
        "📋 信息工作周报（2026-06-15）",
        "",
        "等待审核超过3天的信息：1篇",
        `#${old}“关于规范农村集体资金管理的建议”— 张明（民建县委会），已等待5天`,
        "",
        "本期尚未报送信息的人员：2人",
        "民建县委会（1）：李华",
        "经济界（1）：赵强（未绑定）",
        "",
        "尚未绑定账号、收不到提醒的人员：1人。发送 /invites 导出他们的邀请链接。",
        "",
        "无法送达（已屏蔽机器人）的人员：1人",
        "李华（民建县委会），自2026-06-08起",
      ].join("\n"),
    ]);
    // The admin chose English.
    expect(sent.get(300)?.[0]).toContain("Reports waiting for review more than 3 days: 1");
    expect(sent.get(300)?.[0]).toContain("经济界 (1): 赵强 (not bound)");
  });
});

describe("submissionDigest", () => {
  let world: JobWorld;
  let people: Awaited<ReturnType<typeof seedCommittee>>;

  beforeEach(async () => {
    world = await jobWorld();
    people = await seedCommittee(world.db);
    await setSetting(world.db, "notifyStaff", "digest");
  });

  const notifiedAt = async (id: number) =>
    (
      await world.db
        .selectFrom("reports")
        .select("staff_notified_at")
        .where("id", "=", id)
        .executeTakeFirstOrThrow()
    ).staff_notified_at;

  it("sends staff one digest of the reports not yet notified, marks them, and sends them once", async () => {
    const first = await addReport(world.db, {
      authorId: people.standing,
      submittedAt: at("2026-06-15T10:00:00").toISOString(),
      staffNotifiedAt: null,
      title: "关于加强校园周边交通安全的建议",
    });
    const urgent = await addReport(world.db, {
      authorId: people.informant,
      submittedAt: at("2026-06-15T11:00:00").toISOString(),
      staffNotifiedAt: null,
      urgent: true,
      revision: 2,
      title: "关于尽快修复某桥梁的建议",
    });
    const already = await addReport(world.db, {
      authorId: people.member,
      submittedAt: at("2026-06-14T11:00:00").toISOString(),
    });

    const report = await runJob("submissionDigest", world.deps, at("2026-06-15T18:00:00"));
    expect(report).toMatchObject({
      outcome: "done",
      periodKey: "2026-06-15",
      sent: 2,
      stats: { reports: 2, staff: 2 },
    });
    const sent = sentByChat(world.telegram);
    expect(sent.get(200)).toEqual([
      [
        "📥 新提交的信息（2篇）：",
        `#${urgent}【急】“关于尽快修复某桥梁的建议”— 王芳（经济界），修改后重新提交`,
        `#${first}“关于加强校园周边交通安全的建议”— 张明（民建县委会）`,
      ].join("\n"),
    ]);
    expect(sent.get(300)?.[0]).toContain("New submissions (2):");
    expect(await notifiedAt(first)).toBe(at("2026-06-15T18:00:00").toISOString());
    expect(await notifiedAt(urgent)).not.toBeNull();
    expect(await notifiedAt(already)).toBe(at("2026-06-14T11:00:00").toISOString());

    // The next day has nothing new: no message at all.
    world.telegram.reset();
    expect(await runJob("submissionDigest", world.deps, at("2026-06-16T18:00:00"))).toMatchObject({
      queued: 0,
    });
    expect(world.telegram.calls).toHaveLength(0);
  });

  it("keeps the reports for a later digest while no staff member is bound", async () => {
    await world.db
      .updateTable("people")
      .set({ telegram_id: null })
      .where("role", "in", ["staff", "admin"])
      .execute();
    const id = await addReport(world.db, {
      authorId: people.standing,
      submittedAt: at("2026-06-15T10:00:00").toISOString(),
      staffNotifiedAt: null,
    });
    await runJob("submissionDigest", world.deps, at("2026-06-15T18:00:00"));
    expect(await notifiedAt(id)).toBeNull();
  });

  it("with immediate notification, picks up only what an interrupted notification left, not one in flight", async () => {
    await setSetting(world.db, "notifyStaff", "immediately");
    const stuck = await addReport(world.db, {
      authorId: people.standing,
      submittedAt: at("2026-06-15T10:00:00").toISOString(),
      staffNotifiedAt: null,
    });
    const inFlight = await addReport(world.db, {
      authorId: people.member,
      submittedAt: at("2026-06-15T17:58:00").toISOString(),
      staffNotifiedAt: null,
    });
    await runJob("submissionDigest", world.deps, at("2026-06-15T18:00:00"));
    expect(await notifiedAt(stuck)).not.toBeNull();
    expect(await notifiedAt(inFlight)).toBeNull();
  });
});

describe("draftReminders", () => {
  let world: JobWorld;
  let people: Awaited<ReturnType<typeof seedCommittee>>;

  beforeEach(async () => {
    world = await jobWorld();
    people = await seedCommittee(world.db);
  });

  const addDraft = async (
    personId: number,
    updatedAt: string,
    extra: { title?: string; reportId?: number; submitted?: number } = {},
  ) => {
    const row = await world.db
      .insertInto("drafts")
      .values({
        person_id: personId,
        report_id: extra.reportId ?? null,
        title: extra.title ?? null,
        category: null,
        situation: null,
        analysis: null,
        suggestions: null,
        urgent: null,
        submitted_report_id: extra.submitted ?? null,
        created_at: updatedAt,
        updated_at: updatedAt,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    return row.id;
  };

  it("reminds once per draft untouched for draftReminderDays, with how to continue; again after it is touched and left", async () => {
    const stale = await addDraft(people.standing, "2026-06-05T12:00:00.000Z", {
      title: "关于改善老旧小区加装电梯的建议",
    });
    const untitled = await addDraft(people.standing, "2026-06-01T12:00:00.000Z");
    await addDraft(people.standing, "2026-06-12T12:00:00.000Z", { title: "最近编辑过" });
    await addDraft(people.member, "2026-06-01T12:00:00.000Z", { title: "已提交", submitted: 1 });

    const first = await runJob("draftReminders", world.deps, at("2026-06-15T20:00:00"));
    expect(first.stats).toEqual({ drafts: 2, people: 1 });
    expect(sentByChat(world.telegram).get(101)).toEqual([
      [
        "您有2份草稿已经7天以上没有编辑了：",
        "·“（未填写标题）”",
        "·“关于改善老旧小区加装电梯的建议”",
        "发送 /drafts 继续编辑，写完就可以提交。",
      ].join("\n"),
    ]);
    expect(world.telegram.callsOf("sendMessage")).toHaveLength(1);

    // The next evening: nothing new to remind.
    world.telegram.reset();
    await runJob("draftReminders", world.deps, at("2026-06-16T20:00:00"));
    expect(world.telegram.calls).toHaveLength(0);

    // Touched (updateDraft clears reminded_at) and left alone again for a week: one more reminder.
    await world.db
      .updateTable("drafts")
      .set({ updated_at: "2026-06-17T12:00:00.000Z", reminded_at: null })
      .where("id", "=", stale)
      .execute();
    // By then the draft edited on the 12th is a week old too; the untitled one was reminded already.
    await runJob("draftReminders", world.deps, at("2026-06-25T20:00:00"));
    const text = sentByChat(world.telegram).get(101)?.[0] ?? "";
    expect(text).toContain("您有2份草稿");
    expect(text).toContain("关于改善老旧小区加装电梯的建议");
    expect(text).toContain("最近编辑过");
    expect(text).not.toContain("未填写标题");
    const reminded = await world.db
      .selectFrom("drafts")
      .select("reminded_at")
      .where("id", "=", untitled)
      .executeTakeFirstOrThrow();
    expect(reminded.reminded_at).toBe(at("2026-06-15T20:00:00").toISOString());
  });

  it("speaks the person's language and marks a revision of a returned report", async () => {
    await addDraft(people.member, "2026-06-01T12:00:00.000Z", {
      title: "关于加强农村饮水安全管理的建议",
      reportId: 9,
    });
    await runJob("draftReminders", world.deps, at("2026-06-15T20:00:00"));
    expect(sentByChat(world.telegram).get(102)?.[0]).toBe(
      [
        "You have 1 draft(s) not edited for more than 7 days:",
        '· "关于加强农村饮水安全管理的建议" (revision of a returned report)',
        "Send /drafts to continue; once finished you can submit.",
      ].join("\n"),
    );
  });
});

describe("submissions with notifyStaff = digest, end to end", () => {
  it("tells staff nothing at submission, then everything once in the evening's digest", async () => {
    const h = await Harness.create();
    h.clock = new Date("2026-06-15T02:00:00Z");
    const users = await seedBasicRoster(h);
    await setSetting(h.db, "notifyStaff", "digest");
    const { reportId } = await writeReport(h, users.standing, { title: "关于加强校园周边交通安全的建议" });
    expect(users.staff.texts().join("\n")).not.toContain("校园周边");

    const deps = {
      db: h.db,
      api: createOutboxApi(TEST_TOKEN, { apiRoot: "http://fake-telegram.invalid", fetch: h.telegram.fetch }),
      log: createLogger("silent"),
      i18n: h.minyi.i18n,
    };
    await runJob("submissionDigest", deps, at("2026-06-15T18:00:00"));
    await runJob("submissionDigest", deps, at("2026-06-15T18:00:00"));
    const digests = users.staff.texts().filter((t) => t.includes("新提交的信息"));
    expect(digests).toEqual([
      `📥 新提交的信息（1篇）：\n#${reportId}“关于加强校园周边交通安全的建议”— 张明（民建县委会）`,
    ]);
  });
});
