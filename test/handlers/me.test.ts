// /me: a person's quota progress, what they sent this month / quarter / year, points and rank, in their language.
import { beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness";
import { addEvent, addReport } from "../support/jobs";
import { seedBasicRoster } from "../support/roster";

describe("/me", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;
  const personId = async (telegramId: number) =>
    (
      await h.db
        .selectFrom("people")
        .select("id")
        .where("telegram_id", "=", telegramId)
        .executeTakeFirstOrThrow()
    ).id;

  beforeEach(async () => {
    h = await Harness.create();
    h.clock = new Date("2026-05-15T02:00:00Z");
    users = await seedBasicRoster(h);
    const standing = await personId(101);
    const adopted = await addReport(h.db, {
      authorId: standing,
      submittedAt: "2026-02-10T02:00:00.000Z",
      status: "accepted",
    });
    await addEvent(h.db, adopted, "adopted", "2026-03-01T02:00:00.000Z", { level: "county", mode: "single" });
    await addReport(h.db, {
      authorId: standing,
      submittedAt: "2026-03-10T02:00:00.000Z",
      status: "rejected",
    });
  });

  it("shows the quota, counts, points and ranks", async () => {
    await users.standing.send("/me");
    expect(users.standing.lastText()).toBe(
      [
        "张明（常委，民建县委会）",
        "2026年报送任务2篇：已报送1篇，还差1篇，距截止还有231天。",
        "已报送（不含不予录用的）：本月0篇，本季度0篇，本年1篇。",
        "2026年积分：5分（采用1篇，领导批示0件）",
        "单位内排名：第1名（共2人）",
        "全体排名：第1名（共3人）",
      ].join("\n"),
    );
  });

  it("tells someone behind pace what to do, with a monthly quota", async () => {
    h.clock = new Date("2026-05-27T02:00:00Z");
    await users.informant.send("/me");
    const text = users.informant.lastText();
    expect(text).toContain("2026年5月报送任务1篇：已报送0篇，还差1篇，距截止还有5天。");
    expect(text).toContain("按进度您已经落后了。发送 /new 开始撰写，/drafts 继续草稿。");
    // Nobody else in 经济界 writes; overall the informant shares second place at 0 points.
    expect(text).toContain("单位内排名：第1名（共1人）");
    expect(text).toContain("全体排名：第2名（共3人）");
  });

  it("says when the quota is met", async () => {
    await addReport(h.db, { authorId: await personId(102), submittedAt: "2026-04-01T02:00:00.000Z" });
    await users.member.send("/me");
    expect(users.member.lastText()).toContain("2026年报送任务1篇：已报送1篇，已完成 ✅");
  });

  it("answers in English, and staff without a quota are not ranked", async () => {
    await users.member.send("/lang en");
    await users.member.send("/me");
    expect(users.member.lastText()).toBe(
      [
        "李华 (Member, 民建县委会)",
        "Quota for 2026: 1. Submitted 0, 1 still owed, 231 days left.",
        "Submitted (not counting rejected): 0 this month, 0 this quarter, 0 this year.",
        "Points in 2026: 0 (0 adopted, 0 leader instructions)",
        "Rank in your unit: 2 of 2",
        "Overall rank: 2 of 3",
      ].join("\n"),
    );
    await users.staff.send("/me");
    const staff = users.staff.lastText();
    expect(staff).toContain("您的身份没有报送任务。");
    expect(staff).not.toContain("排名");
  });

  it("is refused to someone not bound", async () => {
    const stranger = h.user(999);
    await stranger.send("/me");
    expect(stranger.lastText()).toContain("您还没有绑定身份");
  });
});
