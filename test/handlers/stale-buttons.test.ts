// Buttons of an older layout still sit in people's chats: each feature's press from before its data carried a
// version mark gets the localized "this button has expired" answer, in the presser's language, and changes
// nothing — no crash, no silence, no message edited or sent.
import { beforeEach, describe, expect, it } from "vitest";
import { translator } from "../../src/bot/i18n";
import { type ChatUser, Harness } from "../support/harness";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;

describe("a press from an older keyboard", () => {
  let h: Harness;
  let r: Roster;
  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
  });

  /** Presses the data and returns the Bot API calls that update made. */
  async function press(user: ChatUser, data: string) {
    const before = h.telegram.calls.length;
    const response = await user.press(data);
    expect(response.status).toBe(200);
    return h.telegram.calls.slice(before);
  }

  async function expectStale(user: ChatUser, data: string, locale: "zh" | "en" = "zh") {
    const calls = await press(user, data);
    expect(
      calls.map((c) => c.method),
      data,
    ).toEqual(["answerCallbackQuery"]);
    expect(calls[0]?.payload).toMatchObject({
      text: translator(h.minyi.i18n, locale)("error-stale-button"),
      show_alert: true,
    });
  }

  async function personId(name: string): Promise<number> {
    return (await h.db.selectFrom("people").select("id").where("name", "=", name).executeTakeFirstOrThrow())
      .id;
  }

  it("/lang: lang:<locale>", async () => {
    await expectStale(r.member, "lang:en");
    expect(await h.db.selectFrom("user_prefs").selectAll().execute()).toEqual([]);
  });

  it("/rank: rk:<period>:<scope>:<offset>", async () => {
    await expectStale(r.leader, "rk:2026Q2:p:0");
    await expectStale(r.staff, "rk:2026:u:20");
  });

  it("the roster: ro:<action>:<person>…", async () => {
    const li = await personId("李华");
    for (const data of [`ro:v:${li}`, `ro:rs:${li}:admin`, `ro:dy:${li}:0`, `ro:dy:${li}`, "ro:p:0:"])
      await expectStale(r.admin, data);
    const row = await h.db.selectFrom("people").selectAll().where("id", "=", li).executeTakeFirstOrThrow();
    expect([row.role, row.active]).toEqual(["member", 1]);
  });

  it("/my: my:<action>:<report>, my:p:<offset>[:<status>]", async () => {
    const { reportId } = await writeReport(h, r.standing);
    for (const data of [
      `my:v:${reportId}`,
      `my:a:${reportId}`,
      `my:r:${reportId}`,
      "my:p:0",
      "my:p:0:returned",
    ])
      await expectStale(r.standing, data);
    expect(await h.db.selectFrom("drafts").select("id").where("report_id", "=", reportId!).execute()).toEqual(
      [],
    );
  });

  it("the Word document: doc:r:<report>", async () => {
    const { reportId } = await writeReport(h, r.standing);
    await expectStale(r.standing, `doc:r:${reportId}`);
    await expectStale(r.staff, `doc:r:${reportId}`);
  });

  it("/drafts: dr:<open|del|del!>:<draft>", async () => {
    await r.member.send("/new");
    await r.member.send("关于一份还没写完的建议");
    await r.member.send("/cancel");
    const draft = await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow();
    for (const action of ["open", "del", "del!"]) await expectStale(r.member, `dr:${action}:${draft.id}`);
    expect(await h.db.selectFrom("drafts").selectAll().executeTakeFirstOrThrow()).toEqual(draft);
  });

  it("the /start menu: menu:<new|drafts|my>", async () => {
    for (const data of ["menu:new", "menu:drafts", "menu:my"]) await expectStale(r.member, data);
    await expectStale(r.staff, "menu:my");
    expect(await h.db.selectFrom("drafts").selectAll().execute()).toEqual([]);
  });

  it("review: rv:<decision>:<report>:<version>…, ra:<step>:<report>:<version>…", async () => {
    const { reportId } = await writeReport(h, r.standing);
    for (const data of [
      `rv:acc:${reportId}:1`,
      `rv:pub:${reportId}:1:s`,
      `rv:retr:${reportId}:1:0`,
      `rv:rett:${reportId}:1`,
      `rv:next:${reportId}`,
      `ra:view:${reportId}`,
      `ra:att:${reportId}`,
      `ra:pnl:${reportId}`,
      `ra:fwd:${reportId}:1:city`,
      `ra:clo:${reportId}:1:y`,
    ])
      await expectStale(r.staff, data);
    const report = await h.db
      .selectFrom("reports")
      .selectAll()
      .where("id", "=", reportId!)
      .executeTakeFirstOrThrow();
    expect([report.status, report.version]).toEqual(["submitted", 1]);
    expect(await h.db.selectFrom("staff_prompts").selectAll().execute()).toEqual([]);
  });

  it("settings and the issue compiler: a version this bot does not write (s2:…, i2:…)", async () => {
    await expectStale(r.admin, "s2:go");
    await expectStale(r.staff, "i2:o:0");
    expect(await h.db.selectFrom("issues").selectAll().execute()).toEqual([]);
  });

  it("is answered in the presser's language", async () => {
    await r.staff.send("/lang en");
    await expectStale(r.staff, `ro:v:${await personId("李华")}`, "en");
  });
});
