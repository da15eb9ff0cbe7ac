// Queries compiled once and run with new values (src/db/prepared.ts) answer as the query built anew would.
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import type { DB } from "../../src/db/database";
import { prepareQuery } from "../../src/db/prepared";
import { memoryDatabase } from "../support/harness";

async function withUnits(): Promise<DB> {
  const db = await memoryDatabase();
  await db
    .insertInto("units")
    .values([
      { name: "一", type: "界别", created_at: "2026-01-01T00:00:00.000Z" },
      { name: "二", type: "界别", created_at: "2026-01-01T00:00:00.000Z" },
      { name: "三", type: "民主党派", created_at: "2026-01-01T00:00:00.000Z" },
    ])
    .execute();
  return db;
}

describe("prepared queries", () => {
  it("run with each call's values, and keep the query's own constants apart from them", async () => {
    const db = await withUnits();
    // `type` is a constant of the query, `name` and `id` values: a value equal to the constant is still a value.
    const byName = prepareQuery((d, name: string, minId: number) =>
      d
        .selectFrom("units")
        .select(["id", "name"])
        .where("type", "=", "界别")
        .where("name", "=", name)
        .where("id", ">=", minId)
        .orderBy("id"),
    );
    expect(await byName.rows(db, "一", 1)).toEqual([{ id: 1, name: "一" }]);
    expect(await byName.rows(db, "二", 1)).toEqual([{ id: 2, name: "二" }]);
    expect(await byName.rows(db, "二", 3)).toEqual([]);
    expect(await byName.rows(db, "三", 1)).toEqual([]);
    expect(await byName.first(db, "界别", 1)).toBeUndefined();
  });

  it("runs inside a transaction, and reports the rows a write changed", async () => {
    const db = await withUnits();
    const rename = prepareQuery((d, id: number, name: string) =>
      d.updateTable("units").set({ name }).where("id", "=", id),
    );
    await db.transaction().execute(async (trx) => {
      expect(Number((await rename.execute(trx, 2, "贰")).numAffectedRows)).toBe(1);
      expect(Number((await rename.execute(trx, 99, "无")).numAffectedRows)).toBe(0);
    });
    const names = await db.selectFrom("units").select("name").orderBy("id").execute();
    expect(names.map((u) => u.name)).toEqual(["一", "贰", "三"]);
  });

  it("takes raw SQL too", async () => {
    const db = await withUnits();
    const count = prepareQuery(
      (_d, kind: string) => sql<{ n: number }>`select count(*) as n from units where type = ${kind}`,
    );
    expect(await count.first(db, "界别")).toEqual({ n: 2 });
    expect(await count.first(db, "民主党派")).toEqual({ n: 1 });
  });

  it("refuses a query whose value is not a parameter, and a value of another type than it was prepared with", async () => {
    const db = await withUnits();
    const inlined = prepareQuery((d, name: string) =>
      d.selectFrom("units").select("id").where("name", "=", sql.lit(name)),
    );
    await expect(inlined.rows(db, "一")).rejects.toThrow(/does not end up as a parameter/);
    const byId = prepareQuery((d, id: number) => d.selectFrom("units").select("name").where("id", "=", id));
    expect(await byId.first(db, 1)).toEqual({ name: "一" });
    await expect(byId.first(db, "1" as unknown as number)).rejects.toThrow(/changed type/);
  });
});
