// The barrier of src/db/durability.ts for the embedded database on Node: one fsync of the WAL file, shared by
// every caller that arrives while the previous one runs.
import { open } from "node:fs/promises";
import type { Durability } from "./durability";

export class WalBarrier implements Durability {
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** fsyncs made, for tests and benchmarks. */
  syncs = 0;

  constructor(
    private readonly walPath: string,
    private readonly fsync: (path: string) => Promise<void> = fsyncFile,
  ) {}

  barrier(): Promise<void> {
    // An fsync already on its way may have started before this caller's commit: wait for the next one, which
    // every caller arriving meanwhile shares.
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const queued = this.running.then(
      () => this.start(),
      () => this.start(),
    );
    this.queued = queued;
    return queued;
  }

  private start(): Promise<void> {
    this.queued = undefined;
    this.syncs += 1;
    const running: Promise<void> = this.fsync(this.walPath).finally(() => {
      if (this.running === running) this.running = undefined;
    });
    this.running = running;
    return running;
  }
}

async function fsyncFile(path: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (error) {
    // No WAL yet: nothing was written since the database was opened (a checkpoint synced everything before).
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
