// WAL checkpoints on a thread of their own, for the embedded database on Node. SQLite copies the WAL back into
// the database file when a commit leaves it over 1,000 pages, on the connection that committed — the bot's, on
// its event loop, with an fsync of the database file; after a large write (an import, a recount) that copy held
// the loop for seconds while nothing was answered. So the bot's connection checkpoints no more
// (wal_autocheckpoint = 0), and a thread with its own connection runs a PASSIVE checkpoint once a second when
// something was written: PASSIVE never waits for, nor blocks, the bot's reads and writes. Should the thread
// fail, SQLite's own checkpoints are turned back on.
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { sql } from "kysely";
import type { Logger } from "../logger";
import type { DB } from "./database";

const THREAD_ENTRY = fileURLToPath(new URL("./checkpoint-thread.mjs", import.meta.url));
/** SQLite's default, restored if the thread fails. */
const SQLITE_AUTOCHECKPOINT_PAGES = 1000;
/** A WAL grown past this by a burst is cut back to it when it starts over. */
const WAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

export interface CheckpointResult {
  /** Frames in the WAL, and how many of them are now in the database file. */
  log: number;
  checkpointed: number;
  busy: number;
}

type ThreadAnswer = ({ ok: true } & CheckpointResult) | { ok: false; error: string };

export class WalCheckpointer {
  /** Checkpoints run so far, for tests and benchmarks. */
  runs = 0;
  last: CheckpointResult | undefined;
  #worker: Worker | undefined;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #writesAtLast = -1;
  #closing = false;

  private constructor(
    private readonly db: DB,
    private readonly writes: () => number,
    private readonly log: Logger,
  ) {}

  /** Hands checkpoints of `path` (the bot's database file, opened as `db`) to a thread. */
  static async start(
    db: DB,
    path: string,
    writes: () => number,
    log: Logger,
    options: { everyMs?: number; threadEntry?: string } = {},
  ): Promise<WalCheckpointer> {
    const everyMs = options.everyMs ?? 1000;
    const checkpointer = new WalCheckpointer(db, writes, log);
    await sql`PRAGMA journal_size_limit = ${sql.raw(String(WAL_SIZE_LIMIT_BYTES))}`.execute(db);
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

  /** Runs a checkpoint in the thread if anything was written since the last one; resolves when it is done. */
  checkpointIfWritten(): Promise<void> {
    if (this.#running) return this.#running;
    const writes = this.writes();
    const worker = this.#worker;
    if (!worker || writes === this.#writesAtLast) return Promise.resolve();
    this.#running = new Promise<ThreadAnswer>((resolve) => {
      const stopped = () => resolve({ ok: false, error: "the checkpoint thread stopped" });
      worker.once("exit", stopped);
      worker.once("message", (answer: ThreadAnswer) => {
        worker.off("exit", stopped);
        resolve(answer);
      });
      worker.postMessage("checkpoint");
    })
      .then((answer) => {
        if (!answer.ok) return this.log.warn("WAL checkpoint failed; tried again in a moment", answer);
        this.#writesAtLast = writes;
        this.runs += 1;
        this.last = { log: answer.log, checkpointed: answer.checkpointed, busy: answer.busy };
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
      .catch((restoreError) =>
        this.log.error("could not turn SQLite's checkpoints back on", { restoreError }),
      );
  }
}
