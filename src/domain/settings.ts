// The committee's settings: one zod schema, the DESIGN defaults, and the rules for changing one key.
// Pure: storage lives in src/db/settings.ts.
import { z } from "zod";

export const LEVELS = ["county", "city", "province", "national"] as const;
export type Level = (typeof LEVELS)[number];

const timeZone = z.string().refine(isValidTimeZone, { message: "time-zone" });
const cronExpression = z.string().regex(/^\s*\S+(\s+\S+){4}\s*$/, { message: "cron" });

const quotaSchema = z.object({
  count: z.number().int().min(0).max(1000),
  period: z.enum(["month", "quarter", "year"]),
});
export type Quota = z.infer<typeof quotaSchema>;

const pair = z.object({ single: z.number().min(0), combined: z.number().min(0) });

/** Points per event, by how many levels above the committee's own level it happened (0 = own level). */
export const scoringSchema = z.object({
  adoptedByLevelsUp: z.array(pair).min(1).max(LEVELS.length),
  instructionByLevelsUp: z.array(z.number().min(0)).min(1).max(LEVELS.length),
  transferred: z.number().min(0),
  /** A leader's 阅批 (read with comment), at any level at or above the own level; added later, so 0 unless set. */
  read: z.number().min(0).default(0),
});
/** The table as given (read may be missing: 0); settings always hold it whole. */
export type ScoringTable = z.input<typeof scoringSchema>;

export const settingsSchema = z
  .object({
    /** The committee's full name, e.g. 某某县政协; "政协" until the set-up gives it. */
    name: z.string().trim().min(1).max(100),
    /** A short name for tight places (chart titles, buttons), e.g. 某县政协; empty: the full name. */
    shortName: z.string().trim().max(30).default(""),
    /** The committee's own publication, without 《》, e.g. 社情民意 or 政协信息. */
    publicationName: z.string().trim().min(1).max(30).default("社情民意"),
    timeZone,
    ownLevel: z.enum(LEVELS),
    levels: z.array(z.enum(LEVELS)).min(1),
    categories: z.array(z.string().trim().min(1).max(30)).min(1).max(40),
    quotas: z.object({
      member: quotaSchema.nullable(),
      standing: quotaSchema.nullable(),
      informant: quotaSchema.nullable(),
      staff: quotaSchema.nullable(),
      leader: quotaSchema.nullable(),
      admin: quotaSchema.nullable(),
    }),
    scoring: scoringSchema,
    titleMinLength: z.number().int().min(1).max(100),
    titleMaxLength: z.number().int().min(5).max(200),
    bodyMaxLength: z.number().int().min(100).max(20_000),
    draftReminderDays: z.number().int().min(1).max(365),
    notifyStaff: z.enum(["immediately", "digest"]),
    reviewWaitingDays: z.number().int().min(1).max(90),
    groupShowNamesBehind: z.boolean(),
    statsInGroups: z.boolean(),
    rejectReasons: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
    schedules: z.object({
      memberReminders: cronExpression,
      memberRemindersLastMonth: cronExpression,
      staffDigest: cronExpression,
      groupProgress: cronExpression,
      quarterlyStandings: cronExpression,
      draftReminders: cronExpression,
      // Added after the first release: a stored `schedules` without it still reads (with the default).
      submissionDigest: cronExpression.default("0 18 * * *"),
    }),
  })
  .refine((s) => s.titleMinLength < s.titleMaxLength, {
    message: "title-lengths",
    path: ["titleMinLength"],
  })
  .refine((s) => s.levels.includes(s.ownLevel), {
    message: "own-level",
    path: ["ownLevel"],
  });

export type Settings = z.infer<typeof settingsSchema>;
export type SettingKey = keyof Settings;

export const DEFAULT_SETTINGS: Settings = {
  name: "政协",
  shortName: "",
  publicationName: "社情民意",
  timeZone: "Asia/Shanghai",
  ownLevel: "county",
  levels: ["county", "city", "province", "national"],
  categories: [
    "经济发展",
    "乡村振兴",
    "教育",
    "医疗卫生",
    "社会保障",
    "生态环境",
    "城乡建设",
    "社会治理",
    "文化旅游",
    "其他",
  ],
  quotas: {
    member: { count: 1, period: "year" },
    standing: { count: 2, period: "year" },
    informant: { count: 1, period: "month" },
    staff: null,
    leader: null,
    admin: null,
  },
  scoring: {
    adoptedByLevelsUp: [
      { single: 5, combined: 2 },
      { single: 10, combined: 5 },
      { single: 20, combined: 10 },
      { single: 30, combined: 15 },
    ],
    instructionByLevelsUp: [5, 10, 15, 30],
    transferred: 1,
    read: 0,
  },
  titleMinLength: 5,
  titleMaxLength: 60,
  bodyMaxLength: 3000,
  draftReminderDays: 7,
  notifyStaff: "immediately",
  reviewWaitingDays: 3,
  groupShowNamesBehind: false,
  statsInGroups: false,
  rejectReasons: [
    "属于镇街层面可以解决的问题",
    "属于信访、诉讼事项",
    "涉及人事问题",
    "涉及秘密或个人隐私",
    "与已有信息重复",
    "未做到一事一报",
  ],
  schedules: {
    memberReminders: "0 9 1 * *",
    memberRemindersLastMonth: "0 9 * * 1",
    staffDigest: "0 9 * * 1",
    groupProgress: "0 10 1 * *",
    quarterlyStandings: "0 9 1 1,4,7,10 *",
    draftReminders: "0 20 * * *",
    submissionDigest: "0 18 * * *",
  },
};

export const SETTING_KEYS = Object.keys(DEFAULT_SETTINGS) as SettingKey[];

/** The name to print where space is short. */
export function committeeShortName(settings: Pick<Settings, "name" | "shortName">): string {
  return settings.shortName || settings.name;
}

export function isSettingKey(key: string): key is SettingKey {
  return (SETTING_KEYS as string[]).includes(key);
}

/** Why a change was refused: a code for the locales (`settings-reason-<code>`), the setting and the bound broken. */
export interface SettingRefusal {
  code:
    | "unknown-key"
    | "value-required"
    | "not-json"
    | "time-zone"
    | "cron"
    | "title-lengths"
    | "own-level"
    | "too-small"
    | "too-big"
    | "too-short"
    | "too-long"
    | "too-few"
    | "too-many"
    | "not-integer"
    | "wrong-type"
    | "not-one-of"
    | "invalid";
  /** Where in the value, e.g. "quotas.member.count"; the key itself for a plain value. */
  path: string;
  /** The bound (a number), the expected type, or the allowed values. */
  detail: string;
}

export type SettingChange =
  | { ok: true; settings: Settings }
  | { ok: false; refusal: SettingRefusal /** In English, for the command line and logs. */; reason: string };

const ENGLISH_REASONS: Record<SettingRefusal["code"], string> = {
  "unknown-key": `unknown key; keys: {detail}`,
  "value-required": "a value is required",
  "not-json": "expected a JSON value, e.g. {detail}",
  "time-zone": "not a known IANA time zone, e.g. Asia/Shanghai",
  cron: "a cron expression has five fields, e.g. 0 9 1 * *",
  "title-lengths": "titleMinLength must be below titleMaxLength",
  "own-level": "ownLevel must be one of levels",
  "too-small": "must be at least {detail}",
  "too-big": "must be at most {detail}",
  "too-short": "must be at least {detail} characters long",
  "too-long": "must be at most {detail} characters long",
  "too-few": "must have at least {detail} items",
  "too-many": "must have at most {detail} items",
  "not-integer": "must be a whole number",
  "wrong-type": "expected {detail}",
  "not-one-of": "must be one of {detail}",
  invalid: "invalid value",
};

function refused(code: SettingRefusal["code"], path: string, detail = ""): SettingChange & { ok: false } {
  const refusal = { code, path, detail };
  return { ok: false, refusal, reason: `${path}: ${ENGLISH_REASONS[code].replace("{detail}", detail)}` };
}

/** What zod found wrong, as a refusal the locales can put into words. */
function refusalOf(issue: z.core.$ZodIssue | undefined, key: string): SettingChange & { ok: false } {
  const path = issue?.path.map(String).join(".") || key;
  if (!issue) return refused("invalid", path);
  switch (issue.code) {
    case "custom":
    case "invalid_format":
      return ["time-zone", "cron", "title-lengths", "own-level"].includes(issue.message)
        ? refused(issue.message as SettingRefusal["code"], path)
        : refused("invalid", path);
    case "too_small":
    case "too_big": {
      const bound = String("minimum" in issue ? issue.minimum : issue.maximum);
      const small = issue.code === "too_small";
      if (issue.origin === "string") return refused(small ? "too-short" : "too-long", path, bound);
      if (issue.origin === "array") return refused(small ? "too-few" : "too-many", path, bound);
      return refused(small ? "too-small" : "too-big", path, bound);
    }
    case "invalid_type":
      return issue.expected === "int"
        ? refused("not-integer", path)
        : refused("wrong-type", path, String(issue.expected));
    case "invalid_value":
      return refused("not-one-of", path, issue.values.map(String).join(", "));
    default:
      return refused("invalid", path);
  }
}

/**
 * Applies one textual change, as typed by an admin (`/settings set timeZone Asia/Urumqi`) or on the
 * command line. Strings may be given bare; lists as JSON or separated by commas / 、; everything else
 * as JSON. The whole result is validated, so nothing half-written can be stored.
 */
export function applySettingChange(current: Settings, key: string, rawValue: string): SettingChange {
  if (!isSettingKey(key)) return refused("unknown-key", key, SETTING_KEYS.join(", "));
  const raw = rawValue.trim();
  if (raw === "") return refused("value-required", key);
  const parsedValue = parseSettingValue(DEFAULT_SETTINGS[key], raw);
  if (!parsedValue.ok) return refused("not-json", key, JSON.stringify(DEFAULT_SETTINGS[key]).slice(0, 200));
  const result = settingsSchema.safeParse({ ...current, [key]: parsedValue.value });
  if (!result.success) return refusalOf(result.error.issues[0], key);
  return { ok: true, settings: result.data };
}

function parseSettingValue(example: unknown, raw: string): { ok: true; value: unknown } | { ok: false } {
  // `""` clears a string that may be empty (shortName): a bare empty value is refused as missing.
  if (typeof example === "string") return { ok: true, value: raw === '""' ? "" : raw };
  if (Array.isArray(example) && typeof example[0] === "string" && !raw.startsWith("[")) {
    return {
      ok: true,
      value: raw
        .split(/[,，、]/)
        .map((s) => s.trim())
        .filter((s) => s !== ""),
    };
  }
  try {
    return { ok: true, value: JSON.parse(raw) };
  } catch {
    return { ok: false };
  }
}

/** Reads stored settings leniently: unknown keys are dropped and missing or invalid ones fall back to defaults. */
export function settingsFromStored(stored: Record<string, unknown>): Settings {
  const merged: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  for (const key of SETTING_KEYS) {
    if (key in stored) merged[key] = stored[key];
  }
  const result = settingsSchema.safeParse(merged);
  if (result.success) return result.data;
  // One bad stored value (written by an older version, or by hand) costs only itself: each key is taken in turn
  // if the settings stay valid with it, else it keeps its default.
  let accepted: Settings = DEFAULT_SETTINGS;
  for (const key of SETTING_KEYS) {
    if (!(key in stored)) continue;
    const candidate = settingsSchema.safeParse({ ...accepted, [key]: stored[key] });
    if (candidate.success) accepted = candidate.data;
  }
  return accepted;
}

/** Zones already checked: building an Intl.DateTimeFormat costs ~0.1 ms, and settings are validated per load. */
const checkedTimeZones = new Map<string, boolean>();

export function isValidTimeZone(zone: string): boolean {
  const known = checkedTimeZones.get(zone);
  if (known !== undefined) return known;
  let valid: boolean;
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    valid = true;
  } catch {
    valid = false;
  }
  // Bounded: the zone comes from typed settings, so any string may be checked.
  if (checkedTimeZones.size < 64) checkedTimeZones.set(zone, valid);
  return valid;
}
