// Work too large for one go, done in small batches between the bot's updates: each batch is a few milliseconds
// of the event loop, then the loop turns (setImmediate) so webhook requests and /healthz are answered between
// batches. Signing reports after an import (src/db/similarity.ts) runs this way on Node.
import { setImmediate as turn } from "node:timers/promises";
import type { Logger } from "../logger";

export interface BatchTask {
  name: string;
  /** Does one batch; returns how many items it did (0: nothing left). */
  batch(): Promise<number>;
}

export class BackgroundBatches {
  private running: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly tasks: readonly BatchTask[],
    private readonly log: Logger,
  ) {}

  /** Works through every task now and again every `everyMs`, until stopped. */
  start(everyMs: number): void {
    this.kick();
    this.timer = setInterval(() => this.kick(), everyMs);
    this.timer.unref();
  }

  kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = undefined;
    });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.stopped = true;
    await this.running;
  }

  private stopped = false;

  private async drain(): Promise<void> {
    for (const task of this.tasks) {
      let done = 0;
      try {
        for (let n = await task.batch(); n > 0 && !this.stopped; n = await task.batch()) {
          done += n;
          await turn();
        }
      } catch (error) {
        this.log.warn("background work failed; it is tried again later", { task: task.name, error });
      }
      if (done > 0) this.log.info("background work done", { task: task.name, items: done });
    }
  }
}
