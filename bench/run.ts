// `npm run bench` measures every section and rewrites docs/benchmarks.md; `npm run bench -- webhook startup`
// measures only those sections (the others keep their last figures). Options:
//   --quick          few updates and runs (webhook: the 1k database only; stats: 2,000 people, 20,000 reports):
//                    checks the benchmark works; the report is not written
//   --updates=N      updates per webhook run (default 2,000); for fanout, reminders per run (default 10,000)
//   --repeats=N      runs per measurement (default: webhook 2, others 5; fanout 1, as a full-size run takes
//                    about six minutes)
//   --concurrency=L  updates in flight for the webhook runs, a comma-separated list (default 1,8,32)
//   --no-write       print the sections instead of writing docs/benchmarks.md
//   --sizes=N,M      database sizes in reports for the webhook and similarity sections (default 1,000, 100,000,
//                    1,000,000)
//   --profile[=DIR]  CPU profiles of the webhook's server processes (node --cpu-prof, each process's whole life)
//                    into DIR (bench-profiles/)
// e.g. `npm run bench -- webhook --quick --profile=/tmp/prof`, then open the .cpuprofile in Chrome DevTools.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { bundleSection } from "./bundle";
import { fanoutSection } from "./fanout";
import { type BenchContext, type SectionResult, type SectionSpec, writeReport } from "./report";
import { similaritySection } from "./similarity";
import { startupSection } from "./startup";
import { statsSection } from "./stats";
import { describeMachine, machineLoad, progress } from "./support";
import { runWebhookBench } from "./webhook/bench";
import { webhookMarkdown } from "./webhook/markdown";
import { DEFAULT_WEBHOOK_OPTIONS, QUICK_WEBHOOK_OPTIONS } from "./webhook/options";

const REPORT = fileURLToPath(new URL("../docs/benchmarks.md", import.meta.url));

/**
 * The sections of docs/benchmarks.md, in order. A section still waiting for its feature has `pending` and no
 * `run`: add a module that returns the section's Markdown body and set `run` here.
 */
export const SECTIONS: SectionSpec[] = [
  { id: "findings", title: "Findings and fixes", manual: true },
  {
    id: "webhook",
    title: "1. Webhook path",
    run: async (context) => {
      const options = { ...DEFAULT_WEBHOOK_OPTIONS, ...(context.quick ? QUICK_WEBHOOK_OPTIONS : {}) };
      if (context.updates) options.updates = context.updates;
      if (context.repeats) options.repeats = context.repeats;
      if (context.concurrency) options.concurrency = context.concurrency;
      if (context.sizes) options.sizes = context.sizes;
      if (context.profileDir) options.profileDir = context.profileDir;
      return webhookMarkdown(await runWebhookBench(options));
    },
  },
  {
    id: "stats",
    title: "2. Stats at scale",
    run: (context) => statsSection(context),
  },
  {
    id: "similarity",
    title: "2b. The similar-report check at scale",
    run: (context) => similaritySection(context),
  },
  {
    id: "fanout",
    title: "3. Delivery fan-out",
    run: (context) => fanoutSection(context),
  },
  {
    id: "startup",
    title: "4a. Start-up",
    run: (context) => startupSection(context),
  },
  {
    id: "bundle",
    title: "4b. Worker bundle size",
    run: () => bundleSection(),
  },
];

export interface Args {
  sections: string[];
  context: BenchContext;
  write: boolean;
}

export function parseArgs(argv: readonly string[]): Args {
  const context: BenchContext = { quick: false };
  const sections: string[] = [];
  let write = true;
  for (const arg of argv) {
    const [key, value] = arg.split("=", 2);
    if (key === "--quick") context.quick = true;
    else if (key === "--no-write") write = false;
    else if (key === "--updates") context.updates = positive(key, value);
    else if (key === "--repeats") context.repeats = positive(key, value);
    else if (key === "--concurrency")
      context.concurrency = (value ?? "").split(",").map((n) => positive(key, n));
    else if (key === "--sizes") context.sizes = (value ?? "").split(",").map((n) => positive(key, n));
    else if (key === "--profile") context.profileDir = value || "bench-profiles";
    else if (arg.startsWith("-")) throw new Error(`unknown option ${arg}`);
    else if (!SECTIONS.some((s) => s.id === arg && !s.manual))
      throw new Error(
        `unknown section "${arg}"; sections: ${SECTIONS.filter((s) => !s.manual)
          .map((s) => s.id)
          .join(", ")}`,
      );
    else sections.push(arg);
  }
  // A quick run is a check of the benchmark, not a measurement: it never overwrites the report.
  if (context.quick) write = false;
  return { sections, context, write };
}

/** The commit being measured, and whether the working tree had changes on top of it. */
function gitRevision(): string | undefined {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        encoding: "utf8",
      }).trim();
    const head = git("rev-parse", "--short", "HEAD");
    const dirty = git(
      "status",
      "--porcelain",
      "--untracked-files=no",
      "--",
      "src",
      "locales",
      "package.json",
    );
    return dirty ? `${head} + local changes` : head;
  } catch {
    return undefined;
  }
}

function positive(key: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`${key} needs a positive whole number`);
  return n;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const chosen = SECTIONS.filter(
    (s) => s.run && (args.sections.length === 0 || args.sections.includes(s.id)),
  );
  for (const id of args.sections) {
    const spec = SECTIONS.find((s) => s.id === id);
    if (spec && !spec.run) progress(`${id}: not measurable yet — ${spec.pending}`);
  }
  const meta = {
    date: new Date(),
    command: ["npm run bench", ...(process.argv.length > 2 ? ["--", ...process.argv.slice(2)] : [])].join(
      " ",
    ),
    machine: describeMachine(),
    revision: gitRevision(),
  };
  const results: SectionResult[] = [];
  for (const spec of chosen) {
    progress(`${spec.id}: measuring`);
    const started = performance.now();
    const before = machineLoad();
    const markdown = await spec.run!(args.context);
    results.push({ id: spec.id, markdown, load: { before, after: machineLoad() } });
    progress(`${spec.id}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
  if (args.write) {
    writeReport(REPORT, SECTIONS, results, meta);
    progress(`wrote ${REPORT}`);
  } else {
    for (const result of results) process.stdout.write(`\n## ${result.id}\n\n${result.markdown}\n`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((error) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : error}\n`,
    );
    process.exit(1);
  });
}
