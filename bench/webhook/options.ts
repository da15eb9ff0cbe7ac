// The options of section 1 and their defaults (bench/run.ts maps the command line onto them).

export interface WebhookOptions {
  /** Database sizes, in reports. */
  sizes: number[];
  /** Updates per measured run (one target, one size, one concurrency). */
  updates: number;
  /** Measured runs per target, size and concurrency; each on a fresh server process and database copy. */
  repeats: number;
  /** Updates in flight at once. */
  concurrency: number[];
  /** Updates posted to each fresh server before it is measured (JIT, caches), at the highest concurrency. */
  warmup: number;
  /** Bound people posting updates. */
  people: number;
  groups: number;
  /** Flows one driver keeps open at a time (people in the middle of /new). */
  openFlows: number;
  /** Writes each server process's CPU profile (node --cpu-prof) here. */
  profileDir?: string;
}

export const DEFAULT_WEBHOOK_OPTIONS: WebhookOptions = {
  sizes: [1_000, 100_000, 1_000_000],
  updates: 2_000,
  repeats: 2,
  concurrency: [1, 8, 32],
  warmup: 1_000,
  people: 640,
  groups: 20,
  openFlows: 3,
};

export const QUICK_WEBHOOK_OPTIONS: Partial<WebhookOptions> = {
  sizes: [1_000],
  updates: 600,
  repeats: 1,
  warmup: 300,
};
