// npm run backup -- [file]: a consistent copy of the embedded database (DATABASE_URL, default
// file:./data/minyi.db) while the bot keeps running, to data/backups/minyi-<time>.db unless a file is named;
// the copy is then opened on its own and checked (PRAGMA integrity_check). Restoring is described in README.md
// ("Backups"): stop the bot, put the copy in place of the database file, remove its -wal and -shm files, start.
import { backupTo, checkBackup, defaultBackupPath, embeddedPath } from "../db/backup";
import { openNodeDatabase } from "../db/node-client";
import { loadDatabaseEnv } from "../node-runtime";

async function main(argv: string[]): Promise<number> {
  const { url } = loadDatabaseEnv();
  const source = embeddedPath(url);
  if (!source) {
    process.stderr.write(
      `npm run backup copies an embedded database file (DATABASE_URL=file:…); ${url.split("?")[0]} is not one. ` +
        "For Turso, use its own tools (turso db shell <db> .dump, or point-in-time restore).\n",
    );
    return 1;
  }
  if (argv.length > 1 || argv[0]?.startsWith("-")) {
    process.stderr.write("usage: npm run backup -- [file]\n");
    return 1;
  }
  const target = argv[0] ?? defaultBackupPath(new Date());
  const { db, close } = await openNodeDatabase(`file:${source}`);
  try {
    await backupTo(db, target);
  } catch (error) {
    process.stderr.write(`Backup failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await close();
  }
  const check = await checkBackup(target);
  if (check.integrity !== "ok") {
    process.stderr.write(`Backup written to ${target}, but its integrity check failed: ${check.integrity}\n`);
    return 1;
  }
  const { people = 0, reports = 0, drafts = 0 } = check.rows;
  process.stdout.write(
    `Backed up ${source} to ${target} (${Math.ceil(check.bytes / 1024)} KiB): integrity ok; ` +
      `${people} people, ${reports} reports, ${drafts} drafts.\n`,
  );
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
