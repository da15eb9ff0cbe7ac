// Why a file from a user was not read, in terms a person can act on: which bound it crossed and what the bound is.

export type FileRefusal =
  /** Downloaded bytes (limit in MB). */
  | { reason: "too-large"; limit: number }
  /** A .docx/.xlsx whose entries inflate past the bound (MB). */
  | { reason: "too-large-unpacked"; limit: number }
  /** A .docx/.xlsx with more entries than the bound. */
  | { reason: "too-many-entries"; limit: number }
  /** A roster with more data rows than the bound. */
  | { reason: "too-many-rows"; limit: number }
  /** Parsing ran past its deadline (seconds) and was stopped. */
  | { reason: "too-slow"; limit: number }
  /** Parsing needed more memory than its thread may have (MB) and was stopped. */
  | { reason: "too-much-memory"; limit: number }
  /** Not a file of the kind it claims to be, or damaged; the cause is logged, never shown. */
  | { reason: "unreadable"; cause?: string };

export type FileResult<T> = { ok: true; value: T } | { ok: false; refusal: FileRefusal };

export type Translate = (key: string, variables?: Record<string, string | number>) => string;

/**
 * The answer for a refused file; `unreadableKey` names the feature's own "cannot read this" message.
 * Locale keys: file-too-large, file-too-large-unpacked, file-too-many-entries, file-too-many-rows,
 * file-too-slow, file-too-much-memory.
 */
export function refusalText(t: Translate, refusal: FileRefusal, unreadableKey: string): string {
  if (refusal.reason === "unreadable") return t(unreadableKey);
  return t(`file-${refusal.reason}`, { limit: refusal.limit });
}

export function refused<T>(refusal: FileRefusal): FileResult<T> {
  return { ok: false, refusal };
}
