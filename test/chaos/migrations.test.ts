// An upgrade cut off at every statement it makes (docs/reliability.md, "Upgrades"): each migration is one
// transaction with its bookkeeping row, so after a failure anywhere the database holds exactly the migrations
// recorded, and the next run finishes the upgrade. From an empty database (every migration pending) and from a
// committee's database with reports in it, where the latest migrations are pending. From the empty database
// `npm test` tries every commit and every 7th statement; the chaos suite (MIGRATION_FAULTS=all) all of them.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/database";
import { MIGRATIONS, runMigrations } from "../../src/db/migrations";
import { importRoster } from "../../src/db/roster";
import { parseRosterFile } from "../../src/roster/parse";
import {
  embeddedTarget,
  failAtEveryPosition,
  olderVersion,
  positionsToTry,
  type schemaAndRows,
} from "../support/migration-faults";
import { STATS_ROSTER, seedStatsReports } from "../support/stats-fixture";

describe("migrations cut off at every statement", () => {
  const dir = mkdtempSync(join(tmpdir(), "minyi-migrations-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const check = (
    outcome: { position: number; failedAt: string; recorded: string[] },
    failed: Awaited<ReturnType<typeof schemaAndRows>>,
    expected: Awaited<ReturnType<typeof schemaAndRows>>,
  ) => expect(failed, `failed at ${outcome.position} (${outcome.failedAt.slice(0, 60)})`).toEqual(expected);

  it("from an empty database: each failure leaves whole migrations, and the rerun completes", async () => {
    const { total, tried } = await failAtEveryPosition({
      fresh: async () => embeddedTarget(":memory:"),
      set: MIGRATIONS,
      check,
      checkRerun: (rerun, clean) => expect(rerun).toEqual(clean),
      positions: positionsToTry(),
    });
    if (process.env.MIGRATION_FAULTS === "all") expect(tried).toBe(total);
    expect(total).toBeGreaterThan(50);
  }, 300_000);

  it("from a database with reports: the pending migrations cut off anywhere, every report kept", async () => {
    const { before, pending } = olderVersion();
    const base = join(dir, "older.db");
    const seed = createClient({ url: `file:${base}` });
    const db = openDatabase(seed);
    await runMigrations(db, before);
    const parsed = await parseRosterFile(new TextEncoder().encode(STATS_ROSTER), "roster.csv");
    if (!parsed.ok) throw new Error("roster");
    await importRoster(db, parsed.rows, new Date("2026-01-05T02:00:00Z"));
    await seedStatsReports(db);
    const reportsBefore = (await seed.execute("SELECT * FROM reports ORDER BY id")).rows;
    expect(reportsBefore.length).toBeGreaterThan(10);
    seed.close();
    let n = 0;
    const { total, tried } = await failAtEveryPosition({
      fresh: async () => {
        const path = join(dir, `try-${n++}.db`);
        copyFileSync(base, path);
        return embeddedTarget(path);
      },
      set: MIGRATIONS,
      check,
      checkRerun: (rerun, clean) => expect(rerun).toEqual(clean),
    });
    expect(tried).toBe(total);
    expect(total).toBeGreaterThan(pending.length * 2);
    const last = createClient({ url: `file:${join(dir, `try-${n - 1}.db`)}` });
    expect((await last.execute("SELECT * FROM reports ORDER BY id")).rows).toEqual(reportsBefore);
    last.close();
  }, 300_000);
});
