// Staff review on the web: the queue, a report's full text, attachments and timeline, decisions through the same
// functions as the chat (authors told in chat), a decision raced by the chat refused with who acted, and roles.
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness";
import { buttonLabelled, writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { type Browser, signIn } from "./support";

describe("staff review on the web", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;
  let staff: Browser;
  let reportId: number;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);

  const report = () =>
    h.db.selectFrom("reports").selectAll().where("id", "=", reportId).executeTakeFirstOrThrow();
  const versionOnPage = async (browser: Browser) => {
    const html = await (await browser.get(`/web/reports/${reportId}`)).text();
    return /name="version" value="(\d+)"/.exec(html)?.[1] ?? "";
  };

  beforeEach(async () => {
    h = await Harness.create();
    users = await seedBasicRoster(h);
    const written = await writeReport(h, users.member, {
      title: "关于改善老旧小区停车难的建议",
      situation: ["老旧小区车位严重不足。", "夜间占道停车普遍。"],
      suggestions: ["一、挖潜增设车位。"],
      photos: ["photo-1"],
    });
    reportId = written.reportId!;
    staff = await signIn(h, users.staff);
  });

  it("lists the queue and shows a report's full text, attachments and timeline", async () => {
    expect(await (await staff.get("/web")).text()).toContain(t("web-home-queue", { count: 1 }));
    const queue = await (await staff.get("/web/queue")).text();
    expect(queue).toContain(`/web/reports/${reportId}`);
    expect(queue).toContain("关于改善老旧小区停车难的建议");
    const page = await (await staff.get(`/web/reports/${reportId}`)).text();
    expect(page).toContain("老旧小区车位严重不足。");
    expect(page).toContain("一、挖潜增设车位。");
    expect(page).toContain(t("event-submitted"));
    expect(page).toMatch(new RegExp(`/web/reports/${reportId}/attachments/\\d+`));
    // The photo as Telegram keeps it: the console fetches it through the bot's getFile.
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const fileId = h.telegram.addFile(bytes, "photo.jpg");
    await h.db
      .updateTable("report_attachments")
      .set({ file_id: fileId })
      .where("report_id", "=", reportId)
      .execute();
    const attachment = /href="(\/web\/reports\/\d+\/attachments\/\d+)"/.exec(page)![1]!;
    const file = await staff.get(attachment);
    expect(file.status).toBe(200);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(bytes);
    // Another's report's attachment is not reachable through this one.
    expect((await staff.get(attachment.replace(/\/\d+$/, "/999999"))).status).toBe(404);
  });

  it("accepts with publication as the chat does: status, events, and the author told in chat", async () => {
    const answer = await staff.postForm(`/web/reports/${reportId}/decide`, {
      action: "accept",
      version: await versionOnPage(staff),
      publish: "single",
    });
    expect(answer.status).toBe(303);
    expect((await report()).status).toBe("accepted");
    const events = await h.db
      .selectFrom("report_events")
      .selectAll()
      .where("report_id", "=", reportId)
      .execute();
    expect(events.map((e) => [e.kind, e.level, e.mode])).toEqual([
      ["submitted", null, null],
      ["accepted", null, null],
      ["adopted", "county", "single"],
    ]);
    expect(users.member.texts()).toContain(
      t("author-event-accepted", { id: reportId, title: "关于改善老旧小区停车难的建议" }),
    );
    const page = await (await staff.get(answer.headers.get("location")!)).text();
    expect(page).toContain(t("web-decision-recorded", { event: t("event-accepted") }));
  });

  it("a fault while queuing the author's notice leaves neither the decision nor the notice; posted again, both, once", async () => {
    const version = await versionOnPage(staff);
    const notices = () =>
      h.db.selectFrom("outbox").select("text").where("chat_id", "=", users.member.id).execute();
    // Fails inside the decision's transaction, after its events were inserted.
    await sql`create trigger fail_outbox before insert on outbox begin select raise(abort, 'injected'); end`.execute(
      h.db,
    );
    const failed = await staff.postForm(`/web/reports/${reportId}/decide`, { action: "accept", version });
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect((await report()).status).toBe("submitted");
    expect(await notices()).toEqual([]);
    await sql`drop trigger fail_outbox`.execute(h.db);
    const recorded = await staff.postForm(`/web/reports/${reportId}/decide`, { action: "accept", version });
    expect(recorded.status).toBe(303);
    // The same form sent once more (a double submit) is refused and queues nothing.
    const twice = await staff.postForm(`/web/reports/${reportId}/decide`, { action: "accept", version });
    expect(twice.status).toBe(409);
    expect((await report()).status).toBe("accepted");
    const accepted = t("author-event-accepted", { id: reportId, title: "关于改善老旧小区停车难的建议" });
    expect(await notices()).toEqual([{ text: accepted }]);
    expect(users.member.texts().filter((x) => x === accepted)).toHaveLength(1);
  });

  it("returns with a reason; an empty reason is refused and nothing recorded", async () => {
    const version = await versionOnPage(staff);
    const empty = await staff.postForm(`/web/reports/${reportId}/decide`, {
      action: "return",
      version,
      note: " ",
    });
    expect(empty.status).toBe(400);
    expect((await report()).status).toBe("submitted");
    const returned = await staff.postForm(`/web/reports/${reportId}/decide`, {
      action: "return",
      version,
      note: "请补充具体小区名称。",
    });
    expect(returned.status).toBe(303);
    expect((await report()).status).toBe("returned");
    expect(users.member.texts().join("\n")).toContain("请补充具体小区名称。");
  });

  it("a decision on a page the chat has overtaken is refused and says who acted", async () => {
    const version = await versionOnPage(staff);
    // Another staff member (the admin) rejects it in chat meanwhile.
    await users.admin.send("/review");
    await users.admin.press(buttonLabelled(users.admin, "不予录用"));
    await users.admin.press(buttonLabelled(users.admin, "其他原因"));
    await users.admin.send("重复报送。");
    expect((await report()).status).toBe("rejected");

    const late = await staff.postForm(`/web/reports/${reportId}/decide`, { action: "accept", version });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain(
      t("action-already-handled", { id: reportId, event: t("event-rejected"), name: "刘洋" }),
    );
    expect((await report()).status).toBe("rejected");
  });

  it("records the steps after acceptance: forward, adoption above, 批示, transfer, reply, close", async () => {
    const step = async (fields: Record<string, string>) => {
      const answer = await staff.postForm(`/web/reports/${reportId}/decide`, {
        ...fields,
        version: await versionOnPage(staff),
      });
      expect(answer.status, JSON.stringify(fields)).toBe(303);
    };
    await step({ action: "accept", publish: "" });
    // Adoption one level up before forwarding is refused, as in chat.
    const early = await staff.postForm(`/web/reports/${reportId}/decide`, {
      action: "adopt",
      level: "city",
      mode: "single",
      version: await versionOnPage(staff),
    });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain(
      t("refusal-not-forwarded", { status: t("status-accepted"), level: t("level-city") }),
    );
    await step({ action: "forward", level: "city" });
    await step({ action: "adopt", level: "city", mode: "combined" });
    await step({ action: "instruct", level: "city", note: "请有关部门研究落实。" });
    await step({ action: "transfer", department: "县住建局" });
    await step({ action: "reply", note: "已增设车位200个。" });
    await step({ action: "close" });
    const kinds = (
      await h.db.selectFrom("report_events").select("kind").where("report_id", "=", reportId).execute()
    ).map((e) => e.kind);
    expect(kinds).toEqual([
      "submitted",
      "accepted",
      "forwarded",
      "adopted",
      "instructed",
      "transferred",
      "replied",
      "closed",
    ]);
    expect((await report()).status).toBe("closed");
  });

  it("records 阅批 apart from 批示, with the leader's comment, and shows it in the timeline", async () => {
    const step = async (fields: Record<string, string>) => {
      const answer = await staff.postForm(`/web/reports/${reportId}/decide`, {
        ...fields,
        version: await versionOnPage(staff),
      });
      expect(answer.status, JSON.stringify(fields)).toBe(303);
    };
    await step({ action: "accept", publish: "" });
    expect(await (await staff.get(`/web/reports/${reportId}`)).text()).toContain(t("web-read-note"));
    await step({ action: "read", level: "county", note: "县政协主席阅批：已阅，请跟踪。" });
    const events = await h.db
      .selectFrom("report_events")
      .select(["kind", "level", "note"])
      .where("report_id", "=", reportId)
      .orderBy("id")
      .execute();
    expect(events.at(-1)).toEqual({ kind: "read", level: "county", note: "县政协主席阅批：已阅，请跟踪。" });
    const page = await (await staff.get(`/web/reports/${reportId}`)).text();
    expect(page).toContain(`<b>${t("event-read")}</b>`);
    expect(page).toContain("县政协主席阅批：已阅，请跟踪。");
    // A comment is required, as in chat.
    const empty = await staff.postForm(`/web/reports/${reportId}/decide`, {
      action: "read",
      level: "county",
      note: "",
      version: await versionOnPage(staff),
    });
    expect(empty.status).toBeGreaterThanOrEqual(400);
  });

  it("members and leaders may not decide; a member reads only their own reports", async () => {
    const member = await signIn(h, users.member);
    const leader = await signIn(h, users.leader);
    const informant = await signIn(h, users.informant);
    expect((await member.get("/web/queue")).status).toBe(403);
    expect((await member.get(`/web/reports/${reportId}`)).status).toBe(200);
    expect(await (await member.get(`/web/reports/${reportId}`)).text()).not.toContain("/decide");
    expect((await informant.get(`/web/reports/${reportId}`)).status).toBe(403);
    for (const browser of [member, leader]) {
      const answer = await browser.postForm(`/web/reports/${reportId}/decide`, {
        action: "accept",
        version: "1",
      });
      expect(answer.status).toBe(403);
    }
    expect((await report()).status).toBe("submitted");
  });
});
