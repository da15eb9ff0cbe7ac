// npm run settings -- get [key] | set <key> <value>: read or change committee settings from the shell.
import { changeSetting, loadSettings } from "../db/settings";
import { ensureStatsCurrent, isStatsBasisKey } from "../db/stats-recount";
import { isSettingKey, SETTING_KEYS } from "../domain/settings";
import { loadDatabaseEnv, openMigratedDatabase } from "../node-runtime";

const USAGE = "usage: npm run settings -- get [key] | set <key> <value>";

async function main(argv: string[]): Promise<number> {
  const [command, key, ...valueParts] = argv;
  if (command !== "get" && command !== "set") return fail(USAGE);
  const { url, authToken } = loadDatabaseEnv();
  const { db, handle } = await openMigratedDatabase(url, authToken);
  try {
    if (command === "get") {
      const settings = await loadSettings(db);
      if (key === undefined) {
        for (const k of SETTING_KEYS) process.stdout.write(`${k} = ${JSON.stringify(settings[k])}\n`);
        return 0;
      }
      if (!isSettingKey(key)) return fail(`unknown key "${key}"; keys: ${SETTING_KEYS.join(", ")}`);
      process.stdout.write(`${JSON.stringify(settings[key], null, 2)}\n`);
      return 0;
    }
    if (key === undefined || valueParts.length === 0) return fail(USAGE);
    const change = await changeSetting(db, key, valueParts.join(" "));
    if (!change.ok) return fail(`refused: ${change.reason}`);
    process.stdout.write(
      `${key} = ${JSON.stringify(change.settings[key as keyof typeof change.settings])}\n`,
    );
    if (isStatsBasisKey(key)) {
      // The statistics are counted per period in the time zone, at the own level: recount them now, here,
      // rather than in the first /stats a leader asks for (minutes with a million reports).
      const started = Date.now();
      await ensureStatsCurrent(db, change.settings);
      process.stdout.write(`statistics recounted in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    }
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
