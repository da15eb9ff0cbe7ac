// The roster's buttons for staff: `ro1:<code>:<person>[:<arg>]`, or `ro1:p:<offset>[:<search>]` for a page of
// the list ("ro" the feature, "1" this layout; "ro:…" was the older one). The search rides along in the paging
// buttons, cut to fit, and is the last argument since it may contain ":".
import { arg, defineCodec } from "../../bot/callback-codec";
import { ROLES } from "../../domain/roles";

/** The bytes a search may take in a paging button. */
export const SEARCH_MAX_BYTES = 40;

const person = { personId: arg.id };

export const rosterButtons = defineCodec({
  feature: "ro",
  version: 1,
  older: ["ro"],
  actions: {
    page: { code: "p", args: { offset: arg.count, search: arg.text(SEARCH_MAX_BYTES) } },
    card: { code: "v", args: person },
    roles: { code: "r", args: person },
    "set-role": { code: "rs", args: { ...person, role: arg.oneOf(ROLES) } },
    units: { code: "u", args: { ...person, page: arg.count } },
    "set-unit": { code: "us", args: { ...person, unitId: arg.id } },
    /** Asks to confirm a deactivation or reactivation. */
    deactivate: { code: "d", args: person },
    /** Confirms: the state asked for, so a press handled twice cannot turn it back. */
    "set-active": { code: "dy", args: { ...person, active: arg.flag } },
    reissue: { code: "i", args: person },
  },
});
