// The issue compiler's buttons as typed data: `i1:<code>:<issue>[:<arg>]` ("i" the feature, "1" this layout).
// Issue 0 names the issue being compiled, opened if there is none (the report card's "加入本期"). Here in
// src/bot because the report card (review) offers one of these buttons too. Every press is only a request: the
// handler checks the presser is staff and the issue is still open.
import { z } from "zod";
import { arg, defineCodec } from "./callback-codec";

const issue = { issueId: arg.count };
const page = { ...issue, page: arg.count.pipe(z.number().max(10_000)) };
const report = { ...issue, reportId: arg.id };
const piece = { ...issue, pieceId: arg.id };
/** A piece, or the issue itself: left out (written 0 by the older buttons of this layout). */
const pieceOrIssue = {
  ...issue,
  pieceId: z
    .string()
    .optional()
    .transform((s) => (s === undefined || s === "0" ? null : s))
    .pipe(arg.id.nullable()),
};

export const issueButtons = defineCodec({
  feature: "i",
  version: 1,
  actions: {
    show: { code: "o", args: issue },
    candidates: { code: "l", args: page },
    add: { code: "a", args: report },
    piece: { code: "p", args: piece },
    up: { code: "u", args: piece },
    down: { code: "d", args: piece },
    remove: { code: "x", args: piece },
    title: { code: "t", args: piece },
    /** A 编者按 for a piece, or for the issue (pieceId null). */
    note: { code: "n", args: pieceOrIssue },
    "clear-note": { code: "N", args: pieceOrIssue },
    merge: { code: "m", args: page },
    pick: { code: "k", args: report },
    picked: { code: "K", args: issue },
    preview: { code: "v", args: issue },
    publish: { code: "P", args: issue },
    "publish-confirmed": { code: "Y", args: issue },
    file: { code: "f", args: issue },
  },
});

type IssueButtonPress = Parameters<typeof issueButtons.encode>[0];
type WithoutIssue<P> = P extends unknown ? Omit<P, "issueId"> : never;
/** What a button asks of the issue it names. */
export type IssuePress = WithoutIssue<IssueButtonPress>;

/** A button's data; throws (at the keyboard's construction, in tests) when over Telegram's 64 bytes. */
export function issueButton(issueId: number, press: IssuePress): string {
  return issueButtons.encode({ ...press, issueId });
}

export type DecodedIssuePress =
  /** issueId 0: the issue being compiled. */
  { kind: "press"; issueId: number; press: IssuePress } | { kind: "malformed" } | { kind: "foreign" };

export function readIssueButton(data: string | undefined): DecodedIssuePress {
  const decoded = issueButtons.decode(data);
  if (!decoded) return { kind: "foreign" };
  if (decoded.kind === "stale") return { kind: "malformed" };
  const { issueId, ...press } = decoded.press;
  return { kind: "press", issueId, press };
}

export function isIssueButton(data: string | undefined): boolean {
  return issueButtons.decode(data) !== undefined;
}
