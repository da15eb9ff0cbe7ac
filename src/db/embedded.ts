// The embedded database on Node (a file, or :memory:): Kysely's SQLite dialect over the `libsql` package,
// libSQL's synchronous better-sqlite3-style binding, with each distinct SQL text prepared once and reused.
// Through @libsql/client every statement was prepared anew, its columns read twice and raw() made to throw on
// every write: about a quarter of an update's CPU. SQLite re-prepares a cached statement by itself when the
// schema changed (sqlite3_prepare_v2), so a migration needs nothing from the cache (test/db/embedded.test.ts).
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { LibsqlError } from "@libsql/client";
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  SqliteAdapter,
  type SqliteDatabase,
  SqliteDriver,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type SqliteStatement,
} from "kysely";
import Database from "libsql";
import type { DB } from "./database";
import { UNSYNCED } from "./durability";
import type { Database as Schema } from "./schema";

/**
 * "group": commits skip their own fsync and the caller waits on a WalBarrier (src/db/wal-barrier.ts) before it
 * reports on them — the bot. "each": every commit is synced (synchronous=FULL) — the command-line tools.
 */
export type CommitMode = "group" | "each";

/** Runs one statement: `execute` does it. Tests wrap it to inject faults, the bench to count and time. */
export type StatementHook = <T>(sql: string, parameters: ReadonlyArray<unknown>, execute: () => T) => T;

export interface EmbeddedOptions {
  commits?: CommitMode;
  /** Called around every statement run, BEGIN, COMMIT and ROLLBACK included. */
  around?: StatementHook;
  /** Distinct SQL texts kept prepared (least recently used dropped first). */
  cacheSize?: number;
}

export interface EmbeddedDatabase {
  db: DB;
  statements: StatementCache;
  close(): Promise<void>;
}

/** Opens the file behind `path` (its folder created on demand) or ":memory:" as the bot's database. */
export function openEmbeddedDatabase(path: string, options: EmbeddedOptions = {}): EmbeddedDatabase {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const native = new Database(path);
  try {
    // WAL lets a backup or a CLI command read while the bot writes; the timeout makes writers wait, not fail.
    native.exec("PRAGMA journal_mode = WAL");
    native.exec("PRAGMA busy_timeout = 5000");
    native.exec(`PRAGMA synchronous = ${options.commits === "group" ? "NORMAL" : "FULL"}`);
  } catch (error) {
    native.close();
    throw libsqlError(error);
  }
  const statements = new StatementCache(native, options.cacheSize);
  const database = options.around ? observed(statements, options.around) : statements;
  const db = embeddedKysely(database);
  return {
    db,
    statements,
    async close() {
      await db.destroy();
      statements.close();
    },
  };
}

/** The database behind an embedded URL (file:path, file::memory:, :memory:), or undefined for a remote one. */
export function embeddedLocation(url: string): string | undefined {
  if (url === ":memory:") return url;
  if (!url.startsWith("file:")) return undefined;
  const path = url.slice("file:".length).split("?")[0] ?? "";
  return path === "" ? ":memory:" : path;
}

/**
 * The native connection's statements, one per distinct SQL text, most recently used last. A statement is only
 * ever run to its end (all() or run()) before the next one, as the driver hands the connection to one caller at
 * a time, so reusing one is safe.
 */
export class StatementCache implements SqliteDatabase {
  readonly #cache = new Map<string, SqliteStatement>();
  /** Schema statements this connection ran (CREATE, ALTER, DROP): the column names of cached reads go stale. */
  #schemaChanges = 0;
  /** Statements compiled so far (cache misses), for tests and benchmarks. */
  prepared = 0;
  /**
   * Statements run so far that may have written (all but plain SELECTs and UNSYNCED writes; BEGIN and COMMIT
   * count): group commit's barrier (src/db/wal-barrier.ts) skips the fsync when nothing was written since one
   * began. An UNSYNCED write inside a transaction is synced with it: its COMMIT counts.
   */
  writes = 0;

  constructor(
    private readonly native: Database.Database,
    private readonly capacity = 500,
  ) {}

  prepare(sql: string): SqliteStatement {
    const cached = this.#cache.get(sql);
    if (cached) {
      // Kept in order of use only once over half full, when an eviction may come: moving an entry is two more
      // operations on a Map keyed by long strings, for every statement run (the bot uses a few hundred texts).
      if (this.#cache.size > this.capacity / 2) {
        this.#cache.delete(sql);
        this.#cache.set(sql, cached);
      }
      return cached;
    }
    const statement = this.#compile(sql);
    this.prepared += 1;
    this.#cache.set(sql, statement);
    if (this.#cache.size > this.capacity) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return statement;
  }

  get size(): number {
    return this.#cache.size;
  }

  close(): void {
    this.#cache.clear();
    if (this.native.open) this.native.close();
  }

  #compile(sql: string): SqliteStatement {
    let native: Database.Statement<unknown[]>;
    try {
      native = this.native.prepare(sql);
    } catch (error) {
      throw libsqlError(error);
    }
    const reader = native.reader;
    // Rows come as arrays and become objects here: the binding's own objects cost about three times as
    // much for a wide row (a draft's 27 columns: 25 µs against 8). SQLite re-prepares a statement whose tables
    // changed; its column names are read again after this connection changed a schema, or when a row's length
    // says another connection did.
    let names: string[] = [];
    let build: RowBuilder = () => ({});
    let namesSeen = this.#schemaChanges;
    if (reader) {
      native.raw(true);
      names = columnNames(native);
      build = rowBuilder(names);
    }
    const toObject = (row: unknown[]): Record<string, unknown> => {
      if (namesSeen !== this.#schemaChanges || row.length !== names.length) {
        names = columnNames(native);
        build = rowBuilder(names);
        namesSeen = this.#schemaChanges;
      }
      return build(row);
    };
    const mayWrite = !/^\s*select\b/i.test(sql) && !sql.startsWith(UNSYNCED);
    const changesSchema = /^\s*(create|alter|drop)\b/i.test(sql);
    const run = <T>(execute: () => T): T => {
      try {
        return execute();
      } catch (error) {
        throw libsqlError(error);
      } finally {
        if (mayWrite) this.writes += 1;
        if (changesSchema) this.#schemaChanges += 1;
      }
    };
    return {
      reader,
      all: (parameters) =>
        run(() =>
          reader
            ? (native.all(toSql(parameters)) as unknown[][]).map(toObject)
            : native.all(toSql(parameters)),
        ),
      run: (parameters) => run(() => native.run(toSql(parameters))),
      iterate: (parameters) =>
        run(() => {
          const rows = native.iterate(toSql(parameters)) as IterableIterator<unknown[]>;
          if (!reader) return rows;
          return (function* () {
            for (const row of rows) yield toObject(row);
          })();
        }),
    };
  }
}

function columnNames(statement: Database.Statement<unknown[]>): string[] {
  return statement.columns().map((column) => column.name);
}

type RowBuilder = (row: readonly unknown[]) => Record<string, unknown>;

/**
 * Makes a statement's rows as the binding would (a later column of the same name wins, a blob is an ArrayBuffer),
 * each from one object literal compiled for its column names: objects given their properties one by one in a loop
 * cost V8 about ten times as much to build and then take apart (7–12 µs a 22-column row against under 1 µs).
 * The names are quoted as JSON; "__proto__" in a literal would set the prototype, so such a row is built by hand.
 */
function rowBuilder(names: readonly string[]): RowBuilder {
  if (names.includes("__proto__"))
    return (row) => {
      const object: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++)
        Object.defineProperty(object, names[i]!, {
          value: fromBinding(row[i]),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      return object;
    };
  const fields = names.map((name, i) => `${JSON.stringify(name)}: value(row[${i}])`).join(", ");
  return new Function("value", `return (row) => ({ ${fields} });`)(fromBinding) as RowBuilder;
}

function fromBinding(value: unknown): unknown {
  return value instanceof Uint8Array
    ? value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)
    : value;
}

/** The same database with every statement passing through `around`. */
export function observed(database: SqliteDatabase, around: StatementHook): SqliteDatabase {
  return {
    close: () => database.close(),
    prepare(sql) {
      const statement = database.prepare(sql);
      return {
        reader: statement.reader,
        all: (parameters) => around(sql, parameters, () => statement.all(parameters)),
        run: (parameters) => around(sql, parameters, () => statement.run(parameters)),
        iterate: (parameters) => around(sql, parameters, () => statement.iterate(parameters)),
      };
    },
  };
}

/**
 * Kysely's SQLite driver (one connection, handed to one caller at a time: a query, or a whole transaction) with
 * write transactions, as @libsql/client opens them: BEGIN IMMEDIATE takes the write lock at once, waiting out
 * another process's writer (busy_timeout), where a deferred BEGIN could fail with SQLITE_BUSY on its first write.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }

  /**
   * After some errors (SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, SQLITE_BUSY) SQLite has rolled the transaction back
   * itself, and ROLLBACK fails; Kysely would then throw that failure instead of the error that caused it.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      await super.rollbackTransaction(connection);
    } catch (error) {
      if (error instanceof Error && /no transaction is active/.test(error.message)) return;
      throw error;
    }
  }
}

/** Kysely over a native connection's statements (a StatementCache, perhaps observed). */
export function embeddedKysely(database: SqliteDatabase): DB {
  return new Kysely<Schema>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new ImmediateSqliteDriver({ database }),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

/**
 * Parameters as @libsql/client converts them: the native binding aborts the process on a boolean, and would
 * bind undefined as NULL where the client refuses it.
 */
function toSql(parameters: ReadonlyArray<unknown>): unknown[] {
  let converted: unknown[] | undefined;
  for (let i = 0; i < parameters.length; i++) {
    const value = parameters[i];
    let sqlValue: unknown;
    if (typeof value === "boolean") sqlValue = value ? 1 : 0;
    else if (value instanceof Date) sqlValue = value.valueOf();
    else if (value instanceof ArrayBuffer) sqlValue = Buffer.from(value);
    else if (value === undefined)
      throw new TypeError("undefined cannot be passed as argument to the database");
    else if (typeof value === "number" && !Number.isFinite(value))
      throw new RangeError("Only finite numbers (not Infinity or NaN) can be passed as arguments");
    else continue;
    converted ??= [...parameters];
    converted[i] = sqlValue;
  }
  return converted ?? (parameters as unknown[]);
}

const BASE_CODES: Record<number, string> = {
  1: "SQLITE_ERROR",
  2: "SQLITE_INTERNAL",
  3: "SQLITE_PERM",
  4: "SQLITE_ABORT",
  5: "SQLITE_BUSY",
  6: "SQLITE_LOCKED",
  7: "SQLITE_NOMEM",
  8: "SQLITE_READONLY",
  9: "SQLITE_INTERRUPT",
  10: "SQLITE_IOERR",
  11: "SQLITE_CORRUPT",
  12: "SQLITE_NOTFOUND",
  13: "SQLITE_FULL",
  14: "SQLITE_CANTOPEN",
  15: "SQLITE_PROTOCOL",
  16: "SQLITE_EMPTY",
  17: "SQLITE_SCHEMA",
  18: "SQLITE_TOOBIG",
  19: "SQLITE_CONSTRAINT",
  20: "SQLITE_MISMATCH",
  21: "SQLITE_MISUSE",
  22: "SQLITE_NOLFS",
  23: "SQLITE_AUTH",
  24: "SQLITE_FORMAT",
  25: "SQLITE_RANGE",
  26: "SQLITE_NOTADB",
};

/**
 * The binding's SqliteError as @libsql/client raises it (LibsqlError, "SQLITE_IOERR: disk I/O error"), so
 * isDatabaseOutage and the logs read one kind of error on every runtime, also after a conversation's replay
 * log cloned it down to its message.
 */
function libsqlError(error: unknown): unknown {
  if (!(error instanceof Database.SqliteError)) return error;
  const { code, rawCode } = error as { code: string; rawCode?: number };
  const base = rawCode === undefined ? code : (BASE_CODES[rawCode & 0xff] ?? code);
  return new LibsqlError(error.message, base, code, rawCode, error);
}
