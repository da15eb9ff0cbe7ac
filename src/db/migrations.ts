// Ordered schema migrations, kept in code (not files) so the Worker, which has no filesystem, runs them too.
import { type Kysely, type Migration, type MigrationProvider, Migrator } from "kysely";

const migrations: Record<string, Migration> = {
  "0001_foundation": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("units")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("name", "text", (c) => c.notNull().unique())
        .addColumn("type", "text", (c) => c.notNull().defaultTo("other"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("people")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("name", "text", (c) => c.notNull())
        .addColumn("role", "text", (c) => c.notNull())
        .addColumn("unit_id", "integer", (c) => c.references("units.id"))
        .addColumn("phone", "text")
        .addColumn("telegram_id", "integer", (c) => c.unique())
        .addColumn("telegram_username", "text")
        .addColumn("invite_code", "text", (c) => c.unique())
        .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("unreachable_at", "text")
        .addColumn("bound_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      // Re-importing a roster matches people by (unit, name); NULL units are matched in code.
      await db.schema
        .createIndex("people_unit_name")
        .on("people")
        .columns(["unit_id", "name"])
        .unique()
        .execute();
      await db.schema.createIndex("people_name").on("people").column("name").execute();
      await db.schema
        .createTable("chats")
        .addColumn("id", "integer", (c) => c.primaryKey())
        .addColumn("title", "text")
        .addColumn("type", "text", (c) => c.notNull())
        .addColumn("unit_id", "integer", (c) => c.references("units.id"))
        .addColumn("bind_all", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("bound_by", "integer")
        .addColumn("bound_at", "text")
        .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("chat_sightings")
        .addColumn("chat_id", "integer", (c) => c.notNull())
        .addColumn("telegram_id", "integer", (c) => c.notNull())
        .addColumn("last_seen_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("chat_sightings_pk", ["chat_id", "telegram_id"])
        .execute();
      await db.schema
        .createTable("user_prefs")
        .addColumn("telegram_id", "integer", (c) => c.primaryKey())
        .addColumn("language", "text")
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("settings")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("processed_updates")
        .addColumn("update_id", "integer", (c) => c.primaryKey())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("claimed_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("conversation_states")
        .addColumn("key", "text", (c) => c.primaryKey())
        .addColumn("value", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};

// biome-ignore lint/suspicious/noExplicitAny: the migrator works on any schema
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}
