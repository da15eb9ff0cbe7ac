// The settings are read again only when their version (settings_version, moved by triggers) moved: an update
// reads the version with its first statement (process claims, as `npm start` holds them), and a change from any
// connection — the CLI's, the console's, the bot's own — is seen by the next update.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openEmbeddedDatabase } from "../../src/db/embedded";
import { migrateToLatest } from "../../src/db/migrations";
import { changeSetting, loadSettings } from "../../src/db/settings";
import { Harness, recordingDatabase } from "../support/harness";

const SETTINGS_READ = /from "settings_version" left join "settings"/;

describe("the settings' version", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("moves with every insert, update and delete, whoever makes it", async () => {
    const { db, close } = openEmbeddedDatabase(":memory:");
    await migrateToLatest(db);
    const version = async () =>
      (await db.selectFrom("settings_version").select("version").executeTakeFirstOrThrow()).version;
    const before = await version();
    expect((await changeSetting(db, "name", "青山县政协")).ok).toBe(true);
    expect(await version()).toBe(before + 1);
    await db
      .updateTable("settings")
      .set({ value: JSON.stringify("绿水县政协") })
      .execute();
    expect(await version()).toBe(before + 2);
    await db.deleteFrom("settings").execute();
    expect(await version()).toBe(before + 3);
    // A refused change writes nothing.
    expect((await changeSetting(db, "titleMinLength", "999")).ok).toBe(false);
    expect(await version()).toBe(before + 3);
    await close();
  });

  it("lets an update skip reading the settings, and shows a change the CLI made on its own connection", async () => {
    dir = mkdtempSync(join(tmpdir(), "minyi-settings-version-"));
    const path = join(dir, "minyi.db");
    const bot = await recordingDatabase(path);
    const { executed } = bot;
    const cli = openEmbeddedDatabase(path);
    const h = await Harness.create({ db: bot.db, claims: "process" });
    // Someone not on the roster is told how to join, with the committee's name: a reader of the settings.
    const stranger = h.user(9_001, { firstName: "访客" });
    await stranger.send("你好");
    expect(stranger.lastText()).toContain("您好！这里是政协社情民意信息工作助手");

    executed.length = 0;
    await stranger.send("你好");
    expect(stranger.lastText()).toContain("这里是政协社情民意");
    expect(executed.filter((text) => SETTINGS_READ.test(text))).toEqual([]);

    expect((await changeSetting(cli.db, "name", "青山县政协")).ok).toBe(true);
    executed.length = 0;
    await stranger.send("你好");
    expect(stranger.lastText()).toContain("这里是青山县政协社情民意");
    expect(executed.filter((text) => SETTINGS_READ.test(text))).toHaveLength(1);

    // The bot's own change: an update that read the version before it still sees the settings as changed.
    const versionBefore = (
      await bot.db.selectFrom("settings_version").select("version").executeTakeFirstOrThrow()
    ).version;
    expect((await loadSettings(bot.db, versionBefore)).name).toBe("青山县政协");
    expect((await changeSetting(bot.db, "name", "绿水县政协")).ok).toBe(true);
    expect((await loadSettings(bot.db, versionBefore)).name).toBe("绿水县政协");
    await cli.close();
    await bot.close();
  });
});
