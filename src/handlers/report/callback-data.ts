// The report flow's buttons as typed data: `r1:<draft>:<code>[:<arg>]`. "r" names the feature and "1" the
// version of this layout, so a press from a keyboard sent before the layout changed ("sub:…", or a later "r2")
// is recognised and answered clearly instead of being misread. Every press is only a request: the handler
// checks the draft is the presser's and the step expects it.
import { z } from "zod";
import { callbackData, idArg } from "../../bot/callback-data";
import { isStep, type Step } from "../../domain/draft";
import type { FlowPress } from "../../domain/report-flow";

const FEATURE = "r";
const VERSION = 1;
const PREFIX = `${FEATURE}${VERSION}`;
/** Layouts of this flow's buttons that are no longer read. */
const OLDER_PREFIXES = ["sub"];

const CODES = {
  category: "c",
  done: "d",
  skip: "s",
  keep: "k",
  "clear-attachments": "x",
  coauthor: "a",
  urgent: "u",
  submit: "S",
  back: "b",
  edit: "e",
  save: "v",
  cancel: "q",
  "cancel-keep": "qk",
  "cancel-discard": "qd",
  "cancel-continue": "qc",
  mode: "m",
} as const satisfies Record<FlowPress["action"], string>;
type Action = keyof typeof CODES;
const ACTIONS = Object.fromEntries(Object.entries(CODES).map(([action, code]) => [code, action])) as Record<
  string,
  Action
>;

const stepArg = z.string().refine((s): s is Step => isStep(s));
const indexArg = z.coerce.number().int().min(0);
const flag = z.enum(["0", "1"]).transform((s) => s === "1");

/** The argument each action carries, read back into its typed press. */
const ARGS: { [A in Action]: (arg: string | undefined) => Extract<FlowPress, { action: A }> | undefined } = {
  category: (arg) => {
    const [index, mark] = (arg ?? "").split(".");
    const i = indexArg.safeParse(index);
    return i.success && mark ? { action: "category", index: i.data, mark } : undefined;
  },
  done: (arg) => {
    const step = stepArg.safeParse(arg);
    return step.success ? { action: "done", step: step.data as Step } : undefined;
  },
  skip: () => ({ action: "skip" }),
  keep: () => ({ action: "keep" }),
  "clear-attachments": () => ({ action: "clear-attachments" }),
  coauthor: (arg) => {
    const sign = arg?.slice(0, 1);
    const id = idArg.safeParse(arg?.slice(1));
    return (sign === "+" || sign === "-") && id.success
      ? { action: "coauthor", personId: id.data, add: sign === "+" }
      : undefined;
  },
  urgent: (arg) => {
    const value = flag.safeParse(arg);
    return value.success ? { action: "urgent", urgent: value.data } : undefined;
  },
  submit: (arg) => {
    const value = flag.safeParse(arg ?? "0");
    return value.success ? { action: "submit", anyway: value.data } : undefined;
  },
  back: () => ({ action: "back" }),
  edit: (arg) => {
    if (arg === undefined) return { action: "edit" };
    const step = stepArg.safeParse(arg);
    return step.success ? { action: "edit", step: step.data as Step } : undefined;
  },
  save: () => ({ action: "save" }),
  cancel: () => ({ action: "cancel" }),
  "cancel-keep": () => ({ action: "cancel-keep" }),
  "cancel-discard": () => ({ action: "cancel-discard" }),
  "cancel-continue": () => ({ action: "cancel-continue" }),
  mode: (arg) =>
    arg === "a" || arg === "r" ? { action: "mode", mode: arg === "a" ? "append" : "replace" } : undefined,
};

function argOf(press: FlowPress): string | undefined {
  switch (press.action) {
    case "category":
      return `${press.index}.${press.mark}`;
    case "done":
      return press.step;
    case "coauthor":
      return `${press.add ? "+" : "-"}${press.personId}`;
    case "urgent":
      return press.urgent ? "1" : "0";
    case "submit":
      return press.anyway ? "1" : undefined;
    case "edit":
      return press.step;
    case "mode":
      return press.mode === "append" ? "a" : "r";
    default:
      return undefined;
  }
}

/** A button's data; throws (at the keyboard's construction, in tests) when over Telegram's 64 bytes. */
export function flowButton(draftId: number, press: FlowPress): string {
  const arg = argOf(press);
  const code = CODES[press.action];
  return arg === undefined ? callbackData(PREFIX, draftId, code) : callbackData(PREFIX, draftId, code, arg);
}

export type DecodedPress =
  | { kind: "press"; draftId: number; press: FlowPress }
  /** This flow's button from an older keyboard layout, or one of its buttons that does not read. */
  | { kind: "outdated"; draftId: number | undefined }
  /** Not this flow's button at all. */
  | { kind: "foreign" };

export function readFlowButton(data: string | undefined): DecodedPress {
  if (!data) return { kind: "foreign" };
  const [prefix = "", rawDraft, code = "", arg] = data.split(":");
  const draft = idArg.safeParse(rawDraft);
  const draftId = draft.success ? draft.data : undefined;
  if (OLDER_PREFIXES.includes(prefix) || (prefix !== PREFIX && /^r\d+$/.test(prefix)))
    return { kind: "outdated", draftId };
  if (prefix !== PREFIX) return { kind: "foreign" };
  const action = ACTIONS[code];
  const press = action && draftId !== undefined ? ARGS[action](arg) : undefined;
  if (!press || draftId === undefined || data.split(":").length > 4) return { kind: "outdated", draftId };
  return { kind: "press", draftId, press };
}

export function isFlowButton(data: string | undefined): boolean {
  return readFlowButton(data).kind !== "foreign";
}
