// /drafts' buttons: `dr1:<open|del|del!>:<draft>` ("dr" the feature, "1" this layout; "dr:…" was the older one).
// A press is only a request: the handler checks the draft is the presser's and not yet submitted.
import { arg, defineCodec } from "../../bot/callback-codec";

const draft = { draftId: arg.id };

export const draftsButtons = defineCodec({
  feature: "dr",
  version: 1,
  older: ["dr"],
  actions: {
    open: { code: "open", args: draft },
    delete: { code: "del", args: draft },
    "delete-confirmed": { code: "del!", args: draft },
  },
});
