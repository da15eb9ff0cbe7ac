// Node's FileReader: each file is parsed in a fresh child process with its own heap bound and a deadline, so a
// file that unpacks to too much, loops in a parser or needs gigabytes stops that process, never the bot, and
// other chats are answered meanwhile (parsing never blocks the bot's event loop). Not a worker thread: on
// Node 20 a thread that reaches its resourceLimits heap can abort the whole process (nodejs/node#47224, seen
// here with a .docx at a 16 MB limit). Workers (workerd) have neither: the bot there keeps inlineReader,
// bounded by src/files/guard.ts alone.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { RosterParseResult } from "../roster/parse";
import { FILE_LIMITS } from "./limits";
import type { ParseJob } from "./parse-job";
import type { FileReader } from "./read";
import { type FileResult, refused } from "./refusal";

export interface ChildOptions {
  /** The child's JavaScript heap (V8 old generation), in MB. */
  heapMb: number;
  /** Wall time from the child's start to its answer. */
  deadlineMs: number;
  /** Children at once; more files wait their turn. */
  atOnce: number;
}

const ENTRY = fileURLToPath(new URL("./parse-child.mjs", import.meta.url));
/** What is kept of a child's stderr, to tell running out of heap from other deaths. */
const STDERR_TAIL = 4096;

/** A counting semaphore: at most `size` holders, the rest queued in order. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

export function createChildReader(
  options: ChildOptions = {
    heapMb: FILE_LIMITS.parseHeapMb,
    deadlineMs: FILE_LIMITS.parseDeadlineMs,
    atOnce: FILE_LIMITS.parsesAtOnce,
  },
): FileReader {
  const slots = new Slots(options.atOnce);
  const run = async <T>(job: ParseJob): Promise<FileResult<T>> => {
    await slots.take();
    try {
      return await inChild<T>(job, options);
    } finally {
      slots.give();
    }
  };
  return {
    docxText: (bytes) => run<string>({ kind: "docx", bytes }),
    roster: (bytes, fileName) => run<RosterParseResult>({ kind: "roster", bytes, fileName }),
  };
}

export const childReader: FileReader = createChildReader();

function inChild<T>(job: ParseJob, options: ChildOptions): Promise<FileResult<T>> {
  return new Promise((resolve) => {
    const child = fork(ENTRY, [], {
      execArgv: [`--max-old-space-size=${options.heapMb}`],
      // Uint8Array crosses as bytes, not as a JSON object of numbered keys.
      serialization: "advanced",
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr?.setEncoding("utf8");
    child.stderr?.on("data", (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    let settled = false;
    const settle = (result: FileResult<T>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      resolve(result);
    };
    const timer = setTimeout(
      () => settle(refused({ reason: "too-slow", limit: Math.ceil(options.deadlineMs / 1000) })),
      options.deadlineMs,
    );
    child.on("message", (result: FileResult<T>) => settle(result));
    child.on("error", (error) =>
      settle(refused({ reason: "unreadable", cause: `parse child: ${error.message}` })),
    );
    child.on("exit", (code, signal) =>
      settle(
        /heap out of memory|Reached heap limit/.test(stderr)
          ? refused({ reason: "too-much-memory", limit: options.heapMb })
          : refused({
              reason: "unreadable",
              cause: `parse child exited (${signal ?? code}) without an answer: ${stderr.trim().slice(-300)}`,
            }),
      ),
    );
    child.send(job, (error) => {
      if (error) settle(refused({ reason: "unreadable", cause: `parse child: ${error.message}` }));
    });
  });
}
