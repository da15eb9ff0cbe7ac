// Delivers the notices handlers queue (src/notify.ts) through the outbox, after the update that queued them is
// answered. A kick starts a sweep unless one runs (then it sweeps once more after it): every notice run with
// rows due is drained. Rows left by a crash or a long 429 go with the next kick or the periodic sweep.
import { duePeriodKeys } from "../db/outbox";
import type { DB } from "../db/database";
import type { Logger } from "../logger";
import { NOTICE_JOB } from "../notify";
import type { Outbox } from "./outbox";

export class Courier {
  private running: Promise<void> | undefined;
  private again = false;

  constructor(
    private readonly db: DB,
    private readonly outbox: Outbox,
    private readonly log: Logger,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** Starts delivering what is due, without waiting for it. */
  kick(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.sweepUntilQuiet().finally(() => {
      this.running = undefined;
    });
  }

  /** Resolves once no sweep is running (tests wait for the notices of an update). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Drains every notice run with rows due now; returns when they are sent or left for later. */
  async sweep(): Promise<void> {
    for (const periodKey of await duePeriodKeys(this.db, NOTICE_JOB, this.clock())) {
      const result = await this.outbox.drain(NOTICE_JOB, periodKey);
      if (result.deferred) break;
    }
  }

  private async sweepUntilQuiet(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.sweep();
      } catch (error) {
        this.log.warn("notices: delivery failed; left for the next sweep", { error });
        return;
      }
    } while (this.again);
  }
}
