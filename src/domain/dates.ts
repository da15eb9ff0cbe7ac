// Dates and times as people in the committee read them: ISO timestamps shown in the committee's zone.
import { localDateParts } from "./periods";

function pad(value: number): string {
  return String(value).padStart(2, "0");
}

/** YYYY-MM-DD of an instant in the zone. */
export function formatLocalDate(instant: Date | string, timeZone: string): string {
  const d = localDateParts(typeof instant === "string" ? new Date(instant) : instant, timeZone);
  return `${d.year}-${pad(d.month)}-${pad(d.day)}`;
}

/** YYYY-MM-DD HH:mm of an instant in the zone. */
export function formatLocalDateTime(instant: Date | string, timeZone: string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  const d = localDateParts(date, timeZone);
  return `${formatLocalDate(date, timeZone)} ${pad(d.hour)}:${pad(d.minute)}`;
}
