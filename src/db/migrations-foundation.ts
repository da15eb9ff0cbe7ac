// The first schema (0001–0004): people, reports, review, jobs. Kept in code, as every migration (src/db/migrations.ts).
import type { CreateTableBuilder, Kysely, Migration } from "kysely";

export const FOUNDATION_MIGRATIONS: Record<string, Migration> = {
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
  "0002_reports": {
    async up(db: Kysely<unknown>) {
      const reportText = (table: CreateTableBuilder<"drafts">) =>
        table
          .addColumn("title", "text")
          .addColumn("category", "text")
          .addColumn("situation", "text")
          .addColumn("analysis", "text")
          .addColumn("suggestions", "text")
          .addColumn("urgent", "integer");
      await reportText(
        db.schema
          .createTable("drafts")
          .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
          .addColumn("report_id", "integer"),
      )
        .addColumn("situation_done", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("analysis_done", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("suggestions_done", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("attachments_done", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("coauthors_done", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("pending_step", "text")
        .addColumn("pending_text", "text")
        .addColumn("editing", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("in_flow", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_message_id", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("submitted_report_id", "integer")
        .addColumn("reminded_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("drafts_person")
        .on("drafts")
        .columns(["person_id", "submitted_report_id"])
        .execute();

      const attachments = (name: string, owner: string) =>
        db.schema
          .createTable(name)
          .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
          .addColumn(owner, "integer", (c) => c.notNull())
          .addColumn("kind", "text", (c) => c.notNull())
          .addColumn("file_id", "text", (c) => c.notNull())
          .addColumn("file_unique_id", "text", (c) => c.notNull())
          .addColumn("file_name", "text")
          .addColumn("position", "integer", (c) => c.notNull())
          .addUniqueConstraint(`${name}_unique`, [owner, "file_unique_id"])
          .execute();
      await attachments("draft_attachments", "draft_id");
      await attachments("report_attachments", "report_id");

      await db.schema
        .createTable("draft_coauthors")
        .addColumn("draft_id", "integer", (c) => c.notNull())
        .addColumn("person_id", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("draft_coauthors_pk", ["draft_id", "person_id"])
        .execute();

      await db.schema
        .createTable("reports")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("author_id", "integer", (c) => c.notNull().references("people.id"))
        .addColumn("unit_id", "integer", (c) => c.references("units.id"))
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("category", "text", (c) => c.notNull())
        .addColumn("situation", "text", (c) => c.notNull())
        .addColumn("analysis", "text", (c) => c.notNull())
        .addColumn("suggestions", "text", (c) => c.notNull())
        .addColumn("urgent", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
        .addColumn("source_draft_id", "integer", (c) => c.unique())
        .addColumn("submitted_at", "text", (c) => c.notNull())
        .addColumn("staff_notified_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("reports_submitted_at").on("reports").column("submitted_at").execute();
      await db.schema
        .createIndex("reports_status")
        .on("reports")
        .columns(["status", "submitted_at"])
        .execute();
      await db.schema
        .createIndex("reports_author")
        .on("reports")
        .columns(["author_id", "submitted_at"])
        .execute();
      await db.schema
        .createIndex("reports_unit")
        .on("reports")
        .columns(["unit_id", "submitted_at"])
        .execute();

      await db.schema
        .createTable("report_revisions")
        .addColumn("report_id", "integer", (c) => c.notNull())
        .addColumn("revision", "integer", (c) => c.notNull())
        .addColumn("title", "text", (c) => c.notNull())
        .addColumn("category", "text", (c) => c.notNull())
        .addColumn("situation", "text", (c) => c.notNull())
        .addColumn("analysis", "text", (c) => c.notNull())
        .addColumn("suggestions", "text", (c) => c.notNull())
        .addColumn("urgent", "integer", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("report_revisions_pk", ["report_id", "revision"])
        .execute();

      await db.schema
        .createTable("report_authors")
        .addColumn("report_id", "integer", (c) => c.notNull())
        .addColumn("person_id", "integer", (c) => c.notNull())
        .addColumn("position", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("report_authors_pk", ["report_id", "person_id"])
        .execute();
      await db.schema
        .createIndex("report_authors_person")
        .on("report_authors")
        .columns(["person_id", "report_id"])
        .execute();

      await db.schema
        .createTable("report_events")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("report_id", "integer", (c) => c.notNull())
        .addColumn("kind", "text", (c) => c.notNull())
        .addColumn("actor_id", "integer")
        .addColumn("level", "text")
        .addColumn("mode", "text")
        .addColumn("note", "text")
        .addColumn("department", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("report_events_report")
        .on("report_events")
        .columns(["report_id", "id"])
        .execute();
      await db.schema
        .createIndex("report_events_kind_time")
        .on("report_events")
        .columns(["kind", "created_at"])
        .execute();
    },
  },
  "0003_review": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("staff_prompts")
        .addColumn("telegram_id", "integer", (c) => c.primaryKey())
        .addColumn("action", "text", (c) => c.notNull())
        .addColumn("report_id", "integer", (c) => c.notNull())
        .addColumn("version", "integer", (c) => c.notNull())
        .addColumn("level", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  "0004_jobs": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("job_runs")
        .addColumn("job", "text", (c) => c.notNull())
        .addColumn("period_key", "text", (c) => c.notNull())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("scheduled_for", "text", (c) => c.notNull())
        .addColumn("planned_at", "text")
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("finished_at", "text")
        .addPrimaryKeyConstraint("job_runs_pk", ["job", "period_key"])
        .execute();
      await db.schema
        .createTable("outbox")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("job", "text", (c) => c.notNull())
        .addColumn("period_key", "text", (c) => c.notNull())
        .addColumn("chat_id", "integer", (c) => c.notNull())
        .addColumn("dedupe_key", "text", (c) => c.notNull().unique())
        .addColumn("text", "text", (c) => c.notNull())
        .addColumn("parse_mode", "text")
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("next_attempt_at", "text", (c) => c.notNull())
        .addColumn("last_error", "text")
        .addColumn("sent_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex("outbox_run")
        .on("outbox")
        .columns(["job", "period_key", "status", "id"])
        .execute();
      // Pacing into a group looks at what was sent there in the last minute.
      await db.schema.createIndex("outbox_chat_sent").on("outbox").columns(["chat_id", "sent_at"]).execute();
    },
  },
  // The Telegram message ids applied to each draft: a message handled twice (after a crash) is applied once,
  // and one that arrives after a later one (Telegram redelivering it after a failure) is still applied. A set,
  // where drafts.last_message_id (the highest id) dropped such a late message.
};
