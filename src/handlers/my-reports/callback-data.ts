// /my's buttons: `my1:p:<offset>[:<status>]` for a page of the list, `my1:<v|a|r>:<report>` to open a report,
// have its attachments again or revise it ("my" the feature, "1" this layout; "my:…" was the older one).
import { z } from "zod";
import { arg, defineCodec } from "../../bot/callback-codec";
import { STATUSES } from "../../domain/lifecycle";

const report = { reportId: arg.id };

export const myButtons = defineCodec({
  feature: "my",
  version: 1,
  older: ["my"],
  actions: {
    page: { code: "p", args: { offset: arg.count, status: z.enum(STATUSES).exclude(["draft"]).optional() } },
    view: { code: "v", args: report },
    attachments: { code: "a", args: report },
    revise: { code: "r", args: report },
  },
});
