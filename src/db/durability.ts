// Group commit for the embedded database. Commits run with synchronous=NORMAL in WAL mode: each is atomic and
// survives the process being killed, but a power loss may take the last ones. So before anything reports on a
// write — a message to a person, the webhook's 200, long polling's confirmation — the bot waits for a barrier:
// an fsync of the WAL file that began after the wait did. Updates in flight together share one fsync, where
// synchronous=FULL would pay one per commit. A remote database (sqld, Turso) is durable when it answers.

export interface Durability {
  /** Resolves once every commit made before the call is on disk. */
  barrier(): Promise<void>;
}

export const DURABLE_ON_ANSWER: Durability = { barrier: () => Promise.resolve() };

/**
 * Leads a write that group commit need not sync before anything reports on it: bookkeeping whose loss with the
 * power costs nothing a person wrote. An update's attempt count and done mark are read only by a redelivery,
 * and Telegram redelivers only what was not answered; the flow's live message, lost, is sent afresh instead of
 * edited. The next fsync carries such a write anyway; inside a transaction it is synced with its COMMIT.
 */
export const UNSYNCED = "/* unsynced */";
