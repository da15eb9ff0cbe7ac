import { beforeEach, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/db/settings";
import { continueStatsRecount } from "../../src/db/stats-recount";
import { type ChatUser, Harness } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

describe("/settings", () => {
  let h: Harness;
  let admin: ChatUser;
  let staff: ChatUser;
  beforeEach(async () => {
    h = await Harness.create();
    ({ admin, staff } = await seedBasicRoster(h));
  });

  it("shows every setting with the DESIGN defaults to admins, in words", async () => {
    await admin.send("/settings");
    const text = admin.texts().join("\n");
    expect(text).toContain("时区：北京时间（Asia/Shanghai）");
    expect(text).toContain("本会层级：县级");
    expect(text).toContain("常委每年2篇");
  });

  it("changes a value and refuses a bad one with the reason, writing nothing", async () => {
    await admin.send("/settings set timeZone Asia/Urumqi");
    // The statistics are recounted for the new zone from now on, in batches in the background.
    expect(admin.texts().slice(-2)).toEqual([
      "已修改：timeZone = Asia/Urumqi",
      h.minyi.i18n.t("zh", "settings-stats-recounting"),
    ]);
    const basis = await h.db.selectFrom("stats_meta").select(["time_zone"]).executeTakeFirstOrThrow();
    expect(basis.time_zone).toBe("Asia/Urumqi");
    // Meanwhile /stats says the figures are being recounted; once the batches are done, it shows them.
    await admin.send("/stats");
    expect(admin.lastText()).toBe(h.minyi.i18n.t("zh", "stats-recounting", { percent: "0%" }));
    let batches = 0;
    while ((await continueStatsRecount(h.db)) > 0) batches++;
    expect(batches).toBeGreaterThan(0);
    await admin.send("/stats");
    expect(admin.lastText()).toContain("社情民意信息统计");
    await admin.send("/settings set timeZone Mars/Olympus");
    expect(admin.lastText()).toBe("未修改 timeZone：不是有效的时区名称（IANA），例如 Asia/Shanghai");
    await admin.send("/settings set titleMinLength 999");
    expect(admin.lastText()).toBe("未修改 titleMinLength：不能大于100");
    await admin.send("/settings set titleMinLength 70");
    expect(admin.lastText()).toBe(
      "未修改 titleMinLength：标题最短字数（titleMinLength）必须小于最长字数（titleMaxLength）",
    );
    await admin.send('/settings set schedules {"memberReminders":"x"}');
    expect(admin.lastText()).toContain("未修改 schedules.memberReminders：定时表达式应有五段");
    await admin.send("/settings set ownLevel moon");
    expect(admin.lastText()).toBe("未修改 ownLevel：只能是以下之一：county, city, province, national");
    await admin.send("/settings set quotas {");
    expect(admin.lastText()).toContain("未修改 quotas：无法读取这个值。请按 JSON 格式填写，例如：");
    await admin.send("/lang en");
    await admin.send("/settings set bodyMaxLength 50");
    expect(admin.lastText()).toBe("bodyMaxLength was not changed: must be at least 100");
    await admin.send("/lang zh");
    await admin.send("/settings set categories 教育,医疗,其他");
    const settings = await loadSettings(h.db);
    expect(settings.timeZone).toBe("Asia/Urumqi");
    expect(settings.titleMinLength).toBe(5);
    expect(settings.categories).toEqual(["教育", "医疗", "其他"]);
  });

  it("explains unknown keys and shows one key", async () => {
    await admin.send("/settings colour blue");
    expect(admin.lastText()).toContain("没有名为“colour”的设置项");
    await admin.send("/settings ownLevel");
    expect(admin.lastText()).toBe("ownLevel = county");
  });

  it("is for admins only", async () => {
    await staff.send("/settings set name 坏人");
    expect(staff.lastText()).toContain("没有权限");
    expect((await loadSettings(h.db)).name).toBe("政协");
  });
});

describe("bootstrap admins", () => {
  it("an id in ADMIN_TELEGRAM_IDS acts as admin from the first message", async () => {
    const h = await Harness.create({ adminIds: [777] });
    const root = h.user(777, { firstName: "Root" });
    await root.send("/settings set name 某县政协");
    expect(root.lastText()).toContain("已修改");
    const person = await h.db
      .selectFrom("people")
      .selectAll()
      .where("telegram_id", "=", 777)
      .executeTakeFirstOrThrow();
    expect(person.role).toBe("admin");
  });
});
