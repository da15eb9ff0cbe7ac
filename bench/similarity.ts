// Section "similarity": submit's similar-report check (findSimilarReports, src/db/similarity.ts) on databases of
// 1k, 100k and 1M reports submitted within the year, with the event loop's longest delay while it runs; the
// first check right after an import (the imported reports unsigned yet) and the background signing that follows.
import { join } from "node:path";
import { setImmediate as turn } from "node:timers/promises";
import { sql } from "kysely";
import { WalCheckpointer } from "../src/db/checkpointer";
import type { DB } from "../src/db/database";
import {
  findSimilarReports,
  pacedSigning,
  SIGN_BATCH,
  SIGN_IN_LINE_BATCHES,
  SIGN_PACE,
  signQueuedReports,
} from "../src/db/similarity";
import { findSimilar } from "../src/domain/similarity";
import { formatNumber, markdownTable, percentile, seededRandom } from "./measure";
import type { BenchContext } from "./report";
import { countingLogger, machineLoad, openBenchDatabase, progress } from "./support";

const HAN =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质";

/** Stock phrases every report uses: unrelated reports share their bigrams, as real ones do. */
const PHRASES = [
  "进一步加强",
  "建议有关部门",
  "群众反映强烈",
  "存在的主要问题",
  "切实解决",
  "相关政策",
  "工作机制",
  "加大投入力度",
  "基层治理",
  "落实主体责任",
  "统筹推进",
  "人民群众",
  "高质量发展",
  "监督管理",
  "服务水平",
  "社会各界",
  "亟待解决",
  "完善制度",
  "形成合力",
  "提升能力",
];

function report(random: () => number) {
  const chars = (n: number) => {
    let out = "";
    for (let i = 0; i < n; i++) out += HAN[Math.floor(random() * HAN.length)];
    return out;
  };
  let body = "";
  while (body.length < 600)
    body += chars(40 + Math.floor(random() * 40)) + PHRASES[Math.floor(random() * PHRASES.length)]!;
  return { title: `关于${chars(8 + Math.floor(random() * 6))}的建议`, body };
}

/** The same text with a share of its characters replaced: a report resubmitted with edits. */
function edited(text: string, share: number, random: () => number): string {
  return Array.from(text, (c) => (random() < share ? HAN[Math.floor(random() * HAN.length)]! : c)).join("");
}

/**
 * The event loop's longest stall while enabled: a 1 ms timer notes how late it fires. (Node's
 * monitorEventLoopDelay only records once the loop turns, so a stall just before `disable()` was missed.)
 */
class LoopProbe {
  max = 0;
  /** The same, counting only the CPU time this process used meanwhile: on a shared machine a stall is also
   * the time the process waited for a core, which no code of ours caused. */
  maxCpu = 0;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private lastCpu = 0;

  enable(): void {
    if (this.timer) return;
    this.last = performance.now();
    this.lastCpu = cpuMs();
    const tick = () => {
      const now = performance.now();
      const cpu = cpuMs();
      const late = now - this.last - 1;
      this.max = Math.max(this.max, late);
      this.maxCpu = Math.max(this.maxCpu, Math.min(late, cpu - this.lastCpu));
      this.last = now;
      this.lastCpu = cpu;
      this.timer = setTimeout(tick, 1);
    };
    this.timer = setTimeout(tick, 1);
  }

  /** Stops after the loop turned once more, so a stall that just ended is counted. */
  async disable(): Promise<void> {
    if (!this.timer) return;
    await new Promise((resolve) => setTimeout(resolve, 2));
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  reset(): void {
    this.max = 0;
    this.maxCpu = 0;
  }
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

interface SizeResult {
  reports: number;
  buildSeconds: number;
  firstAfterImportMs: number;
  firstAfterImportLoopMs: readonly [number, number];
  signedPerSecond: number;
  signLoopMaxMs: readonly [number, number];
  checks: number[];
  checkLoopMaxMs: readonly [number, number];
  found: number;
  expected: number;
  dbBytes: number;
}

async function measureSize(reports: number, checks: number): Promise<SizeResult> {
  // The bot's setting (src/db/node-client.ts, "group"): its commits leave the fsync to the group commit's barrier.
  const database = await openBenchDatabase({ synchronous: "NORMAL" });
  const { db, client, counts } = database;
  // As the bot runs: WAL checkpoints on a thread of their own, never on the loop of a commit that crossed 1,000
  // pages (src/db/checkpointer.ts).
  const checkpointer = await WalCheckpointer.start(
    db,
    join(database.dir, "minyi.db"),
    () => counts.writes,
    countingLogger(),
  );
  try {
    const random = seededRandom(reports);
    const at = new Date().toISOString();
    await sql`INSERT INTO units (name, type, created_at) VALUES ('单位', 'other', ${at})`.execute(db);
    await sql`INSERT INTO people (name, role, unit_id, active, created_at, updated_at)
      VALUES ('作者', 'member', 1, 1, ${at}, ${at})`.execute(db);
    const originals: { title: string; body: string }[] = [];
    const t0 = performance.now();
    // The import, on the bot's own connection as an upgrade's migration queues every report: each one unsigned,
    // waiting in the queue. (Through a second connection in this process, the first statement after it waited up
    // to 2.7 s for that connection's end: not the check's cost.)
    const insert = (trx: DB, rows: { title: string; body: string }[]) =>
      sql`INSERT INTO reports (title, category, situation, analysis, suggestions, urgent, author_id, unit_id,
          status, submitted_at, created_at, updated_at) VALUES ${sql.join(
            rows.map(
              (r) => sql`(${r.title}, '其他', ${r.body}, '', '', 0, 1, 1, 'submitted', ${at}, ${at}, ${at})`,
            ),
          )}`.execute(trx);
    for (let i = 0; i < reports; i += 100_000) {
      await db.transaction().execute(async (trx) => {
        for (let j = i; j < Math.min(reports, i + 100_000); j += 200) {
          const rows = Array.from({ length: Math.min(200, reports - j) }, () => report(random));
          if (originals.length < checks) originals.push(rows[0]!);
          await insert(trx, rows);
        }
      });
      if (i > 0) progress(`similarity: ${reports}: ${i} reports inserted`);
    }
    const scope = { since: new Date(Date.now() - 365 * 86_400_000), excludeReportId: null };

    // The first check after the import: it signs only the newest few in line, the rest go in the background.
    const loop = new LoopProbe();
    loop.enable();
    let t = performance.now();
    await findSimilarReports(db, report(random), scope);
    const firstAfterImportMs = performance.now() - t;
    await loop.disable();
    const firstAfterImportLoopMs = [loop.max, loop.maxCpu] as const;

    // Background signing as the Node process runs it: batch after batch, the loop turning between them. Past
    // 20,000 reports the bench signs in batches of 2,000 to build the database sooner, and times the normal
    // batches on the last 5,000.
    loop.reset();
    const signPaced = pacedSigning(db);
    const big = reports > 20_000;
    let signed = 0;
    let timedSigned = 0;
    let timedMs = 0;
    for (;;) {
      const left = reports - signed;
      const normal = !big || left <= 5_000;
      t = performance.now();
      if (normal) loop.enable();
      const n = normal ? await signPaced() : await signQueuedReports(db, 2_000);
      if (normal) {
        timedMs += performance.now() - t;
        timedSigned += n;
      }
      if (n === 0) break;
      signed += n;
      if (signed % 100_000 < (normal ? SIGN_BATCH : 2_000))
        progress(`similarity: ${reports}: ${signed} signed`);
      // A batch of 2,000 writes ~400 MB of WAL (its band rows land on most pages of the index): the next one
      // waits for the checkpoint, or the WAL, never wholly copied back between two of them, grew until the disk
      // was full.
      if (!normal) {
        // One already under way may have begun before this batch's commit: then once more.
        await checkpointer.checkpointIfWritten();
        await checkpointer.checkpointIfWritten();
      }
      await turn();
      if (normal) await loop.disable();
    }
    await loop.disable();
    const signLoopMaxMs = [loop.max, loop.maxCpu] as const;
    const buildSeconds = (performance.now() - t0) / 1000;

    // Checks as submit runs them: half new texts like nothing stored, half edited copies of stored reports.
    loop.reset();
    loop.enable();
    const times: number[] = [];
    let found = 0;
    let expected = 0;
    for (let i = 0; i < checks; i++) {
      const original = originals[i % originals.length]!;
      const candidate =
        i % 2 === 0 ? report(random) : { title: original.title, body: edited(original.body, 0.2, random) };
      t = performance.now();
      const matches = await findSimilarReports(db, candidate, scope);
      times.push(performance.now() - t);
      if (i % 2 === 1) {
        expected += findSimilar(candidate, [{ id: 0, ...original }]).length;
        found += matches.some((m) => m.title === original.title) ? 1 : 0;
      }
      await turn();
    }
    await loop.disable();
    const size = await client.execute(
      "SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()",
    );
    return {
      reports,
      buildSeconds,
      firstAfterImportMs,
      firstAfterImportLoopMs,
      signedPerSecond: (timedSigned / timedMs) * 1000,
      signLoopMaxMs,
      checks: times,
      checkLoopMaxMs: [loop.max, loop.maxCpu] as const,
      found,
      expected,
      dbBytes: Number(size.rows[0]?.bytes ?? 0),
    };
  } finally {
    await checkpointer.close();
    await database.dispose();
  }
}

export async function similaritySection(context: BenchContext): Promise<string> {
  const sizes = context.sizes ?? (context.quick ? [1_000, 10_000] : [1_000, 100_000, 1_000_000]);
  const checks = context.quick ? 10 : 40;
  const results: SizeResult[] = [];
  const loads: string[] = [];
  for (const n of sizes) {
    const before = machineLoad();
    progress(`similarity: ${n} reports (${before})`);
    const result = await measureSize(n, checks);
    loads.push(`${formatNumber(n, 0)}: ${before} before, ${machineLoad()} after`);
    results.push(result);
    progress(
      `similarity: ${n}: check p50 ${formatNumber(percentile(result.checks, 50))} ms, ` +
        `p95 ${formatNumber(percentile(result.checks, 95))} ms, loop max ${formatNumber(result.checkLoopMaxMs[0])} ms (CPU ${formatNumber(result.checkLoopMaxMs[1])} ms)`,
    );
  }
  const ms = (v: number) => `${formatNumber(v)} ms`;
  const stall = ([wall, cpu]: readonly [number, number]) => `${ms(wall)} (CPU ${ms(cpu)})`;
  return [
    "Reports of about 600 generated characters (random characters with stock phrases every report uses, so that",
    "unrelated reports share bigrams as real ones do), all submitted within the last 365 days, inserted as an import",
    "(`INSERT` straight into `reports`, so every one waits unsigned in `report_sig_queue`). **First check after the",
    `import**: \`findSimilarReports()\` right then; it signs the newest ${SIGN_IN_LINE_BATCHES * SIGN_BATCH} in line, ${SIGN_BATCH} at a time, and leaves`,
    "the rest to the background. The import runs on the bot's connection, with WAL checkpoints on a thread as the bot",
    `runs them. **Background signing**: \`pacedSigning()\` batch after batch as the Node process runs it (${SIGN_BATCH} reports`,
    `a batch, fewer while a batch takes over ${SIGN_PACE.targetMs} ms; the event loop turning between batches; past 20,000 reports the bench builds with batches of 2,000 and times the`,
    "normal batches on the last 5,000). **Check**: `findSimilarReports()` as submit and the review card call it, half",
    "with new texts, half with stored reports' texts a fifth of whose characters were replaced (found: how many of",
    "those the check returned, of how many the exact comparison accepts). Event-loop delay: the longest lateness",
    "of a 1 ms timer over all checks (resp. all timed batches); in brackets the CPU time the process used during",
    "that stall, since on this shared machine much of a stall is waiting for a core.",
    "",
    markdownTable(
      [
        "reports",
        "check p50",
        "check p95",
        "longest event-loop delay (checks)",
        "edited copies found",
        "first check after the import",
        "its event-loop delay",
        "background signing",
        "its longest event-loop delay",
        "database file",
      ],
      results.map((r) => [
        formatNumber(r.reports, 0),
        ms(percentile(r.checks, 50)),
        ms(percentile(r.checks, 95)),
        stall(r.checkLoopMaxMs),
        `${r.found} of ${r.expected}`,
        ms(r.firstAfterImportMs),
        stall(r.firstAfterImportLoopMs),
        `${formatNumber(r.signedPerSecond, 0)} reports/s`,
        stall(r.signLoopMaxMs),
        `${formatNumber(r.dbBytes / 2 ** 20, 0)} MiB`,
      ]),
    ),
    "",
    `Machine load per size: ${loads.join("; ")}.`,
  ].join("\n");
}
