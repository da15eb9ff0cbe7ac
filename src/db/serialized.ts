// Takes turns on a local libSQL database. An in-memory database has a single connection: while one update
// holds it in a transaction, every other query fails at once with TRANSACTION_ACTIVE (and an embedded file
// allows one writer, the others failing with SQLITE_BUSY). Two staff acting on the same report at the same
// moment are two chats, handled concurrently, so queries wait for the open transaction instead of failing.
// Inside a transaction use its `trx`: a query through the database itself would wait for it forever.
import type { DatabaseConnection, Dialect, Driver, TransactionSettings } from "kysely";

/** Hands out the driver's connection to one caller at a time (a query, or a whole transaction). */
class SerializedDriver implements Driver {
  #tail: Promise<void> = Promise.resolve();
  readonly #turns = new Map<DatabaseConnection, () => void>();

  constructor(private readonly inner: Driver) {}

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    let done!: () => void;
    const turn = new Promise<void>((resolve) => {
      done = resolve;
    });
    const previous = this.#tail;
    this.#tail = previous.then(() => turn);
    await previous;
    try {
      const connection = await this.inner.acquireConnection();
      this.#turns.set(connection, done);
      return connection;
    } catch (error) {
      done();
      throw error;
    }
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.inner.beginTransaction(connection, settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.commitTransaction(connection);
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.inner.rollbackTransaction(connection);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    try {
      await this.inner.releaseConnection(connection);
    } finally {
      const done = this.#turns.get(connection);
      this.#turns.delete(connection);
      done?.();
    }
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

export function serializedDialect(inner: Dialect): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new SerializedDriver(inner.createDriver()),
    createIntrospector: (db) => inner.createIntrospector(db),
    createQueryCompiler: () => inner.createQueryCompiler(),
  };
}
