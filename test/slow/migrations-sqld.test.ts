// Migrations are atomic on a libSQL server too (sqld over HTTP, as Turso serves the Worker): an upgrade from an
// empty database cut off at a statement or commit (every commit, the bookkeeping row before it, every 7th
// statement; all of them with MIGRATION_FAULTS=all) leaves exactly the recorded migrations, compared with the
// same migrations run on local SQLite, and the rerun over HTTP ends at the schema of a clean upgrade.
import { type Client, createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../src/db/migrations";
import {
  clientTarget,
  embeddedTarget,
  failAtEveryPosition,
  positionsToTry,
} from "../support/migration-faults";
import { findOrInstallSqld, type Sqld, startSqld } from "../support/sqld";

const sqldBinary = await findOrInstallSqld();
if (!sqldBinary.ok && process.env.MINYI_REQUIRE_SQLD === "1")
  throw new Error(`sqld is required (MINYI_REQUIRE_SQLD=1) but unavailable: ${sqldBinary.reason}`);

/** Drops every table, view, index and trigger (newest first), so the one database on the server starts empty. */
async function wipe(client: Client): Promise<void> {
  const objects = await client.execute(
    "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view', 'trigger') ORDER BY rowid DESC",
  );
  for (const { type, name } of objects.rows)
    await client.execute(`DROP ${String(type).toUpperCase()} IF EXISTS "${String(name)}"`);
}

describe.runIf(sqldBinary.ok)("migrations cut off over HTTP (sqld)", () => {
  let sqld: Sqld | undefined;
  beforeAll(async () => {
    if (sqldBinary.ok) sqld = await startSqld(sqldBinary.path);
  }, 60_000);
  afterAll(async () => {
    await sqld?.stop();
  });

  it("whole migrations or none after each failure, and the rerun completes", async () => {
    const fresh = async () => {
      const client = createClient({ url: sqld!.url });
      await wipe(client);
      return clientTarget(client);
    };
    const { total, tried } = await failAtEveryPosition({
      fresh,
      reference: async () => embeddedTarget(":memory:"),
      set: MIGRATIONS,
      check: (outcome, failed, expected) =>
        expect(failed, `failed at ${outcome.position} (${outcome.failedAt.slice(0, 60)})`).toEqual(expected),
      checkRerun: (rerun, clean) => expect(rerun).toEqual(clean),
      positions: positionsToTry(),
    });
    expect(total).toBeGreaterThan(50);
    expect(tried).toBeGreaterThan(20);
  }, 600_000);
});
