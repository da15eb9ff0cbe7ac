// Applies a parsed roster in one transaction: units and people are matched by name, so re-importing updates.
import type { RosterRow } from "../roster/parse";
import { type DB, nowIso } from "./database";
import { newInviteCode } from "./people";

export interface RosterImportSummary {
  unitsCreated: number;
  peopleCreated: number;
  peopleUpdated: number;
  peopleUnchanged: number;
}

export async function importRoster(
  db: DB,
  rows: readonly RosterRow[],
  now: Date,
): Promise<RosterImportSummary> {
  const at = nowIso(now);
  return db.transaction().execute(async (trx) => {
    const summary: RosterImportSummary = {
      unitsCreated: 0,
      peopleCreated: 0,
      peopleUpdated: 0,
      peopleUnchanged: 0,
    };
    const unitIds = new Map<string, number>();
    for (const unit of await trx.selectFrom("units").select(["id", "name", "type"]).execute())
      unitIds.set(unit.name, unit.id);

    for (const row of rows) {
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

      const existing = await trx
        .selectFrom("people")
        .select(["id", "role", "phone", "active"])
        .where("unit_id", "=", unitId)
        .where("name", "=", row.name)
        .executeTakeFirst();
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
      } else if (existing.role !== row.role || existing.phone !== row.phone || existing.active !== 1) {
        await trx
          .updateTable("people")
          .set({ role: row.role, phone: row.phone, active: 1, updated_at: at })
          .where("id", "=", existing.id)
          .execute();
        summary.peopleUpdated++;
      } else {
        summary.peopleUnchanged++;
      }
    }
    return summary;
  });
}
