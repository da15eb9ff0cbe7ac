// What the benchmark sections share: the machine description, a libSQL client that counts statements, a
// logger that counts errors, and temporary data directories on the same disk as production's ./data.
import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import type { Client, InStatement, Transaction } from "@libsql/client";
import { type DB, openDatabase } from "../src/db/database";
import { migrateToLatest } from "../src/db/migrations";
import { openNodeClient } from "../src/db/node-client";
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
}

/** Time spent in libSQL per distinct SQL text (the call, including waiting for a pooled connection). */
export type SqlTimes = Map<string, { calls: number; ms: number }>;

export function zeroCounts(): StatementCounts {
  return { reads: 0, writes: 0, transactions: 0 };
}

function countStatement(counts: StatementCounts, stmt: InStatement): void {
  const sql = typeof stmt === "string" ? stmt : stmt.sql;
  if (/^\s*(select|pragma|with)\b/i.test(sql)) counts.reads++;
  else counts.writes++;
}

/** What an observed client reports: each statement with the time its call took, and each transaction opened. */
export interface ClientObserver {
  statement(stmt: InStatement, ms: number): void;
  transaction?(): void;
}

/** Wraps a libSQL client so every statement (in or out of a transaction) is reported to the observer. */
export function observedClient(client: Client, observer: ClientObserver): Client {
  const execute =
    (target: Client | Transaction) =>
    async (stmt: InStatement, ...rest: unknown[]) => {
      const t0 = performance.now();
      try {
        // biome-ignore lint/suspicious/noExplicitAny: forwarding the overloads as they are
        return await (target.execute as any)(stmt, ...rest);
      } finally {
        observer.statement(stmt, performance.now() - t0);
      }
    };
  const wrapTransaction = (tx: Transaction): Transaction =>
    new Proxy(tx, {
      get(target, prop) {
        if (prop === "execute") return execute(target);
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(client, {
    get(target, prop) {
      if (prop === "execute") return execute(target);
      if (prop === "transaction")
        return async (...args: Parameters<Client["transaction"]>) => {
          observer.transaction?.();
          return wrapTransaction(await target.transaction(...args));
        };
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/**
 * Wraps a libSQL client so every statement (in or out of a transaction) is counted, and with `times` also
 * timed by its SQL text.
 */
export function countingClient(client: Client, counts: StatementCounts, times?: SqlTimes): Client {
  return observedClient(client, {
    statement(stmt, ms) {
      countStatement(counts, stmt);
      if (!times) return;
      const sql = typeof stmt === "string" ? stmt : stmt.sql;
      let entry = times.get(sql);
      if (!entry) {
        entry = { calls: 0, ms: 0 };
        times.set(sql, entry);
      }
      entry.calls++;
      entry.ms += ms;
    },
    transaction: () => {
      counts.transactions++;
    },
  });
}

export interface BenchDatabase {
  db: DB;
  client: Client;
  counts: StatementCounts;
  times: SqlTimes;
  dir: string;
  url: string;
  /** Closes the client and deletes the directory. */
  dispose(): Promise<void>;
}

/** A fresh embedded database file as production opens it (WAL), migrated, with counted statements. */
export async function openBenchDatabase(options: { synchronous?: "NORMAL" } = {}): Promise<BenchDatabase> {
  const dir = await makeTempDir("db");
  const url = `file:${join(dir, "minyi.db")}`;
  const client = await openNodeClient(url);
  // A variant only: production leaves `synchronous` at SQLite's default (FULL), an fsync per commit.
  if (options.synchronous) await client.execute(`PRAGMA synchronous = ${options.synchronous}`);
  const counts = zeroCounts();
  const times: SqlTimes = new Map();
  const db = openDatabase(countingClient(client, counts, times));
  await migrateToLatest(db);
  return {
    db,
    client,
    counts,
    times,
    dir,
    url,
    async dispose() {
      await db.destroy();
      client.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
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
