// Opens Kysely over a libSQL client. The caller picks the client: the Node one (embedded file, :memory:,
// remote) or the web one on Workers, so this module stays runtime-neutral.
import type { Client } from "@libsql/client";
import { LibsqlDialect } from "@libsql/kysely-libsql";
import { Kysely } from "kysely";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

export function openDatabase(client: Client): DB {
  return new Kysely<Database>({ dialect: new LibsqlDialect({ client }) });
}

export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
