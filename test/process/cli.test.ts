// The command-line tools as an operator runs them, against a temporary embedded database.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = new URL("../..", import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), "minyi-cli-"));
const env = { ...process.env, DATABASE_URL: `file:${join(dir, "minyi.db")}`, BOT_TOKEN: "" };

function npmRun(...args: string[]) {
  const result = spawnSync("npm", ["run", "--silent", ...args], { cwd: ROOT, env, encoding: "utf8" });
  return { code: result.status, out: result.stdout, err: result.stderr };
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("npm run settings", () => {
  it("gets defaults, sets a value, and refuses a bad one without writing", () => {
    expect(npmRun("settings", "--", "get", "timeZone")).toMatchObject({ code: 0, out: '"Asia/Shanghai"\n' });
    expect(npmRun("settings", "--", "set", "name", "某县政协")).toMatchObject({
      code: 0,
      out: 'name = "某县政协"\n',
    });
    const refused = npmRun("settings", "--", "set", "timeZone", "Mars/Olympus");
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("refused: timeZone: not a known IANA time zone");
    expect(npmRun("settings", "--", "get", "timeZone").out).toBe('"Asia/Shanghai"\n');
    expect(npmRun("settings", "--", "get", "name").out).toBe('"某县政协"\n');
    expect(npmRun("settings", "--", "frobnicate").code).toBe(1);
  }, 60_000);
});

describe("npm run roster:import", () => {
  it("imports, re-imports without duplicating, and rejects a bad file whole", () => {
    const good = join(dir, "roster.csv");
    writeFileSync(
      good,
      "姓名,身份,单位,单位类型,手机\n张明,常委,民建县委会,民主党派,13800000001\n李华,委员,民建县委会,民主党派,\n",
    );
    expect(npmRun("roster:import", "--", good)).toMatchObject({
      code: 0,
      out: expect.stringContaining("2 people added"),
    });
    expect(npmRun("roster:import", "--", good)).toMatchObject({
      code: 0,
      out: expect.stringContaining("0 people added, 0 updated, 2 unchanged"),
    });
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "姓名,身份,单位\n王芳,皇帝,经济界\n");
    const refused = npmRun("roster:import", "--", bad);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain("line 2: unknown-role (皇帝)");
    expect(npmRun("roster:import", "--", join(dir, "missing.csv")).code).toBe(1);
  }, 60_000);
});
