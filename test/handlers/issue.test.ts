// /issue through the webhook: staff compile the committee's publication from accepted reports (a single piece and
// a combined piece of two), write 编者按, order and publish it; 编发 is recorded as the review records it, points
// and /stats follow, the authors are told once, the .docx reads as the issue, and a forged press changes nothing.
import { sql } from "kysely";
import { beforeEach, describe, expect, it } from "vitest";
import { issueButton } from "../../src/bot/issue-buttons";
import { readDocx } from "../support/docx-read";
import { type ChatUser, Harness } from "../support/harness";
import { addEvent, addReport } from "../support/jobs";
import { buttonLabelled, writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { cardButtons } from "../../src/handlers/review/callback-data";

const ca = cardButtons.encode;

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;

async function currentIssue(h: Harness) {
  return h.db.selectFrom("issues").selectAll().where("status", "=", "open").executeTakeFirst();
}

async function adoptedEvents(h: Harness) {
  return h.db
    .selectFrom("report_events")
    .select(["report_id", "level", "mode", "note"])
    .where("kind", "=", "adopted")
    .orderBy("report_id")
    .execute();
}

function lastDocument(h: Harness) {
  const call = h.telegram.callsOf("sendDocument").at(-1);
  const file = call?.files.document;
  if (!file) throw new Error("no document sent");
  return { chatId: Number(call.payload.chat_id), name: file.name, content: readDocx(file.bytes) };
}

/** Accepts a submitted report from the review queue without publishing it (录用，暂不编发). */
async function acceptOnly(staff: ChatUser) {
  await staff.send("/review");
  await staff.press(buttonLabelled(staff, "✅ 录用"));
  await staff.press(buttonLabelled(staff, "录用，暂不编发"));
}

describe("/issue: compiling and publishing the committee's publication", () => {
  let h: Harness;
  let r: Roster;
  const t = (key: string, variables?: Record<string, string | number>) =>
    h.minyi.i18n.t("zh", key, variables);

  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  it("publishes one single and one combined piece of two reports: 编发 recorded, points and stats follow, authors told once, the .docx is the issue", async () => {
    const water = await writeReport(h, r.standing, {
      title: "关于加强农村饮水安全管理的建议",
      situation: ["某村饮水困难，涉及1200人。"],
      suggestions: ["建立水质定期检测制度。"],
    });
    const school = await writeReport(h, r.member, {
      title: "关于规范校外培训机构收费的建议",
      situation: ["部分培训机构预收费过高，退费难。"],
      suggestions: ["建立预收费资金监管账户。"],
    });
    const bridge = await writeReport(h, r.informant, {
      title: "关于尽快修复危桥的建议",
      situation: ["某镇一座桥梁出现裂缝。"],
      analysis: "年久失修，缺少检测。",
      suggestions: ["立即封闭并组织检测。"],
    });
    // The first from the queue goes straight into the issue; the other two are accepted and added later.
    await r.staff.send("/review");
    await r.staff.press(buttonLabelled(r.staff, "✅ 录用"));
    await r.staff.press(buttonLabelled(r.staff, "录用并加入本期"));
    expect(r.staff.texts()).toContain(
      t("review-done-added-to-issue", { id: water.reportId!, title: "关于加强农村饮水安全管理的建议" }),
    );
    await acceptOnly(r.staff);
    await acceptOnly(r.staff);
    const issue = await currentIssue(h);
    expect(issue).toBeDefined();

    // /issue shows the issue with the single piece; the candidates are the two accepted reports.
    await r.staff.send("/issue");
    expect(r.staff.lastText()).toContain(t("issue-panel-open", { publication: "社情民意" }));
    expect(r.staff.lastText()).toContain("【单篇】“关于加强农村饮水安全管理的建议”");
    await r.staff.press(issueButton(issue!.id, { action: "candidates", page: 0 }));
    expect(r.staff.lastText()).toContain(t("issue-candidates-title", { total: 2 }));

    // Merge the two into a combined piece: pick both, then type the editor's title.
    await r.staff.press(buttonLabelled(r.staff, "返回"));
    await r.staff.press(buttonLabelled(r.staff, "合成综合稿"));
    await r.staff.press(buttonLabelled(r.staff, `#${school.reportId}`));
    await r.staff.press(buttonLabelled(r.staff, `#${bridge.reportId}`));
    expect(r.staff.lastText()).toBe(t("issue-merge-title", { count: 2 }));
    await r.staff.press(buttonLabelled(r.staff, "选好了"));
    expect(r.staff.lastText()).toBe(t("issue-ask-combined-title", { count: 2, max: 60 }));
    await r.staff.send("关于民生领域若干问题的综合反映");
    expect(r.staff.texts()).toContain(t("issue-title-saved"));
    expect(r.staff.lastText()).toContain("2. 【综合】“关于民生领域若干问题的综合反映”");

    // Move the combined piece first, give it and the issue a 编者按.
    await r.staff.press(buttonLabelled(r.staff, "2"));
    await r.staff.press(buttonLabelled(r.staff, "上移"));
    expect(r.staff.lastText()).toContain("1. 【综合】“关于民生领域若干问题的综合反映”");
    await r.staff.press(buttonLabelled(r.staff, "编者按"));
    await r.staff.send("这两篇信息反映的问题具有普遍性。");
    await r.staff.press(buttonLabelled(r.staff, "本期编者按"));
    expect(r.staff.lastText()).toBe(t("issue-ask-issue-note", { max: 500 }));
    await r.staff.send("本期刊发三篇信息，供参阅。");
    expect(r.staff.lastText()).toContain(t("issue-panel-issue-note", { note: "本期刊发三篇信息，供参阅。" }));

    // Nothing is recorded before publishing.
    expect(await adoptedEvents(h)).toEqual([]);
    await r.staff.press(buttonLabelled(r.staff, "预览"));
    expect(r.staff.lastText()).toContain("编者按：这两篇信息反映的问题具有普遍性。");

    await r.staff.press(buttonLabelled(r.staff, "编发本期"));
    expect(r.staff.lastText()).toBe(
      t("issue-publish-ask", { publication: "社情民意", pieces: 2, reports: 3 }),
    );
    const confirm = buttonLabelled(r.staff, "确认编发");
    await r.staff.press(confirm);
    const label = "《社情民意》2026年第1期";
    expect(r.staff.texts()).toContain(t("issue-published", { label, reports: 3 }));

    // 编发 as the review records it: own level, single or combined, naming the issue.
    expect(await adoptedEvents(h)).toEqual([
      { report_id: water.reportId, level: "county", mode: "single", note: label },
      { report_id: school.reportId, level: "county", mode: "combined", note: label },
      { report_id: bridge.reportId, level: "county", mode: "combined", note: label },
    ]);
    const published = await h.db.selectFrom("issues").selectAll().execute();
    expect(published).toMatchObject([{ status: "published", year: 2026, number: 1 }]);

    // The Word file: masthead, number, the issuer, each piece with its 编者按, authors and text.
    const doc = lastDocument(h);
    expect(doc.chatId).toBe(r.staff.id);
    expect(doc.name).toBe("社情民意2026年第1期.docx");
    const text = doc.content.paragraphs.map((p) => p.text);
    expect(text[0]).toBe("社情民意");
    expect(text).toContain("2026年第1期");
    expect(text.some((p) => p.startsWith("政协编印") && p.endsWith("2026年5月15日"))).toBe(true);
    expect(text).toContain("编者按：本期刊发三篇信息，供参阅。");
    const combinedAt = text.indexOf("关于民生领域若干问题的综合反映");
    const singleAt = text.indexOf("关于加强农村饮水安全管理的建议");
    expect(combinedAt).toBeGreaterThan(0);
    expect(singleAt).toBeGreaterThan(combinedAt);
    expect(text).toContain("编者按：这两篇信息反映的问题具有普遍性。");
    expect(text).toContain("“关于规范校外培训机构收费的建议”");
    expect(text).toContain("反映人：李华（民建县委会）");
    expect(text).toContain("反映人：王芳（经济界）");
    expect(text).toContain("反映人：张明（民建县委会）");
    expect(text).toContain("年久失修，缺少检测。");
    expect(text).toContain("一、基本情况");
    expect(doc.content.page).toMatchObject({ width: 11906, height: 16838 });

    // Authors are told once, in their language, through the outbox.
    const notice = (id: number, title: string, mode: string) =>
      t("author-event-published", { id, title, note: label, mode: t(`mode-${mode}`) });
    const waterNotice = notice(water.reportId!, "关于加强农村饮水安全管理的建议", "single");
    const schoolNotice = notice(school.reportId!, "关于规范校外培训机构收费的建议", "combined");
    expect(r.standing.texts().filter((x) => x === waterNotice)).toHaveLength(1);
    expect(r.member.texts().filter((x) => x === schoolNotice)).toHaveLength(1);

    // Publishing again (a second press, a redelivered update) makes no second issue and no second notice.
    await r.staff.press(confirm);
    expect(r.staff.texts()).toContain(t("issue-already-published", { label, reports: 3 }));
    expect(await h.db.selectFrom("issues").selectAll().execute()).toHaveLength(1);
    expect(await adoptedEvents(h)).toHaveLength(3);
    expect(r.standing.texts().filter((x) => x === waterNotice)).toHaveLength(1);
    expect(r.member.texts().filter((x) => x === schoolNotice)).toHaveLength(1);
    // …and the issue cannot change any more.
    await r.staff.press(issueButton(published[0]!.id, { action: "note", pieceId: null }));
    expect(r.staff.lastText()).toBe(t("issue-not-open", { label }));

    // Points follow: 5 for a single piece, 2 for a combined one (DESIGN's scoring table); /stats counts them.
    await r.standing.send("/me");
    expect(r.standing.lastText()).toContain("2026年积分：5分（采用1篇");
    await r.member.send("/me");
    expect(r.member.lastText()).toContain("2026年积分：2分（采用1篇");
    await r.leader.send("/stats");
    expect(r.leader.lastText()).toContain(
      t("stats-adopted-level", {
        level: t("level-county"),
        single: 1,
        singleDelta: "+1",
        combined: 2,
        combinedDelta: "+2",
      }),
    );

    // The next /issue starts a new, empty issue: published reports are no longer candidates.
    await r.staff.send("/issue");
    expect(r.staff.lastText()).toContain(t("issue-panel-empty"));
    await r.staff.press(buttonLabelled(r.staff, "加入信息"));
    expect(r.staff.lastText()).toBe(t("issue-candidates-none"));
  });

  it("a fault while queuing the authors' notices leaves the issue open with no 编发; published again, both, once", async () => {
    const title = "关于加强农村饮水安全管理的建议";
    const { reportId } = await writeReport(h, r.member, { title });
    await acceptOnly(r.staff);
    await r.staff.send(`/issue ${reportId}`);
    const issue = await currentIssue(h);
    const notices = () =>
      h.db.selectFrom("outbox").select("text").where("chat_id", "=", r.member.id).execute();
    const before = await notices();
    // Fails inside the publishing transaction, after the report's 编发 was inserted.
    await sql`create trigger fail_outbox before insert on outbox begin select raise(abort, 'injected'); end`.execute(
      h.db,
    );
    const confirm = issueButton(issue!.id, { action: "publish-confirmed" });
    expect((await r.staff.press(confirm)).status).not.toBe(200);
    expect(await currentIssue(h)).toMatchObject({ id: issue!.id, status: "open", number: null });
    expect(await adoptedEvents(h)).toEqual([]);
    expect(await notices()).toEqual(before);
    await sql`drop trigger fail_outbox`.execute(h.db);
    expect((await r.staff.press(confirm)).status).toBe(200);
    await r.staff.press(confirm);
    const label = "《社情民意》2026年第1期";
    expect(await adoptedEvents(h)).toHaveLength(1);
    const published = t("author-event-published", {
      id: reportId!,
      title,
      note: label,
      mode: t("mode-single"),
    });
    expect((await notices()).filter((n) => n.text === published)).toHaveLength(1);
    expect(r.member.texts().filter((x) => x === published)).toHaveLength(1);
  });

  it("numbers issues per year", async () => {
    const staffId = (
      await h.db
        .selectFrom("people")
        .select("id")
        .where("telegram_id", "=", r.staff.id)
        .executeTakeFirstOrThrow()
    ).id;
    const authorId = (
      await h.db
        .selectFrom("people")
        .select("id")
        .where("telegram_id", "=", r.member.id)
        .executeTakeFirstOrThrow()
    ).id;
    const publishOne = async () => {
      const reportId = await addReport(h.db, {
        authorId,
        submittedAt: new Date(h.clock.getTime() - 86_400_000).toISOString(),
        status: "accepted",
      });
      await addEvent(h.db, reportId, "accepted", new Date(h.clock.getTime() - 3_600_000).toISOString());
      await r.staff.send(`/issue ${reportId}`);
      const issue = await currentIssue(h);
      await r.staff.press(issueButton(issue!.id, { action: "publish-confirmed" }));
      return h.db
        .selectFrom("issues")
        .select(["year", "number"])
        .where("id", "=", issue!.id)
        .executeTakeFirstOrThrow();
    };
    expect(staffId).toBeGreaterThan(0);
    h.clock = new Date("2026-03-01T02:00:00Z");
    expect(await publishOne()).toEqual({ year: 2026, number: 1 });
    h.clock = new Date("2026-06-01T02:00:00Z");
    expect(await publishOne()).toEqual({ year: 2026, number: 2 });
    // 2026-12-31T17:00Z is already 2027 in Shanghai.
    h.clock = new Date("2026-12-31T17:00:00Z");
    expect(await publishOne()).toEqual({ year: 2027, number: 1 });
    expect(r.staff.texts()).toContain(t("issue-published", { label: "《社情民意》2027年第1期", reports: 1 }));
  });

  it("refuses a member's forged issue buttons and /issue, and changes nothing", async () => {
    await r.staff.send("/issue");
    const issue = await currentIssue(h);
    const before = await h.db.selectFrom("issue_pieces").selectAll().execute();
    for (const press of [
      issueButton(issue!.id, { action: "publish-confirmed" }),
      issueButton(0, { action: "add", reportId: 1 }),
      issueButton(issue!.id, { action: "note", pieceId: null }),
    ]) {
      await r.member.press(press);
      expect(r.member.lastText()).toBe(t("error-not-allowed"));
    }
    await r.member.send("/issue");
    expect(r.member.lastText()).toBe(t("error-not-allowed"));
    expect(await h.db.selectFrom("issue_pieces").selectAll().execute()).toEqual(before);
    expect(await currentIssue(h)).toMatchObject({ status: "open" });
    expect(await h.db.selectFrom("staff_prompts").selectAll().execute()).toEqual([]);
  });

  it("adds an accepted report from its card, once", async () => {
    const { reportId } = await writeReport(h, r.member);
    await acceptOnly(r.staff);
    await r.staff.send(`/report ${reportId}`);
    const add = buttonLabelled(r.staff, t("card-button-add-to-issue"));
    await r.staff.press(add);
    expect(r.staff.lastText()).toBe(
      t("issue-added", { id: reportId!, title: "关于加强农村饮水安全管理的建议" }),
    );
    // The card no longer offers it; an old card's button is refused.
    await r.staff.send(`/report ${reportId}`);
    expect(r.staff.lastButtons().map(([label]) => label)).not.toContain(t("card-button-add-to-issue"));
    await r.staff.press(add);
    expect(r.staff.lastText()).toBe(t("issue-not-includable", { id: reportId! }));
    expect(await h.db.selectFrom("issue_reports").select("report_id").execute()).toEqual([
      { report_id: reportId },
    ]);
  });

  it("publishes nothing when a report of the issue was published another way meanwhile, and says which", async () => {
    const first = await writeReport(h, r.member);
    const second = await writeReport(h, r.standing, { title: "关于规范校外培训机构收费的建议" });
    await acceptOnly(r.staff);
    await acceptOnly(r.staff);
    await r.staff.send(`/issue ${first.reportId}`);
    await r.staff.send(`/issue ${second.reportId}`);
    const issue = await currentIssue(h);
    // Someone records the second as published in the bulletin from its card (a single piece, own level).
    const report = await h.db
      .selectFrom("reports")
      .select("version")
      .where("id", "=", second.reportId!)
      .executeTakeFirstOrThrow();
    await r.admin.press(
      ca({
        action: "ado",
        reportId: second.reportId!,
        version: report.version,
        level: "county",
        mode: "single",
      }),
    );
    expect(await adoptedEvents(h)).toHaveLength(1);

    await r.staff.press(issueButton(issue!.id, { action: "publish-confirmed" }));
    expect(r.staff.lastText()).toBe(
      t("issue-publish-refused", { id: second.reportId!, title: "关于规范校外培训机构收费的建议" }),
    );
    expect(await adoptedEvents(h)).toHaveLength(1);
    expect(await currentIssue(h)).toMatchObject({ id: issue!.id, number: null });

    // Taken out, the rest publishes.
    const piece = await h.db
      .selectFrom("issue_reports")
      .select("piece_id")
      .where("report_id", "=", second.reportId!)
      .executeTakeFirstOrThrow();
    await r.staff.press(issueButton(issue!.id, { action: "remove", pieceId: piece.piece_id }));
    await r.staff.press(issueButton(issue!.id, { action: "publish-confirmed" }));
    expect(r.staff.texts()).toContain(t("issue-published", { label: "《社情民意》2026年第1期", reports: 1 }));
    expect(await adoptedEvents(h)).toHaveLength(2);
  });

  it("refuses a report that is not accepted, and a malformed button", async () => {
    const { reportId } = await writeReport(h, r.member);
    await r.staff.send(`/issue ${reportId}`);
    expect(r.staff.texts()).toContain(t("issue-not-includable", { id: reportId! }));
    await r.staff.press("i1:a:0:x");
    expect(r.staff.lastText()).toBe(t("error-stale-button"));
    expect(await h.db.selectFrom("issue_reports").selectAll().execute()).toEqual([]);
  });
});
