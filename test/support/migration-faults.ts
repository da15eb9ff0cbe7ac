// Upgrades interrupted at every statement: a database is migrated through a client that fails at the n-th
// statement or commit (test/support/faulty-db.ts), for every n the migrations reach. After each failure every
// migration must be wholly applied or wholly absent (the schema is exactly that of the recorded migrations run
// cleanly), and running the migrations again must end at the same schema as an upgrade that never failed.
import type { Client } from "@libsql/client";
import type { Migration } from "kysely";
import { openDatabase } from "../../src/db/database";
import { MIGRATIONS, runMigrations } from "../../src/db/migrations";
import { Faults, faultyClient } from "./faulty-db";

export type MigrationSet = Readonly<Record<string, Migration>>;

/** Tables, indexes and triggers with their SQL, and the rows of each table, bookkeeping aside. */
export async function schemaAndRows(
  client: Client,
): Promise<{ schema: string[]; rows: Record<string, number> }> {
  const objects = await client.execute(
    "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'kysely_%' ORDER BY type, name",
  );
  const schema = objects.rows.map((r) => `${r.type} ${r.name}: ${String(r.sql ?? "").replace(/\s+/g, " ")}`);
  const rows: Record<string, number> = {};
  for (const r of objects.rows) {
    if (r.type !== "table") continue;
    const count = await client.execute(`SELECT count(*) AS n FROM "${String(r.name)}"`);
    rows[String(r.name)] = Number(count.rows[0]?.n ?? 0);
  }
  return { schema, rows };
}

export async function recordedMigrations(client: Client): Promise<string[]> {
  const table = await client.execute("SELECT 1 FROM sqlite_master WHERE name = 'kysely_migration'");
  if (table.rows.length === 0) return [];
  const rows = await client.execute("SELECT name FROM kysely_migration ORDER BY name");
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
  fresh: () => Promise<Client>;
  /** Where the expected state of a set of migrations is computed (fresh by default; sqld compares to SQLite). */
  reference?: () => Promise<Client>;
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
  const cleanClient = await options.fresh();
  await runMigrations(openDatabase(faultyClient(cleanClient, probe)), options.set);
  const total = probe.statements.length;
  const clean = await schemaAndRows(cleanClient);
  cleanClient.close();
  if (options.reference) {
    const local = await options.reference();
    await runMigrations(openDatabase(local), options.set);
    const expected = await schemaAndRows(local);
    local.close();
    if (JSON.stringify(expected) !== JSON.stringify(clean))
      throw new Error("a clean upgrade ends differently here and in the reference database");
  }
  const expectedFor = new Map<string, Awaited<ReturnType<typeof schemaAndRows>>>();
  const positions = options.positions?.(probe.statements) ?? Array.from({ length: total }, (_, i) => i);
  for (const position of positions) {
    const faults = new Faults().arm({ at: "any", after: position });
    const client = await options.fresh();
    const error = await runMigrations(openDatabase(faultyClient(client, faults)), options.set).then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!error || faults.injected !== 1)
      throw new Error(`position ${position} of ${total}: the upgrade did not fail there (${String(error)})`);
    const recorded = await recordedMigrations(client);
    const failed = await schemaAndRows(client);
    const key = recorded.join(",");
    let expected = expectedFor.get(key);
    if (!expected) {
      const reference = await (options.reference ?? options.fresh)();
      const subset = Object.fromEntries(
        Object.entries(options.set).filter(([name]) => recorded.includes(name)),
      );
      await runMigrations(openDatabase(reference), subset);
      expected = await schemaAndRows(reference);
      reference.close();
      expectedFor.set(key, expected);
    }
    options.check({ position, failedAt: faults.statements.at(-1) ?? "", recorded }, failed, expected);
    await runMigrations(openDatabase(client), options.set);
    options.checkRerun(await schemaAndRows(client), clean);
    client.close();
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
