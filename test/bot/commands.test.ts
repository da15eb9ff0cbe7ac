import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { setDefaultMenus, setPersonalMenu } from "../../src/bot/commands";
import { createI18n } from "../../src/bot/i18n";
import { readLocales } from "../../src/node-runtime";
import { FakeTelegram } from "../support/fake-telegram";

describe("command menus", () => {
  const i18n = createI18n(readLocales());

  it("sets private and group menus in Chinese (default) and English", async () => {
    const telegram = new FakeTelegram();
    await setDefaultMenus(new Api("1:x", { fetch: telegram.fetch }), i18n);
    const calls = telegram.callsOf("setMyCommands").map((c) => ({
      scope: (c.payload.scope as { type: string }).type,
      language: c.payload.language_code ?? "default",
      commands: (c.payload.commands as { command: string; description: string }[]).map(
        (x) => `${x.command}:${x.description}`,
      ),
    }));
    const privateZh = calls.find((c) => c.scope === "all_private_chats" && c.language === "default");
    const privateEn = calls.find((c) => c.scope === "all_private_chats" && c.language === "en");
    const groupZh = calls.find((c) => c.scope === "all_group_chats" && c.language === "default");
    expect(privateZh?.commands).toContain("new:撰写社情民意信息");
    expect(privateEn?.commands).toContain("new:Write a report");
    expect(privateZh?.commands.some((c) => c.startsWith("roster:"))).toBe(false);
    expect(groupZh?.commands).toContain("bind:将本群绑定到单位");
  });

  it("gives staff their own menu in their chat", async () => {
    const telegram = new FakeTelegram();
    await setPersonalMenu(new Api("1:x", { fetch: telegram.fetch }), i18n, 200, "staff");
    const call = telegram.callsOf("setMyCommands").find((c) => c.payload.language_code === undefined);
    expect(call?.payload.scope).toEqual({ type: "chat", chat_id: 200 });
    const commands = ((call?.payload.commands ?? []) as { command: string }[]).map((c) => c.command);
    expect(commands).toContain("roster");
    expect(commands).not.toContain("settings");
  });
});
