// The committee's schedules (settings.schedules, five-field cron in node-cron's dialect) read without node-cron,
// which the Worker cannot load: the Worker's frequent trigger asks which schedules fell due (src/jobs/schedule.ts).
// node-cron's meaning is kept: day of month AND weekday must both match (not classic cron's OR), 0 and 7 are
// Sunday, names (jan, monday) anywhere in their field, L / L-n / nW / LW in the day, nL and n#k in the weekday.
// test/domain/cron.test.ts compares it with node-cron minute by minute.
import { localDateParts } from "./periods";

type DayToken = number | "L" | { fromLast: number } | { nearestWeekdayTo: number | "L" };
type WeekdayToken = number | { last: number } | { nth: number; weekday: number };

export interface CronSpec {
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  days: readonly DayToken[];
  months: ReadonlySet<number>;
  weekdays: readonly WeekdayToken[];
}

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const MONTH_NAMES = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const WEEKDAY_NAMES = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/** Names to numbers, full names first (as node-cron does), case-insensitively. */
function replaceNames(field: string, names: readonly string[][], base: number): string {
  let out = field;
  for (const list of names)
    list.forEach((name, i) => {
      out = out.replace(new RegExp(name, "gi"), String(i + base));
    });
  return out;
}

/** Numbers of a plain field (`*`, `*\/n`, `a`, `a-b`, `a-b/n`, lists; a range may wrap); undefined when unreadable. */
function numbers(field: string, min: number, max: number): Set<number> | undefined {
  const out = new Set<number>();
  for (const raw of field.split(",")) {
    const token = raw.replace("*", `${min}-${max}`);
    const match = /^(\d+)(?:-(\d+)(?:\/(\d+))?)?$/.exec(token);
    if (!match) return undefined;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    const step = match[3] === undefined ? 1 : Number(match[3]);
    if (first < min || first > max || last < min || last > max || step < 1) return undefined;
    const size = max - min + 1;
    const span = (((last - first) % size) + size) % size;
    for (let offset = 0; offset <= span; offset += step) {
      const value = first + offset;
      out.add(value > max ? value - size : value);
    }
  }
  return out;
}

function dayTokens(field: string): DayToken[] | undefined {
  const out: DayToken[] = [];
  for (const token of (field === "?" ? "*" : field).toUpperCase().split(",")) {
    if (token === "L") out.push("L");
    else if (/^L-\d{1,2}$/.test(token)) out.push({ fromLast: Number(token.slice(2)) });
    else if (/^(\d{1,2}|L)W$/.test(token)) {
      const target = token.slice(0, -1);
      const day = target === "L" ? "L" : Number(target);
      if (day !== "L" && (day < 1 || day > 31)) return undefined;
      out.push({ nearestWeekdayTo: day });
    } else {
      const plain = numbers(token, 1, 31);
      if (!plain) return undefined;
      out.push(...plain);
    }
  }
  return out;
}

function weekdayTokens(field: string): WeekdayToken[] | undefined {
  const named = replaceNames(field === "?" ? "*" : field, [WEEKDAY_NAMES, WEEKDAYS], 0).toUpperCase();
  const out: WeekdayToken[] = [];
  for (const token of named.split(",")) {
    const last = /^([0-7])L$/.exec(token);
    const nth = /^([0-7])#([1-5])$/.exec(token);
    if (last) out.push({ last: Number(last[1]) % 7 });
    else if (nth) out.push({ weekday: Number(nth[1]) % 7, nth: Number(nth[2]) });
    else {
      const plain = numbers(token.replace("*", "0-6"), 0, 7);
      if (!plain) return undefined;
      out.push(...[...plain].map((day) => day % 7));
    }
  }
  return out;
}

/** A five-field cron as node-cron reads it; undefined for what it cannot read (then nothing is scheduled). */
export function parseCron(expression: string): CronSpec | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return undefined;
  const [minute = "", hour = "", day = "", month = "", weekday = ""] = fields;
  const minutes = numbers(minute, 0, 59);
  const hours = numbers(hour, 0, 23);
  const days = dayTokens(day);
  const months = numbers(replaceNames(month, [MONTH_NAMES, MONTHS], 1), 1, 12);
  const weekdays = weekdayTokens(weekday);
  if (!minutes || !hours || !days || !months || !weekdays) return undefined;
  return { minutes, hours, days, months, weekdays };
}

function lastDayOf(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function weekdayOf(year: number, month: number, day: number): number {
  return new Date(Date.UTC(year, month - 1, day)).getUTCDay();
}

function nearestWeekday(year: number, month: number, target: number): number {
  const last = lastDayOf(year, month);
  if (target < 1 || target > last) return -1;
  const weekday = weekdayOf(year, month, target);
  if (weekday === 6) return target === 1 ? target + 2 : target - 1;
  if (weekday === 0) return target === last ? target - 2 : target + 1;
  return target;
}

function dayMatches(tokens: readonly DayToken[], year: number, month: number, day: number): boolean {
  const last = lastDayOf(year, month);
  return tokens.some((token) => {
    if (typeof token === "number") return token === day;
    if (token === "L") return day === last;
    if ("fromLast" in token) return last - token.fromLast >= 1 && last - token.fromLast === day;
    const target = token.nearestWeekdayTo === "L" ? last : token.nearestWeekdayTo;
    return nearestWeekday(year, month, target) === day;
  });
}

function weekdayMatches(tokens: readonly WeekdayToken[], year: number, month: number, day: number): boolean {
  const weekday = weekdayOf(year, month, day);
  return tokens.some((token) => {
    if (typeof token === "number") return token === weekday;
    if ("last" in token) return token.last === weekday && day + 7 > lastDayOf(year, month);
    return token.weekday === weekday && Math.floor((day - 1) / 7) + 1 === token.nth;
  });
}

/** Whether the cron matches the minute of `instant` on the wall clock of `timeZone`. */
export function cronMatches(spec: CronSpec, instant: Date, timeZone: string): boolean {
  const t = localDateParts(instant, timeZone);
  return (
    spec.minutes.has(t.minute) &&
    spec.hours.has(t.hour) &&
    spec.months.has(t.month) &&
    dayMatches(spec.days, t.year, t.month, t.day) &&
    weekdayMatches(spec.weekdays, t.year, t.month, t.day)
  );
}

/** The latest whole minute in (`after`, `upTo`] that the cron matches, if any. */
export function lastMatchBetween(
  spec: CronSpec,
  after: Date,
  upTo: Date,
  timeZone: string,
): Date | undefined {
  for (let at = Math.floor(upTo.getTime() / 60_000) * 60_000; at > after.getTime(); at -= 60_000) {
    const minute = new Date(at);
    if (cronMatches(spec, minute, timeZone)) return minute;
  }
  return undefined;
}
