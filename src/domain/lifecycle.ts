// The life of a report: which events may happen in which status, and the status they lead to.
//
// The status is the main state. Adoptions, instructions (批示), readings with comment (阅批) and replies are
// recorded as events that
// keep the status; they only require the report to have come far enough:
//   draft ─submitted→ submitted ─accepted→ accepted ─forwarded→ forwarded ─transferred→ transferred ─closed→ closed
//                     submitted ─returned→ returned ─resubmitted→ submitted
//                     submitted ─rejected→ rejected (final)
// - Adoption or instruction at the committee's own level needs the report accepted (publication in
//   the own bulletin is the own-level adoption). Above the own level it needs the report forwarded
//   (status forwarded, or a "forwarded" event in the history once the status has moved on).
// - Transfer to a department is possible from accepted or forwarded, and again to another department.
// - A reply needs a transfer first. Closing needs the report accepted.
// - Closed ends the workflow, but adoptions and instructions may still be recorded after it: the
//   notice of a higher body often arrives long after the department has replied.
// - Rejected is final for everything.
import { LEVELS, type Level } from "./settings";

export const STATUSES = [
  "draft",
  "submitted",
  "accepted",
  "returned",
  "rejected",
  "forwarded",
  "transferred",
  "closed",
] as const;
export type Status = (typeof STATUSES)[number];

export const EVENT_KINDS = [
  "submitted",
  "accepted",
  "returned",
  "rejected",
  "resubmitted",
  "forwarded",
  "adopted",
  "instructed",
  /** 阅批: a leader read the report and commented, without an instruction. */
  "read",
  "transferred",
  "replied",
  "closed",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

export type RefusalReason =
  /** Only a draft can be submitted. */
  | "not-draft"
  /** Only a returned report can be resubmitted. */
  | "not-returned"
  /** Only a submitted report can be accepted, returned or rejected. */
  | "not-submitted"
  /** Forwarding, adoption, instruction, transfer and closing need the report accepted. */
  | "not-accepted"
  /** Adoption or instruction above the own level needs the report forwarded. */
  | "not-forwarded"
  /** Adoption or instruction below the committee's own level. */
  | "below-own-level"
  /** Forwarding goes to a higher level only. */
  | "not-above-own-level"
  /** A reply needs a transfer first. */
  | "no-transfer"
  /** The report was rejected; nothing more happens to it. */
  | "rejected"
  /** The report is closed. */
  | "already-final"
  | "unknown-event";

export type Verdict = { ok: true; next: Status } | { ok: false; reason: RefusalReason };

export interface LifecycleContext {
  /** The level of a forwarding, adoption or instruction; missing means the own level. */
  level?: Level | null;
  ownLevel?: Level;
  /** The ladder of levels, lowest first. */
  levels?: readonly Level[];
  /** Earlier events of the report, any order. */
  history?: readonly { kind: string }[];
}

const ACCEPTED_OR_LATER: ReadonlySet<Status> = new Set(["accepted", "forwarded", "transferred", "closed"]);
const ALLOWED_WHEN_CLOSED: ReadonlySet<string> = new Set(["adopted", "instructed", "read"]);

export function isEventKind(value: string): value is EventKind {
  return (EVENT_KINDS as readonly string[]).includes(value);
}

function ok(next: Status): Verdict {
  return { ok: true, next };
}

function refuse(reason: RefusalReason): Verdict {
  return { ok: false, reason };
}

/** Levels above the own level (negative below it); 0 when the level is missing or unknown. */
function levelOffset(context: LifecycleContext): number {
  const levels = context.levels ?? LEVELS;
  if (!context.level || !context.ownLevel) return 0;
  const at = levels.indexOf(context.level);
  const own = levels.indexOf(context.ownLevel);
  return at < 0 || own < 0 ? 0 : at - own;
}

/** Whether `kind` may happen to a report in `status`, and the status it leaves the report in. */
export function canApply(status: Status, kind: string, context: LifecycleContext = {}): Verdict {
  if (!isEventKind(kind)) return refuse("unknown-event");
  if (status === "rejected") return refuse("rejected");
  if (status === "closed" && !ALLOWED_WHEN_CLOSED.has(kind)) return refuse("already-final");
  const accepted = ACCEPTED_OR_LATER.has(status);

  switch (kind) {
    case "submitted":
      return status === "draft" ? ok("submitted") : refuse("not-draft");
    case "resubmitted":
      return status === "returned" ? ok("submitted") : refuse("not-returned");
    case "accepted":
    case "returned":
    case "rejected":
      return status === "submitted" ? ok(kind) : refuse("not-submitted");
    case "forwarded":
      if (!accepted) return refuse("not-accepted");
      if (context.level && context.ownLevel && levelOffset(context) <= 0)
        return refuse("not-above-own-level");
      return ok(status === "accepted" ? "forwarded" : status);
    case "adopted":
    case "instructed":
    case "read": {
      if (!accepted) return refuse("not-accepted");
      const offset = levelOffset(context);
      if (offset < 0) return refuse("below-own-level");
      const forwarded = status === "forwarded" || (context.history ?? []).some((e) => e.kind === "forwarded");
      if (offset > 0 && !forwarded) return refuse("not-forwarded");
      return ok(status);
    }
    case "transferred":
      return accepted ? ok("transferred") : refuse("not-accepted");
    case "replied":
      return status === "transferred" ? ok(status) : refuse("no-transfer");
    case "closed":
      return accepted ? ok("closed") : refuse("not-accepted");
  }
}

export type Replay =
  | { ok: true; status: Status }
  | { ok: false; status: Status; index: number; reason: RefusalReason };

/**
 * Replays a report's events in order from draft; stops at the first event that is not allowed,
 * telling its index and the status reached before it.
 */
export function replay(
  events: readonly { kind: string; level?: Level | null }[],
  context: Pick<LifecycleContext, "ownLevel" | "levels"> = {},
): Replay {
  let status: Status = "draft";
  for (const [index, event] of events.entries()) {
    const verdict = canApply(status, event.kind, {
      ...context,
      level: event.level,
      history: events.slice(0, index),
    });
    if (!verdict.ok) return { ok: false, status, index, reason: verdict.reason };
    status = verdict.next;
  }
  return { ok: true, status };
}
