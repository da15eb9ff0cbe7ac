// One typed codec per feature for its buttons' data: `<feature><version>:<code>[:<arg>…]`, e.g. `rv1:acc:12:3`.
// Each action names its arguments with a zod schema, so a keyboard is built from a typed press and a press is
// read back into one, or not at all. The version mark lets a press from a keyboard sent before the layout
// changed (the feature's old prefix, or another version) be answered as expired rather than misread. Data may
// be forged: a decoded press is only a request, and the handler keeps every check of who may do what.
import { z } from "zod";
import { CALLBACK_DATA_MAX_BYTES } from "./callback-data";

/** The arguments of one action, in the order they are written; the last one may contain ":". */
type Args = Record<string, z.ZodType<unknown, string | undefined>>;

export interface ActionSpec<A extends Args = Args> {
  /** Written in the data instead of the action's name, to save bytes. */
  code: string;
  args?: A;
}

/** The typed press of a codec's table of actions: `{ action, …its arguments }`. */
export type PressOf<T extends Record<string, ActionSpec>> = {
  [K in keyof T & string]: { action: K } & (T[K] extends { args: infer A extends Args }
    ? z.output<z.ZodObject<A>>
    : unknown);
}[keyof T & string];

export type Decoded<P> =
  | { kind: "press"; press: P }
  /** This feature's button from an older keyboard layout, or of this one but unreadable (forged, garbled). */
  | { kind: "stale" };

export interface CallbackCodec<P extends { action: string }> {
  readonly prefix: string;
  readonly actions: readonly P["action"][];
  /** A button's data; throws (at the keyboard's construction, so in tests) when over Telegram's 64 bytes. */
  encode(press: P): string;
  /** The press the data stands for; `stale` for this feature's older or unreadable data; undefined if not ours. */
  decode(data: string | undefined): Decoded<P> | undefined;
}

export interface CodecOptions<T extends Record<string, ActionSpec>> {
  /** A short name of the feature, lower-case letters: the prefix is this followed by the version. */
  feature: string;
  version: number;
  /** Prefixes this feature's buttons had before they carried a version (e.g. "rv" for rv1). */
  older?: readonly string[];
  actions: T;
}

const SEPARATOR = ":";

export function defineCodec<const T extends Record<string, ActionSpec>>(
  options: CodecOptions<T>,
): CallbackCodec<PressOf<T>> {
  type P = PressOf<T>;
  if (!/^[a-z]+$/.test(options.feature))
    throw new Error(`feature must be lower-case letters: ${options.feature}`);
  const prefix = `${options.feature}${options.version}`;
  const versioned = new RegExp(`^${options.feature}\\d+$`);
  const older = new Set(options.older ?? []);
  const byCode = new Map<string, { action: string; keys: string[]; schema: z.ZodType }>();
  for (const [action, spec] of Object.entries(options.actions)) {
    if (byCode.has(spec.code) || spec.code.includes(SEPARATOR) || spec.code === "")
      throw new Error(`bad or repeated code ${spec.code} in ${prefix}`);
    const args = spec.args ?? {};
    byCode.set(spec.code, { action, keys: Object.keys(args), schema: z.strictObject(args) });
  }

  function encode(press: P): string {
    const spec = options.actions[press.action as keyof T];
    if (!spec) throw new Error(`unknown action ${press.action} in ${prefix}`);
    const keys = Object.keys(spec.args ?? {});
    const values = keys.map((key) => written((press as Record<string, unknown>)[key]));
    values.slice(0, -1).forEach((value, i) => {
      if (value.includes(SEPARATOR))
        throw new Error(`${prefix} ${press.action}.${keys[i]} may not contain ":"`);
    });
    // Trailing empty arguments are left out: an optional last argument costs nothing when absent.
    while (values.length > 0 && values[values.length - 1] === "") values.pop();
    const data = [prefix, spec.code, ...values].join(SEPARATOR);
    if (new TextEncoder().encode(data).length > CALLBACK_DATA_MAX_BYTES)
      throw new Error(`callback data too long: ${data}`);
    return data;
  }

  function decode(data: string | undefined): Decoded<P> | undefined {
    if (typeof data !== "string" || data === "") return undefined;
    const [head = "", code = "", ...parts] = data.split(SEPARATOR);
    if (head !== prefix) return older.has(head) || versioned.test(head) ? { kind: "stale" } : undefined;
    const entry = byCode.get(code);
    if (!entry) return { kind: "stale" };
    if (parts.length > entry.keys.length) {
      if (entry.keys.length === 0) return { kind: "stale" };
      parts.splice(entry.keys.length - 1, Infinity, parts.slice(entry.keys.length - 1).join(SEPARATOR));
    }
    const raw = Object.fromEntries(entry.keys.map((key, i) => [key, parts[i]]));
    const parsed = entry.schema.safeParse(raw);
    return parsed.success
      ? { kind: "press", press: { action: entry.action, ...(parsed.data as object) } as P }
      : { kind: "stale" };
  }

  return { prefix, actions: Object.keys(options.actions) as P["action"][], encode, decode };
}

function written(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "boolean") return value ? "1" : "0";
  return String(value);
}

/** Argument schemas: each reads the written string back into its value. */
export const arg = {
  /** A row's id: a positive integer that fits SQLite's and Telegram's 32-bit ids. */
  id: z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().int().positive().max(2_147_483_647)),
  /** A count, page or offset: 0 or more. */
  count: z
    .string()
    .regex(/^\d{1,10}$/)
    .transform(Number)
    .pipe(z.number().int().min(0).max(2_147_483_647)),
  /** A yes/no, written 1 or 0. */
  flag: z.enum(["0", "1"]).transform((s) => s === "1"),
  /** One of a few words, written as is. */
  oneOf: <const W extends readonly [string, ...string[]]>(words: W) => z.enum(words),
  /** A short free text (a search); empty when left out. */
  text: (maxBytes: number) =>
    z
      .string()
      .optional()
      .transform((s) => s ?? "")
      .refine((s) => new TextEncoder().encode(s).length <= maxBytes),
};
