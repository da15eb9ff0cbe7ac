// npm run roster:import -- <file.csv|file.xlsx>: import or update the roster, all or nothing.
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { importRoster } from "../db/roster";
import { loadDatabaseEnv, openMigratedDatabase } from "../node-runtime";
import { parseRosterFile } from "../roster/parse";

async function main(argv: string[]): Promise<number> {
  const file = argv[0];
  if (!file) return fail("usage: npm run roster:import -- <file.csv|file.xlsx>");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await readFile(file));
  } catch (error) {
    return fail(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = await parseRosterFile(bytes, basename(file));
  if (!parsed.ok)
    return fail(`cannot import ${file}: ${parsed.error}${parsed.detail ? ` (${parsed.detail})` : ""}`);
  if (parsed.rejections.length > 0) {
    for (const r of parsed.rejections)
      process.stderr.write(`line ${r.line}: ${r.reason}${r.detail ? ` (${r.detail})` : ""}\n`);
    return fail(`${parsed.rejections.length} rows rejected; nothing was imported`);
  }
  const { url, authToken } = loadDatabaseEnv();
  const { db, handle } = await openMigratedDatabase(url, authToken);
  try {
    const result = await importRoster(db, parsed.rows, new Date());
    if (!result.ok) {
      for (const r of result.rejections)
        process.stderr.write(`line ${r.line}: ${r.reason}${r.detail ? ` (${r.detail})` : ""}\n`);
      return fail(`${result.rejections.length} rows rejected; nothing was imported`);
    }
    const { summary } = result;
    process.stdout.write(
      `imported ${parsed.rows.length} rows: ${summary.unitsCreated} units created, ${summary.peopleCreated} people added, ` +
        `${summary.peopleUpdated} updated, ${summary.peopleUnchanged} unchanged` +
        (summary.peopleLeftInactive > 0
          ? `; ${summary.peopleLeftInactive} deactivated people were left deactivated (reactivate them in /roster)`
          : "") +
        "\n",
    );
    return 0;
  } finally {
    await handle.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
