// WAL checkpoints on a thread of their own, for the embedded database on Node. SQLite copies the WAL back into
// the database file when a commit leaves it over 1,000 pages, on the connection that committed — the bot's, on
// its event loop, with an fsync of the database file; after a large write (an import, a recount) that copy held
// the loop for seconds while nothing was answered. So the bot's connection checkpoints no more
// (wal_autocheckpoint = 0), and a thread with its own connection runs a PASSIVE checkpoint once a second when
// something was written: PASSIVE never waits for, nor blocks, the bot's reads and writes. Should the thread
// fail, SQLite's own checkpoints are turned back on.
//
// A WAL a large write grew (an import, a migration) is cut back by the thread too, once the bot wrote nothing for
// ten seconds. SQLite would cut it to journal_size_limit at the bot's first commit after the WAL starts over, in
// that commit: after importing 1,000,000 reports that ftruncate of 3 GB held the loop for a second. The thread
// holds the write lock while it cuts, so a write arriving just then waits as long; after ten quiet seconds that is
// rare, where the first commit after the WAL starts over is certain.
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { sql } from "kysely";
import type { Logger } from "../logger";
import type { DB } from "./database";

const THREAD_ENTRY = fileURLToPath(new URL("./checkpoint-thread.mjs", import.meta.url));
/** SQLite's default, restored if the thread fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
/** A WAL grown past this by a burst is cut back while the bot is idle (by SQLite, if the thread failed). */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** How long the bot must have written nothing before the WAL is cut. */
const SHRINK_AFTER_IDLE_MS = 10_000;

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the database file (-1 when only its size was read). */
  log: number;
  checkpointed: number;
  busy: number;
  /** The WAL file's size afterwards. */
  walBytes: number;
}

type ThreadAnswer = ({ ok: true } & CheckpointResult) | { ok: false; error: string };

export class WalCheckpointer {
  /** Checkpoints run so far, for tests and benchmarks. */
  runs = 0;
  /** Times the WAL was cut back. */
  shrinks = 0;
  last: CheckpointResult | undefined;
  #worker: Worker | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #writesAtLast = -1;
  /** The write count last seen, and when it was seen to change. */
  #writesSeen = -1;
  #lastWriteSeenAt = 0;
  #closing = false;

  private constructor(
    private readonly db: DB,
    private readonly writes: () => number,
    private readonly log: Logger,
    private readonly walLimitBytes: number,
    private readonly shrinkAfterIdleMs: number,
  ) {}

  /** Hands checkpoints of `path` (the bot's database file, opened as `db`) to a thread. */
  static async start(
    db: DB,
    path: string,
    writes: () => number,
    log: Logger,
    options: {
      everyMs?: number;
      threadEntry?: string;
      walLimitBytes?: number;
      shrinkAfterIdleMs?: number;
    } = {},
  ): Promise<WalCheckpointer> {
    const everyMs = options.everyMs ?? 1000;
    const checkpointer = new WalCheckpointer(
      db,
      writes,
      log,
      options.walLimitBytes ?? WAL_SIZE_LIMIT_BYTES,
      options.shrinkAfterIdleMs ?? SHRINK_AFTER_IDLE_MS,
    );
    // -1: the bot's commits never cut the WAL (the thread does).
    await sql`PRAGMA journal_size_limit = -1`.execute(db);
    await sql`PRAGMA wal_autocheckpoint = 0`.execute(db);
    const worker = new Worker(options.threadEntry ?? THREAD_ENTRY, { workerData: { path } });
    worker.unref();
    worker.on("error", (error) => checkpointer.#failed(error));
    worker.on("exit", (code) =>
      checkpointer.#failed(new Error(`checkpoint thread exited with code ${code}`)),
    );
    checkpointer.#worker = worker;
    checkpointer.#timer = setInterval(() => void checkpointer.checkpointIfWritten(), everyMs);
    checkpointer.#timer.unref();
    return checkpointer;
  }

  /**
   * Runs a checkpoint in the thread if anything was written since the last one; when nothing was written for a
   * while and the last checkpoint copied everything back, cuts a WAL over the limit back to nothing. Resolves
   * when it is done.
   */
  checkpointIfWritten(): Promise<void> {
    const writes = this.writes();
    const now = Date.now();
    if (writes !== this.#writesSeen) {
      this.#writesSeen = writes;
      this.#lastWriteSeenAt = now;
    }
    if (this.#running) return this.#running;
    const worker = this.#worker;
    if (!worker) return Promise.resolve();
    if (writes !== this.#writesAtLast) return this.#ask(worker, "checkpoint", writes);
    const last = this.last;
    const idle = now - this.#lastWriteSeenAt >= this.shrinkAfterIdleMs;
    if (
      idle &&
      last &&
      last.walBytes > this.walLimitBytes &&
      last.busy === 0 &&
      last.log === last.checkpointed
    )
      return this.#ask(worker, { shrink: this.walLimitBytes }, writes);
    return Promise.resolve();
  }

  #ask(worker: Worker, message: "checkpoint" | { shrink: number }, writes: number): Promise<void> {
    this.#running = new Promise<ThreadAnswer>((resolve) => {
      const stopped = () => resolve({ ok: false, error: "the checkpoint thread stopped" });
      worker.once("exit", stopped);
      worker.once("message", (answer: ThreadAnswer) => {
        worker.off("exit", stopped);
        resolve(answer);
      });
      worker.postMessage(message);
    })
      .then((answer) => {
        if (!answer.ok) return this.log.warn("WAL checkpoint failed; tried again in a moment", answer);
        const { log, checkpointed, busy, walBytes } = answer;
        if (message === "checkpoint") {
          this.#writesAtLast = writes;
          this.runs += 1;
          this.last = { log, checkpointed, busy, walBytes };
        } else {
          // Busy (the bot began a transaction meanwhile): the next idle turn tries again.
          if (busy === 0) this.shrinks += 1;
          this.last = { ...this.last!, walBytes };
        }
      })
      .finally(() => {
        this.#running = undefined;
      });
    return this.#running;
  }

  async close(): Promise<void> {
    this.#closing = true;
    clearInterval(this.#timer);
    await this.#running;
    const worker = this.#worker;
    this.#worker = undefined;
    if (worker) {
      const exited = new Promise((resolve) => worker.once("exit", resolve));
      // Held by the thread until it has closed its connection: with nothing else left to run, the process would
      // otherwise end while this waits.
      worker.ref();
      worker.postMessage("close");
      await exited;
    }
  }

  #failed(error: unknown): void {
    if (this.#closing || !this.#worker) return;
    this.#worker = undefined;
    clearInterval(this.#timer);
    this.log.warn("the WAL checkpoint thread stopped; SQLite checkpoints on the bot's connection again", {
      error,
    });
    sql`PRAGMA wal_autocheckpoint = ${sql.raw(String(SQLITE_AUTOCHECKPOINT_PAGES))}`
      .execute(this.db)
      .then(() => sql`PRAGMA journal_size_limit = ${sql.raw(String(WAL_SIZE_LIMIT_BYTES))}`.execute(this.db))
      .catch((restoreError) =>
        this.log.error("could not turn SQLite's checkpoints back on", { restoreError }),
      );
  }
}
