import { beforeEach, describe, expect, it } from "vitest";
import { loadSettings } from "../../src/db/settings";
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

  it("shows every setting with the DESIGN defaults to admins", async () => {
    await admin.send("/settings");
    const text = admin.texts().join("\n");
    expect(text).toContain("timeZone = Asia/Shanghai");
    expect(text).toContain("ownLevel = county");
    expect(text).toContain('"standing":{"count":2,"period":"year"}');
  });

  it("changes a value and refuses a bad one with the reason, writing nothing", async () => {
    await admin.send("/settings set timeZone Asia/Urumqi");
    expect(admin.lastText()).toContain("已修改：timeZone = Asia/Urumqi");
    await admin.send("/settings set timeZone Mars/Olympus");
    expect(admin.lastText()).toContain("未修改 timeZone");
    expect(admin.lastText()).toContain("IANA");
    await admin.send("/settings set titleMinLength 999");
    expect(admin.lastText()).toContain("未修改");
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
