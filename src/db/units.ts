// Units (parties, sectors, committees, township offices…) that people and reports belong to.
import type { DB } from "./database";
import type { Unit } from "./schema";

export async function listUnits(db: DB): Promise<Unit[]> {
  return db.selectFrom("units").selectAll().orderBy("name").execute();
}

export async function findUnitByName(db: DB, name: string): Promise<Unit | undefined> {
  return db.selectFrom("units").selectAll().where("name", "=", name.trim()).executeTakeFirst();
}

export async function findUnitById(db: DB, id: number): Promise<Unit | undefined> {
  return db.selectFrom("units").selectAll().where("id", "=", id).executeTakeFirst();
}
