// Command menus per scope (private chats of members, of staff; groups), with descriptions in every locale.
// Staff menus are set per chat, since Telegram scopes cannot express roles.
import type { Api, RawApi } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { I18n } from "@grammyjs/i18n";
import type { Role } from "../domain/roles";
import { isAdmin, isLeader, isStaff } from "../domain/roles";
import type { BaseContext } from "./context";
import { LOCALES } from "./i18n";

type MenuKind = "private" | "staff" | "admin" | "leader" | "group";

const MENUS: Record<MenuKind, string[]> = {
  private: ["start", "new", "drafts", "my", "me", "help", "lang", "cancel"],
  leader: ["start", "stats", "rank", "export", "new", "drafts", "my", "me", "help", "lang", "cancel"],
  staff: ["start", "new", "drafts", "my", "me", "review", "report", "find", "roster", "invites", "stats", "rank", "export", "help", "lang", "cancel"],
  admin: ["start", "new", "drafts", "my", "me", "review", "report", "find", "roster", "invites", "stats", "rank", "export", "settings", "help", "lang", "cancel"],
  group: ["help", "bind", "unbind"],
};

/** Later features add their commands to menus here, so every menu stays in one visible table. */
export function registerMenuCommands(kinds: MenuKind[], commands: string[], position = 1): void {
  for (const kind of kinds) {
    for (const command of commands)
      if (!MENUS[kind].includes(command)) MENUS[kind].splice(position, 0, command);
  }
}

export function menuKindFor(role: Role | undefined): MenuKind {
  if (isAdmin(role)) return "admin";
  if (isStaff(role)) return "staff";
  if (isLeader(role)) return "leader";
  return "private";
}

function commandsFor(i18n: I18n<BaseContext>, kind: MenuKind, locale: string): BotCommand[] {
  return MENUS[kind].map((command) => ({ command, description: i18n.t(locale, `command-${command}`) }));
}

async function setMenu(api: Api<RawApi>, i18n: I18n<BaseContext>, kind: MenuKind, scope: BotCommandScope) {
  for (const locale of LOCALES) {
    const language_code = locale === "zh" ? undefined : locale;
    await api.setMyCommands(commandsFor(i18n, kind, locale), {
      scope,
      ...(language_code ? { language_code } : {}),
    });
  }
}

export async function setDefaultMenus(api: Api<RawApi>, i18n: I18n<BaseContext>): Promise<void> {
  await setMenu(api, i18n, "private", { type: "all_private_chats" });
  await setMenu(api, i18n, "group", { type: "all_group_chats" });
}

export async function setPersonalMenu(
  api: Api<RawApi>,
  i18n: I18n<BaseContext>,
  telegramId: number,
  role: Role | undefined,
): Promise<void> {
  await setMenu(api, i18n, menuKindFor(role), { type: "chat", chat_id: telegramId });
}
