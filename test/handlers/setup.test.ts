// The guided set-up and /settings' buttons, through the webhook: questions answered by buttons and typed words,
// refusals, a restart in the middle, schedules chosen as a day and an hour, and presses from people who may not.
import { beforeEach, describe, expect, it } from "vitest";
import { settingsButton } from "../../src/bot/settings-callback";
import { loadSettings } from "../../src/db/settings";
import { DEFAULT_SETTINGS } from "../../src/domain/settings";
import { settingWords } from "../../src/domain/settings-words";
import { type ChatUser, Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

type T = (key: string, variables?: Record<string, string | number>) => string;

function buttonFor(user: ChatUser, label: string): string {
  const found = user.lastButtons().find(([text]) => text === label || text.startsWith(label));
  if (!found) throw new Error(`no button ${label} in ${JSON.stringify(user.lastButtons())}`);
  return found[1];
}

describe("/settings with buttons", () => {
  let h: Harness;
  let admin: ChatUser;
  let staff: ChatUser;
  let t: T;
  beforeEach(async () => {
    h = await Harness.create();
    ({ admin, staff } = await seedBasicRoster(h));
    t = (key, variables) => h.minyi.i18n.t("zh", key, variables);
  });

  it("lists every setting by its Chinese name and value in words, with a button each", async () => {
    await admin.send("/settings");
    const text = admin.texts().at(-1)!;
    expect(text).toContain(
      t("settings-line", {
        label: t("setting-label-quotas"),
        value: settingWords("quotas", DEFAULT_SETTINGS, t),
      }),
    );
    expect(text).toContain("常委每年2篇");
    expect(text).toContain("单篇：本级5分");
    expect(text).toContain("每月1日09:00提醒未完成任务的委员");
    expect(text).not.toMatch(/\d+ \d+ [\d*L]/); // no cron
    expect(text).not.toContain("{");
    expect(text).not.toContain("/settings set");
    const labels = admin.lastButtons().map(([label]) => label);
    expect(labels).toContain(t("setting-label-time-zone"));
    expect(labels).toContain(t("setting-label-member-reminders"));
  });

  it("a button asks the set-up's question; a day and an hour make a schedule", async () => {
    await admin.send("/settings");
    await admin.press(buttonFor(admin, t("setting-label-member-reminders")));
    expect(admin.lastText()).toContain(t("setup-q-day", { what: t("words-job-member-reminders") }));
    await admin.send("每月最后一天");
    expect(admin.lastText()).toBe(
      t("setup-q-hour", { what: t("words-job-member-reminders"), day: t("words-day-monthly-last") }),
    );
    await admin.press(buttonFor(admin, "10:00"));
    expect((await loadSettings(h.db)).schedules.memberReminders).toBe("0 10 L * *");
    expect(admin.texts()).toContain(
      t("setup-changed", {
        label: t("setting-label-member-reminders"),
        value: "每月最后一天10:00提醒未完成任务的委员",
      }),
    );
    expect(admin.lastText()).toBe(t("settings-item-done"));

    // Quotas: one question per writing role, a tap, typed words, and a kept value.
    await admin.press(settingsButton({ action: "open", item: "quotas" }));
    expect(admin.lastText()).toContain(t("setup-q-quota", { role: t("role-standing") }));
    await admin.press(buttonFor(admin, "每年4篇"));
    await admin.send("每季度1篇");
    await admin.press(buttonFor(admin, t("setup-button-keep")));
    const quotas = (await loadSettings(h.db)).quotas;
    expect(quotas.standing).toEqual({ count: 4, period: "year" });
    expect(quotas.member).toEqual({ count: 1, period: "quarter" });
    expect(quotas.informant).toEqual(DEFAULT_SETTINGS.quotas.informant);
    // …then the roles that owe none by default, the same way: a tap on DESIGN's none, a typed one, a kept one.
    expect(admin.lastText()).toContain(t("setup-q-quota-optional", { role: t("role-staff") }));
    await admin.press(buttonFor(admin, `${t("words-quota-none")}${t("setup-default-mark")}`));
    await admin.send("每年1篇");
    await admin.press(buttonFor(admin, t("setup-button-keep")));
    expect(admin.lastText()).toBe(t("settings-item-done"));
    expect((await loadSettings(h.db)).quotas).toMatchObject({
      staff: null,
      leader: { count: 1, period: "year" },
      admin: null,
    });
  });

  it("refuses a bad answer with the reason and asks again; the time zone recounts the statistics", async () => {
    await admin.press(settingsButton({ action: "open", item: "timeZone" }));
    await admin.send("Mars/Olympus");
    expect(admin.texts()).toContain(
      t("setup-refused", { label: t("setting-label-time-zone"), reason: t("settings-reason-time-zone") }),
    );
    expect(admin.lastText()).toContain(t("setup-q-time-zone"));
    await admin.send("Asia/Urumqi");
    expect(admin.texts()).toContain(t("settings-stats-recounting"));
    const basis = await h.db.selectFrom("stats_meta").select("time_zone").executeTakeFirstOrThrow();
    expect(basis.time_zone).toBe("Asia/Urumqi");

    await admin.press(settingsButton({ action: "open", item: "titleMinLength" }));
    await admin.send("70");
    expect(admin.texts().at(-2)).toBe(
      t("setup-refused", {
        label: t("setting-label-title-min-length"),
        reason: t("settings-reason-title-lengths"),
      }),
    );
    await admin.send("很长");
    expect(admin.texts().at(-2)).toBe(t("setup-typed-number"));
    await admin.send("/cancel");
    expect(admin.lastText()).toBe(t("setup-cancelled"));
    await admin.send("8");
    expect((await loadSettings(h.db)).titleMinLength).toBe(5);
  });

  it("refuses presses from anyone but an admin, forged ones included", async () => {
    await admin.press(settingsButton({ action: "open", item: "name" }));
    const choose = settingsButton({ action: "default", question: "publicationName" });
    for (const press of [
      settingsButton({ action: "open", item: "name" }),
      settingsButton({ action: "keep", question: "name" }),
      choose,
      settingsButton({ action: "setup" }),
    ]) {
      await staff.press(press);
      expect(staff.lastText()).toBe(t("error-not-allowed"));
    }
    await staff.send("坏人");
    expect((await loadSettings(h.db)).name).toBe(DEFAULT_SETTINGS.name);
    // An admin's press on a question not waiting for them is stale, and a malformed one is refused.
    await admin.press(choose);
    expect(admin.lastText()).toBe(t("error-stale-button"));
    await admin.press("s1:c:nope:1");
    expect(admin.lastText()).toBe(t("error-stale-button"));
  });
});

describe("the guided set-up", () => {
  it("asks every question in turn, mixing taps and typing, and survives a restart", async () => {
    let h = await Harness.create({ adminIds: [777] });
    const t: T = (key, variables) => h.minyi.i18n.t("zh", key, variables);
    let admin = h.user(777, { firstName: "王主任" });
    await admin.send("/start");
    await admin.press(buttonFor(admin, t("start-first-admin-button")));
    expect(admin.texts()).toContain(t("setup-intro", { steps: 12 }));
    expect(admin.lastText()).toContain(t("setup-q-name"));
    expect(admin.lastText()).toContain(t("setup-step", { step: 1, steps: 12 }));
    await admin.send("某某县政协");
    await admin.send("某县政协");
    // The default is marked on its button.
    expect(admin.lastButtons().map(([label]) => label)).toContain(
      `${t("level-county")}${t("setup-default-mark")}`,
    );
    expect(admin.lastText()).toContain(t("setup-q-own-level"));
    await admin.press(buttonFor(admin, t("level-city")));
    expect(admin.lastText()).toContain(t("setup-q-time-zone"));

    // A restart: the question waits in the database and /start asks it again.
    h = await h.restart();
    admin = h.user(777, { firstName: "王主任" });
    await admin.send("/start");
    expect(admin.texts().at(-2)).toBe(
      t("start-welcome-back", { name: "王主任", committee: "某某县政协", role: t("role-admin") }),
    );
    expect(admin.lastText()).toContain(t("setup-q-time-zone"));
    await admin.press(buttonFor(admin, "北京时间"));
    await admin.send("政协信息");
    await admin.press(buttonFor(admin, "每年2篇"));
    await admin.send("每年1篇");
    await admin.press(buttonFor(admin, "每月1篇"));
    // The roles that owe nothing by default: DESIGN's none is marked; a typed quota; a kept value.
    expect(admin.lastText()).toContain(t("setup-step", { step: 9, steps: 12 }));
    expect(admin.lastText()).toContain(t("setup-q-quota-optional", { role: t("role-staff") }));
    expect(admin.lastButtons().map(([label]) => label)).toContain(
      `${t("words-quota-none")}${t("setup-default-mark")}`,
    );
    await admin.send("每季度1篇");
    expect(admin.lastText()).toContain(t("setup-q-quota-optional", { role: t("role-leader") }));
    await admin.press(buttonFor(admin, "每年1篇"));
    expect(admin.lastText()).toContain(t("setup-q-quota-optional", { role: t("role-admin") }));
    await admin.press(buttonFor(admin, t("setup-button-keep")));
    expect(admin.lastText()).toContain(t("setup-step", { step: 12, steps: 12 }));
    expect(admin.lastText()).toContain(t("setup-q-reject-reasons"));
    await admin.press(buttonFor(admin, t("setup-button-default")));

    const settings = await loadSettings(h.db);
    expect(settings).toMatchObject({
      name: "某某县政协",
      shortName: "某县政协",
      ownLevel: "city",
      timeZone: "Asia/Shanghai",
      publicationName: "政协信息",
      rejectReasons: DEFAULT_SETTINGS.rejectReasons,
      quotas: {
        standing: { count: 2, period: "year" },
        member: { count: 1, period: "year" },
        informant: { count: 1, period: "month" },
        staff: { count: 1, period: "quarter" },
        leader: { count: 1, period: "year" },
        admin: null,
      },
    });
    expect(admin.texts()).toContain(t("setup-done", { committee: "某某县政协" }));
    const template = h.telegram.callsOf("sendDocument").at(-1);
    expect(template?.payload.caption).toBe(t("setup-done-template"));
    expect(template?.files.document?.name).toBe(t("roster-template-file-name"));
    expect(await h.db.selectFrom("setup_progress").selectAll().execute()).toEqual([]);
  });
});
