// The issue compiler on the web: the same issue as /issue in chat, compiled with forms (a single piece, a combined
// piece of two, order, 编者按), published through the same functions (编发 recorded, authors told once), the .docx
// downloaded; members refused, a change without the page's CSRF token refused, a published issue frozen.
import { beforeEach, describe, expect, it } from "vitest";
import { readDocx } from "../support/docx-read";
import { Harness } from "../support/harness";
import { addEvent, addReport } from "../support/jobs";
import { seedBasicRoster } from "../support/roster";
import { type Browser, ORIGIN, signIn } from "./support";

describe("the issue compiler on the web", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;
  let staff: Browser;
  let reports: number[];
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);
  const personId = async (telegramId: number) =>
    (
      await h.db
        .selectFrom("people")
        .select("id")
        .where("telegram_id", "=", telegramId)
        .executeTakeFirstOrThrow()
    ).id;
  const openIssueId = async () =>
    (await h.db.selectFrom("issues").select("id").where("status", "=", "open").executeTakeFirstOrThrow()).id;
  const pieces = (issueId: number) =>
    h.db.selectFrom("issue_pieces").selectAll().where("issue_id", "=", issueId).orderBy("position").execute();
  const post = (path: string, fields: [string, string][]) =>
    staff.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: new URLSearchParams(fields).toString(),
    });

  beforeEach(async () => {
    h = await Harness.create();
    users = await seedBasicRoster(h);
    const authors = [await personId(101), await personId(102), await personId(103)];
    const titles = [
      "关于加强农村饮水安全管理的建议",
      "关于规范校外培训机构收费的建议",
      "关于尽快修复危桥的建议",
    ];
    reports = [];
    for (const [i, authorId] of authors.entries()) {
      const id = await addReport(h.db, {
        authorId,
        submittedAt: "2026-05-01T02:00:00.000Z",
        title: titles[i],
      });
      await h.db.updateTable("reports").set({ status: "accepted" }).where("id", "=", id).execute();
      await addEvent(h.db, id, "accepted", "2026-05-02T02:00:00.000Z");
      reports.push(id);
    }
    staff = await signIn(h, users.staff);
  });

  it("compiles, publishes and downloads an issue with a single and a combined piece", async () => {
    const [water, school, bridge] = reports as [number, number, number];
    expect(await (await staff.get("/web/issue")).text()).toContain(t("web-issue-none-open"));
    const csrf = await staff.csrf();
    expect((await staff.postForm("/web/issue/open", {})).status).toBe(303);
    const issueId = await openIssueId();
    const page = await (await staff.get("/web/issue")).text();
    for (const id of reports) expect(page).toContain(`name="report" value="${id}"`);

    expect(
      (
        await post(`/web/issues/${issueId}/add`, [
          ["_csrf", csrf],
          ["report", String(water)],
        ])
      ).status,
    ).toBe(303);
    const combined = await post(`/web/issues/${issueId}/combine`, [
      ["_csrf", csrf],
      ["report", String(school)],
      ["report", String(bridge)],
      ["title", "关于民生领域若干问题的综合反映"],
    ]);
    expect(combined.status).toBe(303);
    let compiled = await pieces(issueId);
    expect(compiled.map((p) => [p.mode, p.title])).toEqual([
      ["single", null],
      ["combined", "关于民生领域若干问题的综合反映"],
    ]);
    await post(`/web/issues/${issueId}/up`, [
      ["_csrf", csrf],
      ["piece", String(compiled[1]!.id)],
    ]);
    await post(`/web/issues/${issueId}/note`, [
      ["_csrf", csrf],
      ["note", "本期刊发三篇信息。"],
    ]);
    await post(`/web/issues/${issueId}/note`, [
      ["_csrf", csrf],
      ["piece", String(compiled[1]!.id)],
      ["note", "问题具有普遍性。"],
    ]);
    compiled = await pieces(issueId);
    expect(compiled.map((p) => [p.mode, p.editor_note])).toEqual([
      ["combined", "问题具有普遍性。"],
      ["single", null],
    ]);

    // The chat shows the same issue.
    await users.staff.send("/issue");
    expect(users.staff.lastText()).toContain("1. 【综合】“关于民生领域若干问题的综合反映”");

    // A preview before publishing: the .docx without a number.
    const preview = await staff.get(`/web/issues/${issueId}/docx`);
    expect(preview.headers.get("content-type")).toContain("wordprocessingml");
    const previewText = readDocx(new Uint8Array(await preview.arrayBuffer())).paragraphs.map((p) => p.text);
    expect(previewText).toContain(t("issue-number-open"));
    expect(previewText).toContain("编者按：问题具有普遍性。");

    // A change without the page's CSRF token is refused.
    expect((await post(`/web/issues/${issueId}/publish`, [])).status).toBe(403);

    const published = await post(`/web/issues/${issueId}/publish`, [["_csrf", csrf]]);
    const label = "《社情民意》2026年第1期";
    expect(await published.text()).toContain(t("issue-published", { label, reports: 3 }));
    const events = await h.db
      .selectFrom("report_events")
      .select(["report_id", "mode", "note"])
      .where("kind", "=", "adopted")
      .orderBy("report_id")
      .execute();
    expect(events).toEqual([
      { report_id: water, mode: "single", note: label },
      { report_id: school, mode: "combined", note: label },
      { report_id: bridge, mode: "combined", note: label },
    ]);
    const notice = t("author-event-published", {
      id: school,
      title: "关于规范校外培训机构收费的建议",
      note: label,
      mode: t("mode-combined"),
    });
    expect(users.member.texts().filter((x) => x === notice)).toHaveLength(1);

    // Publishing again makes no second issue and tells nobody twice; the issue no longer changes.
    const again = await post(`/web/issues/${issueId}/publish`, [["_csrf", csrf]]);
    expect(await again.text()).toContain(t("issue-already-published", { label, reports: 3 }));
    expect(await h.db.selectFrom("issues").selectAll().execute()).toHaveLength(1);
    expect(users.member.texts().filter((x) => x === notice)).toHaveLength(1);
    const frozen = await post(`/web/issues/${issueId}/note`, [
      ["_csrf", csrf],
      ["note", "改"],
    ]);
    expect(frozen.status).toBe(409);
    expect(await frozen.text()).toContain(t("issue-not-open", { label }));

    const file = await staff.get(`/web/issues/${issueId}/docx`);
    expect(file.headers.get("content-disposition")).toContain(encodeURIComponent("社情民意2026年第1期.docx"));
    const text = readDocx(new Uint8Array(await file.arrayBuffer())).paragraphs.map((p) => p.text);
    expect(text[0]).toBe("社情民意");
    expect(text).toContain("2026年第1期");
    expect(text).toContain("关于民生领域若干问题的综合反映");
    expect(text).toContain("反映人：张明（民建县委会）");
    expect(await (await staff.get("/web/issue")).text()).toContain(label);
  });

  it("takes one report out of a combined piece; it can be added again", async () => {
    const csrf = await staff.csrf();
    await staff.postForm("/web/issue/open", {});
    const issueId = await openIssueId();
    await post(`/web/issues/${issueId}/combine`, [
      ["_csrf", csrf],
      ...reports.map((id): [string, string] => ["report", String(id)]),
      ["title", "综合反映"],
    ]);
    expect(await (await staff.get("/web/issue")).text()).toContain(`id="remove-report-${reports[1]}"`);
    const removed = await post(`/web/issues/${issueId}/remove-report`, [
      ["_csrf", csrf],
      ["report", String(reports[1])],
    ]);
    expect(removed.status).toBe(303);
    const members = await h.db.selectFrom("issue_reports").select("report_id").orderBy("position").execute();
    expect(members.map((m) => m.report_id)).toEqual([reports[0], reports[2]]);
    expect(await (await staff.get("/web/issue")).text()).toContain(`name="report" value="${reports[1]}"`);
  });

  it("adds an accepted report from its page to the issue being compiled, opening one", async () => {
    const reportPage = await (await staff.get(`/web/reports/${reports[0]}`)).text();
    expect(reportPage).toContain('id="add-to-issue"');
    const added = await staff.postForm("/web/issues/0/add", { report: String(reports[0]) });
    expect(added.status).toBe(303);
    const members = await h.db.selectFrom("issue_reports").select("report_id").execute();
    expect(members).toEqual([{ report_id: reports[0] }]);
    expect(await (await staff.get(`/web/reports/${reports[0]}`)).text()).not.toContain('id="add-to-issue"');
    const twice = await staff.postForm("/web/issues/0/add", { report: String(reports[0]) });
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain(t("issue-not-includable", { id: reports[0]! }));
  });

  it("refuses members the compiler and its changes", async () => {
    const member = await signIn(h, users.member);
    expect((await member.get("/web/issue")).status).toBe(403);
    expect((await member.postForm("/web/issue/open", {})).status).toBe(403);
    await staff.postForm("/web/issue/open", {});
    const issueId = await openIssueId();
    expect((await member.postForm(`/web/issues/${issueId}/add`, { report: String(reports[0]) })).status).toBe(
      403,
    );
    expect((await member.get(`/web/issues/${issueId}/docx`)).status).toBe(403);
    expect(await pieces(issueId)).toEqual([]);
  });
});
