// The questions that set the committee up, and that /settings asks when one setting is changed: each a short
// question answered with a button or typed words, turned into the raw value the settings' one change path takes
// (src/db/settings.ts changeSetting validates it as a whole). Pure: words come from `t`, values from `settings`.
import type { Role } from "./roles";
import { DEFAULT_SETTINGS, type Level, type Quota, type SettingKey, type Settings } from "./settings";
import {
  clockWords,
  dayWords,
  KNOWN_TIME_ZONES,
  quotaWords,
  readSchedule,
  SCHEDULE_KEYS,
  type ScheduleDay,
  type ScheduleKey,
  type ScoringRow,
  type SettingItem,
  scheduleCron,
  scoringRowWords,
  settingWords,
  timeZoneWords,
} from "./settings-words";

type Translate = (key: string, variables?: Record<string, string | number>) => string;

export interface Choice {
  label: string;
  part: unknown;
}

export type Typed = { ok: true; part: unknown } | { ok: false; hint: string };

/** What an answer does: a new raw value for the setting, or a part kept for the next question (a schedule's day). */
export type Outcome = { raw: string } | { pending: string };

export interface Question {
  id: string;
  key: SettingKey;
  /** The buttons; values are "parts" of the setting, the way `apply` reads them. */
  choices(t: Translate): Choice[];
  /** Reads a typed answer; buttons only when absent (a typed choice label still works). */
  typed?(text: string): Typed;
  /** The part the settings hold now ("keep" and the default are read with it). */
  current(settings: Settings, pending?: string): unknown;
  apply(part: unknown, settings: Settings, pending?: string): Outcome;
  /** The value now, in words, shown under the question. */
  words(settings: Settings, t: Translate, pending?: string): string;
  /** No default worth one tap (the committee's name). */
  noDefault?: true;
}

const json = (value: unknown) => JSON.stringify(value);

function textQuestion(key: "name" | "shortName" | "publicationName", offered: string[]): Question {
  return {
    id: key,
    key,
    choices: (t) =>
      offered.map((value) => ({
        label: value === "" ? t("words-short-name-same") : `《${value}》`,
        part: value,
      })),
    typed: (text) => {
      const value = text.trim().replace(/^《(.*)》$/, "$1");
      return value === "" ? { ok: false, hint: "setup-typed-text" } : { ok: true, part: value };
    },
    current: (s) => s[key],
    // An empty string is written as JSON: a bare empty value is refused as missing.
    apply: (part) => ({ raw: part === "" ? '""' : String(part) }),
    words: (s, t) => settingWords(key, s, t),
    ...(key === "name" ? { noDefault: true as const } : {}),
  };
}

function choiceQuestion<K extends SettingKey>(
  key: K,
  values: readonly Settings[K][],
  label: (value: Settings[K], t: Translate) => string,
): Question {
  return {
    id: key,
    key,
    choices: (t) => values.map((value) => ({ label: label(value, t), part: value })),
    current: (s) => s[key],
    apply: (part) => ({ raw: typeof part === "string" ? part : json(part) }),
    words: (s, t) => settingWords(key as SettingItem, s, t),
  };
}

function numberQuestion(
  key: "titleMinLength" | "titleMaxLength" | "bodyMaxLength" | "draftReminderDays" | "reviewWaitingDays",
  offered: number[],
  unit: "characters" | "days",
): Question {
  return {
    id: key,
    key,
    choices: (t) =>
      offered.map((value) => ({
        label: t(unit === "days" ? "words-days" : "words-characters", { count: value, days: value }),
        part: value,
      })),
    typed: (text) => {
      const value = readNumber(text);
      return value === undefined || !Number.isInteger(value)
        ? { ok: false, hint: "setup-typed-number" }
        : { ok: true, part: value };
    },
    current: (s) => s[key],
    apply: (part) => ({ raw: json(part) }),
    words: (s, t) => settingWords(key, s, t),
  };
}

function listQuestion(key: "categories" | "rejectReasons"): Question {
  return {
    id: key,
    key,
    choices: () => [],
    typed: (text) => {
      // A reason is a phrase that may hold 、 and ，: reasons are one a line (or split by ；).
      const items = text
        .split(key === "rejectReasons" ? /[\n;；]+/ : /[\n,，、;；]+/)
        .map((s) => s.trim().replace(/^\d+[.、)）]\s*/, ""))
        .filter((s) => s !== "");
      return items.length === 0 ? { ok: false, hint: "setup-typed-list" } : { ok: true, part: items };
    },
    current: (s) => s[key],
    apply: (part) => ({ raw: json(part) }),
    words: (s, t) => settingWords(key, s, t),
  };
}

/** Asked in this order: the writers, who owe reports by default, then the roles that owe none unless set. */
const QUOTA_ROLES: readonly Role[] = ["standing", "member", "informant", "staff", "leader", "admin"];

const QUOTA_CHOICES: (Quota | null)[] = [
  { count: 1, period: "year" },
  { count: 2, period: "year" },
  { count: 4, period: "year" },
  { count: 1, period: "quarter" },
  { count: 1, period: "month" },
  null,
];

/** "每年2篇", "2/年", "每月 1", "2 a year", "0" or "不设". */
export function readQuota(text: string): Quota | null | undefined {
  const s = text.trim().toLowerCase();
  if (/^(0|不设.*|无|没有|none|no quota)$/.test(s)) return null;
  const count = /(\d+)/.exec(s)?.[1];
  const period = /月|month/.test(s)
    ? "month"
    : /季|quarter/.test(s)
      ? "quarter"
      : /年|year/.test(s)
        ? "year"
        : undefined;
  if (count === undefined || period === undefined) return undefined;
  const n = Number(count);
  return n === 0 ? null : { count: n, period };
}

function quotaQuestion(role: Role): Question {
  return {
    id: `quota.${role}`,
    key: "quotas",
    choices: (t) => QUOTA_CHOICES.map((quota) => ({ label: quotaWords(quota, t), part: quota })),
    typed: (text) => {
      const quota = readQuota(text);
      return quota === undefined ? { ok: false, hint: "setup-typed-quota" } : { ok: true, part: quota };
    },
    current: (s) => s.quotas[role],
    apply: (part, s) => ({ raw: json({ ...s.quotas, [role]: part }) }),
    words: (s, t) => quotaWords(s.quotas[role], t),
  };
}

function readNumber(text: string): number | undefined {
  const s = text.trim().replace(/[分字天篇]$/, "");
  return /^\d+(\.\d+)?$/.test(s) ? Number(s) : undefined;
}

function readNumbers(text: string): number[] | undefined {
  const parts = text
    .split(/[\s,，、;；/]+/)
    .map((s) => s.replace(/分$/, ""))
    .filter((s) => s !== "");
  const numbers = parts.map((s) => (/^\d+(\.\d+)?$/.test(s) ? Number(s) : Number.NaN));
  return numbers.length === 0 || numbers.some(Number.isNaN) ? undefined : numbers;
}

function scoringQuestion(row: ScoringRow): Question {
  const read = (s: Settings): number[] =>
    row === "instruction"
      ? s.scoring.instructionByLevelsUp
      : s.scoring.adoptedByLevelsUp.map((pair) => pair[row]);
  return {
    id: `scoring.${row}`,
    key: "scoring",
    choices: () => [],
    typed: (text) => {
      const numbers = readNumbers(text);
      return numbers ? { ok: true, part: numbers } : { ok: false, hint: "setup-typed-numbers" };
    },
    current: read,
    apply: (part, s) => {
      const points = part as number[];
      if (row === "instruction") return { raw: json({ ...s.scoring, instructionByLevelsUp: points }) };
      const other = row === "single" ? "combined" : "single";
      const pairs = points.map((value, i) => {
        const was = s.scoring.adoptedByLevelsUp[i] ?? DEFAULT_SETTINGS.scoring.adoptedByLevelsUp[i];
        return { [row]: value, [other]: was?.[other] ?? 0 } as { single: number; combined: number };
      });
      return { raw: json({ ...s.scoring, adoptedByLevelsUp: pairs }) };
    },
    words: (s, t) => scoringRowWords(s, row, t),
  };
}

/** Points for one kind of event, whatever the level: 转办 and 阅批. */
function flatPointsQuestion(field: "transferred" | "read"): Question {
  return {
    id: `scoring.${field}`,
    key: "scoring",
    choices: (t) => [0, 1, 2].map((points) => ({ label: t("words-points", { points }), part: points })),
    typed: (text) => {
      const value = readNumber(text);
      return value === undefined ? { ok: false, hint: "setup-typed-number" } : { ok: true, part: value };
    },
    current: (s) => s.scoring[field],
    apply: (part, s) => ({ raw: json({ ...s.scoring, [field]: part }) }),
    words: (s, t) => t(`words-scoring-${field}`, { points: s.scoring[field] }),
  };
}

const DAY_CHOICES: ScheduleDay[] = [
  { kind: "daily" },
  { kind: "weekly", weekday: 1 },
  { kind: "weekly", weekday: 5 },
  { kind: "monthly", day: 1 },
  { kind: "monthly", day: 15 },
  { kind: "monthly-last" },
  { kind: "quarterly", day: 1 },
];
const HOUR_CHOICES = [8, 9, 10, 12, 18, 20];
const WEEKDAY_CHARS = "日一二三四五六";

/** "每天", "每周三", "周日", "每月10日", "每月最后一天", "每季度1日"; English "daily", "monday", "last day". */
export function readDay(text: string): ScheduleDay | undefined {
  const s = text.trim().toLowerCase().replace(/\s+/g, "");
  if (/^(每天|每日|daily|everyday)$/.test(s)) return { kind: "daily" };
  const week = /^(?:每)?(?:周|星期|礼拜)([日天一二三四五六])$/.exec(s);
  if (week?.[1]) return { kind: "weekly", weekday: week[1] === "天" ? 0 : WEEKDAY_CHARS.indexOf(week[1]) };
  const english = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"].findIndex(
    (name) => s === name || s === `every${name}`,
  );
  if (english >= 0) return { kind: "weekly", weekday: english };
  if (/^(每月)?(最后一天|月末|月底)$|^(lastday|lastdayofthemonth)$/.test(s)) return { kind: "monthly-last" };
  const quarter = /^每季度?(?:首月|第一个月)?(\d{1,2})[日号]$/.exec(s);
  if (quarter?.[1]) return dayOfMonth(Number(quarter[1]), "quarterly");
  const month = /^(?:每月)?(\d{1,2})[日号]$|^(?:day)?(\d{1,2})(?:st|nd|rd|th)?$/.exec(s);
  const n = month?.[1] ?? month?.[2];
  return n ? dayOfMonth(Number(n), "monthly") : undefined;
}

function dayOfMonth(day: number, kind: "monthly" | "quarterly"): ScheduleDay | undefined {
  // Days after the 28th do not come every month: those months would be skipped; "last day" is offered instead.
  return day >= 1 && day <= 28 ? { kind, day } : undefined;
}

/** "9:30", "09:00", "21", "9点", "9点半". */
export function readClock(text: string): { hour: number; minute: number } | undefined {
  const s = text.trim().replace(/\s+/g, "");
  const match = /^(\d{1,2})(?:[:：点时](\d{1,2}|半)?分?)?$/.exec(s);
  if (!match) return undefined;
  const hour = Number(match[1]);
  const minute = match[2] === "半" ? 30 : match[2] ? Number(match[2]) : 0;
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

function dayQuestion(key: ScheduleKey): Question {
  const now = (s: Settings) => readSchedule(s.schedules[key]);
  return {
    id: `day.${key}`,
    key: "schedules",
    choices: (t) => DAY_CHOICES.map((day) => ({ label: dayWords(day, t), part: day })),
    typed: (text) => {
      const day = readDay(text);
      return day ? { ok: true, part: day } : { ok: false, hint: "setup-typed-day" };
    },
    current: (s) => now(s)?.day,
    apply: (part) => ({ pending: json(part) }),
    words: (s, t) => settingWords(key, s, t),
  };
}

function hourQuestion(key: ScheduleKey): Question {
  const dayOf = (s: Settings, pending?: string): ScheduleDay =>
    pending
      ? (JSON.parse(pending) as ScheduleDay)
      : (readSchedule(s.schedules[key])?.day ?? { kind: "daily" });
  return {
    id: `hour.${key}`,
    key: "schedules",
    choices: () => HOUR_CHOICES.map((hour) => ({ label: clockWords(hour, 0), part: { hour, minute: 0 } })),
    typed: (text) => {
      const clock = readClock(text);
      return clock ? { ok: true, part: clock } : { ok: false, hint: "setup-typed-clock" };
    },
    current: (s) => {
      const time = readSchedule(s.schedules[key]);
      return time ? { hour: time.hour, minute: time.minute } : undefined;
    },
    apply: (part, s, pending) => {
      const { hour, minute } = part as { hour: number; minute: number };
      const cron = scheduleCron({ day: dayOf(s, pending), hour, minute });
      return { raw: json({ ...s.schedules, [key]: cron }) };
    },
    // The day the hour is asked for (chosen just before, or the one in force): the question names it.
    words: (s, t, pending) => dayWords(dayOf(s, pending), t),
  };
}

const LEVEL_PRESETS: Level[][] = [
  ["county", "city", "province", "national"],
  ["city", "province", "national"],
  ["province", "national"],
];

const QUESTIONS: Question[] = [
  textQuestion("name", []),
  textQuestion("shortName", [""]),
  choiceQuestion("ownLevel", ["county", "city", "province"], (level, t) => t(`level-${level}`)),
  {
    ...choiceQuestion("timeZone", KNOWN_TIME_ZONES, (zone, t) => timeZoneWords(zone, t)),
    typed: (text) =>
      text.trim() === "" ? { ok: false, hint: "setup-typed-text" } : { ok: true, part: text.trim() },
  },
  textQuestion("publicationName", ["社情民意", "政协信息"]),
  ...QUOTA_ROLES.map(quotaQuestion),
  listQuestion("rejectReasons"),
  choiceQuestion("levels", LEVEL_PRESETS, (levels, t) =>
    levels.map((level) => t(`level-${level}`)).join(t("words-list-separator")),
  ),
  listQuestion("categories"),
  scoringQuestion("single"),
  scoringQuestion("combined"),
  scoringQuestion("instruction"),
  flatPointsQuestion("transferred"),
  flatPointsQuestion("read"),
  numberQuestion("titleMinLength", [5, 8, 10], "characters"),
  numberQuestion("titleMaxLength", [40, 60, 80], "characters"),
  numberQuestion("bodyMaxLength", [1500, 3000, 5000], "characters"),
  numberQuestion("draftReminderDays", [3, 7, 14], "days"),
  numberQuestion("reviewWaitingDays", [1, 3, 7], "days"),
  choiceQuestion("notifyStaff", ["immediately", "digest"], (value, t) => t(`words-notify-${value}`)),
  choiceQuestion("groupShowNamesBehind", [true, false], (value, t) => t(value ? "words-yes" : "words-no")),
  choiceQuestion("statsInGroups", [true, false], (value, t) => t(value ? "words-yes" : "words-no")),
  ...SCHEDULE_KEYS.flatMap((key) => [dayQuestion(key), hourQuestion(key)]),
];

const BY_ID = new Map(QUESTIONS.map((question) => [question.id, question]));

export function questionById(id: string): Question | undefined {
  return BY_ID.get(id);
}

/** The guided set-up, in order: what a new committee must say before its first report. */
export const SETUP_FLOW: readonly string[] = [
  "name",
  "shortName",
  "ownLevel",
  "timeZone",
  "publicationName",
  ...QUOTA_ROLES.map((role) => `quota.${role}`),
  "rejectReasons",
];

/** The questions a setting's button in /settings asks, in order. */
export function itemFlow(item: SettingItem): readonly string[] {
  if (item === "quotas") return QUOTA_ROLES.map((role) => `quota.${role}`);
  if (item === "scoring")
    return [
      "scoring.single",
      "scoring.combined",
      "scoring.instruction",
      "scoring.transferred",
      "scoring.read",
    ];
  if ((SCHEDULE_KEYS as readonly string[]).includes(item)) return [`day.${item}`, `hour.${item}`];
  return [item];
}

export type Flow = "setup" | SettingItem;

export function flowQuestions(flow: Flow): readonly string[] {
  return flow === "setup" ? SETUP_FLOW : itemFlow(flow);
}

/** The question after `question` in a flow; undefined at its end. */
export function nextQuestion(flow: Flow, question: string): string | undefined {
  const questions = flowQuestions(flow);
  const at = questions.indexOf(question);
  return at < 0 ? undefined : questions[at + 1];
}

/** The part of DESIGN's defaults a question sets, or undefined where there is none to offer. */
export function defaultPart(question: Question): unknown {
  return question.noDefault ? undefined : question.current(DEFAULT_SETTINGS);
}

export function isDefaultChoice(question: Question, choice: Choice): boolean {
  const part = defaultPart(question);
  return part !== undefined && json(part) === json(choice.part);
}

/** A typed answer: the question's own reading, or the label of one of its buttons typed out. */
export function readTyped(question: Question, text: string, t: Translate): Typed {
  const label = text.trim();
  const chosen = question.choices(t).find((choice) => choice.label === label);
  if (chosen) return { ok: true, part: chosen.part };
  return question.typed ? question.typed(text) : { ok: false, hint: "setup-typed-buttons" };
}
