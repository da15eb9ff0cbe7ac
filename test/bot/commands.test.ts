import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { commandsOf, helpText, setDefaultMenus, setPersonalMenu } from "../../src/bot/commands";
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

describe("/help from the command table", () => {
  const i18n = createI18n(readLocales());
  const t = (key: string, variables?: Record<string, string | number>) => i18n.t("zh", key, variables);

  it("lists each command of a menu with one real example, and nothing from another menu", () => {
    for (const kind of ["private", "leader", "staff", "admin", "group"] as const) {
      const help = helpText(t, kind);
      for (const { command } of commandsOf(kind)) expect(help).toMatch(new RegExp(`^/${command}\\b`, "m"));
      expect(help).not.toContain("help-");
    }
    const leader = helpText(t, "leader");
    expect(leader).toContain("例：/stats 上季度");
    expect(leader).toContain("例：/rank 2026Q3");
    expect(leader).not.toContain("/review");
    expect(helpText(t, "private")).not.toContain("/stats");
    expect(helpText(t, "staff")).not.toContain("/settings");
    expect(helpText(t, "admin")).toContain("/settings");
  });

  it("every menu entry has a description within Telegram's bound in both languages", () => {
    for (const locale of ["zh", "en"])
      for (const kind of ["private", "leader", "staff", "admin", "group"] as const)
        for (const { command } of commandsOf(kind)) {
          const description = i18n.t(locale, `command-${command}`);
          expect(description).not.toBe(`command-${command}`);
          expect(description.length).toBeLessThanOrEqual(256);
        }
  });
});
