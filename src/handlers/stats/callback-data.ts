// /rank's buttons: `rk1:p:<period>:<u|p>:<offset>` ("rk" the feature, "1" this layout; "rk:<period>:…" was the
// older one). The period is written as its label (2026Q3) and read back against the calendar by the handler.
import { z } from "zod";
import { arg, defineCodec } from "../../bot/callback-codec";

export const rankButtons = defineCodec({
  feature: "rk",
  version: 1,
  older: ["rk"],
  actions: {
    /** A page of the standings of units (u) or people (p). */
    page: {
      code: "p",
      args: {
        period: z.string().regex(/^\d{4}(Q[1-4]|-\d{2})?$/),
        scope: arg.oneOf(["u", "p"]),
        offset: arg.count,
      },
    },
  },
});
