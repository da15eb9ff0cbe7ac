// Review's callback codec: the decision buttons of the queue (rv) and the steps after review on a card (ra).
import { z } from "zod";
import { callbackData, idArg } from "../../bot/callback-data";
import type { EventKind } from "../../domain/lifecycle";
import type { AdoptionMode } from "../../domain/scoring";
import { LEVELS } from "../../domain/settings";

// rv:<action>:<report>:<version>[:<arg>]        review decisions on a submitted report (queue.ts)
// rv:next:<report>                              the queue card after this one
// ra:<action>:<report>:<version>[:<level>[:<mode>]]  a step after review (fwd ado ins rdg tra rep clo)
// ra:clo:<report>:<version>:y                   closing, confirmed
// ra:view:<report> · ra:att:<report>            open the card · send the attachments again
// ra:pnl:<report>                               the card's panel as it is now, edited in place
// The version makes a button from an outdated card (or a second staff member's press) change nothing.
export const REVIEW = "rv";
export const ACTIONS = "ra";

export function reviewData(action: string, reportId: number, ...rest: (string | number)[]): string {
  return callbackData(REVIEW, action, reportId, ...rest);
}

export function actionData(action: string, reportId: number, ...rest: (string | number)[]): string {
  return callbackData(ACTIONS, action, reportId, ...rest);
}

/** The report and version a button names; undefined when the data is malformed. */
export function parseTarget(
  parts: readonly string[],
): { action: string; reportId: number; version: number | undefined; args: string[] } | undefined {
  const [action, id, version, ...args] = parts;
  const reportId = idArg.safeParse(id);
  if (!action || !reportId.success) return undefined;
  if (version === undefined) return { action, reportId: reportId.data, version: undefined, args };
  const parsedVersion = idArg.safeParse(version);
  return parsedVersion.success
    ? { action, reportId: reportId.data, version: parsedVersion.data, args }
    : undefined;
}

export const levelArg = z.enum(LEVELS);
export const modeArg = z.enum(["s", "c"]).transform((m): AdoptionMode => (m === "s" ? "single" : "combined"));

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

export function isStepAction(action: string): action is StepAction {
  return action in STEP_KINDS;
}

/** Steps recorded at a level, chosen from buttons. */
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
