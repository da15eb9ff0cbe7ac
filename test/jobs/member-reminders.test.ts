// Quota reminders with a fixed clock: who is reminded on which date, what they read (zh and en), and who is
// skipped (met the quota, no bound account, not behind pace yet).
import { beforeEach, describe, expect, it } from "vitest";
import { runJob } from "../../src/jobs/registry";
import { addReport, jobWorld, type JobWorld, seedCommittee, sentByChat } from "../support/jobs";

/** 09:00 in Shanghai on a local date. */
const at9 = (date: string) => new Date(`${date}T09:00:00+08:00`);

describe("memberReminders", () => {
  let world: JobWorld;
  let people: Awaited<ReturnType<typeof seedCommittee>>;

  beforeEach(async () => {
    world = await jobWorld();
    people = await seedCommittee(world.db);
  });

  const remindedAt = async (date: string) => {
    world.telegram.reset();
    const report = await runJob("memberReminders", world.deps, at9(date));
    return { report, chats: [...sentByChat(world.telegram).keys()].sort() };
  };

  it.each([
    // Early in the year nobody is behind: 1 or 2 a year are not yet due, a month has only begun.
    ["2026-02-01", []],
    // By July a standing member owing 2 a year should have sent one.
    ["2026-07-01", [101]],
    // A Monday in the last week of the month: the informant (1 a month) is behind; yearly quotas are not in
    // their last month, so the weekly run leaves them alone.
    ["2026-06-29", [103]],
    // A Monday earlier in the month: nobody yet.
    ["2026-06-22", []],
    // In December everyone who owes is behind, on the 1st and on every Monday.
    ["2026-12-01", [101, 102]],
    ["2026-12-07", [101, 102]],
  ])("on %s reminds %j", async (date, expected) => {
    const { chats } = await remindedAt(date);
    expect(chats).toEqual(expected);
  });

  it("never reminds someone who met the quota; a rejected report does not count", async () => {
    await addReport(world.db, {
      authorId: people.member,
      submittedAt: "2026-03-10T02:00:00Z",
      status: "accepted",
    });
    await addReport(world.db, {
      authorId: people.standing,
      submittedAt: "2026-03-10T02:00:00Z",
      status: "rejected",
    });
    await addReport(world.db, { authorId: people.standing, submittedAt: "2026-04-10T02:00:00Z" });
    const { chats } = await remindedAt("2026-12-01");
    expect(chats).toEqual([101]);
    const [text] = sentByChat(world.telegram).get(101) ?? [];
    expect(text).toContain("2026年您的任务是2篇，已报送1篇，还差1篇，距截止还有31天");
  });

  it("counts a co-authored report for every author", async () => {
    await addReport(world.db, {
      authorId: people.standing,
      coauthorIds: [people.member],
      submittedAt: "2026-05-10T02:00:00Z",
    });
    const { chats } = await remindedAt("2026-12-01");
    expect(chats).toEqual([101]);
  });

  it("writes in the person's language, with done, owed, days left and how to start", async () => {
    await remindedAt("2026-12-01");
    const sent = sentByChat(world.telegram);
    expect(sent.get(101)).toEqual([
      [
        "张明，您好！这是政协社情民意信息报送提醒。",
        "2026年您的任务是2篇，已报送0篇，还差2篇，距截止还有31天。",
        "发送 /new 开始撰写一篇信息；有未写完的草稿，发送 /drafts 继续。发送 /me 查看进度和积分。",
      ].join("\n"),
    ]);
    expect(sent.get(102)).toEqual([
      [
        "Hello 李华, this is a reminder from 政协 about public-opinion reports.",
        "Your quota for 2026 is 1: 0 submitted, 1 still owed, 31 days left.",
        "Send /new to start a report, or /drafts to continue a draft. Send /me to see your progress and points.",
      ].join("\n"),
    ]);
  });

  it("names the month for a monthly quota", async () => {
    await remindedAt("2026-06-29");
    expect(sentByChat(world.telegram).get(103)?.[0]).toContain(
      "2026年6月您的任务是1篇，已报送0篇，还差1篇，距截止还有2天",
    );
  });

  it("skips people without a bound account and counts them", async () => {
    const { report } = await remindedAt("2026-12-01");
    expect(report.stats).toEqual({ behind: 3, reminded: 2, skippedUnbound: 1 });
    expect(report).toMatchObject({ outcome: "done", sent: 2, failed: 0, unreachable: 0, pending: 0 });
  });

  it("leaves out inactive people and roles without a quota", async () => {
    await world.db.updateTable("people").set({ active: 0 }).where("id", "=", people.standing).execute();
    const { chats } = await remindedAt("2026-12-01");
    expect(chats).toEqual([102]);
    expect(chats).not.toContain(200);
    expect(chats).not.toContain(400);
  });
});
