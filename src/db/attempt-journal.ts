// Attempts at updates counted in a small file beside the embedded database, for the one process that holds
// the claims in memory (the Node entry). A line is appended before an update's handlers run and another when
// it ends; at start-up, an update begun and never ended went down with the process (a crash, running out of
// memory, a kill), and that attempt is counted in update_attempts for the poison check. Appending a few bytes
// costs one write(); counting in the database cost a commit of its own, the dearest statement of every update.
// Not synced: a power cut may lose the last lines, which costs the poison count one attempt, as before.
import { closeSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";

/** The journal is started afresh past this size, keeping the updates still in hand. */
const COMPACT_AT_BYTES = 1 << 20;

export class AttemptJournal {
  #bytes: number;
  /**
   * End lines not written yet: they go with the next begin line, or at the loop's next turn, so that updates
   * ending together cost one write. Lost with the process, they count an attempt at an update that had ended:
   * one marked done or applied, or one Telegram was answered for and does not deliver again.
   */
  #ended = "";
  #stillInHand: Iterable<number> = [];
  #flush: NodeJS.Immediate | undefined;

  private constructor(
    private readonly fd: number,
    bytes: number,
  ) {
    this.#bytes = bytes;
  }

  /**
   * Opens (or creates) the journal at `path` and reads what an earlier process left in it: per update, the
   * attempts it began and never ended. Count them (countCrashedAttempts), then clear() the journal.
   */
  static open(path: string): { journal: AttemptJournal; crashed: Map<number, number> } {
    const fd = openSync(path, "a+");
    try {
      const text = readFileSync(fd, "utf8");
      return { journal: new AttemptJournal(fd, Buffer.byteLength(text)), crashed: unendedAttempts(text) };
    } catch (error) {
      closeSync(fd);
      throw error;
    }
  }

  /**
   * Before the update's handlers run: written at once, with the end lines waiting. `stillInHand` (this update
   * among them) is what the journal keeps when it starts afresh past its size limit.
   */
  begin(updateId: number, stillInHand: Iterable<number> = [updateId]): void {
    this.#append(`${this.#takeEnded()}+${updateId}\n`, stillInHand);
  }

  /** The update ended, whichever way (answered, failed, given up); `stillInHand` as for begin. */
  end(updateId: number, stillInHand: Iterable<number>): void {
    this.#ended += `-${updateId}\n`;
    this.#stillInHand = stillInHand;
    this.#flush ??= setImmediate(() => this.flush());
  }

  /** Writes the end lines waiting. */
  flush(): void {
    const ended = this.#takeEnded();
    if (ended) this.#append(ended, this.#stillInHand);
  }

  /** Empties the journal (the append position follows: the file is opened for appending). */
  clear(): void {
    ftruncateSync(this.fd, 0);
    this.#bytes = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  #takeEnded(): string {
    const ended = this.#ended;
    this.#ended = "";
    if (this.#flush) clearImmediate(this.#flush);
    this.#flush = undefined;
    return ended;
  }

  /** Past the size limit the journal starts afresh with the updates still in hand. */
  #append(text: string, stillInHand: Iterable<number>): void {
    this.#bytes += writeSync(this.fd, text);
    if (this.#bytes < COMPACT_AT_BYTES) return;
    this.clear();
    let begun = "";
    for (const id of stillInHand) begun += `+${id}\n`;
    if (begun) this.#bytes += writeSync(this.fd, begun);
  }
}

/**
 * Per update id, begins not matched by an end. A torn last line (the process died mid-write) is ignored: its
 * update's handlers had not started.
 */
export function unendedAttempts(text: string): Map<number, number> {
  const open = new Map<number, number>();
  const lines = text.split("\n");
  lines.pop(); // what follows the last newline: nothing, or a torn line
  for (const line of lines) {
    const id = Number(line.slice(1));
    if (line.length < 2 || !Number.isSafeInteger(id)) continue;
    if (line[0] === "+") open.set(id, (open.get(id) ?? 0) + 1);
    else if (line[0] === "-") {
      const left = (open.get(id) ?? 0) - 1;
      if (left > 0) open.set(id, left);
      else open.delete(id);
    }
  }
  return open;
}
