// Section 1's arithmetic: how the probe sorts statements, and how a run's per-request figures become the
// report's per-kind costs, ratios to the floors and verdicts. No server and no timing: numbers given by hand.
import { describe, expect, it } from "vitest";
import { parseArgs } from "../../bench/run";
import { summarizeLatencies } from "../../bench/measure";
import type { Measured, WebhookResults } from "../../bench/webhook/bench";
import { kindCost, webhookMarkdown } from "../../bench/webhook/markdown";
import { DEFAULT_WEBHOOK_OPTIONS } from "../../bench/webhook/options";
import {
  categorize,
  type ProbeCounts,
  type ProbeStats,
  zeroProbeCounts,
} from "../../bench/webhook/probe-types";
import type { ServerKind } from "../../bench/webhook/children";

describe("the probe's statement kinds", () => {
  it("tells reads, writes and transaction control apart", () => {
    expect(categorize('select * from "drafts"')).toBe("read");
    expect(categorize("  PRAGMA busy_timeout = 5000")).toBe("read");
    expect(categorize("with x as (select 1) select * from x")).toBe("read");
    expect(categorize("/* unsynced */ insert into processed_updates values (?)")).toBe("write");
    expect(categorize("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x")).toBe("write");
    expect(categorize('insert into "processed_updates" values (?)')).toBe("write");
    expect(categorize("UPDATE drafts SET x = 1")).toBe("write");
    expect(categorize("BEGIN IMMEDIATE")).toBe("begin");
    expect(categorize("commit")).toBe("commit");
    expect(categorize("END")).toBe("commit");
    expect(categorize("SAVEPOINT update_1")).toBe("savepoint");
    expect(categorize("RELEASE update_1")).toBe("release");
    expect(categorize("ROLLBACK TO update_1")).toBe("rollback");
    expect(categorize("CREATE TABLE t (x)")).toBe("other");
  });
});

function counts(partial: Partial<ProbeCounts>): ProbeCounts {
  return { ...zeroProbeCounts(), ...partial };
}

function probe(labels: ProbeStats["labels"], maxMs = 10): ProbeStats {
  return {
    wallMs: 1000,
    busyMs: 500,
    cpuMs: 500,
    requests: Object.values(labels).reduce((n, l) => n + l.wallMs.length, 0),
    counts: zeroProbeCounts(),
    loopDelay: { maxMs, p99Ms: maxMs / 2, p50Ms: 0 },
    labels,
    statements: [{ sql: "COMMIT", calls: 3, ms: 1.5 }],
    memoryMiB: 100,
  };
}

function run(
  target: ServerKind,
  concurrency: number,
  throughput: number,
  labels: ProbeStats["labels"],
  kindOf: Measured["kindOf"] = {},
): Measured {
  const latency = summarizeLatencies([1, 2, 3, 30]);
  return {
    target,
    reports: 100_000,
    repeat: 0,
    concurrency,
    updates: 4,
    wallMs: 1000,
    throughput,
    latency,
    latencyByKind: { step: latency },
    kindOf,
    failures: 0,
    senderCpuMs: 0.5,
    probe: probe(labels),
    errors: 0,
    apiCalls: 4,
  };
}

describe("section 1's report", () => {
  const floorLabel = (busy: number[]) => ({
    "floor: /start": {
      busyMs: busy,
      cpuMs: busy,
      wallMs: busy,
      counts: counts({ write: busy.length, commits: busy.length, fsyncs: 2 * busy.length }),
      counted: busy.length,
    },
  });
  const minyiLabels = {
    "report: title": {
      busyMs: [2, 2, 2],
      cpuMs: [2, 2, 2],
      wallMs: [3, 3, 3],
      counts: counts({ read: 9, write: 3, begin: 3, commit: 3, commits: 6, fsyncs: 6, prepares: 12 }),
      counted: 3,
    },
    "report: section text": {
      busyMs: [4],
      cpuMs: [4],
      wallMs: [5],
      counts: counts({ read: 5, write: 1, begin: 1, commit: 1, commits: 1, fsyncs: 2, prepares: 6 }),
      counted: 1,
    },
    // Not alone in flight: timed, but no busy figures.
    "group: message": { busyMs: [], cpuMs: [], wallMs: [1], counts: zeroProbeCounts(), counted: 0 },
  };
  const kindOf = {
    "report: title": "step",
    "report: section text": "step",
    "group: message": "group",
  } as const;

  it("adds up a kind's requests alone in flight, statements per update", () => {
    const cost = kindCost(run("minyi", 1, 100, minyiLabels, kindOf), "step")!;
    expect(cost.updates).toBe(4);
    expect(cost.busy.p50).toBe(2);
    expect(cost.counts).toMatchObject({ read: 3.5, write: 1, begin: 1, commit: 1, commits: 1.75, fsyncs: 2 });
    expect(kindCost(run("minyi", 1, 100, minyiLabels, kindOf), "group")).toBeUndefined();
    expect(kindCost(run("durable", 1, 500, floorLabel([1, 1, 1])), "floor")?.counts.fsyncs).toBe(2);
  });

  it("puts Minyi beside both floors and says which targets it met", () => {
    const results: WebhookResults = {
      options: { ...DEFAULT_WEBHOOK_OPTIONS, sizes: [100_000], repeats: 1, concurrency: [1, 32] },
      built: { 100000: 0 },
      errorSamples: [],
      warnings: { "minyi: stale or malformed callback": 3 },
      runs: [
        run("bare", 1, 2000, floorLabel([0.5, 0.5])),
        run("durable", 1, 1000, floorLabel([1, 1, 1])),
        run("minyi", 1, 250, minyiLabels, kindOf),
        run("bare", 32, 4000, {}),
        run("durable", 32, 2000, {}),
        run("minyi", 32, 1200, {}),
      ],
    };
    const text = webhookMarkdown(results);
    // 1,200 updates/s at 32 in flight: 0.3 of the bare floor, 0.6 of the durable one.
    expect(text).toContain("| 100k | 32 | 4,000 | 2,000 | **1,200** | 0.300 | 0.60 |");
    expect(text).toMatch(/≥ 1,000 updates\/s with 32 in flight on the 100k database: \*\*met\*\* \(1,200/);
    // The step's busy p50 (2 ms) over the durable floor's (1 ms).
    expect(text).toMatch(/a step's busy p50 ≤ 2× the durable floor's at 1 in flight: \*\*met\*\* \(2\.0×\)/);
    // The mix's p99 at 1 in flight: 3 + 0.97 × 27 = 29.2 ms.
    expect(text).toMatch(/p99 < 20 ms at 1 in flight: \*\*missed\*\* \(29\.2 ms\)/);
    expect(text).toContain("the dearest update alone in flight, “report: section text”, used 4.00 ms of CPU");
    expect(text).toContain("| `COMMIT` |");
    expect(text).toContain("minyi: stale or malformed callback × 3");
  });
});

describe("the command line", () => {
  it("takes the webhook's database sizes", () => {
    expect(parseArgs(["webhook", "--sizes=1000,100000"]).context.sizes).toEqual([1000, 100_000]);
  });
});
