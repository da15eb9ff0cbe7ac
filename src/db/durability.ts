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
