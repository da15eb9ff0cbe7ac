// Section 1's Markdown: throughput beside both floors, each kind of update's cost inside the server, the
// statements (COMMIT included) behind it, the event loop's delays, and the issue's targets met or missed.
import {
  formatNumber,
  formatSpread,
  type LatencySummary,
  markdownTable,
  median,
  spread,
  summarizeLatencies,
} from "../measure";
import type { Measured, WebhookResults } from "./bench";
import type { ServerKind } from "./children";
import { type ProbeCounts, zeroProbeCounts } from "./probe-types";
import { KINDS, type Kind, MIX } from "./updates";

const FLOOR_LABEL = "floor: /start";
const verdict = (ok: boolean) => (ok ? "**met**" : "**missed**");
const n = (value: number) => value.toLocaleString("en-US");
const ms = (value: number) => (Number.isFinite(value) ? `${formatNumber(value)} ms` : "—");
const sizeName = (reports: number) =>
  reports >= 1_000_000 && reports % 1_000_000 === 0
    ? `${reports / 1_000_000}M`
    : reports >= 1_000 && reports % 1_000 === 0
      ? `${reports / 1_000}k`
      : n(reports);

/** What one run's requests of a kind (or the floor's /start) cost inside the server, alone in flight. */
export interface KindCost {
  updates: number;
  busy: LatencySummary;
  cpu: LatencySummary;
  /** Per update. */
  counts: ProbeCounts;
}

export function kindCost(run: Measured, kind: Kind | "floor"): KindCost | undefined {
  const busy: number[] = [];
  const cpu: number[] = [];
  const counts = zeroProbeCounts();
  let counted = 0;
  for (const [label, stats] of Object.entries(run.probe.labels)) {
    const of = label === FLOOR_LABEL ? "floor" : run.kindOf[label];
    if (of !== kind) continue;
    busy.push(...stats.busyMs);
    cpu.push(...stats.cpuMs);
    counted += stats.counted;
    for (const key of Object.keys(counts) as (keyof ProbeCounts)[]) counts[key] += stats.counts[key];
  }
  if (counted === 0) return undefined;
  for (const key of Object.keys(counts) as (keyof ProbeCounts)[]) counts[key] /= counted;
  return { updates: counted, busy: summarizeLatencies(busy), cpu: summarizeLatencies(cpu), counts };
}

function statementsOf(c: ProbeCounts): number {
  return c.read + c.write + c.begin + c.commit + c.rollback + c.savepoint + c.release + c.other;
}

export function webhookMarkdown(results: WebhookResults): string {
  const { options, runs } = results;
  const sizes = options.sizes;
  const select = (target: ServerKind, reports: number, concurrency: number) =>
    runs.filter((r) => r.target === target && r.reports === reports && r.concurrency === concurrency);
  /** Median over the repeats, with the range when there are several. */
  const over = (list: Measured[], pick: (r: Measured) => number, digits?: number, unit = "") =>
    formatSpread(spread(list.map(pick).filter(Number.isFinite)), digits, unit);
  const med = (list: Measured[], pick: (r: Measured) => number) =>
    median(list.map(pick).filter(Number.isFinite));
  /** A ratio taken within each repeat (the runs measured next to each other), then the median. */
  const ratio = (a: Measured[], b: Measured[], pick: (r: Measured) => number, pickB = pick) =>
    spread(
      a
        .map((run) => {
          const other = b.find((x) => x.repeat === run.repeat);
          return other ? pick(run) / pickB(other) : Number.NaN;
        })
        .filter(Number.isFinite),
    );
  const out: string[] = [];

  out.push(
    `${n(options.updates)} updates per run after ${n(options.warmup)} discarded warm-up updates, ` +
      `${options.repeats} run${options.repeats === 1 ? "" : "s"} per target and database size; each run is a fresh ` +
      "server process, measured at each number of updates in flight in turn; the targets take turns in the order " +
      "they start. Figures are the median over the runs, min–max in brackets when there are several.",
    "",
    "**How.** Updates go over real HTTP on loopback (keep-alive connections, one per update in flight, as " +
      "Telegram holds them) to the server `npm start` runs: `src/main.ts` as a child process under tsx, in " +
      "webhook mode (`WEBHOOK_URL`, `WEBHOOK_SECRET`; the secret header is checked), `BOT_TOKEN` set and " +
      "`TELEGRAM_API_ROOT` pointing at `test/support/fake-telegram.ts` listening on loopback in the bench " +
      "process, so every Bot API call the bot makes is a real HTTP request answered there. Each run copies " +
      "the size's database (below) to a fresh directory. Two floors run in the same way, as processes of " +
      "their own with the same server shape (`bench/webhook/floor-server.ts`: Hono on `@hono/node-server`, " +
      "grammY's `webhookCallback`, the same fake over HTTP): the **bare floor** is a bare grammY bot " +
      "answering /start with one `sendMessage`, no database; the **durable floor** is the same bot committing " +
      "one small row per update through the database as `src/main.ts` opens it (`openMigratedDatabase` in " +
      'commit mode "group": WAL, `synchronous = NORMAL`) with the bot\'s group commit (a `WalBarrier` fsync ' +
      "of the WAL waited for before each Bot API call and before the webhook's 200, as `src/bot/index.ts` " +
      "does).",
    "",
    "**Busy time** is measured inside the server by a probe loaded before it (`bench/webhook/probe.ts`, " +
      "`node --import`): for each request alone in flight, the event loop's active time " +
      "(`performance.eventLoopUtilization`) from the request event to the response's last byte — JavaScript " +
      "and libSQL's synchronous statements, not the waits — and the process's CPU time (`process.cpuUsage`, " +
      "all threads, the thread pool's fsyncs included). The same probe counts statements in the `libsql` " +
      "binding every path ends in (`prepare`, then `run`/`all`/`get`), by kind, with **commits** (a COMMIT, " +
      "or a write outside a transaction, which commits by itself) and the WAL barrier's **fsyncs** " +
      "(SQLite's own fsyncs, at checkpoints, are not seen), and the event loop's delay " +
      "(`monitorEventLoopDelay`, 5 ms resolution, less the 5 ms). Work the process does meanwhile for earlier " +
      "updates (the outbox sending a submit's notices to staff) counts to the request in flight. Latency is " +
      "the sender's wall time of each POST, answer read.",
    "",
    `**Mix**: ${MIX.conversation}% report flow (/new, title, category button, 1–5 section texts and a done ` +
      "button, suggestions, text at the preview, half of them an analysis from the preview, some an urgency " +
      `toggle, then submit (80%) or save; at most ${options.openFlows} open flows per driver), ` +
      `${MIX.command}% commands (/help, /start, /drafts, /my), ${MIX.callback}% buttons (the menu's drafts and ` +
      `my reports, the language switch), ${MIX.group}% group messages by members in ${options.groups} groups ` +
      `(the sighting upsert). Kinds below: **step** (a report-flow update but submit), **submit** (the ` +
      "submit press, and “submit anyway” after the similar-report warning: the similarity check runs here), " +
      `**command**, **button**, **group**. ${n(options.people)} bound members of the dataset post them.`,
    "",
    "**Databases**: the committee of section 2 (`bench/stats-data.ts`: people, units, reports over 2025–2026 " +
      "with their histories and events, the statistics counters) at each size — " +
      sizes
        .map((s) => {
          const built = results.built[s];
          return `${n(s)} reports${built ? ` (built in this run, ${formatNumber(built, 0)} s)` : ""}`;
        })
        .join(", ") +
      " — with every report of the last 400 days signed for the similar-report check, as a database in use " +
      "is (not the hours after an import, when signing runs in the background). Built once per size and " +
      "schema into `os.tmpdir()/minyi-bench-webhook-<reports>r-<schema>/`, copied per run.",
    "",
  );

  // Throughput.
  const throughputRows: string[][] = [];
  for (const reports of sizes)
    for (const c of options.concurrency) {
      const bare = select("bare", reports, c);
      const durable = select("durable", reports, c);
      const minyi = select("minyi", reports, c);
      if (minyi.length === 0 && bare.length === 0) continue;
      const tput = (r: Measured) => r.throughput;
      throughputRows.push([
        sizeName(reports),
        `${c}`,
        over(bare, tput, 0),
        over(durable, tput, 0),
        `**${over(minyi, tput, 0)}**`,
        formatSpread(ratio(minyi, bare, tput), 3),
        formatSpread(ratio(minyi, durable, tput), 2),
        over(minyi, (r) => r.latency.p50, undefined, " ms"),
        over(minyi, (r) => r.latency.p99, undefined, " ms"),
        over(durable, (r) => r.latency.p99, undefined, " ms"),
      ]);
    }
  out.push(
    "### Throughput against both floors",
    "",
    markdownTable(
      [
        "reports",
        "in flight",
        "bare floor updates/s",
        "durable floor updates/s",
        "Minyi updates/s",
        "Minyi ÷ bare",
        "Minyi ÷ durable",
        "Minyi latency p50",
        "Minyi latency p99",
        "durable floor p99",
      ],
      throughputRows,
    ),
    "",
  );

  // Each kind at 1 in flight.
  const kindRows: string[][] = [];
  for (const reports of sizes) {
    const minyi = select("minyi", reports, 1);
    const durable = select("durable", reports, 1);
    const bare = select("bare", reports, 1);
    const durableBusy = (r: Measured) => kindCost(r, "floor")?.busy.p50 ?? Number.NaN;
    const row = (name: string, list: Measured[], kind: Kind | "floor", floorRatio: boolean) => {
      const costs = list.map((r) => kindCost(r, kind));
      if (costs.every((c) => !c)) return;
      const pick = (f: (c: KindCost) => number) => (r: Measured) => {
        const c = kindCost(r, kind);
        return c ? f(c) : Number.NaN;
      };
      const latency = (f: (s: LatencySummary) => number) => (r: Measured) => {
        if (kind === "floor") return f(r.latency);
        const s = r.latencyByKind[kind];
        return s ? f(s) : Number.NaN;
      };
      kindRows.push([
        sizeName(reports),
        name,
        over(
          list,
          pick((c) => c.updates),
          0,
        ),
        over(
          list,
          pick((c) => c.busy.p50),
          undefined,
          " ms",
        ),
        over(
          list,
          pick((c) => c.busy.p99),
          undefined,
          " ms",
        ),
        over(
          list,
          pick((c) => c.cpu.p50),
          undefined,
          " ms",
        ),
        over(
          list,
          latency((s) => s.p50),
          undefined,
          " ms",
        ),
        over(
          list,
          latency((s) => s.p99),
          undefined,
          " ms",
        ),
        over(
          list,
          pick((c) => statementsOf(c.counts)),
          1,
        ),
        over(
          list,
          pick((c) => c.counts.commits),
          2,
        ),
        over(
          list,
          pick((c) => c.counts.fsyncs),
          2,
        ),
        floorRatio
          ? `${formatSpread(
              ratio(
                list,
                durable,
                pick((c) => c.busy.p50),
                durableBusy,
              ),
              1,
            )}×`
          : "—",
      ]);
    };
    row("bare floor: /start", bare, "floor", false);
    row("durable floor: /start", durable, "floor", false);
    for (const kind of KINDS) row(kind, minyi, kind, true);
  }
  out.push(
    "### What each kind of update costs (1 in flight)",
    "",
    "Busy and CPU per update inside the server; statements, commits and fsyncs per update (averages); the " +
      "last column is the kind's busy p50 over the durable floor's, within each run pair.",
    "",
    markdownTable(
      [
        "reports",
        "update",
        "updates per run",
        "busy p50",
        "busy p99",
        "CPU p50",
        "latency p50",
        "latency p99",
        "statements",
        "commits",
        "fsyncs",
        "busy ÷ durable floor",
      ],
      kindRows,
    ),
    "",
  );

  // Latency by kind under load.
  const loaded = options.concurrency.filter((c) => c > 1);
  if (loaded.length > 0) {
    const rows: string[][] = [];
    for (const reports of sizes)
      for (const c of loaded) {
        const minyi = select("minyi", reports, c);
        if (minyi.length === 0) continue;
        rows.push([
          sizeName(reports),
          `${c}`,
          ...KINDS.map((kind) => {
            const p50 = med(minyi, (r) => r.latencyByKind[kind]?.p50 ?? Number.NaN);
            const p99 = med(minyi, (r) => r.latencyByKind[kind]?.p99 ?? Number.NaN);
            return `${ms(p50)} / ${ms(p99)}`;
          }),
        ]);
      }
    out.push(
      "### Latency by kind with updates in flight together (p50 / p99)",
      "",
      markdownTable(["reports", "in flight", ...KINDS], rows),
      "",
    );
  }

  // Statements per update, COMMIT included.
  const statementRows: string[][] = [];
  for (const reports of sizes) {
    const rowOf = (name: string, list: Measured[], kind: Kind | "floor") => {
      const costs = list.map((r) => kindCost(r, kind)).filter((c): c is KindCost => !!c);
      if (costs.length === 0) return;
      const avg = (key: keyof ProbeCounts) => formatNumber(median(costs.map((c) => c.counts[key])), 2);
      statementRows.push([
        sizeName(reports),
        name,
        avg("read"),
        avg("write"),
        avg("begin"),
        avg("commit"),
        `${avg("savepoint")} / ${avg("release")}`,
        avg("rollback"),
        avg("commits"),
        avg("fsyncs"),
        avg("prepares"),
      ]);
    };
    rowOf("durable floor: /start", select("durable", reports, 1), "floor");
    for (const kind of KINDS) rowOf(kind, select("minyi", reports, 1), kind);
  }
  out.push(
    "### Statements per update, COMMIT included (1 in flight)",
    "",
    "Counted in the `libsql` binding: reads (SELECT, PRAGMA), writes (INSERT, UPDATE, DELETE), transaction " +
      "control as run. **commits** = COMMITs plus writes outside a transaction (each commits by itself); " +
      "**fsyncs** = the WAL barrier's; **prepared** = statements compiled (a driver that caches statements " +
      "prepares each text once).",
    "",
    markdownTable(
      [
        "reports",
        "update",
        "reads",
        "writes",
        "BEGIN",
        "COMMIT",
        "SAVEPOINT / RELEASE",
        "ROLLBACK",
        "commits",
        "fsyncs",
        "prepared",
      ],
      statementRows,
    ),
    "",
  );

  // The dearest statements, with COMMIT.
  const biggest = [...sizes].reverse().find((s) => select("minyi", s, 1).length > 0);
  const sqlRun = biggest === undefined ? undefined : select("minyi", biggest, 1)[0];
  if (sqlRun && sqlRun.probe.statements.length > 0) {
    out.push(
      `### Statements by time in the binding (${sizeName(biggest!)} reports, 1 in flight, run 1)`,
      "",
      "Time inside `run`/`all`/`get`, per SQL text; transaction control always listed.",
      "",
      markdownTable(
        ["statement", "calls per update", "µs per call", "µs per update"],
        sqlRun.probe.statements.map((q) => [
          `\`${q.sql.replace(/\s+/g, " ").replace(/\|/g, "\\|").slice(0, 110)}${q.sql.length > 110 ? "…" : ""}\``,
          formatNumber(q.calls / sqlRun.probe.requests, 2),
          formatNumber((q.ms / q.calls) * 1000, 0),
          formatNumber((q.ms / sqlRun.probe.requests) * 1000, 0),
        ]),
      ),
      "",
    );
  }

  // The event loop.
  const loopRows: string[][] = [];
  for (const reports of sizes)
    for (const c of options.concurrency) {
      const cell = (target: ServerKind) => {
        const list = select(target, reports, c);
        return list.length === 0
          ? "—"
          : `${ms(med(list, (r) => r.probe.loopDelay.maxMs))} / ${ms(med(list, (r) => r.probe.loopDelay.p99Ms))}`;
      };
      loopRows.push([sizeName(reports), `${c}`, cell("bare"), cell("durable"), cell("minyi")]);
    }
  out.push(
    "### The event loop's delay (max / p99)",
    "",
    "How late the server's event loop was over each run. On this shared 2-core machine part of any delay is " +
      "waiting for a core, which the floors show too.",
    "",
    markdownTable(["reports", "in flight", "bare floor", "durable floor", "Minyi"], loopRows),
    "",
  );

  // Targets.
  const targets: string[] = [];
  const at100k = select("minyi", 100_000, 32);
  targets.push(
    at100k.length > 0
      ? `- ≥ 1,000 updates/s with 32 in flight on the 100k database: ${verdict(med(at100k, (r) => r.throughput) >= 1000)} (${over(at100k, (r) => r.throughput, 0)} updates/s; the durable floor ${over(select("durable", 100_000, 32), (r) => r.throughput, 0)}, the bare floor ${over(select("bare", 100_000, 32), (r) => r.throughput, 0)}).`
      : "- ≥ 1,000 updates/s with 32 in flight on the 100k database: not measured in this run.",
  );
  for (const reports of sizes) {
    const minyi = select("minyi", reports, 1);
    const durable = select("durable", reports, 1);
    if (minyi.length === 0) continue;
    const stepRatio = ratio(
      minyi,
      durable,
      (r) => kindCost(r, "step")?.busy.p50 ?? Number.NaN,
      (r) => kindCost(r, "floor")?.busy.p50 ?? Number.NaN,
    );
    const p99 = med(minyi, (r) => r.latency.p99);
    // The dearest single update alone in flight, in CPU time, over the runs at this size.
    let dearest = { cpuMs: 0, label: "" };
    for (const r of minyi)
      for (const [label, l] of Object.entries(r.probe.labels))
        for (const cpuMs of l.cpuMs) if (cpuMs > dearest.cpuMs) dearest = { cpuMs, label };
    const stall = Math.max(
      ...runs
        .filter((r) => r.target === "minyi" && r.reports === reports)
        .map((r) => r.probe.loopDelay.maxMs),
    );
    targets.push(
      `- ${sizeName(reports)} reports: a step's busy p50 ≤ 2× the durable floor's at 1 in flight: ` +
        `${verdict(stepRatio.median <= 2)} (${formatSpread(stepRatio, 1)}×); p99 < 20 ms at 1 in flight: ` +
        `${verdict(p99 < 20)} (${ms(p99)}); no event-loop stall > 100 ms: ${verdict(stall <= 100)} ` +
        `(longest ${ms(stall)} over every run at this size; the dearest update alone in flight, ` +
        `“${dearest.label}”, used ${ms(dearest.cpuMs)} of CPU).`,
    );
  }
  out.push("### Targets (issue 17)", "", ...targets, "");

  // Sanity.
  const minyiRuns = runs.filter((r) => r.target === "minyi");
  const floorRuns = runs.filter((r) => r.target !== "minyi");
  const sum = (list: Measured[], pick: (r: Measured) => number) => list.reduce((s, r) => s + pick(r), 0);
  out.push(
    "### Sanity",
    "",
    `Minyi runs: ${sum(minyiRuns, (r) => r.failures)} non-200 answers, ${sum(minyiRuns, (r) => r.errors)} ` +
      `errors logged; Bot API calls per update ${over(minyiRuns, (r) => r.apiCalls / r.updates, 2)}; ` +
      `server memory at the end of a run ${over(minyiRuns, (r) => r.probe.memoryMiB, 0, " MiB")} RSS. ` +
      `Floors: ${sum(floorRuns, (r) => r.failures)} non-200, ${sum(floorRuns, (r) => r.errors)} errors. ` +
      "The sending process (the senders and the fake Bot API) shares the 2 cores: it used " +
      options.concurrency
        .map(
          (c) =>
            `${over(
              runs.filter((r) => r.concurrency === c && r.target === "minyi"),
              (r) => r.senderCpuMs,
              2,
              " ms",
            )} of CPU per Minyi update at ${c} in flight`,
        )
        .join(", ") +
      ` (bare floor at ${Math.max(...options.concurrency)}: ${over(
        runs.filter((r) => r.concurrency === Math.max(...options.concurrency) && r.target === "bare"),
        (r) => r.senderCpuMs,
        2,
        " ms",
      )}). ` +
      "In-process `app.request()` figures are no longer measured: they left out the HTTP server, the real " +
      "Bot API round trips and the process boundary this section exists to include.",
  );
  const warned = Object.entries(results.warnings).sort((a, b) => b[1] - a[1]);
  out.push(
    "",
    warned.length === 0
      ? "No warnings logged."
      : `Warnings logged (every run, warm-ups included): ${warned
          .slice(0, 8)
          .map(([message, count]) => `${message.replace(/`/g, "'")} × ${n(count)}`)
          .join("; ")}.`,
  );
  if (results.errorSamples.length > 0)
    out.push("", "First errors:", "", ...results.errorSamples.map((s) => `- \`${s.replace(/`/g, "'")}\``));
  return out.join("\n");
}
