// What the benchmark sections share: the machine description, the bot's database with counted statements, a
// logger that counts errors, and temporary data directories on the same disk as production's ./data.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { type Client, createClient } from "@libsql/client";
import { sql } from "kysely";
import type { DB } from "../src/db/database";
import { openEmbeddedDatabase, type StatementCache, type StatementHook } from "../src/db/embedded";
import { migrateToLatest } from "../src/db/migrations";
import type { Logger } from "../src/logger";

export interface Machine {
  cpuModel: string;
  cpus: number;
  memoryGiB: number;
  os: string;
  node: string;
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpus: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
  };
}

/** Statements sent to libSQL, by kind. Read it before and after an update to see what the update cost. */
export interface StatementCounts {
  reads: number;
  writes: number;
  /** Transactions opened (each adds BEGIN and COMMIT, not counted as statements). */
  transactions: number;
  /** Commits: each transaction's COMMIT, and each write outside a transaction (SQLite commits it alone). */
  commits: number;
}

/** Time spent in libSQL per distinct SQL text (the call, including waiting for a pooled connection). */
export type SqlTimes = Map<string, { calls: number; ms: number }>;

export function zeroCounts(): StatementCounts {
  return { reads: 0, writes: 0, transactions: 0, commits: 0 };
}

function isRead(sql: string): boolean {
  return /^\s*(select|pragma|with)\b/i.test(sql);
}

/** What an observed database reports: each statement with its parameters and the time its call took. */
export interface StatementObserver {
  statement(sql: string, args: ReadonlyArray<unknown>, ms: number): void;
  /** BEGIN, COMMIT or ROLLBACK of a transaction. */
  control?(sql: "begin" | "commit" | "rollback"): void;
}

/** The embedded driver's hook (src/db/embedded.ts) reporting every statement to the observer. */
export function observingHook(observer: StatementObserver): StatementHook {
  return (sql, args, execute) => {
    const control = /^(begin|commit|rollback)\b/i.exec(sql)?.[1]?.toLowerCase() as
      | "begin"
      | "commit"
      | "rollback"
      | undefined;
    if (control) {
      observer.control?.(control);
      return execute();
    }
    const t0 = performance.now();
    try {
      return execute();
    } finally {
      observer.statement(sql, args, performance.now() - t0);
    }
  };
}

/** Counts every statement (in or out of a transaction), and with `times` also times it by its SQL text. */
export function countingHook(counts: StatementCounts, times?: SqlTimes): StatementHook {
  let inTransaction = false;
  return observingHook({
    statement(sql, _args, ms) {
      if (isRead(sql)) counts.reads++;
      else {
        counts.writes++;
        if (!inTransaction) counts.commits++;
      }
      if (!times) return;
      let entry = times.get(sql);
      if (!entry) {
        entry = { calls: 0, ms: 0 };
        times.set(sql, entry);
      }
      entry.calls++;
      entry.ms += ms;
    },
    control(sql) {
      if (sql === "begin") {
        inTransaction = true;
        counts.transactions++;
      } else {
        inTransaction = false;
        if (sql === "commit") counts.commits++;
      }
    },
  });
}

export interface BenchDatabase {
  db: DB;
  /** The driver's statement cache (statements compiled: `prepared`). */
  statements: StatementCache;
  /** A second connection to the same file, for seeding and inspecting beside the bot (not counted). */
  client: Client;
  counts: StatementCounts;
  times: SqlTimes;
  dir: string;
  url: string;
  /** Closes both connections and deletes the directory. */
  dispose(): Promise<void>;
}

/** A fresh embedded database file as production opens it (WAL, the bot's driver), migrated, with counted statements. */
export async function openBenchDatabase(options: { synchronous?: "NORMAL" } = {}): Promise<BenchDatabase> {
  const dir = await makeTempDir("db");
  const path = join(dir, "minyi.db");
  const url = `file:${path}`;
  const counts = zeroCounts();
  const times: SqlTimes = new Map();
  const embedded = openEmbeddedDatabase(path, { around: countingHook(counts, times) });
  const { db } = embedded;
  // A variant only: the command-line tools' setting (FULL), an fsync per commit, unless NORMAL is asked for.
  if (options.synchronous) await sql.raw(`PRAGMA synchronous = ${options.synchronous}`).execute(db);
  await migrateToLatest(db);
  const client = createClient({ url });
  await client.execute("PRAGMA busy_timeout = 5000");
  return {
    db,
    statements: embedded.statements,
    client,
    counts,
    times,
    dir,
    url,
    async dispose() {
      client.close();
      await embedded.close();
      await collectClosedConnections();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * libsql's close() leaves the SQLite connection open while any statement prepared on it is still alive: it closes
 * (copying the whole WAL back, then deleting it) when the garbage collector finalizes the last one, on the event
 * loop, whenever that is. A bench that opens one database per size in one process met the previous size's
 * close in the middle of the next size's measurement (a one-second stall at 1,000,000 reports). A collection now
 * makes it happen here.
 */
async function collectClosedConnections(): Promise<void> {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  await new Promise((resolve) => setImmediate(resolve));
}

/** A temporary directory on the same disk as the project (os.tmpdir() here is the root ext4 volume). */
export function makeTempDir(label: string): Promise<string> {
  return mkdtemp(join(os.tmpdir(), `minyi-bench-${label}-`));
}

export interface CountingLogger extends Logger {
  /** Errors logged, and the first few of them to show. */
  errorCount: number;
  errors: { message: string; fields?: Record<string, unknown> }[];
  warnings: number;
}

/** A silent logger that keeps errors, so a benchmark can prove it measured working updates. */
export function countingLogger(): CountingLogger {
  const log: CountingLogger = {
    errorCount: 0,
    errors: [],
    warnings: 0,
    debug() {},
    info() {},
    warn() {
      log.warnings++;
    },
    error(message, fields) {
      log.errorCount++;
      if (log.errors.length < 5) log.errors.push({ message, ...(fields ? { fields } : {}) });
    },
  };
  return log;
}

/** Lets the event loop and the collector settle between measurements. */
export async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
  (globalThis as { gc?: () => void }).gc?.();
}

/** How busy the shared machine was: load averages and, where the kernel reports it, CPU pressure. */
export function machineLoad(): string {
  const [one, five] = os.loadavg();
  let pressure = "";
  try {
    const some = /some avg10=([\d.]+) avg60=([\d.]+)/.exec(readFileSync("/proc/pressure/cpu", "utf8"));
    if (some) pressure = `, CPU pressure ${some[2]}% (avg60)`;
  } catch {
    // no PSI on this kernel
  }
  return `load ${one!.toFixed(1)} (1 min) / ${five!.toFixed(1)} (5 min)${pressure}`;
}

export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/**
 * Runs `fn` under the V8 CPU profiler when `dir` is given and writes `<dir>/<name>.cpuprofile` (open it in
 * Chrome DevTools or VS Code). Only the measured work is profiled, not the seeding around it.
 */
export async function profiled<T>(dir: string | undefined, name: string, fn: () => Promise<T>): Promise<T> {
  if (!dir) return fn();
  const { Session } = await import("node:inspector/promises");
  const { mkdir, writeFile } = await import("node:fs/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  try {
    return await fn();
  } finally {
    const { profile } = await session.post("Profiler.stop");
    session.disconnect();
    await mkdir(dir, { recursive: true });
    const file = join(dir, `${name}.cpuprofile`);
    await writeFile(file, JSON.stringify(profile));
    progress(`CPU profile written to ${file}`);
  }
}
