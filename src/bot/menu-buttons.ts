// The main menu under the /start welcome: `menu1:<n|d|m>` ("menu" the feature, "1" this layout; "menu:new",
// "menu:drafts" and "menu:my" were the older one). Here in src/bot because /start shows it and the report and
// /my features answer it.
import { defineCodec } from "./callback-codec";

export const menuButtons = defineCodec({
  feature: "menu",
  version: 1,
  older: ["menu"],
  actions: {
    new: { code: "n" },
    drafts: { code: "d" },
    my: { code: "m" },
  },
});

/** A filter for one of the menu's buttons. */
export function menuPress(action: (typeof menuButtons.actions)[number]) {
  return (ctx: { callbackQuery?: { data?: string } }): boolean => {
    const decoded = menuButtons.decode(ctx.callbackQuery?.data);
    return decoded?.kind === "press" && decoded.press.action === action;
  };
}
