// `npm run backup` while the real bot is busy: three people keep writing and submitting reports through the
// webhook while backups are taken. Each copy must pass SQLite's integrity check and hold every report that was
// committed before the backup started, word for word. Then the documented restore: stop the bot, put a copy in
// place of the database file (removing the old -wal and -shm files), start it again: it serves the restored
// data and people carry on writing. A harness opened on the restored file sees the same.
import { flowData } from "../../support/report-script";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import { createClient } from "@libsql/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DB, openDatabase } from "../../../src/db/database";
import { openEmbeddedDatabase } from "../../../src/db/embedded";
import { importRoster } from "../../../src/db/roster";
import { openMigratedDatabase } from "../../../src/node-runtime";
import { parseRosterFile } from "../../../src/roster/parse";
import { BotProcess, freshCheckout } from "../../support/bot-process";
import { Dice, Typist } from "../../support/chaos";
import { FakeTelegram } from "../../support/fake-telegram";
import { Harness } from "../../support/harness";
import { planReport, reportSteps } from "../../support/report-script";

const TOKEN = "246810:BACKUP-token";
const SECRET = "backup-webhook-secret-0123456789";
const ROSTER = `姓名,身份,单位,单位类型,手机
张明,常委,民建县委会,民主党派,13800000001
李华,委员,民建县委会,民主党派,13800000002
王芳,特邀信息员,经济界,界别,13800000003
`;

type ReportRow = { id: number; title: string; situation: string; suggestions: string };

async function reportsIn(db: DB): Promise<ReportRow[]> {
  return db.selectFrom("reports").select(["id", "title", "situation", "suggestions"]).orderBy("id").execute();
}

describe("npm run backup while the bot writes, and restoring a copy (real process)", () => {
  const dir = freshCheckout("minyi-backup-");
  const dbPath = join(dir, "data", "minyi.db");
  const telegram = new FakeTelegram();
  let api: Awaited<ReturnType<FakeTelegram["listen"]>>;
  let bot: BotProcess;
  let db: DB;
  let close: () => Promise<void>;
  const codes = new Map<string, string>();

  beforeAll(async () => {
    api = await telegram.listen();
    const opened = await openMigratedDatabase(`file:${dbPath}`);
    db = opened.db;
    close = () => opened.handle.close();
    const parsed = await parseRosterFile(new TextEncoder().encode(ROSTER), "roster.csv");
    if (!parsed.ok) throw new Error("bad roster");
    await importRoster(db, parsed.rows, new Date());
    for (const row of await db.selectFrom("people").select(["name", "invite_code"]).execute())
      codes.set(row.name, row.invite_code!);
    bot = new BotProcess({
      dir,
      databaseUrl: `file:${dbPath}`,
      apiRoot: api.url,
      token: TOKEN,
      webhookSecret: SECRET,
      telegram,
    });
    await bot.start();
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await close?.();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const npmBackup = (target: string) =>
    spawnSync("npm", ["run", "--silent", "backup", "--", target], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: `file:${dbPath}`, BOT_TOKEN: "" },
      encoding: "utf8",
    });

  it("copies are consistent and complete while reports are being written; a copy restores", async () => {
    const typists = [new Typist(8101, "张明"), new Typist(8102, "李华"), new Typist(8103, "王芳")];
    for (const t of typists) await bot.deliver(t.text(`/start ${codes.get(t.name)}`));
    const dice = new Dice(31337);
    let writing = true;
    let written = 0;
    const writeOne = async (typist: Typist, plan: ReturnType<typeof planReport>) => {
      let draftId: number | undefined;
      for (const step of reportSteps(typist, plan)) {
        await bot.deliver(step.make(draftId));
        if (step.label === "/new") {
          const row = await db
            .selectFrom("drafts")
            .innerJoin("people", "people.id", "drafts.person_id")
            .select("drafts.id")
            .where("people.name", "=", typist.name)
            .where("drafts.in_flow", "=", 1)
            .orderBy("drafts.id", "desc")
            .executeTakeFirstOrThrow();
          draftId = row.id;
        }
      }
      const submitted = await db
        .selectFrom("drafts")
        .select("submitted_report_id")
        .where("id", "=", draftId!)
        .executeTakeFirstOrThrow();
      if (submitted.submitted_report_id === null)
        await bot.deliver(typist.press(flowData(draftId, "submit!")));
    };
    const writer = async (typist: Typist, index: number) => {
      for (let n = 1; writing; n++) {
        await writeOne(typist, {
          ...planReport(dice, `W${index}-${n}`, []),
          photos: [],
          coauthor: undefined,
        });
        written += 1;
      }
    };
    const writers = typists.map((t, i) => writer(t, i + 1));

    const backups: { path: string; before: ReportRow[] }[] = [];
    try {
      for (let i = 1; i <= 3; i++) {
        while (written < i * 2) await new Promise((r) => setTimeout(r, 100));
        const before = await reportsIn(db);
        const path = join(dir, "backups", `copy-${i}.db`);
        const result = npmBackup(path);
        expect(result.status, result.stderr).toBe(0);
        expect(result.stdout).toContain("integrity ok");
        backups.push({ path, before });
      }
    } finally {
      writing = false;
      await Promise.all(writers);
    }

    for (const { path, before } of backups) {
      const client = createClient({ url: `file:${path}` });
      const copy = openDatabase(client);
      const integrity = await client.execute("PRAGMA integrity_check");
      expect(integrity.rows[0]?.[0]).toBe("ok");
      const inCopy = await reportsIn(copy);
      // Everything committed before the backup began is in it, word for word…
      expect(inCopy.slice(0, before.length)).toEqual(before);
      // …and nothing that is not in the live database.
      const live = await reportsIn(db);
      expect(live.slice(0, inCopy.length)).toEqual(inCopy);
      client.close();
    }
    expect(backups.at(-1)!.before.length).toBeGreaterThanOrEqual(6);

    // Restore the second copy: stop the bot, replace the file, drop the old WAL and shared memory, start.
    const restored = backups[1]!;
    const expected = await reportsIn(openDatabase(createClient({ url: `file:${restored.path}` })));
    await close();
    await bot.stop();
    // The documented way: the copy goes next to the database file and is renamed over it (one step, a new
    // file: nothing still holding the old one can mix the two), then the old -wal and -shm files go.
    copyFileSync(restored.path, `${dbPath}.restore`);
    renameSync(`${dbPath}.restore`, dbPath);
    for (const suffix of ["-wal", "-shm"]) rmSync(`${dbPath}${suffix}`, { force: true });
    await bot.start();
    const opened = await openMigratedDatabase(`file:${dbPath}`);
    db = opened.db;
    close = () => opened.handle.close();
    expect(await reportsIn(db)).toEqual(expected);
    expect(existsSync(`${dbPath}-wal`)).toBe(true);

    // People carry on after the restore: a new report goes through the restored bot.
    const after = { ...planReport(dice, "AFTER", []), photos: [], coauthor: undefined };
    // 张明 was in the middle of a report when the copy was taken, and the restored bot knows it: he leaves
    // that flow first (keeping the draft), as he would after being told to finish or cancel it.
    await bot.deliver(typists[0]!.text("/cancel"));
    const keep = telegram.calls
      .filter((c) => Number(c.payload.chat_id) === typists[0]!.id && c.payload.reply_markup)
      .flatMap((c) =>
        (
          c.payload.reply_markup as { inline_keyboard: { callback_data?: string }[][] }
        ).inline_keyboard.flat(),
      )
      .map((b) => b.callback_data ?? "")
      .filter((data) => data.endsWith(":keep"))
      .at(-1);
    if (keep) await bot.deliver(typists[0]!.press(keep));
    await writeOne(typists[0]!, after);
    const final = await reportsIn(db);
    expect(final.slice(0, expected.length)).toEqual(expected);
    expect(final.at(-1)?.title).toBe(after.title);

    // And the in-process bot opened on a copy of the restored file sees the same reports and people.
    const copyPath = join(dir, "restored-copy.db");
    expect(npmBackup(copyPath).status).toBe(0);
    const copy = openEmbeddedDatabase(copyPath);
    const h = await Harness.create({ db: copy.db });
    expect(await reportsIn(h.db)).toEqual(final);
    const zhang = h.user(8101, { firstName: "张明" });
    await zhang.send("/my");
    expect(zhang.lastText()).toContain(after.title.slice(0, 6));
    await copy.close();
    console.log(
      `[chaos] backup: 3 copies taken while ${written} reports were written; restored copy 2 (${expected.length} reports) and wrote on`,
    );
  }, 600_000);
});
