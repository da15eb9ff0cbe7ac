// /lang's buttons: `lang1:c:<locale>` ("lang" the feature, "1" this layout; "lang:<locale>" was the older one).
import { arg, defineCodec } from "../../bot/callback-codec";
import { LOCALES } from "../../bot/i18n";

export const langButtons = defineCodec({
  feature: "lang",
  version: 1,
  older: ["lang"],
  actions: {
    choose: { code: "c", args: { locale: arg.oneOf(LOCALES) } },
  },
});
