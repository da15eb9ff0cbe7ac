// Loaded into a measured server process (`node --import tsx --import bench/webhook/probe-entry.mjs src/main.ts`,
// on its main thread): it counts what each webhook request costs inside that process and answers
// GET /__bench/reset and /__bench/stats, before the app sees them. Nothing in src/ knows about it.
//
// Per request (the time from the request event to the response's last byte handed to the kernel): the event
// loop's active time (performance.eventLoopUtilization: JavaScript and libSQL's synchronous statements), the
// process's CPU time (process.cpuUsage: every thread, the thread pool's fsyncs included), the statements run
// by kind, commits and fsyncs. Statements are counted in the `libsql` binding every libSQL path ends in
// (Database.prepare, then Statement.run/all/get/iterate), so whatever sits above it is measured alike. When
// more than one request is in flight, statements are counted for the run only, not for a request.
import { open } from "node:fs/promises";
import http from "node:http";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { categorize, type ProbeCounts, type ProbeStats, zeroProbeCounts } from "./probe-types";

interface Open {
  label: string;
  counts: ProbeCounts;
}

interface LabelStats {
  busyMs: number[];
  cpuMs: number[];
  wallMs: number[];
  counts: ProbeCounts;
  counted: number;
}

let inFlight = 0;
/** The one request in flight, if only one is: statements are attributed to it. */
let current: Open | undefined;
let phase = newPhase();

function newPhase() {
  return {
    started: performance.now(),
    elu: performance.eventLoopUtilization(),
    cpu: process.cpuUsage(),
    requests: 0,
    counts: zeroProbeCounts(),
    labels: new Map<string, LabelStats>(),
    statements: new Map<string, { calls: number; ms: number }>(),
  };
}

const RESOLUTION_MS = 5;
const delay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
delay.enable();

function count(category: ReturnType<typeof categorize>, sql: string, ms: number, committed: boolean): void {
  for (const counts of current ? [phase.counts, current.counts] : [phase.counts]) {
    counts[category] += 1;
    if (committed) counts.commits += 1;
  }
  let entry = phase.statements.get(sql);
  if (!entry) {
    entry = { calls: 0, ms: 0 };
    phase.statements.set(sql, entry);
  }
  entry.calls += 1;
  entry.ms += ms;
}

// ---- statements ------------------------------------------------------------------------------------------

interface NativeDatabase {
  inTransaction: boolean;
  prepare(sql: string): object;
  close(): void;
}
const require = createRequire(import.meta.url);
const Database = require("libsql") as { new (path: string): NativeDatabase; prototype: NativeDatabase };
const prepared = new WeakMap<
  object,
  { sql: string; category: ReturnType<typeof categorize>; db: NativeDatabase }
>();
const prepare = Database.prototype.prepare;
Database.prototype.prepare = function (this: NativeDatabase, sql: string) {
  const statement = prepare.call(this, sql);
  prepared.set(statement, { sql, category: categorize(sql), db: this });
  for (const counts of current ? [phase.counts, current.counts] : [phase.counts]) counts.prepares += 1;
  return statement;
};
const scratch = new Database(":memory:");
const statementProto = Object.getPrototypeOf(scratch.prepare("SELECT 1")) as Record<string, unknown>;
scratch.close();
/** Calls into the binding under way: `all` runs through `iterate`, which must not count the statement again. */
let depth = 0;

function counted<T>(
  info: { sql: string; category: ReturnType<typeof categorize>; db: NativeDatabase },
  run: () => T,
): T {
  if (depth > 0) return run();
  depth += 1;
  const wasInTransaction = info.db.inTransaction;
  const t0 = performance.now();
  let failed = true;
  try {
    const result = run();
    failed = false;
    return result;
  } finally {
    depth -= 1;
    // A commit: COMMIT/END or the outermost RELEASE ending a transaction, or a write in autocommit mode.
    const committed =
      !failed &&
      !info.db.inTransaction &&
      (wasInTransaction || info.category === "write") &&
      info.category !== "rollback" &&
      info.category !== "read";
    count(info.category, info.sql, performance.now() - t0, committed);
  }
}

for (const method of ["run", "all", "get", "iterate"]) {
  const original = statementProto[method] as (...args: unknown[]) => unknown;
  statementProto[method] = function (this: object, ...args: unknown[]) {
    const info = prepared.get(this);
    return info ? counted(info, () => original.apply(this, args)) : original.apply(this, args);
  };
}
// A driver may run transaction control (or PRAGMAs) with exec(), unprepared.
const exec = (Database.prototype as unknown as { exec: (sql: string) => unknown }).exec;
(Database.prototype as unknown as { exec: (sql: string) => unknown }).exec = function (
  this: NativeDatabase,
  sql: string,
) {
  return counted({ sql, category: categorize(sql), db: this }, () => exec.call(this, sql));
};

// ---- fsyncs (group commit's WAL barrier syncs a descriptor with fs.fsync; FileHandles counted too) ---------

const countFsync = () => {
  for (const counts of current ? [phase.counts, current.counts] : [phase.counts]) counts.fsyncs += 1;
};
const handle = await open(process.execPath, "r");
const fileHandleProto = Object.getPrototypeOf(handle) as Record<string, unknown>;
await handle.close();
for (const method of ["sync", "datasync"]) {
  const original = fileHandleProto[method] as (...args: unknown[]) => Promise<void>;
  fileHandleProto[method] = function (this: object, ...args: unknown[]) {
    countFsync();
    return original.apply(this, args);
  };
}
const fs = require("node:fs") as Record<string, unknown>;
for (const method of ["fsync", "fdatasync"]) {
  const original = fs[method] as (...args: unknown[]) => void;
  fs[method] = (...args: unknown[]) => {
    countFsync();
    original(...args);
  };
}
// `import { fsync } from "node:fs"` in src/ reads the patched function only once the ESM exports are synced.
syncBuiltinESMExports();

// ---- requests --------------------------------------------------------------------------------------------

function stats(): ProbeStats {
  const elu = performance.eventLoopUtilization(phase.elu);
  const cpu = process.cpuUsage(phase.cpu);
  const ms = (ns: number) => ns / 1e6;
  return {
    wallMs: performance.now() - phase.started,
    busyMs: elu.active,
    cpuMs: (cpu.user + cpu.system) / 1000,
    requests: phase.requests,
    counts: phase.counts,
    // The histogram holds the intervals between the monitor's timer callbacks: less its resolution, the delay.
    loopDelay: {
      maxMs: Math.max(0, ms(delay.max) - RESOLUTION_MS),
      p99Ms: Math.max(0, ms(delay.percentile(99)) - RESOLUTION_MS),
      p50Ms: Math.max(0, ms(delay.percentile(50)) - RESOLUTION_MS),
    },
    labels: Object.fromEntries(phase.labels),
    // The dearest statements, and transaction control always (COMMIT belongs in the table).
    statements: [...phase.statements]
      .map(([sql, t]) => ({ sql, calls: t.calls, ms: t.ms }))
      .sort((a, b) => b.ms - a.ms)
      .filter((s, i) => i < 20 || !["read", "write", "other"].includes(categorize(s.sql))),
    memoryMiB: process.memoryUsage().rss / 1024 / 1024,
  };
}

function track(req: http.IncomingMessage, res: http.ServerResponse): void {
  const header = req.headers["x-bench-label"];
  const label = typeof header === "string" ? decodeURIComponent(header) : "(unlabelled)";
  const open: Open = { label, counts: zeroProbeCounts() };
  inFlight += 1;
  current = inFlight === 1 ? open : undefined;
  const alone = inFlight === 1;
  // process.cpuUsage() costs ~0.15 ms of the loop on this host (getrusage over every thread): 8–16% of the
  // servers' busy time at 32 in flight when taken for every request. Only a request alone uses it, and it is
  // read outside the loop-time window.
  const cpu0 = alone ? process.cpuUsage() : undefined;
  const t0 = performance.now();
  const elu0 = performance.eventLoopUtilization();
  res.once("finish", () => {
    const busy = performance.eventLoopUtilization(elu0).active;
    const wall = performance.now() - t0;
    inFlight -= 1;
    if (current === open) current = undefined;
    phase.requests += 1;
    let entry = phase.labels.get(label);
    if (!entry) {
      entry = { busyMs: [], cpuMs: [], wallMs: [], counts: zeroProbeCounts(), counted: 0 };
      phase.labels.set(label, entry);
    }
    entry.wallMs.push(wall);
    // Alone from start to end: the process's time is this request's.
    if (cpu0 && inFlight === 0) {
      const cpu = process.cpuUsage(cpu0);
      entry.busyMs.push(busy);
      entry.cpuMs.push((cpu.user + cpu.system) / 1000);
      entry.counted += 1;
      for (const key of Object.keys(open.counts) as (keyof ProbeCounts)[])
        entry.counts[key] += open.counts[key];
    }
  });
}

const emit = http.Server.prototype.emit as (this: http.Server, event: string, ...args: unknown[]) => boolean;
http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
  if (event === "request") {
    const [req, res] = args as [http.IncomingMessage, http.ServerResponse];
    if (req.url?.startsWith("/__bench/")) {
      if (req.url === "/__bench/reset") {
        phase = newPhase();
        delay.reset();
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(req.url === "/__bench/stats" ? JSON.stringify(stats()) : "{}");
      return true;
    }
    if (req.method === "POST") track(req, res);
  }
  return emit.call(this, event, ...args);
} as typeof http.Server.prototype.emit;
