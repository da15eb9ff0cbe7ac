// The cases the fuzzer found, kept as plain tests: each failed the webhook with a 5xx (so Telegram would have
// delivered it again and again, and the person would have read "something went wrong" each time).
import { describe, expect, it } from "vitest";
import { telegramLimits } from "../support/chaos";
import { Harness, textMessage } from "../support/harness";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { draftsButtons } from "../../src/handlers/report/drafts-callback-data";
import { isButton } from "../support/codecs";

async function world() {
  const h = await Harness.create();
  h.telegram.hooks.push(telegramLimits);
  const people = await seedBasicRoster(h);
  h.telegram.reset();
  return { h, ...people };
}

describe("hostile input found by fuzzing", () => {
  it("a command of thousands of characters is echoed cut short, in private and in a group", async () => {
    const { h, member, staff } = await world();
    const huge = `/bind@MINYI_TEST_BOT${"x".repeat(5_000)}`;
    expect((await member.send(huge)).status).toBe(200);
    expect(member.lastText()).toContain("未知命令");
    expect(member.lastText().length).toBeLessThan(200);
    // Also while writing a report, where other commands are answered "finish or cancel first".
    await member.send("/new");
    expect((await member.send(`/roster${"x".repeat(5_000)}`)).status).toBe(200);
    expect(member.lastText().length).toBeLessThan(200);
    const group = h.group(-100_555);
    expect((await group.send(staff, `/${"y".repeat(4_000)}@minyi_test_bot`)).status).toBe(200);
    expect(group.texts().at(-1)?.length).toBeLessThan(200);
  });

  it("arguments of thousands of characters to /lang, /my, /settings, /find, /stats, /rank, /export and /bind are echoed cut short", async () => {
    const { h, member, admin, staff } = await world();
    const huge = "长".repeat(5_000);
    for (const [user, text] of [
      [member, `/lang ${huge}`],
      [member, `/my ${huge}`],
      [admin, `/settings ${huge}`],
      [admin, `/settings set ${huge} 1`],
      [admin, `/settings set name ${huge}`],
      [staff, `/find ${huge}`],
      [staff, `/stats ${huge}`],
      [staff, `/stats 2026 ${huge}`],
      [staff, `/rank ${huge}`],
      [staff, `/export ${huge}`],
    ] as const) {
      expect((await user.send(text)).status, text.slice(0, 20)).toBe(200);
      expect(user.lastText().length, text.slice(0, 20)).toBeLessThan(1_000);
    }
    const group = h.group(-100_556);
    expect((await group.send(staff, `/bind ${huge}`)).status).toBe(200);
    expect(group.texts().at(-1)?.length).toBeLessThan(1_000);
  });

  for (const at of ["preview", "title"] as const) {
    it(`a draft deleted from an old /drafts list while it is being written (at the ${at}) ends its flow`, async () => {
      const { h, standing } = await world();
      await writeReport(h, standing, { submit: false });
      await standing.send("/cancel");
      await standing.press(standing.lastButtons().find(([, data]) => data.endsWith(":qk"))![1]);
      await standing.send("/drafts");
      const list = standing.lastButtons();
      // Open it again (the flow is on), maybe go to a step that saves, then delete it from the old list.
      await standing.press(list.find(isButton(draftsButtons, "open"))![1]);
      if (at === "title") {
        await standing.press(standing.lastButtons().find(([, data]) => data.endsWith(":e"))![1]);
        await standing.press(standing.lastButtons().find(([, data]) => data.endsWith(":e:title"))![1]);
      }
      await standing.press(list.find(isButton(draftsButtons, "delete"))![1]);
      await standing.press(standing.lastButtons().find(isButton(draftsButtons, "delete-confirmed"))![1]);
      const open = await h.db
        .selectFrom("drafts")
        .select("id")
        .where("submitted_report_id", "is", null)
        .execute();
      expect(open).toEqual([]);
      // What follows is answered (never a 5xx for ever), and /new starts afresh.
      expect(
        (await h.post({ message: standing.message(textMessage("关于删除后继续输入的标题")) })).status,
      ).toBe(200);
      await standing.send("/new");
      expect(standing.lastText()).toContain("第1步");
    });
  }

  it("a draft gone from under its flow (deleted by anything else) ends the flow with a word", async () => {
    const { h, standing } = await world();
    await standing.send("/new");
    await h.db.deleteFrom("drafts").execute();
    expect((await h.post({ message: standing.message(textMessage("关于草稿消失后的标题")) })).status).toBe(
      200,
    );
    // The flow waits with no conversation open (it resumes from the draft), so with the draft gone there is
    // no flow left: the text gets the answer any stray message gets.
    expect(standing.lastText()).toContain("发送 /help 查看可以做什么");
    await standing.send("/new");
    expect(standing.lastText()).toContain("第1步");
  });
});
