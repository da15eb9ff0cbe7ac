// /me and the monthly group progress read the per-period counters (src/db/stats.ts); here they are checked
// against the computation from every report and event that they replaced (test/support/range-stats.ts), for
// random histories: /me's whole text for each person, asked some time after the last step, and the group
// progress tallies of the month before (the month's and the year's up to its end, with everything that came
// after the month still in the database) and each person's quota as at that month's end.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { submittedAdoptedUntil } from "../../src/db/stats";
import { periodContaining } from "../../src/domain/periods";
import { quotaProgress } from "../../src/domain/quotas";
import type { Role } from "../../src/domain/roles";
import { DEFAULT_SETTINGS, type Settings } from "../../src/domain/settings";
import { meText } from "../../src/handlers/me";
import { quotaPeople } from "../../src/jobs/data";
import { lastMonth } from "../../src/jobs/group-progress";
import { memoryDatabase } from "../support/harness";
import { loadRangeStats, referenceMeText } from "../support/range-stats";
import { command, play } from "../support/stats-histories";

/** Every message key with its variables, so the two texts are compared value by value. */
const t = (key: string, variables?: Record<string, string | number>) =>
  JSON.stringify([key, variables ?? {}]);

const ROLE_CHOICES: Role[] = ["member", "standing", "informant", "leader", "staff"];

const world = fc.record({
  commands: fc.array(command, { minLength: 1, maxLength: 50 }),
  /** The five people's roles and whether each is still active, set after the history. */
  roles: fc.array(fc.constantFrom(...ROLE_CHOICES), { minLength: 5, maxLength: 5 }),
  inactive: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
  /** Hours from the last step to when /me is asked and the job runs. */
  later: fc.integer({ min: 1, max: 24 * 60 }),
});

async function reshape(db: DB, roles: Role[], inactive: boolean[]) {
  const people = await db
    .selectFrom("people")
    .select("id")
    .where("name", "like", "人%")
    .orderBy("id")
    .execute();
  for (const [i, { id }] of people.entries())
    await db
      .updateTable("people")
      .set({ role: roles[i]!, active: inactive[i] ? 0 : 1 })
      .where("id", "=", id)
      .execute();
}

/** Quota "done" as quotaPeople counted it before the counters: non-rejected reports up to `asOf`. */
async function referenceDone(db: DB, settings: Settings, personId: number, role: Role, asOf: Date) {
  const submitted = await db
    .selectFrom("report_authors")
    .innerJoin("reports", "reports.id", "report_authors.report_id")
    .select("reports.submitted_at")
    .where("report_authors.person_id", "=", personId)
    .where("reports.status", "!=", "rejected")
    .where("reports.submitted_at", "<=", asOf.toISOString())
    .execute();
  return quotaProgress({
    role,
    quotas: settings.quotas,
    submittedAt: submitted.map((r) => new Date(r.submitted_at)),
    now: asOf,
    timeZone: settings.timeZone,
  });
}

describe("/me and the group progress from the counters", () => {
  it("say what the computation from every report and event said, for random histories", async () => {
    const settings = DEFAULT_SETTINGS;
    await fc.assert(
      fc.asyncProperty(world, async ({ commands, roles, inactive, later }) => {
        const db = await memoryDatabase();
        const last = await play(db, commands);
        await reshape(db, roles, inactive);
        const now = new Date(last.getTime() + later * 3_600_000);

        // /me, for everyone (the staff member too), in the role they hold.
        const people = await db.selectFrom("people").selectAll().orderBy("id").execute();
        for (const person of people) {
          const got = await meText(db, settings, person, person.role, now, t);
          const want = await referenceMeText(db, settings, person, person.role, now, t);
          expect(got, `/me of ${person.name} at ${now.toISOString()}`).toBe(want);
        }

        // The group progress of the month before `now`: its tallies, the year's up to its end, the quotas.
        const month = lastMonth(now, settings.timeZone);
        const asOf = new Date(month.end.getTime() - 1);
        const year = periodContaining("year", asOf, settings.timeZone);
        for (const [period, range] of [
          [month, month],
          [year, { start: year.start, end: month.end }],
        ] as const) {
          const got = await submittedAdoptedUntil(db, period, settings, month.end);
          const want = await loadRangeStats(db, settings, range);
          const label = `${range.start.toISOString()}..${range.end.toISOString()}`;
          expect(got.total, label).toEqual({ submitted: want.total.submitted, adopted: want.total.adopted });
          const units = new Set([...got.units.keys(), ...want.units.keys()]);
          for (const unit of units)
            expect(got.units.get(unit) ?? { submitted: 0, adopted: 0 }, `${label} unit ${unit}`).toEqual({
              submitted: want.units.get(unit)?.submitted ?? 0,
              adopted: want.units.get(unit)?.adopted ?? 0,
            });
        }
        const quota = await quotaPeople(db, settings, asOf);
        const owing = people.filter(
          (p) => p.active === 1 && quotaProgress({ role: p.role, ...quotaArgs(settings, asOf) }) !== null,
        );
        expect(quota.map((p) => p.id).sort()).toEqual(owing.map((p) => p.id).sort());
        for (const person of quota)
          expect(person.progress, `quota of ${person.name}`).toEqual(
            await referenceDone(db, settings, person.id, person.role, asOf),
          );
        // Only some units' people: the same people's progress.
        const someUnit = people.find((p) => p.unit_id !== null)?.unit_id;
        if (someUnit != null)
          expect(await quotaPeople(db, settings, asOf, [someUnit])).toEqual(
            quota.filter((p) => p.unitId === someUnit),
          );
      }),
      { numRuns: 30 },
    );
  }, 180_000);
});

function quotaArgs(settings: Settings, now: Date) {
  return { quotas: settings.quotas, submittedAt: [], now, timeZone: settings.timeZone };
}
