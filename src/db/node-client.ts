// The Node libSQL client: embedded file (its folder created on demand), :memory:, or a remote server.
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { type Client, createClient } from "@libsql/client";

/**
 * "group": commits skip their own fsync and the caller waits on a WalBarrier (src/db/wal-barrier.ts) before it
 * reports on them — the bot. "each": every commit is synced (synchronous=FULL) — the command-line tools.
 */
export type CommitMode = "group" | "each";

export async function openNodeClient(
  url: string,
  authToken?: string,
  commits: CommitMode = "each",
): Promise<Client> {
  const isFile = url.startsWith("file:");
  if (isFile) {
    const path = url.slice("file:".length).split("?")[0] ?? "";
    if (path !== "" && path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  }
  const client = createClient({ url, authToken });
  if (isFile) {
    // WAL lets a backup or a CLI command read while the bot writes; the timeout makes writers wait, not fail.
    await client.execute("PRAGMA journal_mode = WAL");
    await client.execute("PRAGMA busy_timeout = 5000");
    await client.execute(`PRAGMA synchronous = ${commits === "group" ? "NORMAL" : "FULL"}`);
  }
  return client;
}

/** The WAL file of an embedded database URL (where group commit syncs), or undefined for any other kind. */
export function walPathOf(url: string): string | undefined {
  if (!url.startsWith("file:")) return undefined;
  const path = url.slice("file:".length).split("?")[0] ?? "";
  return path === "" || path === ":memory:" ? undefined : `${resolve(path)}-wal`;
}
