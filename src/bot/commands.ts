// The one table of commands: which menus show each one, and what /help says of it. Telegram's menus
// (setMyCommands per scope and language) and the /help text are both built from it, so they cannot drift.
// Staff menus are set per chat, since Telegram scopes cannot express roles.
import type { I18n } from "@grammyjs/i18n";
import type { Api, RawApi } from "grammy";
import type { BotCommand, BotCommandScope } from "grammy/types";
import type { Role } from "../domain/roles";
import { isAdmin, isLeader, isStaff } from "../domain/roles";
import type { BaseContext } from "./context";
import { LOCALES } from "./i18n";

export type MenuKind = "private" | "leader" | "staff" | "admin" | "group";

interface CommandEntry {
  command: string;
  menus: readonly MenuKind[];
  /**
   * Takes words after the command: /help shows `help-args-<command>` after it and one real example,
   * `help-example-<command>`.
   */
  takesArguments?: true;
}

const EVERYONE_PRIVATE: readonly MenuKind[] = ["private", "leader", "staff", "admin"];
const STAFF: readonly MenuKind[] = ["staff", "admin"];
const READERS_OF_STATS: readonly MenuKind[] = ["leader", "staff", "admin"];

/** In menu order. Descriptions: `command-<command>` (the menu) and `help-<command>` (the longer /help line). */
export const COMMANDS: readonly CommandEntry[] = [
  { command: "start", menus: EVERYONE_PRIVATE },
  { command: "setup", menus: ["admin"] },
  { command: "settings", menus: ["admin"] },
  { command: "review", menus: STAFF },
  { command: "report", menus: STAFF, takesArguments: true },
  { command: "find", menus: STAFF, takesArguments: true },
  { command: "issue", menus: STAFF, takesArguments: true },
  { command: "roster", menus: STAFF, takesArguments: true },
  { command: "template", menus: STAFF },
  { command: "invites", menus: STAFF },
  { command: "stats", menus: READERS_OF_STATS, takesArguments: true },
  { command: "rank", menus: READERS_OF_STATS, takesArguments: true },
  { command: "export", menus: READERS_OF_STATS, takesArguments: true },
  { command: "new", menus: EVERYONE_PRIVATE },
  { command: "drafts", menus: EVERYONE_PRIVATE },
  { command: "my", menus: EVERYONE_PRIVATE },
  { command: "me", menus: EVERYONE_PRIVATE },
  { command: "web", menus: EVERYONE_PRIVATE },
  { command: "bind", menus: ["group"], takesArguments: true },
  { command: "unbind", menus: ["group"] },
  { command: "help", menus: [...EVERYONE_PRIVATE, "group"] },
  { command: "lang", menus: EVERYONE_PRIVATE, takesArguments: true },
  { command: "cancel", menus: EVERYONE_PRIVATE },
];

export function commandsOf(kind: MenuKind): readonly CommandEntry[] {
  return COMMANDS.filter((entry) => entry.menus.includes(kind));
}

export function menuKindFor(role: Role | undefined): MenuKind {
  if (isAdmin(role)) return "admin";
  if (isStaff(role)) return "staff";
  if (isLeader(role)) return "leader";
  return "private";
}

type Translate = (key: string, variables?: Record<string, string | number>) => string;

/**
 * The /help text for a menu: the committee's assistant by name, an opening line, each command with its arguments
 * and one example, then notes.
 */
export function helpText(t: Translate, kind: MenuKind, committee?: string): string {
  const lines = [...(committee ? [t("help-header", { committee })] : []), t(`help-intro-${kind}`)];
  for (const entry of commandsOf(kind)) {
    const args = entry.takesArguments ? ` ${t(`help-args-${entry.command}`)}` : "";
    lines.push(`/${entry.command}${args} — ${t(`help-${entry.command}`)}`);
    if (entry.takesArguments)
      lines.push(
        `    ${t("help-example", { example: `/${entry.command} ${t(`help-example-${entry.command}`)}` })}`,
      );
  }
  if (kind === "staff" || kind === "admin") lines.push("", t("help-notes-staff"));
  return lines.join("\n");
}

function menuOf(i18n: I18n<BaseContext>, kind: MenuKind, locale: string): BotCommand[] {
  return commandsOf(kind).map(({ command }) => ({
    command,
    description: i18n.t(locale, `command-${command}`),
  }));
}

async function setMenu(api: Api<RawApi>, i18n: I18n<BaseContext>, kind: MenuKind, scope: BotCommandScope) {
  for (const locale of LOCALES) {
    // Chinese is the menu for every language Telegram reports but English.
    const language_code = locale === "zh" ? undefined : locale;
    await api.setMyCommands(menuOf(i18n, kind, locale), {
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
