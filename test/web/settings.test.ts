// The settings form: admins only, each change validated as /settings set validates it, refusals explained.
import { beforeEach, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/db/settings";
import { Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";
import { type Browser, signIn } from "./support";

describe("settings on the web", () => {
  let h: Harness;
  let users: Awaited<ReturnType<typeof seedBasicRoster>>;
  let admin: Browser;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);

  beforeEach(async () => {
    h = await Harness.create();
    users = await seedBasicRoster(h);
    admin = await signIn(h, users.admin);
  });

  it("shows every setting with a Chinese label and changes one", async () => {
    const page = await (await admin.get("/web/settings")).text();
    expect(page).toContain(t("web-setting-publicationName"));
    expect(page).toContain('id="setting-quotas"');
    // The same words as the chat's /settings, schedules included, never as cron.
    const words = (id: string) => page.split(`id="words-${id}">`)[1]?.split("</p>")[0] ?? "";
    expect(words("quotas")).toBe(
      "常委每年2篇；委员每年1篇；特邀信息员每月1篇；信息工作人员、领导、管理员不设任务",
    );
    expect(words("schedules")).toContain("任务提醒：每月1日09:00提醒未完成任务的委员");
    expect(words("schedules")).not.toMatch(/\d \d+ \*/);
    const answer = await admin.postForm("/web/settings", { key: "titleMaxLength", value: "80" });
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain(t("settings-changed", { key: "titleMaxLength", value: "80" }));
    expect((await loadSettings(h.db)).titleMaxLength).toBe(80);
  });

  it("refuses a bad value with the chat's reason, keeps what was typed and writes nothing", async () => {
    const before = await loadSettings(h.db);
    const answer = await admin.postForm("/web/settings", { key: "titleMinLength", value: "500" });
    expect(answer.status).toBe(400);
    const html = await answer.text();
    expect(html).toContain('id="settings-result"');
    expect(html).toContain('value="500"');
    expect(await loadSettings(h.db)).toEqual(before);
  });

  it("is for admins only", async () => {
    const staff = await signIn(h, users.staff);
    expect((await staff.get("/web/settings")).status).toBe(403);
    expect((await staff.postForm("/web/settings", { key: "titleMaxLength", value: "80" })).status).toBe(403);
    expect((await loadSettings(h.db)).titleMaxLength).not.toBe(80);
    expect(await (await staff.get("/web")).text()).not.toContain('href="/web/settings"');
  });
});
