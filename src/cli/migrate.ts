// npm run migrate: brings the database at DATABASE_URL (from the environment or .env; DATABASE_AUTH_TOKEN
// for Turso) to the latest schema and says what it applied. Needs no bot token, so it is the step to run
// before deploying the Worker; the Node entry also migrates on start.
import { loadDatabaseEnv, openMigratedDatabase } from "../node-runtime";

async function main(): Promise<number> {
  const { url, authToken } = loadDatabaseEnv();
  const where = url.split("?")[0];
  let opened: Awaited<ReturnType<typeof openMigratedDatabase>>;
  try {
    opened = await openMigratedDatabase(url, authToken, "each", (_pending, backup) => {
      if (backup) process.stdout.write(`Backed up ${where} to ${backup} before migrating.\n`);
    });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `Migration of ${where} failed: ${authToken ? message.split(authToken).join("[redacted]") : message}\n`,
    );
    return 1;
  }
  try {
    if (opened.applied.length === 0) process.stdout.write(`${where} is up to date.\n`);
    else
      process.stdout.write(`Applied to ${where}:\n${opened.applied.map((name) => `  ${name}\n`).join("")}`);
    return 0;
  } finally {
    await opened.handle.close();
  }
}

process.exitCode = await main();
