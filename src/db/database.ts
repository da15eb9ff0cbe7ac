// Opens Kysely over a libSQL client. The caller picks the client: the Node one (embedded file, :memory:,
// remote) or the web one on Workers, so this module stays runtime-neutral.
import type { Client } from "@libsql/client";
import { LibsqlDialect } from "@libsql/kysely-libsql";
import { Kysely } from "kysely";
import type { Database } from "./schema";
import { serializedDialect } from "./serialized";

export type DB = Kysely<Database>;

export function openDatabase(client: Client): DB {
  const dialect = new LibsqlDialect({ client });
  // A local database (file or :memory:) takes one transaction at a time: see ./serialized.ts.
  return new Kysely<Database>({ dialect: client.protocol === "file" ? serializedDialect(dialect) : dialect });
}

export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
