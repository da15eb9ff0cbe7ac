// The chat menu button that opens the console as a Mini App. Telegram opens Mini Apps from https addresses
// only; over http (a local try-out) the button stays the command list and people sign in with /web's link.
import type { I18n } from "@grammyjs/i18n";
import type { Api, RawApi } from "grammy";
import type { BaseContext } from "../bot/context";
import { LOCALES } from "../bot/i18n";

export async function setConsoleMenuButton(
  api: Api<RawApi>,
  i18n: I18n<BaseContext>,
  publicUrl: string,
): Promise<void> {
  if (!publicUrl.startsWith("https://")) return;
  await api.setChatMenuButton({
    menu_button: {
      type: "web_app",
      text: i18n.t(LOCALES[0], "web-menu-button"),
      web_app: { url: `${publicUrl}/web/app` },
    },
  });
}
