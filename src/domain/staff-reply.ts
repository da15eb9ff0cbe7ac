// A staff member's typed reply as a step machine, like the report flow (src/domain/report-flow.ts): the reply
// they owe (a reason to return or reject, a fixed title, a leader's 批示 or 阅批, a department, its reply, or an
// issue's title or 编者按), and what one input does to it. Pure: the caller reads the staff member's row, applies
// `replyTransition`, and writes the new state with the effect it names (the decision recorded) in one
// transaction; then says what `say` lists.
import { checkTitle } from "./draft";
import { EDITOR_NOTE_MAX, PIECE_TITLE_MAX } from "./issues";
import type { EventKind } from "./lifecycle";
import type { Level } from "./settings";
import { textLength } from "./text";

/** What a staff member's next text message answers about a report… */
export const REPORT_REPLIES = ["title", "return", "reject", "instruct", "read", "transfer", "reply"] as const;
/** …or about the issue being compiled (the subject is then the issue, and the piece is named). */
export const ISSUE_REPLIES = ["issue-title", "issue-note"] as const;
export const REPLY_ACTIONS = [...REPORT_REPLIES, ...ISSUE_REPLIES] as const;
export type ReplyAction = (typeof REPLY_ACTIONS)[number];
/** The feature that asks for a reply and shows its outcome. */
export type ReplyFamily = "report" | "issue";

export function isReplyAction(action: string): action is ReplyAction {
  return (REPLY_ACTIONS as readonly string[]).includes(action);
}

export function familyOf(action: ReplyAction): ReplyFamily {
  return (ISSUE_REPLIES as readonly string[]).includes(action) ? "issue" : "report";
}

/** A reply left unanswered this long is forgotten: the next text is told so, not taken for it. */
export const REPLY_TTL_MS = 60 * 60_000;
export const MAX_REASON_LENGTH = 500;
export const MAX_NOTE_LENGTH = 1000;
export const MAX_DEPARTMENT_LENGTH = 60;

export interface AskedReply {
  action: ReplyAction;
  /** The report, or for an issue's title or 编者按 the issue. */
  subjectId: number;
  /** The report's version when asked: the reply applies only if nothing changed meanwhile (0 for an issue). */
  version: number;
  /** The level of a 批示 or 阅批. */
  level: Level | null;
  /** For an issue: the piece, or null for the issue itself (a title with no piece names a new combined piece). */
  pieceId: number | null;
  /** The card (or issue panel) whose button asked, edited in place once the reply is recorded. */
  cardMessageId: number | null;
  /** Milliseconds since the epoch. */
  askedAt: number;
}

export interface StaffReplyState {
  /** The reply last asked for; `waiting` says whether it is still owed. */
  asked: AskedReply | undefined;
  waiting: boolean;
  /** The last text message taken for a reply (answered, refused or too late): a redelivery of it is a duplicate. */
  appliedMessageId: number | null;
}

export const NO_REPLY: StaffReplyState = { asked: undefined, waiting: false, appliedMessageId: null };

export type ReplyInput =
  /** A button asks for a reply: it replaces any reply still owed. */
  | { kind: "ask"; asked: AskedReply }
  /** A text message, offered by the feature of `family` (each takes only the replies it asked for). */
  | { kind: "text"; text: string; messageId: number; family: ReplyFamily }
  /** Any command leaves the reply; /cancel says so. */
  | { kind: "command"; cancel: boolean }
  /** The Cancel button under a question, naming the reply it was asked for. */
  | { kind: "cancel-press"; action: ReplyAction; subjectId: number }
  /** A photo, a sticker… */
  | { kind: "other" };

export interface ReplyLimits {
  titleMinLength: number;
  titleMaxLength: number;
}

/** An event to record, as src/db/events.ts takes it. */
export interface ReplyEvent {
  kind: EventKind;
  level?: Level | null;
  note?: string | null;
  department?: string | null;
}

/** The decision the reply makes, written in the transaction that clears the reply. */
export type ReplyEffect =
  | { kind: "record"; reportId: number; version: number; events: ReplyEvent[] }
  | { kind: "retitle"; reportId: number; version: number; title: string }
  /** The staff member's picked reports merged into a combined piece under this title. */
  | { kind: "combine"; issueId: number; title: string }
  | { kind: "piece-title"; issueId: number; pieceId: number; title: string }
  | { kind: "editor-note"; issueId: number; pieceId: number | null; note: string };

export interface ReplyMessage {
  key: string;
  vars?: Record<string, string | number>;
}

export type ReplySay =
  | { kind: "message"; message: ReplyMessage }
  /** Ask the question of the reply now owed. */
  | { kind: "question" }
  /** Say how the effect went (recorded, refused, changed meanwhile) and show the card or issue as it is now. */
  | { kind: "outcome" }
  /** Handled before (a redelivery): show the card or issue as it is now, record nothing. */
  | { kind: "duplicate" }
  /** Not a reply: the update goes on to the other handlers. */
  | { kind: "pass" };

export interface ReplyTransition {
  /** The new state; absent when nothing changes. */
  state?: StaffReplyState;
  effect?: ReplyEffect;
  say: ReplySay[];
}

const pass: ReplyTransition = { say: [{ kind: "pass" }] };
const message = (key: string, vars?: ReplyMessage["vars"]): ReplySay => ({
  kind: "message",
  message: vars ? { key, vars } : { key },
});

export function isExpired(asked: AskedReply, now: number): boolean {
  return now - asked.askedAt > REPLY_TTL_MS;
}

export function replyTransition(
  state: StaffReplyState,
  input: ReplyInput,
  limits: ReplyLimits,
  now: number,
): ReplyTransition {
  const { asked } = state;
  switch (input.kind) {
    case "ask":
      return { state: { ...state, asked: input.asked, waiting: true }, say: [{ kind: "question" }] };
    case "command":
      if (!asked || !state.waiting) return pass;
      if (isExpired(asked, now) || !input.cancel)
        return { state: { ...state, waiting: false }, say: pass.say };
      return { state: { ...state, waiting: false }, say: [message("prompt-cancelled")] };
    case "cancel-press": {
      // Only the question still waiting: a button under an older one (replaced, answered, too late) is stale.
      const current =
        asked !== undefined &&
        state.waiting &&
        asked.action === input.action &&
        asked.subjectId === input.subjectId &&
        !isExpired(asked, now);
      if (!current) return { say: [message("error-stale-button")] };
      return { state: { ...state, waiting: false }, say: [message("prompt-cancelled")] };
    }
    case "other":
      return asked && state.waiting && !isExpired(asked, now) ? { say: [message("prompt-text-only")] } : pass;
    case "text": {
      if (!asked || familyOf(asked.action) !== input.family) return pass;
      if (state.appliedMessageId !== null && input.messageId <= state.appliedMessageId)
        return { say: [{ kind: "duplicate" }] };
      if (!state.waiting) return pass;
      const taken = { ...state, appliedMessageId: input.messageId };
      if (isExpired(asked, now))
        return { state: { ...taken, waiting: false }, say: [message("prompt-expired")] };
      const read = readReply(asked, input.text, limits);
      // A reply that will not do is asked for again, its hour counted anew.
      if ("refusal" in read)
        return {
          state: { ...taken, asked: { ...asked, askedAt: now } },
          say: [read.refusal],
        };
      if ("stale" in read)
        return { state: { ...taken, waiting: false }, say: [message("error-stale-button")] };
      return { state: { ...taken, waiting: false }, effect: read.effect, say: [{ kind: "outcome" }] };
    }
  }
}

type Read = { effect: ReplyEffect } | { refusal: ReplySay } | { stale: true };

/** The typed text checked for the reply asked: the decision it makes, or why it will not do. */
function readReply(asked: AskedReply, text: string, limits: ReplyLimits): Read {
  const reportId = asked.subjectId;
  const { version, level } = asked;
  switch (asked.action) {
    case "title": {
      const checked = checkTitle(text, limits);
      if (!checked.ok)
        return {
          refusal: message(`submit-title-${checked.reason}`, {
            length: checked.length,
            min: limits.titleMinLength,
            max: limits.titleMaxLength,
          }),
        };
      return { effect: { kind: "retitle", reportId, version, title: checked.title } };
    }
    case "return":
    case "reject": {
      const note = readNote(text, MAX_REASON_LENGTH);
      if (typeof note !== "string") return note;
      const kind = asked.action === "return" ? "returned" : "rejected";
      return { effect: { kind: "record", reportId, version, events: [{ kind, note }] } };
    }
    case "instruct":
    case "read": {
      if (level === null) return { stale: true };
      const note = readNote(text, MAX_NOTE_LENGTH);
      if (typeof note !== "string") return note;
      const kind = asked.action === "instruct" ? "instructed" : "read";
      return { effect: { kind: "record", reportId, version, events: [{ kind, level, note }] } };
    }
    case "transfer": {
      const department = readNote(text, MAX_DEPARTMENT_LENGTH, true);
      if (typeof department !== "string") return department;
      return { effect: { kind: "record", reportId, version, events: [{ kind: "transferred", department }] } };
    }
    case "reply": {
      const note = readNote(text, MAX_NOTE_LENGTH);
      if (typeof note !== "string") return note;
      return { effect: { kind: "record", reportId, version, events: [{ kind: "replied", note }] } };
    }
    case "issue-title":
    case "issue-note": {
      const issueId = asked.subjectId;
      const value = text.trim();
      const title = asked.action === "issue-title";
      const max = title ? PIECE_TITLE_MAX : EDITOR_NOTE_MAX;
      if (value === "") return { refusal: message(title ? "prompt-empty" : "issue-note-empty") };
      if (title && /[\r\n]/.test(value)) return { refusal: message("prompt-one-line") };
      if (textLength(value) > max)
        return { refusal: message("prompt-too-long", { length: textLength(value), max }) };
      if (!title) return { effect: { kind: "editor-note", issueId, pieceId: asked.pieceId, note: value } };
      return asked.pieceId === null
        ? { effect: { kind: "combine", issueId, title: value } }
        : { effect: { kind: "piece-title", issueId, pieceId: asked.pieceId, title: value } };
    }
  }
}

/** A typed note: trimmed, not empty, not too long. */
function readNote(text: string, max: number, oneLine = false): string | { refusal: ReplySay } {
  const note = text.trim();
  if (note === "") return { refusal: message("prompt-empty") };
  if (oneLine && /[\r\n]/.test(note)) return { refusal: message("prompt-one-line") };
  if (textLength(note) > max)
    return { refusal: message("prompt-too-long", { length: textLength(note), max }) };
  return note;
}
