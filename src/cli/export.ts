// npm run export -- <period> <file.xlsx>: the Excel bulletin of a period (2026, 2026Q3, 2026-05, 上季度 …), the
// same file /export sends, written from the database in DATABASE_URL, to a new file only.
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { createI18n } from "../bot/i18n";
import { loadSettings } from "../db/settings";
import { bulletinData } from "../db/stats-bulletin";
import { parsePeriod, periodLabel } from "../domain/periods";
import { DEFAULT_SETTINGS } from "../domain/settings";
import { bulletinXlsx } from "../export/bulletin";
import { translator } from "../bot/i18n";
import { loadDatabaseEnv, openMigratedDatabase, readLocales } from "../node-runtime";

const USAGE =
  "usage: npm run export -- <period> <file.xlsx>   (period: 2026, 2026Q3, Q3, 2026-05, 上季度, last year …)";

async function main(argv: string[]): Promise<number> {
  const [given, file] = argv;
  if (!given || !file) return fail(USAGE);
  // The arguments are checked before the database is opened: opening it may write (migrations, a checkpoint),
  // and a slip naming the database itself as the target must leave it exactly as it was.
  if (!parsePeriod(given, new Date(), DEFAULT_SETTINGS.timeZone))
    return fail(`not a period: ${given}\n${USAGE}`);
  if (existsSync(file))
    return fail(`${file} already exists; npm run export never overwrites a file. Name a new file.`);
  const { url, authToken } = loadDatabaseEnv();
  const { db, handle } = await openMigratedDatabase(url, authToken);
  try {
    const settings = await loadSettings(db);
    const now = new Date();
    const period = parsePeriod(given, now, settings.timeZone);
    if (!period) return fail(`not a period: ${given}\n${USAGE}`);
    const i18n = createI18n(readLocales());
    const data = await bulletinData(db, period, settings);
    const bytes = await bulletinXlsx(data, settings, translator(i18n, "zh"), now);
    // "wx": created here or not at all, should the file have appeared meanwhile.
    await writeFile(file, bytes, { flag: "wx" });
    process.stdout.write(
      `wrote ${file}: ${periodLabel(period)}, ${data.units.length} units, ${data.people.length} people, ` +
        `${data.reports.length} reports${data.reportsLeftOut > 0 ? ` (${data.reportsLeftOut} more left out)` : ""}\n`,
    );
    return 0;
  } catch (error) {
    return fail(`export failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await handle.close();
  }
}

function fail(message: string): number {
  process.stderr.write(`${message}\n`);
  return 1;
}

process.exitCode = await main(process.argv.slice(2));
