// npm run job as an operator runs it: --dry-run against a temporary database prints who would get what and
// changes nothing; a real run sends through the Bot API (the fake one on loopback) once per period.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJobArgs } from "../../src/cli/job";
import { FakeTelegram } from "../support/fake-telegram";

const ROOT = new URL("../..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "minyi-job-cli-"));
const DATABASE_URL = `file:${join(dir, "minyi.db")}`;
const AT = "2026-12-01T09:00:00+08:00";

function npmRun(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(
      "npm",
      ["run", "--silent", ...args],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL, BOT_TOKEN: "", LOG_LEVEL: "warn", ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? Number((error as { code?: number }).code ?? 1) : 0,
          out: stdout,
          err: stderr,
        }),
    );
  });
}

describe("npm run job", () => {
  const telegram = new FakeTelegram();
  let fake: Awaited<ReturnType<FakeTelegram["listen"]>>;

  beforeAll(async () => {
    fake = await telegram.listen();
    const roster = join(dir, "roster.csv");
    writeFileSync(
      roster,
      "姓名,身份,单位,单位类型,手机\n张明,常委,民建县委会,民主党派,\n李华,委员,民建县委会,民主党派,\n",
    );
    expect((await npmRun(["roster:import", "--", roster])).code).toBe(0);
    const client = createClient({ url: DATABASE_URL });
    await client.execute("update people set telegram_id = 101, bound_at = '2026-01-01' where name = '张明'");
    client.close();
  }, 120_000);

  afterAll(async () => {
    await fake?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("--dry-run prints who would get what and sends and records nothing", async () => {
    const run = await npmRun(["job", "--", "memberReminders", "--at", AT, "--dry-run"]);
    expect(run.code).toBe(0);
    expect(run.out).toContain("memberReminders for 2026-12-01: dry-run");
    expect(run.out).toContain("would send 1 message(s)");
    expect(run.out).toContain("→ 张明 (chat 101)\n张明，您好！这是政协社情民意信息报送提醒。");
    expect(run.out).toContain("behind: 2, reminded: 1, skippedUnbound: 1");
    const client = createClient({ url: DATABASE_URL });
    expect((await client.execute("select count(*) as n from job_runs")).rows[0]?.n).toBe(0);
    client.close();
  }, 60_000);

  it("sends for real once per period", async () => {
    const env = { BOT_TOKEN: "123456:TEST-token_for-minyi", TELEGRAM_API_ROOT: fake.url };
    const first = await npmRun(["job", "--", "memberReminders", "--at", AT], env);
    expect(first).toMatchObject({ code: 0 });
    expect(first.out).toContain(
      "memberReminders for 2026-12-01: done\nqueued 1, sent 1, failed 0, unreachable 0, pending 0",
    );
    expect(telegram.textsTo(101)).toHaveLength(1);
    const second = await npmRun(["job", "--", "memberReminders", "--at", AT], env);
    expect(second.out).toContain("memberReminders for 2026-12-01: already-done");
    expect(telegram.textsTo(101)).toHaveLength(1);
  }, 60_000);

  it("refuses unknown jobs and bad times with the usage", async () => {
    const run = await npmRun(["job", "--", "frobnicate"]);
    expect(run.code).toBe(1);
    expect(run.err).toContain('unknown job "frobnicate"');
    expect(run.err).toContain("usage: npm run job -- <name> [--at <ISO time>] [--dry-run]");
  }, 60_000);
});

describe("parseJobArgs", () => {
  const now = new Date("2026-06-01T00:00:00Z");
  it("reads the name, --at and --dry-run", () => {
    expect(parseJobArgs(["staffDigest"], now)).toEqual({ name: "staffDigest", at: now, dryRun: false });
    expect(parseJobArgs(["groupProgress", "--at=2026-07-01T10:00+08:00", "--dry-run"], now)).toEqual({
      name: "groupProgress",
      at: new Date("2026-07-01T02:00:00Z"),
      dryRun: true,
    });
    expect(parseJobArgs(["groupProgress", "--at", "yesterday"], now)).toMatch(/--at needs an ISO time/);
    expect(parseJobArgs([], now)).toMatch(/^usage/);
    expect(parseJobArgs(["staffDigest", "--force"], now)).toMatch(/unknown option --force/);
  });
});
