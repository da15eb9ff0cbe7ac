// Opens Kysely over a libSQL client. The caller picks the client: the Node one for a remote server, or the web
// one on Workers, so this module stays runtime-neutral. (Node's embedded database: ./embedded.ts.)
import type { Client } from "@libsql/client";
import { LibsqlDialect } from "@libsql/kysely-libsql";
import { Kysely, sql } from "kysely";
import type { Database } from "./schema";
import { serializedDialect } from "./serialized";

export type DB = Kysely<Database>;

export function openDatabase(client: Client): DB {
  const dialect = new LibsqlDialect({ client });
  // A local database (file or :memory:) takes one transaction at a time: see ./serialized.ts.
  return new Kysely<Database>({ dialect: client.protocol === "file" ? serializedDialect(dialect) : dialect });
}

/** The instant written last: an update writes its `now` several times, and toISOString costs about 1 µs. */
let lastWritten = { ms: Number.NaN, iso: "" };

export function nowIso(now: Date = new Date()): string {
  const ms = now.getTime();
  if (ms !== lastWritten.ms) lastWritten = { ms, iso: now.toISOString() };
  return lastWritten.iso;
}

/**
 * A failure of the database itself (busy, I/O, disk full, connection lost), which says nothing about the update
 * being handled; a constraint or SQL error is a failure of the update's own handling.
 */
export function isDatabaseOutage(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // libSQL's errors read "<CODE>: …" (./embedded.ts raises the binding's that way too); an error that crossed a
  // conversation's replay log (structuredClone) comes back as a plain Error with only that message left.
  const code =
    error.name === "LibsqlError" || error.name === "SqliteError"
      ? String((error as { code?: unknown }).code ?? "")
      : (/^(SQLITE_[A-Z_]+|SERVER_ERROR|HRANA_[A-Z_]+): /.exec(error.message)?.[1] ?? "");
  return code !== "" && !/^SQLITE_(CONSTRAINT|MISMATCH|ERROR|RANGE|TOOBIG)/.test(code);
}

/** Whether the database answers at all: the health check's question. Throws when it does not. */
export async function pingDatabase(db: DB): Promise<void> {
  await sql`select 1`.execute(db);
}
