// The issue compiler's buttons as typed data: `i1:<code>:<issue>[:<arg>]` ("i" the feature, "1" this layout).
// Issue 0 names the issue being compiled, opened if there is none (the report card's "加入本期"). Here in
// src/bot because the report card (report-actions) offers one of these buttons too. Every press is only a
// request: the handler checks the presser is staff and the issue is still open.
import { z } from "zod";
import { callbackData } from "./callback-data";

const PREFIX = "i1";

export type IssuePress =
  | { action: "show" }
  | { action: "candidates"; page: number }
  | { action: "add"; reportId: number }
  | { action: "piece"; pieceId: number }
  | { action: "up"; pieceId: number }
  | { action: "down"; pieceId: number }
  | { action: "remove"; pieceId: number }
  | { action: "title"; pieceId: number }
  /** A 编者按 for a piece, or for the issue (pieceId null). */
  | { action: "note"; pieceId: number | null }
  | { action: "clear-note"; pieceId: number | null }
  | { action: "merge"; page: number }
  | { action: "pick"; reportId: number }
  | { action: "picked" }
  | { action: "preview" }
  | { action: "publish" }
  | { action: "publish-confirmed" }
  | { action: "file" };

type Action = IssuePress["action"];

const CODES = {
  show: "o",
  candidates: "l",
  add: "a",
  piece: "p",
  up: "u",
  down: "d",
  remove: "x",
  title: "t",
  note: "n",
  "clear-note": "N",
  merge: "m",
  pick: "k",
  picked: "K",
  preview: "v",
  publish: "P",
  "publish-confirmed": "Y",
  file: "f",
} as const satisfies Record<Action, string>;
const BY_CODE = Object.fromEntries(Object.entries(CODES).map(([action, code]) => [code, action])) as Record<
  string,
  Action
>;

const id = z.coerce.number().int().positive().max(2_147_483_647);
const page = z.coerce.number().int().min(0).max(10_000);
/** A piece's id, or 0 for the issue itself. */
const pieceOrIssue = z.coerce
  .number()
  .int()
  .min(0)
  .max(2_147_483_647)
  .transform((n) => (n === 0 ? null : n));

function argOf(press: IssuePress): string | number | undefined {
  switch (press.action) {
    case "candidates":
    case "merge":
      return press.page;
    case "add":
    case "pick":
      return press.reportId;
    case "piece":
    case "up":
    case "down":
    case "remove":
    case "title":
      return press.pieceId;
    case "note":
    case "clear-note":
      return press.pieceId ?? 0;
    default:
      return undefined;
  }
}

function readArg(action: Action, arg: string | undefined): IssuePress | undefined {
  const parsed = <T>(schema: z.ZodType<T>) => {
    const result = schema.safeParse(arg);
    return result.success ? result.data : undefined;
  };
  switch (action) {
    case "candidates":
    case "merge": {
      const p = parsed(page);
      return p === undefined ? undefined : { action, page: p };
    }
    case "add":
    case "pick": {
      const reportId = parsed(id);
      return reportId === undefined ? undefined : { action, reportId };
    }
    case "piece":
    case "up":
    case "down":
    case "remove":
    case "title": {
      const pieceId = parsed(id);
      return pieceId === undefined ? undefined : { action, pieceId };
    }
    case "note":
    case "clear-note": {
      const result = pieceOrIssue.safeParse(arg);
      return result.success ? { action, pieceId: result.data } : undefined;
    }
    default:
      return arg === undefined ? { action } : undefined;
  }
}

/** A button's data; throws (at the keyboard's construction, in tests) when over Telegram's 64 bytes. */
export function issueButton(issueId: number, press: IssuePress): string {
  const arg = argOf(press);
  return arg === undefined
    ? callbackData(PREFIX, CODES[press.action], issueId)
    : callbackData(PREFIX, CODES[press.action], issueId, arg);
}

export type DecodedIssuePress =
  /** issueId 0: the issue being compiled. */
  { kind: "press"; issueId: number; press: IssuePress } | { kind: "malformed" } | { kind: "foreign" };

export function readIssueButton(data: string | undefined): DecodedIssuePress {
  const parts = (data ?? "").split(":");
  if (parts[0] !== PREFIX) return { kind: "foreign" };
  if (parts.length > 4) return { kind: "malformed" };
  const [, code = "", rawIssue = "", arg] = parts;
  const digits = /^\d{1,10}$/;
  if (!digits.test(rawIssue) || (arg !== undefined && !digits.test(arg))) return { kind: "malformed" };
  const action = BY_CODE[code];
  const issue = z.coerce.number().int().min(0).max(2_147_483_647).safeParse(rawIssue);
  const press = action && issue.success ? readArg(action, arg) : undefined;
  return press && issue.success ? { kind: "press", issueId: issue.data, press } : { kind: "malformed" };
}

export function isIssueButton(data: string | undefined): boolean {
  return readIssueButton(data).kind !== "foreign";
}
