// A roster file that parsed but cannot be imported, said in the reader's language: the missing columns are
// named as the locale names them, never by the parser's identifiers.
import type { Translate } from "../files/refusal";
import type { RosterParseResult } from "./parse";

type ParseError = Extract<RosterParseResult, { ok: false }>;

export function rosterErrorText(t: Translate, { error, detail }: ParseError): string {
  if (error === "missing-columns")
    return t("roster-error-missing-columns", {
      detail: (detail ?? "")
        .split(", ")
        .filter((column) => column !== "")
        .map((column) => t(`roster-column-${column}`))
        .join(t("roster-column-separator")),
    });
  return t(`roster-error-${error}`, { detail: detail ?? "" });
}
