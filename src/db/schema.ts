// The database schema as one typed interface (Kysely). Migrations in ./migrations.ts create it.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from "kysely";
import type { Role } from "../domain/roles";

export interface Database {
  units: UnitsTable;
  people: PeopleTable;
  chats: ChatsTable;
  chat_sightings: ChatSightingsTable;
  user_prefs: UserPrefsTable;
  settings: SettingsTable;
  processed_updates: ProcessedUpdatesTable;
  conversation_states: ConversationStatesTable;
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
  status: "processing" | "done";
  claimed_at: Timestamp;
}

export interface ConversationStatesTable {
  key: string;
  value: string;
  updated_at: Timestamp;
}

export type Unit = Selectable<UnitsTable>;
export type Person = Selectable<PeopleTable>;
export type NewPerson = Insertable<PeopleTable>;
export type PersonUpdate = Updateable<PeopleTable>;
export type Chat = Selectable<ChatsTable>;
