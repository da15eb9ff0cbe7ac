// The buttons of the guided set-up and of /settings as typed data: `s1:<code>[:<arg>…]`, "s" the feature and "1"
// the layout's version. Shared by /start (which offers the set-up) and the settings feature. A press is only a
// request: the handler checks the presser is an admin and that the question is the one waiting for them.
import { z } from "zod";
import { SETTING_ITEMS } from "../domain/settings-words";
import { questionById } from "../domain/setup";
import { arg, defineCodec } from "./callback-codec";

const question = z.string().refine((id) => questionById(id) !== undefined);

export const settingsButtons = defineCodec({
  feature: "s",
  version: 1,
  actions: {
    /** Starts the set-up, or asks its waiting question again. */
    setup: { code: "go" },
    /** Shows all settings. */
    list: { code: "ls" },
    /** Opens one setting's questions. */
    open: { code: "o", args: { item: arg.oneOf(SETTING_ITEMS) } },
    choose: { code: "c", args: { question, choice: arg.count.pipe(z.number().max(99)) } },
    keep: { code: "k", args: { question } },
    default: { code: "d", args: { question } },
  },
});

export type SettingsPress = Parameters<typeof settingsButtons.encode>[0];

export function settingsButton(press: SettingsPress): string {
  return settingsButtons.encode(press);
}

/** The press a button's data stands for; undefined when it is not this feature's or does not read. */
export function readSettingsButton(data: string | undefined): SettingsPress | undefined {
  const decoded = settingsButtons.decode(data);
  return decoded?.kind === "press" ? decoded.press : undefined;
}

/** This feature's data, current or of another layout (answered as expired when it does not read). */
export function isSettingsButton(data: string | undefined): boolean {
  return settingsButtons.decode(data) !== undefined;
}
