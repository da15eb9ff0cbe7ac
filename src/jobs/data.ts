// What the jobs read: people with their quota progress, recipients and their languages, bound groups (the
// queries in src/db/audience.ts), and small helpers to group and date them. The jobs turn it into messages.
import { isLocale, type Locale } from "../bot/i18n";
import { savedLanguages } from "../db/audience";
import type { DB } from "../db/database";
import { localDateParts } from "../domain/periods";

export {
  type BoundGroup,
  boundGroups,
  type QuotaPerson,
  quotaPeople,
  type Recipient,
  recipientsIn,
} from "../db/audience";

/** The saved language of each account; Chinese for everyone who chose none. */
export async function localesOf(db: DB, telegramIds: readonly number[]): Promise<Map<number, Locale>> {
  const result = new Map<number, Locale>();
  for (const [telegramId, language] of await savedLanguages(db, telegramIds))
    if (isLocale(language)) result.set(telegramId, language as Locale);
  return result;
}

/** Groups people by unit name (people without a unit last, under `noUnit`), keeping their order. */
export function byUnit<T extends { unitName: string | null }>(
  items: readonly T[],
  noUnit: string,
): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  const sorted = [...items].sort((a, b) => Number(a.unitName === null) - Number(b.unitName === null));
  for (const item of sorted) {
    const key = item.unitName ?? noUnit;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}

/** The local calendar date "2026-06-01" of an instant. */
export function localDateKey(now: Date, timeZone: string): string {
  const { year, month, day } = localDateParts(now, timeZone);
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
