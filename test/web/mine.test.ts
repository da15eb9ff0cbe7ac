// Members on the web: their reports and drafts, and one draft written across chat and web without losing words.
import { beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { type Browser, signIn } from "./support";

describe("members on the web", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;
  let member: Browser;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);
  const draftOf = async () =>
    h.db
      .selectFrom("drafts")
      .innerJoin("people", "people.id", "drafts.person_id")
      .selectAll("drafts")
      .where("people.name", "=", "李华")
      .where("drafts.submitted_report_id", "is", null)
      .orderBy("drafts.id", "desc")
      .executeTakeFirstOrThrow();
  const formOf = async (draftId: number) => {
    const html = await (await member.get(`/web/drafts/${draftId}`)).text();
    return { html, updatedAt: /name="updatedAt" value="([^"]+)"/.exec(html)?.[1] ?? "" };
  };

  beforeEach(async () => {
    h = await Harness.create();
    users = await seedBasicRoster(h);
    member = await signIn(h, users.member);
  });

  it("lists the member's reports with their status, and only theirs", async () => {
    const own = await writeReport(h, users.member, { title: "关于改善社区养老服务的建议" });
    await writeReport(h, users.standing, { title: "关于规范校外培训收费的建议" });
    const page = await (await member.get("/web/mine")).text();
    expect(page).toContain("关于改善社区养老服务的建议");
    expect(page).toContain(t("status-submitted"));
    expect(page).not.toContain("关于规范校外培训收费的建议");
    const report = await (await member.get(`/web/reports/${own.reportId}`)).text();
    expect(report).toContain(t("event-submitted"));
  });

  it("continues a draft started in chat on the web, and the chat picks up what the web saved", async () => {
    await users.member.send("/new");
    await users.member.send("关于增设公交站台遮阳棚的建议");
    const draft = await draftOf();
    const page = await (await member.get("/web/mine")).text();
    expect(page).toContain(`/web/drafts/${draft.id}`);
    const form = await formOf(draft.id);
    expect(form.html).toContain('value="关于增设公交站台遮阳棚的建议"');

    const situation = `${"夏季高温，候车群众暴晒。".repeat(40)}\n第二段：部分站台无任何遮挡。`;
    const saved = await member.postJson(`/web/api/drafts/${draft.id}`, {
      updatedAt: form.updatedAt,
      title: "关于增设公交站台遮阳棚的建议",
      category: "",
      situation,
      analysis: "",
      suggestions: "一、分批增设遮阳棚。",
    });
    expect(saved.status).toBe(200);
    const stored = await draftOf();
    expect(stored.situation).toBe(situation);
    expect(stored.suggestions).toBe("一、分批增设遮阳棚。");
    expect(stored.situation_done).toBe(1);

    // Back in chat: the flow goes on from the category, then past what the web wrote.
    const category = users.member.lastButtons().find(([label]) => label === "城乡建设")![1];
    await users.member.press(category);
    // The situation and suggestions the web wrote are done (the analysis is optional): the chat shows the preview.
    expect(users.member.lastMessageText().startsWith(t("submit-preview-intro"))).toBe(true);
    expect(users.member.lastMessageText()).toContain("第二段：部分站台无任何遮挡。");
    expect(users.member.lastMessageText()).toContain("一、分批增设遮阳棚。");
    expect((await draftOf()).category).toBe("城乡建设");
    expect((await draftOf()).situation).toBe(situation);
    // And the web shows the category chosen in chat.
    expect((await formOf(draft.id)).html).toContain('value="城乡建设" selected');
  });

  it("refuses to overwrite what the chat added after the page was read", async () => {
    await users.member.send("/new");
    await users.member.send("关于规范共享单车停放的建议");
    const draft = await draftOf();
    const form = await formOf(draft.id);
    h.clock = new Date(h.clock.getTime() + 60_000);
    await h.db
      .updateTable("drafts")
      .set({ situation: "聊天里写的情况。", updated_at: h.clock.toISOString() })
      .where("id", "=", draft.id)
      .execute();
    const late = await member.postJson(`/web/api/drafts/${draft.id}`, {
      updatedAt: form.updatedAt,
      title: "关于规范共享单车停放的建议",
      situation: "网页里写的情况。",
    });
    expect(late.status).toBe(409);
    expect((await late.json()).error).toBe(t("web-draft-changed"));
    expect((await draftOf()).situation).toBe("聊天里写的情况。");
  });

  it("checks the title and length as the chat does; another's draft is not reachable", async () => {
    const created = await member.postForm("/web/drafts", {});
    expect(created.status).toBe(303);
    const draftId = Number(/\/web\/drafts\/(\d+)/.exec(created.headers.get("location")!)![1]);
    const form = await formOf(draftId);
    const short = await member.postJson(`/web/api/drafts/${draftId}`, {
      updatedAt: form.updatedAt,
      title: "短",
    });
    expect(short.status).toBe(400);
    const long = await member.postJson(`/web/api/drafts/${draftId}`, {
      updatedAt: form.updatedAt,
      title: "关于一件事的建议",
      situation: "字".repeat(30_000),
    });
    expect(long.status).toBe(400);
    const other = await signIn(h, users.standing);
    expect((await other.get(`/web/drafts/${draftId}`)).status).toBe(404);
    expect(
      (
        await other.postJson(`/web/api/drafts/${draftId}`, {
          updatedAt: form.updatedAt,
          title: "关于别人草稿的建议",
        })
      ).status,
    ).toBe(404);
  });
});
