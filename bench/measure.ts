// Pure helpers for the benchmarks: percentiles, summaries over repeated runs, and formatting. No timing here,
// so the unit tests (test/bench/measure.test.ts) check the arithmetic without ever depending on the machine.

/** The p-th percentile (0–100) of unsorted samples, by linear interpolation between closest ranks. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  if (p < 0 || p > 100 || Number.isNaN(p)) throw new RangeError(`percentile out of range: ${p}`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low]!;
  return lowValue + (sorted[high]! - lowValue) * (rank - low);
}

export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

export function mean(samples: readonly number[]): number {
  if (samples.length === 0) return Number.NaN;
  let sum = 0;
  for (const s of samples) sum += s;
  return sum / samples.length;
}

/** One figure measured over repeated runs: its median and its spread. */
export interface Spread {
  median: number;
  min: number;
  max: number;
  /** 25th and 75th percentiles. */
  q1: number;
  q3: number;
  runs: number;
}

export function spread(values: readonly number[]): Spread {
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    q1: percentile(values, 25),
    q3: percentile(values, 75),
    runs: values.length,
  };
}

/** Latency samples of one run, reduced to what the report shows. */
export interface LatencySummary {
  count: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

export function summarizeLatencies(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, mean: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number) => {
    const rank = (p / 100) * (sorted.length - 1);
    const low = Math.floor(rank);
    const high = Math.ceil(rank);
    return sorted[low]! + (sorted[high]! - sorted[low]!) * (rank - low);
  };
  return {
    count: sorted.length,
    mean: mean(samples),
    p50: at(50),
    p90: at(90),
    p99: at(99),
    max: sorted[sorted.length - 1]!,
  };
}

/** "1.23" with a fixed number of significant-looking decimals for the size of the number. */
export function formatNumber(value: number, digits?: number): string {
  if (!Number.isFinite(value)) return "—";
  const d = digits ?? (Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2);
  return value.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d });
}

/** "1.23 (1.10–1.40)": the median over runs and the min–max range. */
export function formatSpread(s: Spread, digits?: number, unit = ""): string {
  if (s.runs === 0) return "—";
  const f = (v: number) => formatNumber(v, digits);
  if (s.runs === 1) return `${f(s.median)}${unit}`;
  return `${f(s.median)}${unit} (${f(s.min)}–${f(s.max)})`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${formatNumber(bytes / 1024 / 1024, 2)} MiB`;
  if (bytes >= 1024) return `${formatNumber(bytes / 1024, 1)} KiB`;
  return `${bytes} B`;
}

/** A Markdown table; cells are written as given (escape pipes yourself). */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** A small deterministic PRNG (mulberry32), so every run posts the same mix of updates. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks a key by weight with a random number in [0, 1). */
export function pickWeighted<K extends string>(weights: Readonly<Record<K, number>>, r: number): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let x = r * total;
  for (const [key, weight] of entries) {
    if (x < weight) return key;
    x -= weight;
  }
  return entries[entries.length - 1]![0];
}
