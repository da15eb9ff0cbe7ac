// The roster on the web: search, edit role and unit, deactivate (signed out at once), a new invite, and the chat's
// permissions (staff manage writers and leaders; only admins touch staff).
import { beforeEach, describe, expect, it } from "vitest";
import { Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";
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
