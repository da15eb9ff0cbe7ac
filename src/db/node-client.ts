// The bot's database on Node: an embedded file or :memory: through the `libsql` binding with cached statements
// (./embedded.ts), or a remote server (sqld, Turso) through @libsql/client.
import { resolve } from "node:path";
import { type Client, createClient } from "@libsql/client";
import { type DB, openDatabase } from "./database";
import { type CommitMode, embeddedLocation, openEmbeddedDatabase } from "./embedded";

export type { CommitMode } from "./embedded";

/** A database the Node process opened, whichever kind: Kysely over it, and how to close it. */
export interface DatabaseHandle {
  db: DB;
  /** The WAL file where group commit syncs: an embedded database file's, undefined for any other kind. */
  walPath: string | undefined;
  /** An embedded database's file (for the checkpoint thread, src/db/checkpointer.ts). */
  filePath?: string;
  /** Statements that may have written so far (an embedded database's), for group commit's barrier. */
  writes?: () => number;
  close(): Promise<void>;
}

export async function openNodeDatabase(
  url: string,
  authToken?: string,
  commits: CommitMode = "each",
): Promise<DatabaseHandle> {
  const location = embeddedLocation(url);
  if (location !== undefined) {
    const { db, statements, close } = openEmbeddedDatabase(location, { commits });
    return {
      db,
      walPath: walPathOf(url),
      ...(location === ":memory:" ? {} : { filePath: resolve(location) }),
      writes: () => statements.writes,
      close,
    };
  }
  const client = await openRemoteClient(url, authToken);
  const db = openDatabase(client);
  return {
    db,
    walPath: undefined,
    async close() {
      await db.destroy();
      client.close();
    },
  };
}

/** A client of a remote database (sqld, Turso); the embedded kinds go through openNodeDatabase. */
export async function openRemoteClient(url: string, authToken?: string): Promise<Client> {
  return createClient({ url, authToken });
}

/** The WAL file of an embedded database URL (where group commit syncs), or undefined for any other kind. */
export function walPathOf(url: string): string | undefined {
  const path = embeddedLocation(url);
  return path === undefined || path === ":memory:" ? undefined : `${resolve(path)}-wal`;
}
