// Report quotas per role (e.g. 1 a month for informants, 2 a year for standing members): progress
// in the current period and whether someone is falling behind.
import {
  daysElapsed,
  daysLeft,
  isWithin,
  monthsElapsed,
  type Period,
  type PeriodKind,
  periodContaining,
  periodDays,
} from "./periods";
import type { Role } from "./roles";
import type { Quota, Settings } from "./settings";

export type Quotas = Settings["quotas"];

/** The role's quota as configured; null when the role owes nothing (a count of 0 counts as none). */
export function quotaFor(role: Role, quotas: Quotas): Quota | null {
  const quota = quotas[role];
  return quota && quota.count > 0 ? quota : null;
}

export interface QuotaProgress {
  period: Period;
  required: number;
  /** Reports submitted in the period and not rejected. */
  done: number;
  owed: number;
  met: boolean;
  /** Local days left in the period, today included. */
  daysLeft: number;
}

/** The period of the role's quota that contains `now`; null when the role owes nothing. */
export function quotaPeriod(role: Role, quotas: Quotas, now: Date, timeZone: string): Period | null {
  const quota = quotaFor(role, quotas);
  return quota ? periodContaining(quota.period, now, timeZone) : null;
}

export function quotaProgress(
  input: {
    role: Role;
    quotas: Quotas;
    now: Date;
    timeZone: string;
  } & (
    | {
        /** Submission times of the person's reports that were not rejected. */
        submittedAt: readonly Date[];
      }
    | {
        /** Or how many of them fall in the quota's period, counted elsewhere (the per-period counters). */
        doneIn: (period: Period) => number;
      }
  ),
): QuotaProgress | null {
  const quota = quotaFor(input.role, input.quotas);
  if (!quota) return null;
  const period = periodContaining(quota.period, input.now, input.timeZone);
  const done =
    "doneIn" in input ? input.doneIn(period) : input.submittedAt.filter((at) => isWithin(at, period)).length;
  return {
    period,
    required: quota.count,
    done,
    owed: Math.max(0, quota.count - done),
    met: done >= quota.count,
    daysLeft: daysLeft(period, input.now, input.timeZone),
  };
}

/**
 * The final stretch of each kind of period, in days (December for a year). In it, anyone who still
 * owes a report is behind: that is when the last-month reminders go out.
 */
export const FINAL_STRETCH_DAYS: Record<PeriodKind, number> = { month: 7, quarter: 14, year: 31 };

/**
 * How many reports someone keeping an even pace would have sent by now:
 * floor(required × elapsed fraction), and everything required once the final stretch has begun.
 * The elapsed fraction counts whole months for years and quarters (reminders go out on the 1st)
 * and whole days for months. So 4 a year means one by the end of each quarter, 2 a year one by the
 * end of June, and 1 a year is only expected in December.
 */
export function expectedByNow(progress: QuotaProgress, now: Date, timeZone: string): number {
  const { period, required } = progress;
  if (daysLeft(period, now, timeZone) <= FINAL_STRETCH_DAYS[period.kind]) return required;
  const fraction =
    period.kind === "month"
      ? daysElapsed(period, now, timeZone) / periodDays(period)
      : monthsElapsed(period, now, timeZone) / (period.kind === "year" ? 12 : 3);
  return Math.floor(required * fraction);
}

/** Behind pace: the quota is not met and fewer reports were sent than expected by now. */
export function isBehindPace(progress: QuotaProgress, now: Date, timeZone: string): boolean {
  return !progress.met && progress.done < expectedByNow(progress, now, timeZone);
}
