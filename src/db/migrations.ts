// Ordered schema migrations, kept in code (not files) so the Worker, which has no filesystem, runs them too.
import { type Kysely, type Migration, sql } from "kysely";
import { FEATURE_MIGRATIONS } from "./migrations-features";
import { FOUNDATION_MIGRATIONS } from "./migrations-foundation";

const migrations: Record<string, Migration> = { ...FOUNDATION_MIGRATIONS, ...FEATURE_MIGRATIONS };

/** Every migration, by name. Each runs in one transaction with the row that records it (see runMigrations). */
export const MIGRATIONS: Readonly<Record<string, Migration>> = migrations;

/** The bookkeeping table Kysely's Migrator created, kept so databases migrated before keep their history. */
const MIGRATION_TABLE = "kysely_migration";

// biome-ignore lint/suspicious/noExplicitAny: the migrations work on any schema
type AnyDB = Kysely<any>;

async function executedMigrations(db: AnyDB): Promise<Set<string>> {
  await sql`CREATE TABLE IF NOT EXISTS kysely_migration
    (name varchar(255) NOT NULL PRIMARY KEY, timestamp varchar(255) NOT NULL)`.execute(db);
  const rows = await db.selectFrom(MIGRATION_TABLE).select("name").execute();
  return new Set(rows.map((r: { name: string }) => String(r.name)));
}

/** Names of the migrations of `set` not yet run on this database, in the order they would run. */
export async function pendingMigrations(db: AnyDB, set: Readonly<Record<string, Migration>> = MIGRATIONS) {
  const executed = await executedMigrations(db);
  return Object.keys(set)
    .sort()
    .filter((name) => !executed.has(name));
}

/**
 * Runs whatever of `set` has not run yet, in name order. Helpers working side by side each hold a number range,
 * so a database may have run a later-numbered migration before an earlier-numbered one landed: any order is
 * fine. Each migration is atomic: its statements and its bookkeeping row commit together (SQLite's DDL is
 * transactional, on an embedded file and over sqld's HTTP alike), so a failure or a kill halfway leaves the
 * database as it was before that migration, and the next start runs it again from the beginning.
 */
export async function runMigrations(
  db: AnyDB,
  set: Readonly<Record<string, Migration>> = MIGRATIONS,
): Promise<string[]> {
  const executed = await executedMigrations(db);
  const unknown = [...executed].filter((name) => !(name in set));
  if (unknown.length > 0)
    throw new Error(
      `the database was migrated by a newer version of Minyi (${unknown.join(", ")} unknown here); run that version`,
    );
  const applied: string[] = [];
  for (const name of Object.keys(set).sort()) {
    if (executed.has(name)) continue;
    const migration = set[name] as Migration;
    let ran: boolean;
    try {
      ran = await db.transaction().execute(async (trx) => {
        // A write transaction (BEGIN IMMEDIATE): another process that ran this migration meanwhile (a second
        // Worker isolate, a CLI) is seen here, and the migration is not run twice.
        const done = await trx
          .selectFrom(MIGRATION_TABLE)
          .select("name")
          .where("name", "=", name)
          .executeTakeFirst();
        if (done) return false;
        await migration.up(trx);
        await trx.insertInto(MIGRATION_TABLE).values({ name, timestamp: new Date().toISOString() }).execute();
        return true;
      });
    } catch (error) {
      const cause = error instanceof Error ? error.message : String(error);
      throw new Error(`migration ${name} failed and was rolled back (nothing of it applied): ${cause}`, {
        cause: error,
      });
    }
    if (ran) applied.push(name);
  }
  return applied;
}

export function migrateToLatest(db: AnyDB): Promise<string[]> {
  return runMigrations(db, MIGRATIONS);
}
