// An interrupted upgrade, then `npm start` (docs/reliability.md, "Upgrades"). A committee's database from an
// older version (the latest five migrations not run yet, reports in it) is upgraded through a client that fails
// at one statement or commit, for every position the upgrade reaches, as a full disk or a lost connection would;
// the failed run is the same runMigrations the bot runs. Then the real bot starts on that file: it copies the
// database to backups/ and says where, finishes the upgrade, answers a member's /my with his reports, and every
// report is as it was.
import { copyFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../src/db/database";
import { MIGRATIONS, runMigrations } from "../../../src/db/migrations";
import { importRoster } from "../../../src/db/roster";
import { parseRosterFile } from "../../../src/roster/parse";
import { BotProcess, freshCheckout } from "../../support/bot-process";
import { Typist } from "../../support/chaos";
import { FakeTelegram } from "../../support/fake-telegram";
import { Faults } from "../../support/faulty-db";
import { embeddedTarget, olderVersion, recordedMigrations } from "../../support/migration-faults";
import { STATS_ROSTER, seedStatsReports } from "../../support/stats-fixture";

const TOKEN = "135790:UPGRADE-token";
const SECRET = "upgrade-webhook-secret-0123456789";
const ZHANG = 8201;

describe("an upgrade failed at every statement, then npm start (real process)", () => {
  const dir = freshCheckout("minyi-upgrade-");
  const base = join(dir, "older.db");
  const telegram = new FakeTelegram();
  let api: Awaited<ReturnType<FakeTelegram["listen"]>>;
  let reportsBefore: unknown[];
  let zhangReports: number[];
  const { before, pending } = olderVersion();

  beforeAll(async () => {
    api = await telegram.listen();
    const client = createClient({ url: `file:${base}` });
    const db = openDatabase(client);
    await runMigrations(db, before);
    const parsed = await parseRosterFile(new TextEncoder().encode(STATS_ROSTER), "roster.csv");
    if (!parsed.ok) throw new Error("roster");
    await importRoster(db, parsed.rows, new Date("2026-01-05T02:00:00Z"));
    const world = await seedStatsReports(db);
    await client.execute({ sql: "UPDATE people SET telegram_id = ? WHERE name = '张明'", args: [ZHANG] });
    reportsBefore = (await client.execute("SELECT * FROM reports ORDER BY id")).rows;
    zhangReports = (
      await client.execute({
        sql: "SELECT report_id FROM report_authors WHERE person_id = ? ORDER BY report_id",
        args: [world.ids.张明!],
      })
    ).rows.map((r) => Number(r.report_id));
    expect(zhangReports.length).toBeGreaterThan(0);
    client.close();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("every position: the rerun at start-up backs up, completes the upgrade and serves every report", async () => {
    // The statements of a clean upgrade from the older database.
    const probe = new Faults();
    const probePath = join(dir, "probe.db");
    copyFileSync(base, probePath);
    const probeTarget = embeddedTarget(probePath);
    await runMigrations(probeTarget.open(probe), MIGRATIONS);
    await probeTarget.close();
    const total = probe.statements.length;
    expect(total).toBeGreaterThan(pending.length * 2);

    for (let position = 0; position < total; position++) {
      const data = join(dir, `run-${position}`);
      mkdirSync(data);
      const dbPath = join(data, "minyi.db");
      copyFileSync(base, dbPath);
      const faults = new Faults().arm({ at: "any", after: position });
      const failing = embeddedTarget(dbPath);
      await expect(runMigrations(failing.open(faults), MIGRATIONS)).rejects.toThrow();
      expect(faults.injected).toBe(1);
      const recordedAfterFailure = await recordedMigrations(failing.open());
      await failing.close();

      const bot = new BotProcess({
        dir,
        databaseUrl: `file:${dbPath}`,
        apiRoot: api.url,
        token: TOKEN,
        webhookSecret: SECRET,
        telegram,
      });
      try {
        await bot.start();
        const backup = /"backup":"([^"]+)"/.exec(bot.logs)?.[1];
        expect(backup, bot.tail()).toBeDefined();
        expect(backup!.startsWith(join(data, "backups", "minyi-before-upgrade-"))).toBe(true);
        expect(existsSync(backup!)).toBe(true);
        const copy = createClient({ url: `file:${backup}` });
        expect(await recordedMigrations(openDatabase(copy))).toEqual(recordedAfterFailure);
        expect((await copy.execute("SELECT * FROM reports ORDER BY id")).rows).toEqual(reportsBefore);
        copy.close();

        telegram.reset();
        await bot.deliver(new Typist(ZHANG, "张明").text("/my"));
        const answer = telegram.textsTo(ZHANG).join("\n");
        for (const id of zhangReports.slice(0, 3)) expect(answer, `position ${position}`).toContain(`#${id}`);
      } finally {
        await bot.stop();
      }
      const after = createClient({ url: `file:${dbPath}` });
      expect(await recordedMigrations(openDatabase(after))).toEqual(Object.keys(MIGRATIONS).sort());
      expect((await after.execute("SELECT * FROM reports ORDER BY id")).rows).toEqual(reportsBefore);
      after.close();
      rmSync(data, { recursive: true, force: true });
    }
  }, 1_800_000);
});
