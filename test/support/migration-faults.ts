// Upgrades interrupted at every statement: a database is migrated with the n-th statement or commit failing
// (test/support/faulty-db.ts), for every n the migrations reach. After each failure every migration must be
// wholly applied or wholly absent (the schema is exactly that of the recorded migrations run cleanly), and
// running the migrations again must end at the same schema as an upgrade that never failed.
import type { Client } from "@libsql/client";
import { type Migration, sql } from "kysely";
import Database from "libsql";
import { type DB, openDatabase } from "../../src/db/database";
import { embeddedKysely, observed, StatementCache } from "../../src/db/embedded";
import { MIGRATIONS, runMigrations } from "../../src/db/migrations";
import { Faults, faultHook, faultyClient } from "./faulty-db";

export type MigrationSet = Readonly<Record<string, Migration>>;

/** One database an upgrade runs on: Kysely over it, failing as `faults` say, and how to close it. */
export interface UpgradeTarget {
  open(faults?: Faults): DB;
  close(): Promise<void>;
}

/** An embedded database (a file or ":memory:") through the bot's driver, faults injected where it runs them. */
export function embeddedTarget(path: string): UpgradeTarget {
  const statements = new StatementCache(new Database(path));
  return {
    open: (faults) => embeddedKysely(faults ? observed(statements, faultHook(faults)) : statements),
    close: async () => statements.close(),
  };
}

/** A remote database's client (sqld), faults injected into the client. */
export function clientTarget(client: Client): UpgradeTarget {
  return {
    open: (faults) => openDatabase(faults ? faultyClient(client, faults) : client),
    close: async () => client.close(),
  };
}

/** Tables, indexes and triggers with their SQL, and the rows of each table, bookkeeping aside. */
export async function schemaAndRows(db: DB): Promise<{ schema: string[]; rows: Record<string, number> }> {
  const objects = await sql<{ type: string; name: string; sql: string | null }>`SELECT type, name, sql
    FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY type, name`.execute(
    db,
  );
  const schema = objects.rows.map((r) => `${r.type} ${r.name}: ${String(r.sql ?? "").replace(/\s+/g, " ")}`);
  const rows: Record<string, number> = {};
  for (const r of objects.rows) {
    if (r.type !== "table") continue;
    const count = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(r.name)}`.execute(db);
    rows[r.name] = Number(count.rows[0]?.n ?? 0);
  }
  return { schema, rows };
}

export async function recordedMigrations(db: DB): Promise<string[]> {
  const table = await sql`SELECT 1 FROM sqlite_master WHERE name = 'kysely_migration'`.execute(db);
  if (table.rows.length === 0) return [];
  const rows = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db);
  return rows.rows.map((r) => String(r.name));
}

export interface PositionOutcome {
  position: number;
  /** The statement (or "commit") that failed. */
  failedAt: string;
  /** Migrations recorded after the failure. */
  recorded: string[];
}

/**
 * `fresh()` gives a database in the state before the upgrade (a new client each call, on its own database), which
 * may have run some of `set` already; the upgrade runs the rest. Returns the number of positions tried.
 */
export async function failAtEveryPosition(options: {
  fresh: () => Promise<UpgradeTarget>;
  /** Where the expected state of a set of migrations is computed (fresh by default; sqld compares to SQLite). */
  reference?: () => Promise<UpgradeTarget>;
  set: MigrationSet;
  /** Called after each failure and after the rerun, to compare. */
  check: (
    outcome: PositionOutcome,
    failed: Awaited<ReturnType<typeof schemaAndRows>>,
    expected: Awaited<ReturnType<typeof schemaAndRows>>,
  ) => void;
  checkRerun: (
    rerun: Awaited<ReturnType<typeof schemaAndRows>>,
    clean: Awaited<ReturnType<typeof schemaAndRows>>,
  ) => void;
  /** Positions to try, given the statements of a clean upgrade ("commit" for commits); all by default. */
  positions?: (statements: readonly string[]) => number[];
}): Promise<{ total: number; tried: number }> {
  // A clean upgrade, recording every statement and commit it makes.
  const probe = new Faults();
  const cleanTarget = await options.fresh();
  await runMigrations(cleanTarget.open(probe), options.set);
  const total = probe.statements.length;
  const clean = await schemaAndRows(cleanTarget.open());
  await cleanTarget.close();
  if (options.reference) {
    const local = await options.reference();
    await runMigrations(local.open(), options.set);
    const expected = await schemaAndRows(local.open());
    await local.close();
    if (JSON.stringify(expected) !== JSON.stringify(clean))
      throw new Error("a clean upgrade ends differently here and in the reference database");
  }
  const expectedFor = new Map<string, Awaited<ReturnType<typeof schemaAndRows>>>();
  const positions = options.positions?.(probe.statements) ?? Array.from({ length: total }, (_, i) => i);
  for (const position of positions) {
    const faults = new Faults().arm({ at: "any", after: position });
    const target = await options.fresh();
    const error = await runMigrations(target.open(faults), options.set).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!error || faults.injected !== 1)
      throw new Error(`position ${position} of ${total}: the upgrade did not fail there (${String(error)})`);
    const recorded = await recordedMigrations(target.open());
    const failed = await schemaAndRows(target.open());
    const key = recorded.join(",");
    let expected = expectedFor.get(key);
    if (!expected) {
      const reference = await (options.reference ?? options.fresh)();
      const subset = Object.fromEntries(
        Object.entries(options.set).filter(([name]) => recorded.includes(name)),
      );
      await runMigrations(reference.open(), subset);
      expected = await schemaAndRows(reference.open());
      await reference.close();
      expectedFor.set(key, expected);
    }
    options.check({ position, failedAt: faults.statements.at(-1) ?? "", recorded }, failed, expected);
    await runMigrations(target.open(), options.set);
    options.checkRerun(await schemaAndRows(target.open()), clean);
    await target.close();
  }
  return { total, tried: positions.length };
}

/**
 * Every position when MIGRATION_FAULTS=all (the chaos suite); otherwise every commit, the bookkeeping row before
 * it, and every `step`-th statement, so `npm test` stays quick.
 */
export function positionsToTry(step = 7): (statements: readonly string[]) => number[] {
  return (statements) =>
    statements
      .map((_, i) => i)
      .filter(
        (i) =>
          process.env.MIGRATION_FAULTS === "all" ||
          i % step === 0 ||
          statements[i] === "commit" ||
          statements[i + 1] === "commit",
      );
}

/** The migrations an older version had: all but the latest five by name (those are pending). */
export function olderVersion(): { before: MigrationSet; pending: string[] } {
  const pending = Object.keys(MIGRATIONS).sort().slice(-5);
  return {
    before: Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => !pending.includes(name))),
    pending,
  };
}
