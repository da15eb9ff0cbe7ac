// Collects what the sections measured and rewrites docs/benchmarks.md. Each section sits between markers, so
// running one section (`npm run bench -- webhook`) replaces only that one and keeps the others as they were
// last measured; a section nobody has measured yet says so and what it is waiting for.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Machine } from "./support";

/** What a section module returns: its Markdown body (without its heading). */
export interface SectionResult {
  id: string;
  markdown: string;
  /** How loaded the shared machine was before and after the section ran. */
  load?: { before: string; after: string };
}

export interface SectionSpec {
  id: string;
  /** The heading, e.g. "1. Webhook path". */
  title: string;
  /** Measures and returns the body; absent while the section waits for features still being built. */
  run?: (context: BenchContext) => Promise<string>;
  /** Why the section is not measured yet, and what measuring it will need. */
  pending?: string;
  /** Written by hand in docs/benchmarks.md (e.g. the analysis): never generated, always kept as it is. */
  manual?: boolean;
}

export interface BenchContext {
  /** Fewer updates and runs, to check the benchmark itself works (figures not meant for the report). */
  quick: boolean;
  /** Overrides from the command line (--updates=N, --repeats=N). */
  updates?: number;
  repeats?: number;
  /** --concurrency=1,8: updates in flight for the webhook section. */
  concurrency?: number[];
  /** --profile=DIR: sections that support it write CPU profiles of their measured work there. */
  profileDir?: string;
  /** --sizes=1000,100000: database sizes (reports) for the similarity section. */
  sizes?: number[];
}

export interface RunMeta {
  date: Date;
  command: string;
  machine: Machine;
  /** The commit measured, "+ local changes" when the working tree differed from it. */
  revision?: string;
}

const begin = (id: string) => `<!-- bench:${id} -->`;
const end = (id: string) => `<!-- /bench:${id} -->`;

/** The body of every section found in an earlier report, by id (markers included). */
export function readSections(markdown: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /<!-- bench:([\w-]+) -->[\s\S]*?<!-- \/bench:\1 -->/g;
  for (const match of markdown.matchAll(pattern)) found.set(match[1]!, match[0]);
  return found;
}

export function describeRun(meta: RunMeta): string {
  const m = meta.machine;
  return (
    `${meta.date.toISOString().slice(0, 16).replace("T", " ")} UTC · \`${meta.command}\`` +
    `${meta.revision ? ` at ${meta.revision}` : ""} · Node ${m.node} · ` +
    `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, ${m.os}`
  );
}

export function renderSection(spec: SectionSpec, result: SectionResult, meta: RunMeta): string {
  const load = result.load ? ` Machine ${result.load.before} before, ${result.load.after} after.` : "";
  return [
    begin(spec.id),
    `## ${spec.title}`,
    "",
    `_Measured ${describeRun(meta)}.${load}_`,
    "",
    result.markdown.trim(),
    end(spec.id),
  ].join("\n");
}

export function renderManualStub(spec: SectionSpec): string {
  return [begin(spec.id), `## ${spec.title}`, "", "_Written by hand; nothing yet._", end(spec.id)].join("\n");
}

export function renderPending(spec: SectionSpec): string {
  return [
    begin(spec.id),
    `## ${spec.title}`,
    "",
    `**Not measured yet.** ${spec.pending ?? ""}`.trim(),
    end(spec.id),
  ].join("\n");
}

/** The whole report: header, then every section in order, fresh ones replacing those of the previous report. */
export function renderReport(
  specs: readonly SectionSpec[],
  fresh: ReadonlyMap<string, string>,
  previous: ReadonlyMap<string, string>,
  meta: RunMeta,
): string {
  const m = meta.machine;
  const header = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (all sections) or `npm run bench -- <section>…` (only those; the others keep " +
      "their last figures). Sections: " +
      specs.map((s) => `\`${s.id}\``).join(", ") +
      ". The machine is shared and noisy, so every figure is measured over repeated runs and given as the " +
      "median with its spread, and the bot is compared with a floor measured side by side in the same run " +
      "rather than against absolute numbers. Tests never assert on timing.",
    "",
    `Last run: ${describeRun(meta)}.`,
    "",
    "| machine | |",
    "| --- | --- |",
    `| CPU | ${m.cpus} × ${m.cpuModel} |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
  ].join("\n");
  const sections = specs.map((spec) =>
    spec.manual
      ? (previous.get(spec.id) ?? renderManualStub(spec))
      : (fresh.get(spec.id) ?? previous.get(spec.id) ?? renderPending(spec)),
  );
  return `${[header, ...sections].join("\n\n")}\n`;
}

export function writeReport(
  path: string,
  specs: readonly SectionSpec[],
  results: readonly SectionResult[],
  meta: RunMeta,
): void {
  const previous = existsSync(path) ? readSections(readFileSync(path, "utf8")) : new Map<string, string>();
  const fresh = new Map<string, string>();
  for (const result of results) {
    const spec = specs.find((s) => s.id === result.id);
    if (spec) fresh.set(spec.id, renderSection(spec, result, meta));
  }
  writeFileSync(path, renderReport(specs, fresh, previous, meta));
}
