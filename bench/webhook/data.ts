// The databases section 1 runs the bot on: the committee of section 2 (bench/stats-data.ts: people, units,
// reports over 2025–2026 with their histories, the statistics counters) at 1,000, 100,000 and 1,000,000
// reports, made ready as a database in use is: every report of the similarity window signed (the steady state,
// not the hours after an import). Built once per size and schema into a cache directory and copied per run.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { copyFile, mkdir, rename } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { MIGRATIONS, migrateToLatest } from "../../src/db/migrations";
import { openNodeDatabase } from "../../src/db/node-client";
import { signQueuedReports } from "../../src/db/similarity";
import { type DatasetSize, GENERATOR_VERSION, loadDataset } from "../stats-data";
import { progress } from "../support";

/** Bump when what this module adds changes: cached databases of another version are neither used nor upgraded. */
const DATA_VERSION = 1;
const CACHE_PREFIX = "minyi-bench-webhook-";
/** Reports submitted before this many days ago are outside every similarity check (a year back) and left unsigned. */
const SIGNED_DAYS = 400;

/** People and units grow with the reports, as in a committee: about one person per ten reports, at least 1,000. */
export function datasetSize(reports: number): DatasetSize {
  if (reports >= 1_000_000) return { people: 100_000, reports, units: 200 }; // section 2's dataset, shared
  return {
    people: Math.max(1_000, Math.round(reports / 10)),
    reports,
    units: Math.min(200, Math.max(20, Math.round(reports / 1_000))),
  };
}

export interface WebhookDataset {
  /** The prepared database (checkpointed, no WAL): copy it before running the bot on it. */
  file: string;
  size: DatasetSize;
  /** Seconds spent building it in this run; 0 when it came from the cache. */
  builtSeconds: number;
}

const sizePrefix = (reports: number) => `${CACHE_PREFIX}${reports}r-`;
/** Beside each cached database: what made it, so a database of another generator is not upgraded. */
const MADE_BY = "made-by.json";
const madeBy = () => JSON.stringify({ generator: GENERATOR_VERSION, data: DATA_VERSION });

function cacheKey(reports: number): string {
  const schema = createHash("sha256")
    .update(Object.keys(MIGRATIONS).join(","))
    .update(`g${GENERATOR_VERSION}-w${DATA_VERSION}`)
    .digest("hex")
    .slice(0, 10);
  return `${sizePrefix(reports)}${schema}`;
}

/** Cached databases of this size for other schemas (same generator and data version), newest first. */
function otherSchemas(reports: number, key: string): string[] {
  const sameMaker = (dir: string) => {
    const marker = join(dir, MADE_BY);
    // The first caches had no marker; they were made by the first versions.
    return existsSync(marker)
      ? readFileSync(marker, "utf8") === madeBy()
      : GENERATOR_VERSION === 1 && DATA_VERSION === 1;
  };
  return readdirSync(os.tmpdir())
    .filter((entry) => entry.startsWith(sizePrefix(reports)) && entry !== key)
    .filter(
      (entry) => existsSync(join(os.tmpdir(), entry, "minyi.db")) && sameMaker(join(os.tmpdir(), entry)),
    )
    .sort((a, b) => statSync(join(os.tmpdir(), b)).mtimeMs - statSync(join(os.tmpdir(), a)).mtimeMs);
}

/**
 * The database for `reports` reports, from the cache (os.tmpdir(), beside section 2's) or made now: upgraded
 * from the cached database of an older schema by the migrations, as production upgrades (minutes less at 1M
 * than generating it again), else built from section 2's dataset.
 */
export async function webhookDataset(reports: number): Promise<WebhookDataset> {
  const size = datasetSize(reports);
  const key = cacheKey(reports);
  const dir = join(os.tmpdir(), key);
  const file = join(dir, "minyi.db");
  if (existsSync(file)) {
    progress(`webhook: using the cached database ${file}`);
    return { file, size, builtSeconds: 0 };
  }
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  const building = join(dir, "building.db");
  let made = false;
  for (const other of otherSchemas(reports, key)) {
    try {
      await copyFile(join(os.tmpdir(), other, "minyi.db"), building);
      progress(`webhook: upgrading the cached database ${other} to this schema`);
      await prepare(building, true);
      made = true;
      break;
    } catch (error) {
      // Another branch's migrations: not an older schema of this one.
      progress(`webhook: could not upgrade ${other} (${error instanceof Error ? error.message : error})`);
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${building}${suffix}`, { force: true });
    }
  }
  if (!made) {
    const base = await loadDataset(size);
    await copyFile(base.file, building);
    await prepare(building, false);
  }
  writeFileSync(join(dir, MADE_BY), madeBy());
  await rename(building, file);
  for (const suffix of ["-wal", "-shm"]) rmSync(`${building}${suffix}`, { force: true });
  // Other schemas' copies go once nobody has touched them for a day: a run on another branch may be using one.
  for (const other of otherSchemas(reports, key))
    if (Date.now() - statSync(join(os.tmpdir(), other)).mtimeMs > 86_400_000)
      rmSync(join(os.tmpdir(), other), { recursive: true, force: true });
  const builtSeconds = (performance.now() - started) / 1000;
  progress(
    `webhook: database of ${reports.toLocaleString("en-US")} reports ready in ${builtSeconds.toFixed(0)} s`,
  );
  return { file, size, builtSeconds };
}

/**
 * Migrates the file to this schema when asked (an older schema's database), then signs every queued report
 * submitted within SIGNED_DAYS of now and drops older ones from the queue.
 */
async function prepare(file: string, migrate: boolean): Promise<void> {
  const { db, close } = await openNodeDatabase(`file:${file}`);
  await sql`PRAGMA synchronous = OFF`.execute(db);
  try {
    if (migrate) {
      const ran = await sql<{ name: string }>`SELECT name FROM kysely_migration`.execute(db);
      const foreign = ran.rows.map((r) => r.name).filter((name) => !(name in MIGRATIONS));
      if (foreign.length > 0) throw new Error(`migrations this branch lacks: ${foreign.join(", ")}`);
      const applied = await migrateToLatest(db);
      progress(`webhook: migrations applied: ${applied.length > 0 ? applied.join(", ") : "none"}`);
    }
    const cutoff = new Date(Date.now() - SIGNED_DAYS * 86_400_000).toISOString();
    await sql`DELETE FROM report_sig_queue WHERE report_id IN (SELECT id FROM reports WHERE submitted_at < ${cutoff})`.execute(
      db,
    );
    const queued = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM report_sig_queue`.execute(db);
    const total = Number(queued.rows[0]?.n ?? 0);
    progress(`webhook: signing ${total.toLocaleString("en-US")} reports of the similarity window`);
    let done = 0;
    const t0 = performance.now();
    for (let n = await signQueuedReports(db, 2_000); n > 0; n = await signQueuedReports(db, 2_000)) {
      done += n;
      if (done % 50_000 < 2_000)
        progress(
          `webhook: ${done.toLocaleString("en-US")} signed (${((performance.now() - t0) / done).toFixed(2)} ms each)`,
        );
    }
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(db);
  } finally {
    await close();
  }
}

/** A copy of the dataset for one run, in its own directory (the WAL and the lease go beside it). */
export async function copyForRun(dataset: string, runDir: string): Promise<string> {
  const file = join(runDir, "minyi.db");
  await copyFile(dataset, file);
  return `file:${file}`;
}
