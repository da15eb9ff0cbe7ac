// The committee's settings in words, as an office worker reads them: "每月最后一天10:00", "常委每年2篇",
// "单篇：本级5分…". Schedules are cron strings inside; here they are read into a day and an hour, and a cron
// this module cannot put into words is called custom rather than shown. Pure: words come from `t`.
import type { Role } from "./roles";
import type { Quota, Settings } from "./settings";

type Translate = (key: string, variables?: Record<string, string | number>) => string;

export type ScheduleKey = keyof Settings["schedules"];
export const SCHEDULE_KEYS = [
  "memberReminders",
  "memberRemindersLastMonth",
  "groupProgress",
  "quarterlyStandings",
  "staffDigest",
  "submissionDigest",
  "draftReminders",
] as const satisfies readonly ScheduleKey[];

/** The days a schedule can fall on, as chosen with buttons or typed ("每周一", "每月最后一天"). */
export type ScheduleDay =
  | { kind: "daily" }
  /** 0 Sunday … 6 Saturday, as cron counts. */
  | { kind: "weekly"; weekday: number }
  | { kind: "monthly"; day: number }
  | { kind: "monthly-last" }
  /** The given day of January, April, July and October. */
  | { kind: "quarterly"; day: number };

export interface ScheduleTime {
  day: ScheduleDay;
  hour: number;
  minute: number;
}

/** A setting's or question's name as part of a locale key: "quota.member" → "quota-member", "shortName" → "short-name". */
export function kebab(id: string): string {
  return id.replace(/\./g, "-").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The setting's name in the reader's language. */
export function settingLabel(item: SettingItem, t: Translate): string {
  return t(`setting-label-${kebab(item)}`);
}

const QUARTER_MONTHS = "1,4,7,10";
const WEEKDAY_NAMES = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

function intIn(field: string, min: number, max: number): number | undefined {
  if (!/^\d{1,2}$/.test(field)) return undefined;
  const value = Number(field);
  return value >= min && value <= max ? value : undefined;
}

/** The day and time a cron string stands for, when it is one of the shapes offered; undefined otherwise. */
export function readSchedule(cron: string): ScheduleTime | undefined {
  const fields = cron.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [m = "", h = "", dom = "", month = "", dow = ""] = fields;
  const minute = intIn(m, 0, 59);
  const hour = intIn(h, 0, 23);
  if (minute === undefined || hour === undefined) return undefined;
  const at = (day: ScheduleDay) => ({ day, hour, minute });
  if (month === "*" && dow === "*") {
    if (dom === "*") return at({ kind: "daily" });
    if (dom === "L") return at({ kind: "monthly-last" });
    const day = intIn(dom, 1, 31);
    return day === undefined ? undefined : at({ kind: "monthly", day });
  }
  if (month === "*" && dom === "*") {
    const named = WEEKDAY_NAMES.indexOf(dow.toUpperCase());
    const weekday = named >= 0 ? named : intIn(dow, 0, 7);
    return weekday === undefined ? undefined : at({ kind: "weekly", weekday: weekday % 7 });
  }
  if (month === QUARTER_MONTHS && dow === "*") {
    const day = intIn(dom, 1, 31);
    return day === undefined ? undefined : at({ kind: "quarterly", day });
  }
  return undefined;
}

/** The cron string (node-cron syntax, in the committee's zone) for a day and time. */
export function scheduleCron({ day, hour, minute }: ScheduleTime): string {
  switch (day.kind) {
    case "daily":
      return `${minute} ${hour} * * *`;
    case "weekly":
      return `${minute} ${hour} * * ${day.weekday}`;
    case "monthly":
      return `${minute} ${hour} ${day.day} * *`;
    case "monthly-last":
      return `${minute} ${hour} L * *`;
    case "quarterly":
      return `${minute} ${hour} ${day.day} ${QUARTER_MONTHS} *`;
  }
}

export function dayWords(day: ScheduleDay, t: Translate): string {
  switch (day.kind) {
    case "daily":
      return t("words-day-daily");
    case "weekly":
      return t("words-day-weekly", { weekday: t(`words-weekday-${day.weekday}`) });
    case "monthly":
      return t("words-day-monthly", { day: day.day });
    case "monthly-last":
      return t("words-day-monthly-last");
    case "quarterly":
      return t("words-day-quarterly", { day: day.day });
  }
}

export function clockWords(hour: number, minute: number): string {
  return `${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`;
}

/** "每月最后一天10:00" — or "custom" for a cron set on the command line in another shape. */
export function scheduleWords(cron: string, t: Translate): string {
  const time = readSchedule(cron);
  if (!time) return t("words-schedule-custom");
  return t("words-schedule-at", { day: dayWords(time.day, t), time: clockWords(time.hour, time.minute) });
}

export function quotaWords(quota: Quota | null, t: Translate): string {
  if (!quota || quota.count === 0) return t("words-quota-none");
  return t("words-quota", { per: t(`words-per-${quota.period}`), count: quota.count });
}

export function levelName(level: string, t: Translate): string {
  return t(`level-${level}`);
}

/** Names of the levels from the own level up: "本级", then each higher level by name. */
function levelsUpNames(settings: Settings, count: number, t: Translate): string[] {
  const own = Math.max(0, settings.levels.indexOf(settings.ownLevel));
  return Array.from({ length: count }, (_, up) => {
    if (up === 0) return t("words-level-own");
    const level = settings.levels[own + up];
    return level ? levelName(level, t) : t("words-level-up", { up });
  });
}

export type ScoringRow = "single" | "combined" | "instruction";

export function scoringRowWords(settings: Settings, row: ScoringRow, t: Translate): string {
  const points =
    row === "instruction"
      ? settings.scoring.instructionByLevelsUp
      : settings.scoring.adoptedByLevelsUp.map((pair) => pair[row]);
  const names = levelsUpNames(settings, points.length, t);
  const parts = points.map((value, i) => t("words-points-at", { level: names[i] ?? "", points: value }));
  return t(`words-scoring-${row}`, { points: parts.join(t("words-list-separator")) });
}

const QUOTA_ROLES: readonly Role[] = ["standing", "member", "informant", "staff", "leader", "admin"];

/**
 * The settings as the office sees them: one item per key, each schedule an item of its own. `quotas` and
 * `scoring` are one item each, changed a part at a time.
 */
export const SETTING_ITEMS = [
  "name",
  "shortName",
  "publicationName",
  "ownLevel",
  "levels",
  "timeZone",
  "quotas",
  "scoring",
  "categories",
  "rejectReasons",
  "titleMinLength",
  "titleMaxLength",
  "bodyMaxLength",
  "draftReminderDays",
  "reviewWaitingDays",
  "notifyStaff",
  "groupShowNamesBehind",
  "statsInGroups",
  ...SCHEDULE_KEYS,
] as const;
export type SettingItem = (typeof SETTING_ITEMS)[number];

export function isSettingItem(value: string): value is SettingItem {
  return (SETTING_ITEMS as readonly string[]).includes(value);
}

export function isScheduleKey(value: string): value is ScheduleKey {
  return (SCHEDULE_KEYS as readonly string[]).includes(value);
}

/** An item's value in words, in the reader's language. */
export function settingWords(item: SettingItem, settings: Settings, t: Translate): string {
  const list = (values: readonly string[]) => values.join(t("words-list-separator"));
  switch (item) {
    case "name":
      return settings.name;
    case "shortName":
      return settings.shortName || t("words-short-name-same");
    case "publicationName":
      return `《${settings.publicationName}》`;
    case "ownLevel":
      return levelName(settings.ownLevel, t);
    case "levels":
      return list(settings.levels.map((level) => levelName(level, t)));
    case "timeZone":
      return timeZoneWords(settings.timeZone, t);
    case "quotas": {
      const owed = QUOTA_ROLES.filter((role) => settings.quotas[role] && settings.quotas[role].count > 0);
      const none = QUOTA_ROLES.filter((role) => !owed.includes(role));
      const parts = owed.map((role) =>
        t("words-quota-of", { role: t(`role-${role}`), quota: quotaWords(settings.quotas[role], t) }),
      );
      if (none.length > 0)
        parts.push(
          t("words-quota-of", { role: list(none.map((r) => t(`role-${r}`))), quota: t("words-quota-none") }),
        );
      return parts.join(t("words-clause-separator"));
    }
    case "scoring":
      return [
        scoringRowWords(settings, "single", t),
        scoringRowWords(settings, "combined", t),
        scoringRowWords(settings, "instruction", t),
        t("words-scoring-transferred", { points: settings.scoring.transferred }),
        t("words-scoring-read", { points: settings.scoring.read }),
      ].join(t("words-clause-separator"));
    case "categories":
      return list(settings.categories);
    case "rejectReasons":
      return settings.rejectReasons.join(t("words-clause-separator"));
    case "titleMinLength":
    case "titleMaxLength":
    case "bodyMaxLength":
      return t("words-characters", { count: settings[item] });
    case "draftReminderDays":
      return t("words-draft-reminder-days", { days: settings.draftReminderDays });
    case "reviewWaitingDays":
      return t("words-review-waiting-days", { days: settings.reviewWaitingDays });
    case "notifyStaff":
      return t(`words-notify-${settings.notifyStaff}`);
    case "groupShowNamesBehind":
    case "statsInGroups":
      return t(settings[item] ? "words-yes" : "words-no");
    default:
      return t("words-schedule", {
        when: scheduleWords(settings.schedules[item], t),
        what: t(`words-job-${kebab(item)}`),
      });
  }
}

export const KNOWN_TIME_ZONES = [
  "Asia/Shanghai",
  "Asia/Urumqi",
  "Asia/Hong_Kong",
  "Asia/Macau",
  "Asia/Taipei",
];

export function timeZoneWords(zone: string, t: Translate): string {
  return KNOWN_TIME_ZONES.includes(zone)
    ? t("words-time-zone-named", { name: t(`words-tz-${zone.toLowerCase().replace(/[^a-z]+/g, "-")}`), zone })
    : zone;
}
