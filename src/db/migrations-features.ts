// Migrations from 0006 on, each named for the work that needed it. Kept in code, as every migration (src/db/migrations.ts).
import { type Kysely, type Migration, sql } from "kysely";
import { settingsFromStored } from "../domain/settings";
import { createStatsStore, rebuildStats, statsBasis, statsStoreDdl, upgradeStatsStore } from "./stats-store";

export const FEATURE_MIGRATIONS: Record<string, Migration> = {
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
  // Staff and admins are told of every submission (src/db/notifications.ts): found by role, not by reading the
  // whole roster (1.7 ms a submission at 100,000 reports and their committee).
  "0066_people_role_index": {
    async up(db: Kysely<unknown>) {
      await db.schema.createIndex("people_role").on("people").columns(["role", "active"]).execute();
    },
  },
  // Every update of a person writing a report looks up the draft in the flow; without this it read all of the
  // person's saved drafts, texts and all, and sorted them.
  "0067_drafts_in_flow_index": {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createIndex("drafts_in_flow")
        .on("drafts")
        .columns(["person_id", "updated_at"])
        .where(sql.ref("in_flow"), "=", 1)
        .where(sql.ref("submitted_report_id"), "is", null)
        .execute();
    },
  },
  // When the flow's live message was sent: Telegram deletes a bot's message in a private chat only within 48
  // hours, so the previous question is deleted only while it is younger (src/handlers/report/live.ts).
  "0068_drafts_live_message_at": {
    async up(db: Kysely<unknown>) {
      await db.schema.alterTable("drafts").addColumn("live_message_at", "text").execute();
    },
  },
  // A number every change to `settings` moves on, by triggers, whoever writes (the bot, the CLI, the console, a
  // Worker): read with each update's first statement, it says whether the settings read before still hold
  // (src/db/settings.ts), and the settings are not read again for every update.
  "0069_settings_version": {
    async up(db: Kysely<unknown>) {
      await sql`CREATE TABLE settings_version
        (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`.execute(db);
      await sql`INSERT INTO settings_version (id, version) VALUES (1, 0)`.execute(db);
      for (const [name, event] of [
        ["settings_version_insert", "INSERT"],
        ["settings_version_update", "UPDATE"],
        ["settings_version_delete", "DELETE"],
      ] as const)
        await sql`CREATE TRIGGER ${sql.raw(name)} AFTER ${sql.raw(event)} ON settings
          BEGIN UPDATE settings_version SET version = version + 1; END`.execute(db);
    },
  },
};
