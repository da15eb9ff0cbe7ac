// Ordered schema migrations, kept in code (not files) so the Worker, which has no filesystem, runs them too.
import { type CreateTableBuilder, type Kysely, type Migration, sql } from "kysely";
import { settingsFromStored } from "../domain/settings";
import { createStatsStore, rebuildStats, statsBasis, statsStoreDdl, upgradeStatsStore } from "./stats-store";

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
  "0006_draft_messages": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("draft_messages")
        .addColumn("draft_id", "integer", (c) => c.notNull())
        .addColumn("message_id", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("draft_messages_pk", ["draft_id", "message_id"])
        .execute();
    },
  },
  // Counters per period for /stats, /rank and the bulletins, kept by triggers (src/db/stats-store.ts), then
  // filled from the reports already there for the committee's time zone and own level.
  "0007_stats": {
    async up(db: Kysely<unknown>) {
      await createStatsStore(db);
      const stored: Record<string, unknown> = {};
      const rows = await sql<{ key: string; value: string }>`SELECT key, value FROM settings`.execute(db);
      for (const row of rows.rows) {
        try {
          stored[row.key] = JSON.parse(row.value);
        } catch {
          // An unreadable value falls back to its default, as loadSettings does.
        }
      }
      const settings = settingsFromStored(stored);
      await rebuildStats(db, { timeZone: settings.timeZone, ownLevel: settings.ownLevel }, new Date());
    },
  },
  // MinHash signatures of each report's title and body (src/db/similarity.ts), computed when first needed;
  // a change of the text drops them, to be computed again.
  "0009_report_signatures": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("report_signatures")
        .addColumn("report_id", "integer", (c) => c.primaryKey().references("reports.id").onDelete("cascade"))
        .addColumn("title_sig", "blob", (c) => c.notNull())
        .addColumn("body_sig", "blob", (c) => c.notNull())
        .execute();
      await sql`CREATE TRIGGER report_signatures_stale AFTER UPDATE OF title, situation, analysis, suggestions
        ON reports BEGIN DELETE FROM report_signatures WHERE report_id = NEW.id; END`.execute(db);
    },
  },
  "0010_outbox_sending": {
    async up(db: Kysely<unknown>) {
      // Set right before a row's sendMessage: after a crash, only such a row may have reached Telegram.
      await db.schema.alterTable("outbox").addColumn("sending_at", "text").execute();
    },
  },
  // Points are credited once per slot ever, in the period of the step that earned it (src/domain/scoring.ts):
  // the scoring triggers are replaced and the counters recounted on the basis they were built for.
  "0011_stats_points_once": {
    async up(db: Kysely<unknown>) {
      const replaced = ["stats_op_adopted", "stats_op_instructed", "stats_op_transferred"];
      for (const name of replaced) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
      for (const statement of statsStoreDdl())
        if (replaced.some((name) => statement.startsWith(`CREATE TRIGGER ${name} `)))
          await sql.raw(statement).execute(db);
      const basis = await statsBasis(db);
      if (basis) await rebuildStats(db, basis, new Date());
    },
  },
  // The web console (src/web): one-time sign-in links, sessions, and Mini App initData already used.
  "0018_console_sessions": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("web_sign_in_links")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("used_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("web_sessions")
        .addColumn("token_hash", "text", (c) => c.primaryKey())
        .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
        .addColumn("csrf_token", "text", (c) => c.notNull())
        .addColumn("via", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .addColumn("revoked_at", "text")
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.createIndex("web_sessions_person").on("web_sessions").column("person_id").execute();
      await db.schema
        .createTable("web_init_data_used")
        .addColumn("hash", "text", (c) => c.primaryKey())
        .addColumn("used_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  // The report flow as a step machine on the draft row (src/domain/report-flow.ts): a question interrupting a
  // step (leave the flow? submit although similar?) is remembered on the draft, not in a replay log.
  "0015_reportflow_flow_state": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("drafts").addColumn("confirming", "text").execute();
    },
  },
  // The report flow keeps one live message per draft (the question, the report so far, the buttons), edited in
  // place; and a written section being edited takes what is sent as an addition or a replacement.
  "0050_flowux_live_message": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("drafts").addColumn("live_message_id", "integer").execute();
      await db.schema.alterTable("drafts").addColumn("edit_mode", "text").execute();
    },
  },
  // Attempts at each update survive a restart, so an update that kills the process is given up after a few.
  "0012_reliability_update_attempts": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("update_attempts")
        .addColumn("update_id", "integer", (c) => c.primaryKey())
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("failures", "integer", (c) => c.notNull().defaultTo(0))
        .addColumn("last_error", "text")
        .addColumn("last_attempt_at", "text", (c) => c.notNull())
        .execute();
      await db.schema
        .createTable("quarantined_updates")
        .addColumn("update_id", "integer", (c) => c.primaryKey())
        .addColumn("update_json", "text", (c) => c.notNull())
        .addColumn("chat_id", "integer")
        .addColumn("telegram_id", "integer")
        .addColumn("attempts", "integer", (c) => c.notNull())
        .addColumn("cause", "text", (c) => c.notNull())
        .addColumn("quarantined_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  // One process handles a database's updates on Node (claims are held in its memory): it holds this lease.
  "0045_instance_lease": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("instance_lease")
        .addColumn("name", "text", (c) => c.primaryKey())
        .addColumn("holder", "text", (c) => c.notNull())
        .addColumn("host", "text", (c) => c.notNull())
        .addColumn("pid", "integer", (c) => c.notNull())
        .addColumn("started_at", "text", (c) => c.notNull())
        .addColumn("heartbeat_at", "text", (c) => c.notNull())
        .addColumn("expires_at", "text", (c) => c.notNull())
        .execute();
    },
  },
  // The committee's own publication (src/db/issues.ts): issues numbered per year once published, their pieces
  // (单篇 or 综合) in order, the reports in each, and the reports a staff member picked to merge in chat.
  "0035_issues": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("issues")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("status", "text", (c) => c.notNull())
        .addColumn("year", "integer")
        .addColumn("number", "integer")
        .addColumn("editor_note", "text")
        .addColumn("created_by", "integer", (c) => c.references("people.id"))
        .addColumn("published_by", "integer", (c) => c.references("people.id"))
        .addColumn("created_at", "text", (c) => c.notNull())
        .addColumn("updated_at", "text", (c) => c.notNull())
        .addColumn("published_at", "text")
        .execute();
      await db.schema
        .createIndex("issues_year_number")
        .on("issues")
        .columns(["year", "number"])
        .unique()
        .execute();
      // One issue is being compiled at a time: the office's next one, shared by chat and the web console.
      await sql`CREATE UNIQUE INDEX issues_one_open ON issues (status) WHERE status = 'open'`.execute(db);
      await db.schema
        .createTable("issue_pieces")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("issue_id", "integer", (c) => c.notNull().references("issues.id"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("mode", "text", (c) => c.notNull())
        .addColumn("title", "text")
        .addColumn("editor_note", "text")
        .execute();
      await db.schema
        .createIndex("issue_pieces_issue")
        .on("issue_pieces")
        .columns(["issue_id", "position"])
        .execute();
      // A report is printed once: it belongs to one piece of one issue.
      await db.schema
        .createTable("issue_reports")
        .addColumn("report_id", "integer", (c) => c.primaryKey().references("reports.id"))
        .addColumn("piece_id", "integer", (c) => c.notNull().references("issue_pieces.id"))
        .addColumn("position", "integer", (c) => c.notNull())
        .addColumn("event_id", "integer")
        .execute();
      await db.schema
        .createIndex("issue_reports_piece")
        .on("issue_reports")
        .columns(["piece_id", "position"])
        .execute();
      await db.schema
        .createTable("issue_picks")
        .addColumn("issue_id", "integer", (c) => c.notNull().references("issues.id"))
        .addColumn("person_id", "integer", (c) => c.notNull())
        .addColumn("report_id", "integer", (c) => c.notNull())
        .addColumn("picked_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("issue_picks_pk", ["issue_id", "person_id", "report_id"])
        .execute();
      // A typed reply about an issue (an editor's title, a 编者按) names the piece it is for.
      await db.schema.alterTable("staff_prompts").addColumn("piece_id", "integer").execute();
    },
  },
  // 阅批 (a leader read a report and commented) is counted per level apart from 批示: the counters get its
  // columns and every stats trigger is made again to fill them. No such step exists before, so nothing is recounted.
  "0025_stats_read": {
    async up(db: Kysely<unknown>) {
      await upgradeStatsStore(db);
    },
  },
  // The similar-report check finds its candidates by LSH bands of the signatures (src/domain/similarity.ts)
  // instead of reading the year's signatures. Reports without signatures wait in a queue, filled by triggers,
  // that a background task works through in batches; every existing report is queued once for its bands.
  "0046_similarity_bands": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("report_sig_bands")
        .addColumn("band_key", "integer", (c) => c.notNull())
        .addColumn("report_id", "integer", (c) => c.notNull())
        .addPrimaryKeyConstraint("report_sig_bands_pk", ["band_key", "report_id"])
        .modifyEnd(sql`without rowid`)
        .execute();
      await db.schema
        .createTable("report_sig_queue")
        .addColumn("report_id", "integer", (c) => c.primaryKey())
        .execute();
      await sql`CREATE TRIGGER report_sig_queue_new AFTER INSERT ON reports
        BEGIN INSERT OR IGNORE INTO report_sig_queue (report_id) VALUES (NEW.id); END`.execute(db);
      await sql`CREATE TRIGGER report_sig_queue_changed AFTER UPDATE OF title, situation, analysis, suggestions
        ON reports BEGIN INSERT OR IGNORE INTO report_sig_queue (report_id) VALUES (NEW.id); END`.execute(db);
      await sql`INSERT OR IGNORE INTO report_sig_queue (report_id) SELECT id FROM reports`.execute(db);
    },
  },
  // The guided set-up and /settings' questions wait in the database for their answer (src/db/setup.ts).
  "0040_setup_progress": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("setup_progress")
        .addColumn("person_id", "integer", (c) => c.notNull().references("people.id"))
        .addColumn("flow", "text", (c) => c.notNull())
        .addColumn("question", "text", (c) => c.notNull())
        .addColumn("pending", "text")
        .addColumn("asked_at", "text", (c) => c.notNull())
        .addPrimaryKeyConstraint("setup_progress_pk", ["person_id", "flow"])
        .execute();
    },
  },
  // A job's message may carry a document (the quarterly 通报 as .docx): its bytes are kept once per run, each
  // recipient's row points to them, and sendDocument takes the row's text as the caption.
  "0030_outbox_documents": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable("outbox_documents")
        .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
        .addColumn("file_name", "text", (c) => c.notNull())
        .addColumn("bytes", "blob", (c) => c.notNull())
        .addColumn("created_at", "text", (c) => c.notNull())
        .execute();
      await db.schema.alterTable("outbox").addColumn("document_id", "integer").execute();
    },
  },
  // A recount after a settings change runs in batches while the bot answers (src/db/stats.ts): its progress
  // table, and the live triggers made again to leave to it the reports it has not replayed yet.
  "0047_stats_recount_batches": {
    async up(db: Kysely<unknown>) {
      for (const statement of statsStoreDdl())
        if (statement.startsWith("CREATE TABLE IF NOT EXISTS stats_recount"))
          await sql.raw(statement).execute(db);
      await upgradeStatsStore(db);
    },
  },
  // A staff member's typed reply as a step machine (src/domain/staff-reply.ts): the row stays once answered,
  // remembering the text message taken (a redelivery of it records nothing twice) and the card to edit in place.
  // Replies still owed are carried over as waiting.
  "0065_staffsteps_reply_state": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .alterTable("staff_prompts")
        .addColumn("waiting", "integer", (c) => c.notNull().defaultTo(1))
        .execute();
      await db.schema.alterTable("staff_prompts").addColumn("card_message_id", "integer").execute();
      await db.schema.alterTable("staff_prompts").addColumn("applied_message_id", "integer").execute();
    },
  },
};

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
