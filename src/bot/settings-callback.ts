// The buttons of the guided set-up and of /settings as typed data: `s1:<code>[:<arg>…]`, "s" the feature and "1"
// the layout's version. Shared by /start (which offers the set-up) and the settings feature. A press is only a
// request: the handler checks the presser is an admin and that the question is the one waiting for them.
import { z } from "zod";
import { isSettingItem, type SettingItem } from "../domain/settings-words";
import { questionById } from "../domain/setup";
import { callbackData } from "./callback-data";

const PREFIX = "s1";

export type SettingsPress =
  /** Starts the set-up, or asks its waiting question again. */
  | { action: "setup" }
  /** Shows all settings. */
  | { action: "list" }
  /** Opens one setting's questions. */
  | { action: "open"; item: SettingItem }
  | { action: "choose"; question: string; choice: number }
  | { action: "keep"; question: string }
  | { action: "default"; question: string };

const CODES = { setup: "go", list: "ls", open: "o", choose: "c", keep: "k", default: "d" } as const;

export function settingsButton(press: SettingsPress): string {
  switch (press.action) {
    case "setup":
    case "list":
      return callbackData(PREFIX, CODES[press.action]);
    case "open":
      return callbackData(PREFIX, CODES.open, press.item);
    case "choose":
      return callbackData(PREFIX, CODES.choose, press.question, press.choice);
    case "keep":
    case "default":
      return callbackData(PREFIX, CODES[press.action], press.question);
  }
}

const question = z.string().refine((id) => questionById(id) !== undefined);
const choice = z.coerce.number().int().min(0).max(99);

/** The press a button's data stands for; undefined when it is not this feature's or does not read. */
export function readSettingsButton(data: string | undefined): SettingsPress | undefined {
  const parts = data?.split(":");
  if (!parts || parts[0] !== PREFIX) return undefined;
  const [, code, arg, extra] = parts;
  switch (code) {
    case CODES.setup:
      return arg === undefined ? { action: "setup" } : undefined;
    case CODES.list:
      return arg === undefined ? { action: "list" } : undefined;
    case CODES.open:
      return arg !== undefined && isSettingItem(arg) && extra === undefined
        ? { action: "open", item: arg }
        : undefined;
    case CODES.choose: {
      const q = question.safeParse(arg);
      const c = choice.safeParse(extra);
      return q.success && c.success && parts.length === 4
        ? { action: "choose", question: q.data, choice: c.data }
        : undefined;
    }
    case CODES.keep:
    case CODES.default: {
      const q = question.safeParse(arg);
      if (!q.success || extra !== undefined) return undefined;
      return { action: code === CODES.keep ? "keep" : "default", question: q.data };
    }
    default:
      return undefined;
  }
}

export function isSettingsButton(data: string | undefined): boolean {
  return data?.split(":")[0] === PREFIX;
}
