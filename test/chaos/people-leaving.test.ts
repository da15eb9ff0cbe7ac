// People leaving: staff deactivate a writer with the roster buttons, an admin takes a staff member's role
// away. Everything they wrote stays — reports, authorship, events, points — and their account can no longer
// act: not in a report flow left open, not with a command, not with a button from an old message, not with a
// typed reply a staff prompt was waiting for.
import { flowData } from "../support/report-script";
import { beforeEach, describe, expect, it } from "vitest";
import { personPoints } from "../../src/db/scores";
import { rosterButtons } from "../../src/handlers/roster/callback-data";
import type { ChatUser, Harness } from "../support/harness";
import { Harness as H, textMessage } from "../support/harness";
import { buttonLabelled, writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { myButtons } from "../../src/handlers/my-reports/callback-data";
import { menuButtons } from "../../src/bot/menu-buttons";
import { draftsButtons } from "../../src/handlers/report/drafts-callback-data";
import { cardButtons, reviewButtons } from "../../src/handlers/review/callback-data";
import { buttonFor } from "../support/codecs";

const rv = reviewButtons.encode;
const ca = cardButtons.encode;

const my = myButtons.encode;
const dr = draftsButtons.encode;

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;
const ALL_TIME = { start: new Date("2000-01-01T00:00:00Z"), end: new Date("2100-01-01T00:00:00Z") };

async function personId(h: Harness, name: string): Promise<number> {
  return (await h.db.selectFrom("people").select("id").where("name", "=", name).executeTakeFirstOrThrow()).id;
}

/** Everything a person's work consists of, to compare before and after. */
async function workOf(h: Harness, names: string[]) {
  const ids = await Promise.all(names.map((n) => personId(h, n)));
  return {
    reports: await h.db.selectFrom("reports").selectAll().orderBy("id").execute(),
    authors: await h.db
      .selectFrom("report_authors")
      .selectAll()
      .orderBy("report_id")
      .orderBy("position")
      .execute(),
    events: await h.db.selectFrom("report_events").selectAll().orderBy("id").execute(),
    revisions: await h.db.selectFrom("report_revisions").selectAll().orderBy("report_id").execute(),
    // Whether a draft is in the flow is bookkeeping, not work: a person who can no longer act leaves the flow.
    drafts: (await h.db.selectFrom("drafts").selectAll().orderBy("id").execute()).map(
      ({ in_flow: _, ...draft }) => draft,
    ),
    points: await Promise.all(ids.map((id) => personPoints(h.db, id, ALL_TIME))),
  };
}

async function versionOf(h: Harness, reportId: number): Promise<number> {
  return (
    await h.db.selectFrom("reports").select("version").where("id", "=", reportId).executeTakeFirstOrThrow()
  ).version;
}

const ro = rosterButtons.encode;

function data(user: ChatUser, prefix: string): string {
  const found = user.lastButtons().find(([, d]) => d.startsWith(prefix));
  if (!found) throw new Error(`no ${prefix} button in ${JSON.stringify(user.lastButtons())}`);
  return found[1];
}

describe("people leaving", () => {
  let h: Harness;
  let r: Roster;
  let first: number;
  let second: number;
  beforeEach(async () => {
    h = await H.create();
    r = await seedBasicRoster(h);
    // 张明 writes two reports (李华 co-authors the first); staff accept, publish, forward; the city adopts.
    first = (await writeReport(h, r.standing, { coauthors: ["李华"] })).reportId!;
    second = (await writeReport(h, r.standing, { title: "关于完善社区养老服务的建议", categoryIndex: 3 }))
      .reportId!;
    await r.staff.press(rv({ action: "publish", reportId: first, version: 1, as: "single" }));
    await r.staff.send(`/report ${first}`);
    await r.staff.press(buttonFor(r.staff, cardButtons, "fwd"));
    await r.staff.press(buttonLabelled(r.staff, "市级"));
    await r.staff.press(
      ca({
        action: "ado",
        reportId: first,
        version: await versionOf(h, first),
        level: "city",
        mode: "single",
      }),
    );
    expect(
      (await h.db.selectFrom("report_events").select("kind").where("report_id", "=", first).execute()).map(
        (e) => e.kind,
      ),
    ).toEqual(["submitted", "accepted", "adopted", "forwarded", "adopted"]);
    expect(await personPoints(h.db, await personId(h, "张明"), ALL_TIME)).toBeGreaterThan(0);
  });

  it("a deactivated writer keeps every report and point, and can no longer act in any way", async () => {
    // 张明 has a report flow open when he is deactivated, and old buttons in his chat.
    await r.standing.send("/new");
    await r.standing.send("关于离任前未写完的建议");
    const openDraft = (
      await h.db.selectFrom("drafts").select("id").where("in_flow", "=", 1).executeTakeFirstOrThrow()
    ).id;
    const before = await workOf(h, ["张明", "李华"]);

    // Staff deactivate him with the roster buttons.
    const zhang = await personId(h, "张明");
    await r.staff.send("/roster 张明");
    await r.staff.press(ro({ action: "card", personId: zhang }));
    await r.staff.press(data(r.staff, ro({ action: "deactivate", personId: zhang })));
    await r.staff.press(data(r.staff, ro({ action: "set-active", personId: zhang, active: false })));
    const row = await h.db.selectFrom("people").selectAll().where("id", "=", zhang).executeTakeFirstOrThrow();
    expect(row.active).toBe(0);
    expect(row.telegram_id).toBe(r.standing.id);

    // Everything he did is still there, points included (his and his co-author's).
    expect(await workOf(h, ["张明", "李华"])).toEqual(before);

    // He can no longer act: the open flow, commands, and buttons of old messages all answer the same.
    const said = r.standing.texts().length;
    const attempts = [
      () => h.post({ message: r.standing.message(textMessage("情况：这一段不应当被保存。")) }),
      () => r.standing.press(flowData(openDraft, "cat:0")),
      () => r.standing.press(flowData(openDraft, "done:situation")),
      () => r.standing.send("/new"),
      () => r.standing.send("/drafts"),
      () => r.standing.send("/my"),
      () => r.standing.send("/me"),
      () => r.standing.press(dr({ action: "open", draftId: openDraft })),
      () => r.standing.press(dr({ action: "delete-confirmed", draftId: openDraft })),
      () => r.standing.press(my({ action: "view", reportId: first })),
      () => r.standing.press(my({ action: "revise", reportId: second })),
      () => r.standing.press(menuButtons.encode({ action: "new" })),
      () => r.standing.sendPhoto("after-leaving"),
    ];
    for (const attempt of attempts) expect((await attempt()).status).toBe(200);
    const answers = r.standing.texts().slice(said);
    expect(answers).toHaveLength(attempts.length);
    for (const answer of answers) expect(answer).toContain("您的账号已停用");
    expect(await workOf(h, ["张明", "李华"])).toEqual(before);

    // Others still see his work under his name.
    await r.member.send("/my");
    expect(r.member.lastText()).toContain("关于加强农村饮水安全管理的建议");
    await r.staff.send(`/report ${first}`);
    expect(r.staff.texts().join("\n")).toContain("张明");

    // Reactivated, he carries on where he was.
    await r.staff.press(ro({ action: "card", personId: zhang }));
    await r.staff.press(data(r.staff, ro({ action: "deactivate", personId: zhang })));
    await r.staff.press(data(r.staff, ro({ action: "set-active", personId: zhang, active: true })));
    await r.standing.send("/drafts");
    expect(r.standing.lastText()).toContain("关于离任前未写完的建议");
  });

  it("a deactivation confirmed twice (a redelivered press, or two staff at once) stays a deactivation", async () => {
    const zhang = await personId(h, "张明");
    await r.staff.send("/roster 张明");
    await r.staff.press(ro({ action: "card", personId: zhang }));
    await r.staff.press(data(r.staff, ro({ action: "deactivate", personId: zhang })));
    const confirm = data(r.staff, ro({ action: "set-active", personId: zhang, active: false }));
    // Two presses: a toggle would have turned him back on.
    await Promise.all([r.staff.press(confirm), r.admin.press(confirm)]);
    const row = await h.db
      .selectFrom("people")
      .select("active")
      .where("id", "=", zhang)
      .executeTakeFirstOrThrow();
    expect(row.active).toBe(0);
  });

  it("a staff member whose role is taken away keeps their record and loses staff powers at once", async () => {
    // 陈静 (staff) has a typed reply pending: the reason for returning the second report.
    await r.staff.press(rv({ action: "return", reportId: second, version: 1 }));
    await r.staff.press(buttonFor(r.staff, reviewButtons, "return-typed"));
    expect(r.staff.lastText()).toMatch(/原因|理由/);
    const chen = await personId(h, "陈静");
    const before = await workOf(h, ["张明", "李华", "陈静"]);

    // The admin makes her a member.
    await r.admin.send("/roster 陈静");
    await r.admin.press(ro({ action: "card", personId: chen }));
    await r.admin.press(data(r.admin, ro({ action: "roles", personId: chen })));
    await r.admin.press(data(r.admin, ro({ action: "set-role", personId: chen, role: "member" })));
    expect(
      (await h.db.selectFrom("people").select("role").where("id", "=", chen).executeTakeFirstOrThrow()).role,
    ).toBe("member");
    expect(await workOf(h, ["张明", "李华", "陈静"])).toEqual(before);

    // Her pending reply, staff commands and staff buttons no longer do anything.
    await r.staff.send("退回原因：这段文字不应当被记录。");
    await r.staff.send("/review");
    await r.staff.press(rv({ action: "accept", reportId: second, version: 1 }));
    await r.staff.press(rv({ action: "return-reason", reportId: second, version: 1, index: 0 }));
    await r.staff.press(ca({ action: "clo", reportId: first, version: 4, confirmed: true }));
    await r.staff.press(ro({ action: "set-active", personId: await personId(h, "李华"), active: false }));
    expect(await workOf(h, ["张明", "李华", "陈静"])).toEqual(before);
    const events = await h.db.selectFrom("report_events").select("note").execute();
    expect(events.map((e) => e.note).join("")).not.toContain("不应当被记录");
    // Her own standing as a writer now: a member with a member's menu of actions.
    await r.staff.send("/new");
    expect(r.staff.lastText()).toContain("第1步");
  });
});
