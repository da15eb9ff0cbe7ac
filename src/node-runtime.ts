// Node-only helpers shared by the entry point and the command-line tools: environment, database, locales.
import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import dotenv from "dotenv";
import { type Config, parseConfig } from "./config";
import type { LocaleSources } from "./bot/i18n";
import type { DB } from "./db/database";
import { backupTo, embeddedPath, upgradeBackupPath } from "./db/backup";
import { MIGRATIONS, migrateToLatest, pendingMigrations } from "./db/migrations";
import { type CommitMode, type DatabaseHandle, openNodeDatabase } from "./db/node-client";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

export function readLocales(): LocaleSources {
  const read = (locale: string) => readFileSync(new URL(`../locales/${locale}.ftl`, import.meta.url), "utf8");
  return { zh: read("zh"), en: read("en") };
}

/** The console's large static files, served from node_modules (on Workers, static assets serve them). */
const STATIC_ASSETS: Record<string, string> = {
  "echarts.js": "echarts/dist/echarts.common.min.js",
};
const require = createRequire(import.meta.url);
const staticCache = new Map<string, string>();

export async function readStaticAsset(name: string): Promise<Response | undefined> {
  const module = STATIC_ASSETS[name];
  if (!module) return undefined;
  let bytes = staticCache.get(name);
  if (!bytes) {
    bytes = await readFile(require.resolve(module), "utf8");
    staticCache.set(name, bytes);
  }
  return new Response(bytes, {
    headers: { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" },
  });
}

/** Reads .env (never overriding the real environment) and validates; exits with one clear line on error. */
export function loadConfigOrExit(overrides: Record<string, string | undefined> = {}): Config {
  dotenv.config({ quiet: true });
  const result = parseConfig({ ...process.env, ...overrides });
  if (!result.ok) {
    process.stderr.write(`${result.message}\n`);
    process.exit(1);
  }
  return result.config;
}

/** The database alone needs no bot token: CLI tools that only touch the database use this. */
export function loadDatabaseEnv(): { url: string; authToken?: string } {
  dotenv.config({ quiet: true });
  const url = process.env.DATABASE_URL?.trim() || "file:./data/minyi.db";
  const authToken = process.env.DATABASE_AUTH_TOKEN?.trim() || undefined;
  return authToken ? { url, authToken } : { url };
}

export interface MigratedDatabase {
  db: DB;
  handle: DatabaseHandle;
  applied: string[];
  /** The copy of the embedded database taken before migrations were applied, if any were. */
  backup?: string;
}

/**
 * Opens the database and applies pending migrations. An embedded database that already holds data is first
 * copied to backups/ beside it (see upgradeBackupPath): `beforeMigrating` hears where, before anything runs,
 * so the copy can be named in the log even if the upgrade then fails.
 */
export async function openMigratedDatabase(
  url: string,
  authToken?: string,
  commits: CommitMode = "each",
  beforeMigrating?: (pending: string[], backup: string | undefined) => void,
): Promise<MigratedDatabase> {
  const handle = await openNodeDatabase(url, authToken, commits);
  const { db } = handle;
  try {
    const pending = await pendingMigrations(db);
    let backup: string | undefined;
    const file = embeddedPath(url);
    if (pending.length > 0 && file && pending.length < Object.keys(MIGRATIONS).length) {
      backup = upgradeBackupPath(file, new Date());
      await backupTo(db, backup);
    }
    if (pending.length > 0) beforeMigrating?.(pending, backup);
    const applied = await migrateToLatest(db);
    return { db, handle, applied, ...(backup ? { backup } : {}) };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
