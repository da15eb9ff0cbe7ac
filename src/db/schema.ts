// The database schema as one typed interface (Kysely). Migrations in ./migrations.ts create it.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { Role } from "../domain/roles";
import type { BucketColumn } from "./stats-store";

export interface Database {
  units: UnitsTable;
  people: PeopleTable;
  chats: ChatsTable;
  chat_sightings: ChatSightingsTable;
  user_prefs: UserPrefsTable;
  settings: SettingsTable;
  /** One row: moved on by triggers at every change to `settings` (migration 0069). */
  settings_version: { id: number; version: number };
  processed_updates: ProcessedUpdatesTable;
  update_attempts: UpdateAttemptsTable;
  quarantined_updates: QuarantinedUpdatesTable;
  conversation_states: ConversationStatesTable;
  drafts: DraftsTable;
  draft_attachments: AttachmentsTable & { draft_id: number };
  draft_coauthors: { draft_id: number; person_id: number };
  /** Telegram message ids applied to a draft (see updateDraft). */
  draft_messages: { draft_id: number; message_id: number };
  reports: ReportsTable;
  report_revisions: ReportRevisionsTable;
  report_authors: { report_id: number; person_id: number; position: number };
  report_attachments: AttachmentsTable & { report_id: number };
  report_events: ReportEventsTable;
  staff_prompts: StaffPromptsTable;
  job_runs: JobRunsTable;
  outbox: OutboxTable;
  outbox_documents: OutboxDocumentsTable;
  stats_meta: StatsMetaTable;
  stats_months: StatsMonthsTable;
  stats_buckets: StatsBucketsTable;
  report_signatures: ReportSignaturesTable;
  web_sign_in_links: WebSignInLinksTable;
  web_sessions: WebSessionsTable;
  web_init_data_used: { hash: string; used_at: string };
  setup_progress: SetupProgressTable;
  instance_lease: InstanceLeaseTable;
  issues: IssuesTable;
  issue_pieces: IssuePiecesTable;
  issue_reports: IssueReportsTable;
  issue_picks: { issue_id: number; person_id: number; report_id: number; picked_at: string };
  /** LSH band keys of stored signatures (`bandKeys`); a key may outlive a text change, never a wrong match. */
  report_sig_bands: { band_key: number; report_id: number };
  /** Reports whose signatures and bands are still to be made. */
  report_sig_queue: { report_id: number };
}

/** The one process that handles this database's updates on Node (src/db/lease.ts). */
export interface InstanceLeaseTable {
  name: string;
  holder: string;
  host: string;
  pid: number;
  started_at: string;
  heartbeat_at: string;
  expires_at: string;
}

/** An issue of the committee's own publication; year and number are given when it is published. */
export interface IssuesTable {
  id: Generated<number>;
  status: "open" | "published";
  year: number | null;
  number: number | null;
  /** 编者按 for the whole issue. */
  editor_note: string | null;
  created_by: number | null;
  published_by: number | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface IssuePiecesTable {
  id: Generated<number>;
  issue_id: number;
  position: number;
  mode: "single" | "combined";
  /** The editor's title of a combined piece. */
  title: string | null;
  editor_note: string | null;
}

export interface IssueReportsTable {
  report_id: number;
  piece_id: number;
  position: number;
  /** The 编发 event recorded for the report when the issue was published. */
  event_id: number | null;
}

/** A one-time sign-in link the bot sent (only the token's SHA-256 is kept). */
export interface WebSignInLinksTable {
  token_hash: string;
  person_id: number;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

/** A signed-in browser or Mini App (only the cookie token's SHA-256 is kept). */
export interface WebSessionsTable {
  token_hash: string;
  person_id: number;
  /** Sent back with every state-changing request. */
  csrf_token: string;
  via: "link" | "telegram";
  expires_at: string;
  revoked_at: string | null;
  created_at: string;
}

/** MinHash signatures of a report's title and body: SIGNATURE_SIZE little-endian uint32 each. */
export interface ReportSignaturesTable {
  report_id: number;
  title_sig: Uint8Array;
  body_sig: Uint8Array;
}

/** Timestamps are ISO-8601 UTC strings: they sort, compare and read well in SQLite. */
type Timestamp = string;

export interface UnitsTable {
  id: Generated<number>;
  name: string;
  type: string;
  created_at: Timestamp;
}

export interface PeopleTable {
  id: Generated<number>;
  name: string;
  role: Role;
  unit_id: number | null;
  phone: string | null;
  telegram_id: number | null;
  telegram_username: string | null;
  invite_code: string | null;
  active: ColumnType<number, number | undefined, number>;
  unreachable_at: Timestamp | null;
  bound_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ChatsTable {
  id: number;
  title: string | null;
  type: string;
  /** null with bind_all = 0: not bound. */
  unit_id: number | null;
  bind_all: ColumnType<number, number | undefined, number>;
  bound_by: number | null;
  bound_at: Timestamp | null;
  active: ColumnType<number, number | undefined, number>;
  updated_at: Timestamp;
}

export interface ChatSightingsTable {
  chat_id: number;
  telegram_id: number;
  last_seen_at: Timestamp;
}

export interface UserPrefsTable {
  telegram_id: number;
  language: string | null;
  updated_at: Timestamp;
}

export interface SettingsTable {
  key: string;
  /** JSON. */
  value: string;
  updated_at: Timestamp;
}

export interface ProcessedUpdatesTable {
  update_id: number;
  /** "applied": its writes committed with the change (process claims; src/db/updates.ts), "done": handled. */
  status: "processing" | "applied" | "done";
  claimed_at: Timestamp;
}

/** How often each update was taken in hand, kept across restarts so a poison update is given up (see updates.ts). */
export interface UpdateAttemptsTable {
  update_id: number;
  /** Attempts begun, crashed ones included. */
  attempts: number;
  /** Of those, the ones that ended with an error (the rest did not end: the process died). */
  failures: number;
  last_error: string | null;
  last_attempt_at: Timestamp;
}

/** Updates given up after too many attempts, kept whole for the operator. */
export interface QuarantinedUpdatesTable {
  update_id: number;
  update_json: string;
  chat_id: number | null;
  telegram_id: number | null;
  attempts: number;
  cause: string;
  quarantined_at: Timestamp;
}

export interface ConversationStatesTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

/** The text of a report as written; shared by drafts, reports and revisions. */
export interface ReportText {
  title: string | null;
  category: string | null;
  situation: string | null;
  analysis: string | null;
  suggestions: string | null;
  /** null: not answered yet. */
  urgent: number | null;
}

export interface DraftsTable extends ReportText {
  id: Generated<number>;
  person_id: number;
  /** Set when the draft revises a report that staff returned. */
  report_id: number | null;
  situation_done: ColumnType<number, number | undefined, number>;
  analysis_done: ColumnType<number, number | undefined, number>;
  suggestions_done: ColumnType<number, number | undefined, number>;
  attachments_done: ColumnType<number, number | undefined, number>;
  coauthors_done: ColumnType<number, number | undefined, number>;
  /** A section being written or rewritten: its name and the text so far (kept until "done"). */
  pending_step: string | null;
  pending_text: string | null;
  /** Steps being edited from the preview return there. */
  editing: ColumnType<number, number | undefined, number>;
  /** A question interrupting the flow (src/domain/draft.ts CONFIRM_STEPS), answered before it goes on. */
  confirming: ColumnType<string | null, string | null | undefined, string | null>;
  /** While a written section is edited: "replace" (what is sent takes its place) or null (appended). */
  edit_mode: ColumnType<string | null, string | null | undefined, string | null>;
  /** The flow's live message in the person's chat (question, report so far, buttons), edited in place. */
  live_message_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the live message was sent (ISO): past 48 hours Telegram no longer deletes it. */
  live_message_at: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1 while the person is in the guided flow for this draft. */
  in_flow: ColumnType<number, number | undefined, number>;
  /** Highest Telegram message id applied: a message delivered again is not applied twice. */
  last_message_id: ColumnType<number, number | undefined, number>;
  submitted_report_id: number | null;
  reminded_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AttachmentsTable {
  id: Generated<number>;
  kind: "photo" | "document";
  file_id: string;
  file_unique_id: string;
  file_name: string | null;
  position: number;
}

export interface ReportsTable {
  id: Generated<number>;
  author_id: number;
  unit_id: number | null;
  title: string;
  category: string;
  situation: string;
  analysis: string;
  suggestions: string;
  urgent: number;
  status: string;
  /** Optimistic concurrency: every change of status bumps it. */
  version: ColumnType<number, number | undefined, number>;
  revision: ColumnType<number, number | undefined, number>;
  source_draft_id: number | null;
  submitted_at: Timestamp;
  staff_notified_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ReportRevisionsTable {
  report_id: number;
  revision: number;
  title: string;
  category: string;
  situation: string;
  analysis: string;
  suggestions: string;
  urgent: number;
  created_at: Timestamp;
}

export interface ReportEventsTable {
  id: Generated<number>;
  report_id: number;
  kind: string;
  actor_id: number | null;
  level: string | null;
  mode: string | null;
  note: string | null;
  department: string | null;
  created_at: Timestamp;
}

export type Unit = Selectable<UnitsTable>;
export type Draft = Selectable<DraftsTable>;
export type Report = Selectable<ReportsTable>;
export type ReportEvent = Selectable<ReportEventsTable>;
export type Attachment = Selectable<AttachmentsTable>;
export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type Chat = Selectable<ChatsTable>;

/** A typed reply a staff member owes or last owed (a reason, an instruction, a department…), one per staff chat. */
export interface StaffPromptsTable {
  telegram_id: number;
  action: string;
  report_id: number;
  /** The report version the prompt was opened on: the reply applies only if nothing changed meanwhile. */
  version: number;
  level: string | null;
  /** For a prompt about an issue (report_id then names the issue): the piece, or null for the issue itself. */
  piece_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** When the reply was asked for (its hour counts from here). */
  created_at: Timestamp;
  /** 1 while the reply is owed; 0 once answered, cancelled or too late (the row remembers the last). */
  waiting: ColumnType<number, number | undefined, number>;
  /** The card (or issue panel) whose button asked, edited in place once the reply is recorded. */
  card_message_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** The last text message taken for a reply: a redelivery of it (or an older one) is not taken again. */
  applied_message_id: ColumnType<number | null, number | null | undefined, number | null>;
}

export type StaffPrompt = Selectable<StaffPromptsTable>;

/** One run of a scheduled job for one period (src/jobs/engine.ts): the key that makes a run happen once. */
export interface JobRunsTable {
  job: string;
  /** "2026-06-01" (a day), "2026-06" (a month), "2026Q2" (a quarter). */
  period_key: string;
  status: "running" | "done";
  /** The `now` the run was started for, so an unfinished run can be planned again as it would have been. */
  scheduled_for: Timestamp;
  /** Set when the run's messages are in the outbox (with any marks, in one transaction). */
  planned_at: Timestamp | null;
  started_at: Timestamp;
  finished_at: Timestamp | null;
}

/** A message waiting for (or done with) delivery; src/jobs/outbox.ts sends them within Telegram's limits. */
export interface OutboxTable {
  id: Generated<number>;
  job: string;
  period_key: string;
  chat_id: number;
  /** `<job>:<period>:<chat>:<part>`: planning the same run twice queues nothing twice. */
  dedupe_key: string;
  text: string;
  parse_mode: string | null;
  status: "pending" | "sent" | "failed" | "unreachable";
  attempts: ColumnType<number, number | undefined, number>;
  /** Not before: a retry's time, or the lease of the drainer sending it now. */
  next_attempt_at: Timestamp;
  last_error: string | null;
  sent_at: Timestamp | null;
  /**
   * When this row's sendMessage was started, until Telegram answered: a row left so by a crash may or may not
   * have reached the person. A claimed row without it surely did not.
   */
  sending_at: ColumnType<Timestamp | null, Timestamp | null | undefined, Timestamp | null>;
  created_at: Timestamp;
  /** A document sent with sendDocument, the text being its caption (outbox_documents). */
  document_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** A document's bytes for the outbox rows that send it. */
export interface OutboxDocumentsTable {
  id: Generated<number>;
  file_name: string;
  bytes: Uint8Array;
  created_at: Timestamp;
}

export type JobRun = Selectable<JobRunsTable>;
export type OutboxRow = Selectable<OutboxTable>;

/** What the stats counters were built for (src/db/stats-store.ts): a change of either rebuilds them. */
export interface StatsMetaTable {
  id: number;
  time_zone: string;
  own_level: string;
  built_at: Timestamp;
}

/** One local month (in stats_meta.time_zone) with its quarter and year, and the UTC instants they span. */
export interface StatsMonthsTable {
  start: Timestamp;
  month: string;
  month_end: Timestamp;
  quarter: string;
  quarter_start: Timestamp;
  quarter_end: Timestamp;
  year: string;
  year_start: Timestamp;
  year_end: Timestamp;
}

/** Counters of one period ("2026", "2026Q2", "2026-05") for the committee, a unit or a person. */
export type StatsBucketsTable = {
  period: string;
  /** 0 the committee (entity 0), 1 a unit, 2 a person. */
  scope: number;
  entity: number;
} & Record<BucketColumn, number>;

/**
 * A question of the guided set-up or of one setting that an admin has not answered yet, per flow ("setup" or a
 * setting's item): the latest asked takes typed answers, and a restart asks it again.
 */
export interface SetupProgressTable {
  person_id: number;
  flow: string;
  question: string;
  /** A part chosen on the way (a schedule's day, before its hour), JSON. */
  pending: string | null;
  asked_at: Timestamp;
}
