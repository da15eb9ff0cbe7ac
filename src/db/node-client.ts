// The Node libSQL client: embedded file (its folder created on demand), :memory:, or a remote server.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { type Client, createClient } from "@libsql/client";

export async function openNodeClient(url: string, authToken?: string): Promise<Client> {
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
  }
  return client;
}
