// Work done in batches between a bot's updates takes about the same time per batch whatever the machine: the next
// batch's size follows what the last one took.

export interface Pace {
  /** The time a batch aims at. */
  targetMs: number;
  min: number;
  max: number;
}

/** The size of the next batch after `done` items took `tookMs`: as many as fit in the target, within bounds. */
export function nextBatchSize(done: number, tookMs: number, pace: Pace): number {
  const fitting = Math.round((done * pace.targetMs) / Math.max(1, tookMs));
  return Math.min(pace.max, Math.max(pace.min, fitting));
}
