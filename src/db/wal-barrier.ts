// The barrier of src/db/durability.ts for the embedded database on Node: one fsync of the WAL file, shared by
// every caller that arrives while the previous one runs.
import { closeSync, fstatSync, fsync, open } from "node:fs";
import { promisify } from "node:util";
import type { Durability } from "./durability";

const openFile = promisify(open);
const fsyncFd = promisify(fsync);

export class WalBarrier implements Durability {
  private running: { done: Promise<void>; covers: number } | undefined;
  private queued: Promise<void> | undefined;
  /** The write count the last finished fsync covered: nothing written up to it waits again. */
  private durableThrough = -1;
  /** fsyncs made, for tests and benchmarks. */
  syncs = 0;

  /**
   * `writes` counts the statements run so far that may have written (src/db/embedded.ts): a caller with no
   * write since an fsync began needs no new one. Without it every call waits for an fsync of its own.
   */
  constructor(
    private readonly walPath: string,
    private readonly fsync: (path: string) => Promise<void> = walSyncer(),
    private readonly writes?: () => number,
  ) {}

  barrier(): Promise<void> {
    const upTo = this.writes?.();
    if (upTo !== undefined) {
      if (upTo <= this.durableThrough) return Promise.resolve();
      if (this.running && this.running.covers >= upTo) return this.running.done;
    }
    // An fsync already on its way may have started before this caller's commit: wait for the next one, which
    // every caller arriving meanwhile shares.
    if (this.queued) return this.queued;
    if (!this.running) return this.start();
    const queued = this.running.done.then(
      () => this.start(),
      () => this.start(),
    );
    this.queued = queued;
    return queued;
  }

  private start(): Promise<void> {
    this.queued = undefined;
    this.syncs += 1;
    const covers = this.writes?.() ?? 0;
    const done: Promise<void> = this.fsync(this.walPath)
      .then(() => {
        this.durableThrough = Math.max(this.durableThrough, covers);
      })
      .finally(() => {
        if (this.running?.done === done) this.running = undefined;
      });
    this.running = { done, covers };
    return done;
  }
}

/**
 * fsyncs a WAL file through a descriptor kept open: opening and closing a handle for each fsync cost more of the
 * event loop than the fsync's wait. SQLite keeps the WAL while the bot's connection is open; should it be gone
 * all the same (unlinked, a new one made), the next call opens the new one.
 */
function walSyncer(): (path: string) => Promise<void> {
  let held: { path: string; fd: number } | undefined;
  return async (path) => {
    if (held && (held.path !== path || fstatSync(held.fd).nlink === 0)) {
      closeSync(held.fd);
      held = undefined;
    }
    if (!held) {
      try {
        held = { path, fd: await openFile(path, "r") };
      } catch (error) {
        // No WAL yet: nothing was written since the database was opened (a checkpoint synced everything before).
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
    }
    await fsyncFd(held.fd);
  };
}
