// npm run job -- <name> [--at <ISO time>] [--dry-run]: runs a scheduled job by hand, as if its trigger fired at
// --at (default: now). It is the same run as a scheduled one: keyed by (job, period), so a period already done
// sends nothing, and an unfinished one resumes. --dry-run prints who would get what, and writes and sends nothing
// (it needs only the database, no bot token). Exit status: 0 done (or nothing to do), 1 bad arguments or a
// failure, 2 unfinished (messages left pending, e.g. Telegram asked to wait long: run it again later).
import { outboundFetch } from "../net/outbound";
import { pathToFileURL } from "node:url";
import { createI18n } from "../bot/i18n";
import { releaseOutboxClaims } from "../db/outbox";
import type { JobReport } from "../jobs/engine";
import { createOutboxApi } from "../jobs/outbox";
import { isJobName, JOB_NAMES, runJob } from "../jobs/registry";
import { createLogger } from "../logger";
import { loadConfigOrExit, loadDatabaseEnv, openMigratedDatabase, readLocales } from "../node-runtime";

const USAGE = `usage: npm run job -- <name> [--at <ISO time>] [--dry-run]\njobs: ${JOB_NAMES.join(", ")}`;

export interface JobArgs {
  name: string;
  at: Date;
  dryRun: boolean;
}

export function parseJobArgs(argv: readonly string[], now: Date): JobArgs | string {
  let name: string | undefined;
  let at = now;
  let dryRun = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--dry-run") dryRun = true;
    else if (arg === "--at" || arg.startsWith("--at=")) {
      const value = arg === "--at" ? argv[++i] : arg.slice("--at=".length);
      const parsed = value ? new Date(value) : new Date(Number.NaN);
      if (Number.isNaN(parsed.getTime()))
        return `--at needs an ISO time, e.g. 2026-12-01T09:00+08:00\n${USAGE}`;
      at = parsed;
    } else if (arg.startsWith("-")) return `unknown option ${arg}\n${USAGE}`;
    else if (name === undefined) name = arg;
    else return USAGE;
  }
  if (name === undefined) return USAGE;
  if (!isJobName(name)) return `unknown job "${name}"\n${USAGE}`;
  return { name, at, dryRun };
}

export function describeReport(report: JobReport): string {
  const lines = [`${report.job} for ${report.periodKey}: ${report.outcome}`];
  if (report.outcome === "dry-run") {
    const preview = report.preview ?? [];
    lines.push(`would send ${preview.length} message(s)`);
    for (const message of preview) lines.push("", `→ ${message.to} (chat ${message.chatId})`, message.text);
  } else if (report.outcome !== "already-done") {
    lines.push(
      `queued ${report.queued}, sent ${report.sent}, failed ${report.failed}, unreachable ${report.unreachable}, pending ${report.pending}`,
    );
  }
  const stats = Object.entries(report.stats);
  if (stats.length > 0) lines.push("", stats.map(([key, value]) => `${key}: ${value}`).join(", "));
  return `${lines.join("\n")}\n`;
}

async function main(argv: string[]): Promise<number> {
  const args = parseJobArgs(argv, new Date());
  if (typeof args === "string") {
    process.stderr.write(`${args}\n`);
    return 1;
  }
  if (!isJobName(args.name)) return 1;
  // A real run sends messages, so it needs the bot's configuration; a dry run only reads the database.
  const config = args.dryRun ? undefined : loadConfigOrExit();
  const database = config
    ? { url: config.DATABASE_URL, authToken: config.DATABASE_AUTH_TOKEN }
    : loadDatabaseEnv();
  const log = createLogger(config?.LOG_LEVEL ?? "warn", [config?.BOT_TOKEN, database.authToken]);
  const { db, handle } = await openMigratedDatabase(database.url, database.authToken);
  try {
    // A run killed before (this command's or the bot's) may hold rows it never sent: they go now.
    if (!args.dryRun) await releaseOutboxClaims(db, new Date());
    const api = createOutboxApi(config?.BOT_TOKEN ?? "0:dry-run", {
      ...(config?.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
      fetch: outboundFetch().fetch,
    });
    const report = await runJob(args.name, { db, api, log, i18n: createI18n(readLocales()) }, args.at, {
      dryRun: args.dryRun,
    });
    process.stdout.write(describeReport(report));
    return report.outcome === "unfinished" ? 2 : 0;
  } finally {
    await handle.close();
  }
}

// Run when started as a script (npm run job), not when a test imports the helpers above.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  process.exitCode = await main(process.argv.slice(2));
