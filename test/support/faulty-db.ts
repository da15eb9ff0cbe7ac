// A database that fails on command: a chosen statement (or a transaction's commit) throws, as a database that
// went away, filled its disk or timed out would. Tests arm a rule, drive the bot, and see what survived. Every
// statement that reached the real database is counted. The embedded database is wrapped where its driver runs
// each statement (faultHook, the bot's path on Node); a remote one's client with faultyClient.
import { type Client, type InStatement, LibsqlError, type Transaction } from "@libsql/client";
import type { DB } from "../../src/db/database";
import { openEmbeddedDatabase, type StatementHook } from "../../src/db/embedded";
import { migrateToLatest } from "../../src/db/migrations";

export type FaultPoint = "execute" | "commit";

export interface FaultRule {
  /** Matches the SQL text (lower-cased); by default every statement. */
  sql?: RegExp;
  /**
   * A statement, the commit of a transaction (the statements before it are then rolled back), or either
   * (counted together, in the order they happen). Default: a statement.
   */
  at?: FaultPoint | "any";
  /** Skips this many matching calls before failing (default 0). */
  after?: number;
  /** How many times to fail (default 1). */
  times?: number;
  /** The error's code: a disk failure by default, which the bot takes for an outage; SQLITE_CONSTRAINT is not one. */
  code?: string;
}

/** Raised as libSQL raises a disk or connection failure (so the bot sees a database outage, as it would). */
export class InjectedDatabaseFault extends LibsqlError {
  constructor(sql: string, code = "SQLITE_IOERR") {
    super(`injected database fault at: ${sql.slice(0, 80)}`, code);
  }
}

interface ArmedRule extends Required<Omit<FaultRule, "sql">> {
  sql: RegExp | undefined;
  seen: number;
  failed: number;
}

export class Faults {
  private rules: ArmedRule[] = [];
  /** Faults raised so far. */
  injected = 0;
  /** Every statement text that was tried, in order (commits as "commit"). */
  readonly statements: string[] = [];

  arm(rule: FaultRule = {}): this {
    this.rules.push({
      sql: rule.sql,
      at: rule.at ?? "execute",
      after: rule.after ?? 0,
      times: rule.times ?? 1,
      code: rule.code ?? "SQLITE_IOERR",
      seen: 0,
      failed: 0,
    });
    return this;
  }

  clear(): void {
    this.rules = [];
  }

  /** Rules still waiting to fire. */
  get pending(): number {
    return this.rules.filter((r) => r.failed < r.times).length;
  }

  check(at: FaultPoint, sql: string): void {
    this.statements.push(at === "commit" ? "commit" : sql);
    const text = sql.toLowerCase();
    for (const rule of this.rules) {
      if ((rule.at !== "any" && rule.at !== at) || rule.failed >= rule.times) continue;
      if (rule.sql && !rule.sql.test(text)) continue;
      rule.seen += 1;
      if (rule.seen <= rule.after) continue;
      rule.failed += 1;
      this.injected += 1;
      throw new InjectedDatabaseFault(sql, rule.code);
    }
  }
}

function sqlOf(stmt: InStatement | string): string {
  return typeof stmt === "string" ? stmt : stmt.sql;
}

/**
 * For the embedded driver: every statement and commit passes through `faults` first; BEGIN and ROLLBACK do not,
 * as a client's transaction() and rollback() did not.
 */
export function faultHook(faults: Faults): StatementHook {
  return (sql, _parameters, execute) => {
    if (!/^(begin|rollback)\b/i.test(sql)) faults.check(/^commit\b/i.test(sql) ? "commit" : "execute", sql);
    return execute();
  };
}

/** The same client, with every statement and commit passing through `faults` first. */
export function faultyClient(inner: Client, faults: Faults): Client {
  const wrapTransaction = (trx: Transaction): Transaction =>
    new Proxy(trx, {
      get(target, key, receiver) {
        if (key === "execute")
          return async (stmt: InStatement) => {
            faults.check("execute", sqlOf(stmt));
            return target.execute(stmt);
          };
        if (key === "commit")
          return async () => {
            faults.check("commit", "commit");
            return target.commit();
          };
        const value = Reflect.get(target, key, receiver);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  return new Proxy(inner, {
    get(target, key, receiver) {
      if (key === "execute")
        return async (stmt: InStatement | string, args?: never) => {
          faults.check("execute", sqlOf(stmt));
          return args === undefined
            ? target.execute(stmt as InStatement)
            : target.execute(stmt as string, args);
        };
      if (key === "transaction")
        return async (...args: Parameters<Client["transaction"]>) =>
          wrapTransaction(await target.transaction(...args));
      const value = Reflect.get(target, key, receiver);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

/** A migrated in-memory database, opened as the bot opens its embedded one, that fails on command. */
export async function faultyMemoryDatabase(): Promise<{ db: DB; faults: Faults }> {
  const faults = new Faults();
  const { db } = openEmbeddedDatabase(":memory:", { around: faultHook(faults) });
  await migrateToLatest(db);
  faults.statements.length = 0;
  return { db, faults };
}
