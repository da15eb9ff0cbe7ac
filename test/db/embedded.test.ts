// The embedded driver (src/db/embedded.ts): each SQL text prepared once and reused, across updates and across
// migrations that change the tables under a prepared statement; the binding's errors read as libSQL's.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Kysely, type Migration, sql } from "kysely";
import Database from "libsql";
import { afterEach, describe, expect, it } from "vitest";
import { isDatabaseOutage } from "../../src/db/database";
import { openEmbeddedDatabase } from "../../src/db/embedded";
import { runMigrations } from "../../src/db/migrations";
import { Harness, recordingDatabase } from "../support/harness";
import { seedBasicRoster } from "../support/roster";

// biome-ignore lint/suspicious/noExplicitAny: the test's own tables
type AnyDB = Kysely<any>;

describe("the embedded driver's statement cache", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("prepares a statement once and reuses it in the next update", async () => {
    const embedded = await recordingDatabase();
    const { executed } = embedded;
    const h = await Harness.create({ db: embedded.db });
    const { member } = await seedBasicRoster(h);
    expect((await member.send("/help")).status).toBe(200);
    const preparedAfterFirst = embedded.statements.prepared;
    executed.length = 0;
    expect((await member.send("/help")).status).toBe(200);
    // The second update ran statements (its claim, its done mark, the person) and compiled none of them.
    expect(executed.length).toBeGreaterThan(3);
    expect(embedded.statements.prepared).toBe(preparedAfterFirst);
    await embedded.close();
  });

  it("keeps a bounded number, dropping the least recently used", async () => {
    const embedded = openEmbeddedDatabase(":memory:", { cacheSize: 2 });
    const { db } = embedded;
    await sql`select 1`.execute(db);
    await sql`select 2`.execute(db);
    await sql`select 1`.execute(db);
    await sql`select 3`.execute(db); // drops "select 2"
    expect(embedded.statements.size).toBe(2);
    await sql`select 1`.execute(db);
    expect(embedded.statements.prepared).toBe(3);
    await sql`select 2`.execute(db);
    expect(embedded.statements.prepared).toBe(4);
    await embedded.close();
  });

  it("once over half full keeps its statements in order of use, so the one used longest ago goes", async () => {
    const embedded = openEmbeddedDatabase(":memory:", { cacheSize: 6 });
    const { db } = embedded;
    const run = async (n: number) => void (await sql`select ${sql.lit(n)}`.execute(db));
    for (const n of [1, 2, 3]) await run(n);
    await run(1); // three of six: not moved
    for (const n of [4, 5]) await run(n);
    await run(1); // five of six: moved to the newest
    await run(6);
    await run(7); // drops "select 2", the oldest in use
    expect(embedded.statements.size).toBe(6);
    const prepared = embedded.statements.prepared;
    for (const n of [1, 3, 4, 5, 6, 7]) await run(n);
    expect(embedded.statements.prepared).toBe(prepared);
    await run(2);
    expect(embedded.statements.prepared).toBe(prepared + 1);
    await embedded.close();
  });

  it("a cached statement sees the columns and tables a migration added after it was prepared", async () => {
    dir = mkdtempSync(join(tmpdir(), "minyi-embedded-"));
    const embedded = openEmbeddedDatabase(join(dir, "minyi.db"));
    const db = embedded.db as AnyDB;
    const first: Record<string, Migration> = {
      "a-notes": {
        up: (d) =>
          d.schema
            .createTable("notes")
            .addColumn("id", "integer", (c) => c.primaryKey())
            .execute(),
      },
    };
    await runMigrations(db, first);
    const add = (id: number) => db.insertInto("notes").values({ id }).execute();
    const all = () => db.selectFrom("notes").selectAll().orderBy("id").execute();
    await add(1);
    expect(await all()).toEqual([{ id: 1 }]);
    const prepared = embedded.statements.prepared;

    const second: Record<string, Migration> = {
      ...first,
      "b-notes-text": {
        up: async (d) => {
          await d.schema
            .alterTable("notes")
            .addColumn("text", "text", (c) => c.notNull().defaultTo("-"))
            .execute();
          await d.schema.createIndex("notes_text").on("notes").column("text").execute();
        },
      },
    };
    expect(await runMigrations(db, second)).toEqual(["b-notes-text"]);
    // The same SQL texts, still cached: SQLite re-prepares them against the new schema.
    await add(2);
    expect(await all()).toEqual([
      { id: 1, text: "-" },
      { id: 2, text: "-" },
    ]);
    const again = embedded.statements.prepared;
    await add(3);
    await all();
    expect(embedded.statements.prepared).toBe(again);
    expect(again).toBeGreaterThan(prepared);

    // A renamed column keeps the row's length: the cached read still names it anew.
    const third: Record<string, Migration> = {
      ...second,
      "c-notes-body": {
        up: (d) => d.schema.alterTable("notes").renameColumn("text", "body").execute(),
      },
    };
    expect(await runMigrations(db, third)).toEqual(["c-notes-body"]);
    expect(await all()).toEqual([
      { id: 1, body: "-" },
      { id: 2, body: "-" },
      { id: 3, body: "-" },
    ]);
    await embedded.close();
  });

  it("a cached read sees a column another connection added", async () => {
    dir = mkdtempSync(join(tmpdir(), "minyi-embedded-"));
    const path = join(dir, "minyi.db");
    const embedded = openEmbeddedDatabase(path);
    const db = embedded.db as AnyDB;
    await sql`create table notes (id integer primary key)`.execute(db);
    await sql`insert into notes (id) values (1)`.execute(db);
    const all = () => db.selectFrom("notes").selectAll().execute();
    expect(await all()).toEqual([{ id: 1 }]);
    const other = openEmbeddedDatabase(path);
    await sql`alter table notes add column text text not null default '-'`.execute(other.db);
    await other.close();
    expect(await all()).toEqual([{ id: 1, text: "-" }]);
    await embedded.close();
  });

  it("builds rows as the binding did: named columns, the later of two same names, none for no rows", async () => {
    const embedded = openEmbeddedDatabase(":memory:");
    const { db } = embedded;
    const text = "select 1 as a, 2 as a, 'x' as b, null as c, x'00ff' as d, 2.5 as e";
    const [row] = (await sql.raw(text).execute(db)).rows;
    const binding = new Database(":memory:");
    expect(row).toEqual(binding.prepare(text).all()[0]);
    expect(row).toEqual({ a: 2, b: "x", c: null, d: new Uint8Array([0, 255]).buffer, e: 2.5 });
    binding.close();
    // Names are data to the row's builder, quotes and all; "__proto__" is a column like another.
    const [odd] = (await sql.raw(`select 1 as "__proto__", 2 as "it's ""quoted""", 3 as "反映"`).execute(db))
      .rows;
    expect(Object.getPrototypeOf(odd)).toBe(Object.prototype);
    expect(Object.entries(odd as object)).toEqual([
      ["__proto__", 1],
      ['it\'s "quoted"', 2],
      ["反映", 3],
    ]);
    const [quoted] = (await sql.raw(`select 1 as "a"", b: (1)", 2 as "\\"`).execute(db)).rows;
    expect(quoted).toEqual({ 'a", b: (1)': 1, "\\": 2 });
    await sql`create table t (id integer primary key, name text)`.execute(db);
    expect((await sql`select * from t`.execute(db)).rows).toEqual([]);
    const inserted = await sql`insert into t (name) values ('n') returning id, name`.execute(db);
    expect(inserted.rows).toEqual([{ id: 1, name: "n" }]);
    const updated = await sql`update t set name = 'm' where id = 1`.execute(db);
    expect(updated.numAffectedRows).toBe(1n);
    await embedded.close();
  });

  it("raises the binding's errors as libSQL's, and takes booleans and dates as the client did", async () => {
    const embedded = openEmbeddedDatabase(":memory:");
    const db = embedded.db as AnyDB;
    await sql`create table t (id integer primary key, flag integer, at integer)`.execute(db);
    await db
      .insertInto("t")
      .values({ id: 1, flag: true, at: new Date(5) })
      .execute();
    expect(await db.selectFrom("t").selectAll().execute()).toEqual([{ id: 1, flag: 1, at: 5 }]);
    const error = await db
      .insertInto("t")
      .values({ id: 1 })
      .execute()
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code: string },
      );
    expect(error?.name).toBe("LibsqlError");
    expect(error?.code).toBe("SQLITE_CONSTRAINT");
    expect(error?.message).toMatch(/^SQLITE_CONSTRAINT: UNIQUE constraint failed/);
    expect(isDatabaseOutage(error)).toBe(false);

    // A full disk, as the binding raises it: an outage, also once a replay log cloned it down to its message.
    await sql`pragma max_page_count = 1`.execute(db);
    const full = await sql`create table big (x text)`.execute(db).then(
      () => undefined,
      (e: unknown) => e as Error & { code: string },
    );
    expect(full?.code).toBe("SQLITE_FULL");
    expect(isDatabaseOutage(full)).toBe(true);
    expect(isDatabaseOutage(new Error(full?.message))).toBe(true);
    await embedded.close();
  });

  it("a transaction SQLite rolled back itself (a full disk) fails with that error, not with ROLLBACK's", async () => {
    dir = mkdtempSync(join(tmpdir(), "minyi-embedded-"));
    const embedded = openEmbeddedDatabase(join(dir, "minyi.db"));
    const db = embedded.db as AnyDB;
    await sql`create table t (x blob)`.execute(db);
    await sql`pragma max_page_count = 20`.execute(db);
    const failed = await db
      .transaction()
      .execute(async (trx) => {
        await sql`insert into t values (zeroblob(10000))`.execute(trx);
        await sql`insert into t values (zeroblob(1000000))`.execute(trx);
      })
      .then(
        () => undefined,
        (e: unknown) => e as Error & { code: string },
      );
    // SQLite ended the transaction; Kysely's ROLLBACK after it failed with "no transaction is active", and that
    // error, not an outage, was what the update's handling saw.
    expect(failed?.code).toBe("SQLITE_FULL");
    expect(isDatabaseOutage(failed)).toBe(true);
    expect(await db.selectFrom("t").selectAll().execute()).toEqual([]);
    await db
      .insertInto("t")
      .values({ x: new Uint8Array(10) })
      .execute();
    await embedded.close();
  });
});
