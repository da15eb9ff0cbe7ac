// Applies a parsed roster in one transaction, all or nothing. People are matched by unit and name, or — someone
// who moved to another unit — by name and phone, so re-importing updates and never duplicates.
import { isAdmin, isStaff, type Role } from "../domain/roles";
import type { RosterRejection, RosterRow } from "../roster/parse";
import { type DB, nowIso } from "./database";
import { newInviteCode } from "./people";

export interface RosterImportSummary {
  unitsCreated: number;
  peopleCreated: number;
  peopleUpdated: number;
  peopleUnchanged: number;
  /** Deactivated people named in the file: updated, but left deactivated (reactivating is a choice in /roster). */
  peopleLeftInactive: number;
}

export type RosterImportResult =
  | {
      ok: true;
      summary: RosterImportSummary;
      /** Bound people whose role changed, so their command menus can follow. */
      roleChanges: { telegramId: number; role: Role }[];
    }
  | { ok: false; rejections: RosterRejection[] };

export interface RosterImportOptions {
  /**
   * Who imports: a staff member who is not an admin may not grant staff or admin roles, nor change anyone who
   * holds one (as in /roster). Unset: the operator's shell (`npm run roster:import`), who may do anything.
   */
  importer?: Role;
}

interface Existing {
  id: number;
  role: Role;
  phone: string | null;
  active: number;
  unit_id: number | null;
  telegram_id: number | null;
}

export async function importRoster(
  db: DB,
  rows: readonly RosterRow[],
  now: Date,
  options: RosterImportOptions = {},
): Promise<RosterImportResult> {
  const at = nowIso(now);
  const mayTouchStaff = options.importer === undefined || isAdmin(options.importer);
  return db.transaction().execute(async (trx) => {
    const unitIds = new Map<string, number>();
    for (const unit of await trx.selectFrom("units").select(["id", "name"]).execute())
      unitIds.set(unit.name, unit.id);

    // First who each row is, with nothing written: a row the importer may not apply rejects the whole file.
    const columns = ["id", "role", "phone", "active", "unit_id", "telegram_id"] as const;
    const matched = new Set<number>();
    const plan: { row: RosterRow; existing: Existing | undefined }[] = [];
    const rejections: RosterRejection[] = [];
    for (const row of rows) {
      const unitId = unitIds.get(row.unit);
      let existing: Existing | undefined =
        unitId === undefined
          ? undefined
          : await trx
              .selectFrom("people")
              .select(columns)
              .where("unit_id", "=", unitId)
              .where("name", "=", row.name)
              .executeTakeFirst();
      if (!existing && row.phone !== null) {
        const moved = await trx
          .selectFrom("people")
          .select(columns)
          .where("name", "=", row.name)
          .where("phone", "=", row.phone)
          .execute();
        // Only one such person, not already named by another row: the same person, now in another unit.
        if (moved.length === 1 && !matched.has(moved[0]!.id)) existing = moved[0];
      }
      if (existing) matched.add(existing.id);
      if (!mayTouchStaff) {
        if (isStaff(row.role) && existing?.role !== row.role)
          rejections.push({ line: row.line, reason: "staff-role-needs-admin", detail: row.name });
        else if (existing && isStaff(existing.role) && changes(existing, row, unitId))
          rejections.push({ line: row.line, reason: "staff-person-needs-admin", detail: row.name });
      }
      plan.push({ row, existing });
    }
    if (rejections.length > 0) return { ok: false, rejections };

    const summary: RosterImportSummary = {
      unitsCreated: 0,
      peopleCreated: 0,
      peopleUpdated: 0,
      peopleUnchanged: 0,
      peopleLeftInactive: 0,
    };
    const roleChanges: { telegramId: number; role: Role }[] = [];
    for (const { row, existing } of plan) {
      let unitId = unitIds.get(row.unit);
      if (unitId === undefined) {
        const created = await trx
          .insertInto("units")
          .values({ name: row.unit, type: row.unitType, created_at: at })
          .returning("id")
          .executeTakeFirstOrThrow();
        unitId = created.id;
        unitIds.set(row.unit, unitId);
        summary.unitsCreated++;
      } else if (row.unitType !== "other") {
        await trx.updateTable("units").set({ type: row.unitType }).where("id", "=", unitId).execute();
      }

      if (!existing) {
        await trx
          .insertInto("people")
          .values({
            name: row.name,
            role: row.role,
            unit_id: unitId,
            phone: row.phone,
            telegram_id: null,
            telegram_username: null,
            invite_code: newInviteCode(),
            unreachable_at: null,
            bound_at: null,
            created_at: at,
            updated_at: at,
          })
          .execute();
        summary.peopleCreated++;
        continue;
      }
      if (existing.active !== 1) summary.peopleLeftInactive++;
      if (changes(existing, row, unitId)) {
        await trx
          .updateTable("people")
          .set({ role: row.role, phone: row.phone, unit_id: unitId, updated_at: at })
          .where("id", "=", existing.id)
          .execute();
        summary.peopleUpdated++;
        if (existing.role !== row.role && existing.telegram_id !== null && existing.active === 1)
          roleChanges.push({ telegramId: existing.telegram_id, role: row.role });
      } else {
        summary.peopleUnchanged++;
      }
    }
    return { ok: true, summary, roleChanges };
  });
}

function changes(existing: Existing, row: RosterRow, unitId: number | undefined): boolean {
  return existing.role !== row.role || existing.phone !== row.phone || existing.unit_id !== unitId;
}
