// The roster on the web: search, edit role and unit, deactivate (signed out at once), a new invite, and the chat's
// permissions (staff manage writers and leaders; only admins touch staff).
import { beforeEach, describe, expect, it } from "vitest";
import { FILE_LIMITS } from "../../src/files/limits";
import { childReader } from "../../src/files/parse-in-child";
import { xlsxBomb } from "../support/files";
import { Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";
import { rosterXlsx } from "../support/xlsx";
import { type Browser, signIn } from "./support";

describe("roster on the web", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;
  let staff: Browser;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);
  const person = (name: string) =>
    h.db.selectFrom("people").selectAll().where("name", "=", name).executeTakeFirstOrThrow();

  beforeEach(async () => {
    h = await Harness.create();
    users = await seedBasicRoster(h);
    await h.importRosterCsv("姓名,身份,单位\n周敏,委员,经济界\n");
    staff = await signIn(h, users.staff);
  });

  it("searches by name", async () => {
    const all = await (await staff.get("/web/roster")).text();
    expect(all).toContain("张明");
    expect(all).toContain("周敏");
    const found = await (await staff.get(`/web/roster?q=${encodeURIComponent("周")}`)).text();
    expect(found).toContain("周敏");
    expect(found).not.toContain(">张明<");
  });

  it("changes a member's role and unit, re-issues an invite", async () => {
    const zhou = await person("周敏");
    const card = await (await staff.get(`/web/people/${zhou.id}`)).text();
    expect(card).toContain(`https://t.me/`);
    expect(card).toContain(zhou.invite_code!);
    const role = await staff.postForm(`/web/people/${zhou.id}`, { action: "role", role: "standing" });
    expect(await role.text()).toContain(t("roster-role-changed", { name: "周敏", role: t("role-standing") }));
    expect((await person("周敏")).role).toBe("standing");
    const unitId = (
      await h.db.selectFrom("units").select("id").where("name", "=", "民建县委会").executeTakeFirstOrThrow()
    ).id;
    await staff.postForm(`/web/people/${zhou.id}`, { action: "unit", unit: String(unitId) });
    expect((await person("周敏")).unit_id).toBe(unitId);
    await staff.postForm(`/web/people/${zhou.id}`, { action: "invite" });
    const after = await person("周敏");
    expect(after.invite_code).not.toBe(zhou.invite_code);
  });

  it("deactivates a member, who is signed out of the console at once and refused in chat", async () => {
    const member = await signIn(h, users.member);
    const li = await person("李华");
    const answer = await staff.postForm(`/web/people/${li.id}`, { action: "active", active: "0" });
    expect(await answer.text()).toContain(t("roster-deactivated", { name: "李华" }));
    expect((await person("李华")).active).toBe(0);
    expect((await member.get("/web")).status).toBe(401);
    await users.member.send("/new");
    expect(users.member.lastText()).toBe(t("error-deactivated"));
    // Sent again, the same form changes nothing.
    await staff.postForm(`/web/people/${li.id}`, { action: "active", active: "0" });
    expect((await person("李华")).active).toBe(0);
  });

  it("staff may not touch staff or grant staff roles; admins may; members see no roster", async () => {
    const admin = await signIn(h, users.admin);
    const member = await signIn(h, users.member);
    const chen = await person("陈静");
    const li = await person("李华");
    expect((await staff.postForm(`/web/people/${li.id}`, { action: "role", role: "staff" })).status).toBe(
      403,
    );
    expect((await person("李华")).role).toBe("member");
    const liu = await person("刘洋");
    expect((await staff.postForm(`/web/people/${liu.id}`, { action: "active", active: "0" })).status).toBe(
      403,
    );
    expect((await admin.postForm(`/web/people/${chen.id}`, { action: "role", role: "leader" })).status).toBe(
      200,
    );
    expect((await person("陈静")).role).toBe("leader");
    expect((await member.get("/web/roster")).status).toBe(403);
    expect((await member.postForm(`/web/people/${li.id}`, { action: "invite" })).status).toBe(403);
  });
});

describe("roster import on the web", () => {
  let h: Harness;
  let staff: Browser;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);

  beforeEach(async () => {
    h = await Harness.create();
    const users = await seedBasicRoster(h);
    staff = await signIn(h, users.staff);
  });

  const upload = async (name: string, content: string | Uint8Array<ArrayBuffer>, csrf?: string) => {
    const body = new FormData();
    body.set("file", new File([content], name));
    const token = csrf ?? (await staff.csrf());
    return staff.request(`/web/roster/import?_csrf=${encodeURIComponent(token)}`, {
      method: "POST",
      headers: { origin: "https://console.test" },
      body,
    });
  };

  it("imports a CSV with the chat's answer", async () => {
    const answer = await upload("roster.csv", "姓名,身份,单位\n吴刚,委员,经济界\n郑洁,特邀信息员,新单位\n");
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(html).toContain("名单导入成功（共2行）");
    const people = await h.db
      .selectFrom("people")
      .select("name")
      .where("name", "in", ["吴刚", "郑洁"])
      .execute();
    expect(people).toHaveLength(2);
  });

  it("lists every wrong row and imports nothing; staff may not grant staff roles by file", async () => {
    const answer = await upload("roster.csv", "姓名,身份,单位\n,委员,经济界\n赵六,委员,经济界\n");
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain(t("roster-rejected-title", { count: 1 }));
    expect(html).toContain(
      t("roster-rejected-line", { line: 2, reason: t("roster-reason-empty-name", { detail: "" }) }),
    );
    const staffRole = await upload("roster.csv", "姓名,身份,单位\n赵六,工作人员,经济界\n");
    expect(staffRole.status).toBe(400);
    expect(await staffRole.text()).toContain(t("roster-rejected-title", { count: 1 }));
    expect(await h.db.selectFrom("people").select("id").where("name", "=", "赵六").execute()).toHaveLength(0);
  });

  it("refuses an unsupported file, an oversized one, and an upload without the CSRF token", async () => {
    expect((await upload("roster.pdf", "x")).status).toBe(400);
    expect((await upload("roster.csv", new Uint8Array(6 * 1024 * 1024))).status).toBe(413);
    expect((await upload("roster.csv", "姓名,身份,单位\n吴刚,委员,经济界\n", "forged")).status).toBe(403);
    expect(await h.db.selectFrom("people").select("id").where("name", "=", "吴刚").execute()).toHaveLength(0);
  });
});

describe("roster import on the web: hostile files", () => {
  let h: Harness;
  let staff: Browser;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);

  beforeEach(async () => {
    // As `npm start` serves the console: files parsed in a child process, behind the same guard as the chat.
    h = await Harness.create({ files: childReader });
    const users = await seedBasicRoster(h);
    staff = await signIn(h, users.staff);
  });

  const upload = async (name: string, content: Uint8Array<ArrayBuffer>) => {
    const body = new FormData();
    body.set("file", new File([content], name));
    return staff.request(`/web/roster/import?_csrf=${encodeURIComponent(await staff.csrf())}`, {
      method: "POST",
      headers: { origin: "https://console.test" },
      body,
    });
  };

  it("answers an .xlsx bomb and a CSV past the row bound with the chat's refusals", {
    timeout: 60_000,
  }, async () => {
    const good = await rosterXlsx([
      ["姓名", "身份", "单位"],
      ["吴刚", "委员", "经济界"],
    ]);
    const bomb = await upload("roster.xlsx", new Uint8Array(xlsxBomb(good, 512)));
    expect(bomb.status).toBe(400);
    expect(await bomb.text()).toContain(
      t("file-too-large-unpacked", { limit: FILE_LIMITS.unpackedBytes / (1024 * 1024) }),
    );
    const rows = Array.from({ length: FILE_LIMITS.rosterRows + 1 }, (_, i) => `成员${i},委员,经济界`);
    const many = await upload("roster.csv", new TextEncoder().encode(`姓名,身份,单位\n${rows.join("\n")}\n`));
    expect(many.status).toBe(400);
    expect(await many.text()).toContain(t("file-too-many-rows", { limit: FILE_LIMITS.rosterRows }));
    const broken = await upload("roster.xlsx", new Uint8Array(good.subarray(0, good.length / 2)));
    expect(broken.status).toBe(400);
    expect(await broken.text()).toContain(t("roster-error-unreadable"));
    expect(await h.db.selectFrom("people").select("id").where("name", "=", "吴刚").execute()).toHaveLength(0);
  });
});
