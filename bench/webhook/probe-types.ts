// What the probe (bench/webhook/probe.ts) counts inside a measured server process, shared with the bench.

export interface ProbeCounts {
  read: number;
  write: number;
  begin: number;
  commit: number;
  rollback: number;
  savepoint: number;
  release: number;
  other: number;
  /** Statements prepared (a driver with a statement cache prepares each SQL text once). */
  prepares: number;
  /** Durable points: COMMIT, an outermost RELEASE, or a write outside a transaction (autocommit). */
  commits: number;
  /** fsync/fdatasync through a Node FileHandle: group commit's WAL barrier (SQLite's own are not seen). */
  fsyncs: number;
}

export type StatementCategory = Exclude<keyof ProbeCounts, "prepares" | "commits" | "fsyncs">;

export function zeroProbeCounts(): ProbeCounts {
  return {
    read: 0,
    write: 0,
    begin: 0,
    commit: 0,
    rollback: 0,
    savepoint: 0,
    release: 0,
    other: 0,
    prepares: 0,
    commits: 0,
    fsyncs: 0,
  };
}

export function categorize(sql: string): StatementCategory {
  // A leading comment (src/db/embedded.ts UNSYNCED) does not change what the statement is.
  const word = /^\s*(?:\/\*.*?\*\/\s*)*(\w+)/.exec(sql)?.[1]?.toLowerCase();
  switch (word) {
    case "select":
    case "pragma":
    case "explain":
      return "read";
    case "with":
      return /\)\s*(insert|update|delete|replace)\b/i.test(sql) ? "write" : "read";
    case "insert":
    case "update":
    case "delete":
    case "replace":
      return "write";
    case "begin":
      return "begin";
    case "commit":
    case "end":
      return "commit";
    case "rollback":
      return "rollback";
    case "savepoint":
      return "savepoint";
    case "release":
      return "release";
    default:
      return "other";
  }
}

/** What GET /__bench/stats answers: everything since the last GET /__bench/reset. */
export interface ProbeStats {
  wallMs: number;
  /** The event loop's active time over the phase. */
  busyMs: number;
  /** The process's CPU time (user + system, all threads) over the phase. */
  cpuMs: number;
  requests: number;
  counts: ProbeCounts;
  /** perf_hooks.monitorEventLoopDelay at 5 ms resolution over the phase, less the 5 ms: how late the loop was. */
  loopDelay: { maxMs: number; p99Ms: number; p50Ms: number };
  /** By the request's x-bench-label; busy, CPU and counts only for requests that were alone in flight. */
  labels: Record<
    string,
    { busyMs: number[]; cpuMs: number[]; wallMs: number[]; counts: ProbeCounts; counted: number }
  >;
  /** The statements that took the most time in the binding over the phase. */
  statements: { sql: string; calls: number; ms: number }[];
  memoryMiB: number;
}
