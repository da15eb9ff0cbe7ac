// Review's buttons: the decisions of the queue (`rv1`, queue.ts) and the steps after review on a card (`ra1`,
// card.ts and steps.ts); "rv"/"ra" the features, "1" this layout ("rv:…" and "ra:…" were the older one). A
// decision or step names the report's version it was shown at, so a button from an outdated card (or a second
// staff member's press) changes nothing. A press is only a request: staff role and lifecycle are checked.
import { arg, defineCodec } from "../../bot/callback-codec";
import type { EventKind } from "../../domain/lifecycle";
import { LEVELS } from "../../domain/settings";

const report = { reportId: arg.id };
const shown = { reportId: arg.id, version: arg.count };
/** A category's or reason's place in the settings' list. */
const choice = { ...shown, index: arg.count };

export const reviewButtons = defineCodec({
  feature: "rv",
  version: 1,
  older: ["rv"],
  actions: {
    accept: { code: "acc", args: shown },
    /** Accepted and published at once as a single or combined piece, accepted only, or put into the issue. */
    publish: { code: "pub", args: { ...shown, as: arg.oneOf(["single", "combined", "none", "issue"]) } },
    "fix-title": { code: "tit", args: shown },
    "fix-category": { code: "cat", args: shown },
    "set-category": { code: "setcat", args: choice },
    return: { code: "ret", args: shown },
    reject: { code: "rej", args: shown },
    "return-reason": { code: "retr", args: choice },
    "reject-reason": { code: "rejr", args: choice },
    "return-typed": { code: "rett", args: shown },
    "reject-typed": { code: "rejt", args: shown },
    /** The queue's card after this report's. */
    next: { code: "next", args: report },
  },
});
export type ReviewPress = Parameters<typeof reviewButtons.encode>[0];

const leveled = { ...shown, level: arg.oneOf(LEVELS).optional() };

export const cardButtons = defineCodec({
  feature: "ra",
  version: 1,
  older: ["ra"],
  actions: {
    /** Opens the report's card. */
    view: { code: "view", args: report },
    attachments: { code: "att", args: report },
    /** The card's panel as it is now, edited in place. */
    panel: { code: "pnl", args: report },
    fwd: { code: "fwd", args: leveled },
    ado: { code: "ado", args: { ...leveled, mode: arg.oneOf(["single", "combined"]).optional() } },
    ins: { code: "ins", args: leveled },
    rdg: { code: "rdg", args: leveled },
    tra: { code: "tra", args: shown },
    rep: { code: "rep", args: shown },
    clo: { code: "clo", args: { ...shown, confirmed: arg.flag.optional() } },
  },
});
export type CardPress = Parameters<typeof cardButtons.encode>[0];
/** A step after review pressed on the card. */
export type StepPress = Extract<CardPress, { action: StepAction }>;

export const STEP_KINDS = {
  fwd: "forwarded",
  ado: "adopted",
  ins: "instructed",
  rdg: "read",
  tra: "transferred",
  rep: "replied",
  clo: "closed",
} as const satisfies Record<string, EventKind>;
export type StepAction = keyof typeof STEP_KINDS;

/** Steps recorded at a level, chosen from buttons. */
export type LeveledAction = "fwd" | "ado" | "ins" | "rdg";
export type LeveledKind = "forwarded" | "adopted" | "instructed" | "read";
const LEVELED_KINDS: ReadonlySet<EventKind> = new Set<LeveledKind>([
  "forwarded",
  "adopted",
  "instructed",
  "read",
]);

export function isLeveled(kind: EventKind): kind is LeveledKind {
  return LEVELED_KINDS.has(kind);
}
