// SIGKILL in long-polling mode, the default `npm start`. The fake Bot API holds the updates and hands them out
// through getUpdates the way Telegram does (an update leaves only once an offset past it is asked for). At random
// steps the process is killed right after the step was handled, or while it was being handled; it is started
// again and fetches what Telegram still holds. At the end every report holds exactly what was typed.
import { flowData } from "../../support/report-script";
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "../../../src/db/database";
import { importRoster } from "../../../src/db/roster";
import { DEFAULT_SETTINGS } from "../../../src/domain/settings";
import { openMigratedDatabase } from "../../../src/node-runtime";
import { parseRosterFile } from "../../../src/roster/parse";
import { BotProcess, freshCheckout, sleep } from "../../support/bot-process";
import { chaosSeed, Dice, Typist } from "../../support/chaos";
import { FakeTelegram } from "../../support/fake-telegram";
import { expectedReport, planReport, reportSteps } from "../../support/report-script";

const TOKEN = "975310:POLLING-token-never-logged";
const KILLS_BETWEEN_STEPS = 10;
const KILLS_DURING_STEPS = 10;
const REPORTS = 3;

describe("SIGKILL while people write reports (real process, long polling)", () => {
  const seed = chaosSeed("sigkill-polling");
  const dice = new Dice(seed);
  const dir = freshCheckout("minyi-polling-");
  const dbPath = join(dir, "data", "minyi.db");
  const telegram = new FakeTelegram();
  let api: Awaited<ReturnType<FakeTelegram["listen"]>>;
  let bot: BotProcess;
  let db: DB;
  let close: () => Promise<void>;
  const people = new Map<string, { personId: number; code: string }>();

  beforeAll(async () => {
    api = await telegram.listen();
    const opened = await openMigratedDatabase(`file:${dbPath}`);
    db = opened.db;
    close = () => opened.handle.close();
    const roster = "姓名,身份,单位\n张明,常委,民建县委会\n李华,委员,民建县委会\n";
    const parsed = await parseRosterFile(new TextEncoder().encode(roster), "roster.csv");
    if (!parsed.ok) throw new Error("bad roster");
    await importRoster(db, parsed.rows, new Date());
    for (const row of await db.selectFrom("people").select(["id", "name", "invite_code"]).execute())
      people.set(row.name, { personId: row.id, code: row.invite_code! });
    bot = new BotProcess({ dir, databaseUrl: `file:${dbPath}`, apiRoot: api.url, token: TOKEN });
    await bot.start();
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await close?.();
    await api?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /**
   * Waits until the bot has handled the update — long polling confirmed it, which the bot does only once it
   * is handled and answered — starting the bot if it is down.
   */
  const handled = async (update: Update) => {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!bot.running) await bot.start();
      if (telegram.confirmed(update.update_id)) return;
      await sleep(20);
    }
    throw new Error(`update ${update.update_id} was never handled:\n${bot.tail()}`);
  };

  it(`keeps every word through ${KILLS_BETWEEN_STEPS} kills between steps and ${KILLS_DURING_STEPS} during steps`, async () => {
    const started = Date.now();
    const typists = [new Typist(7201, "张明"), new Typist(7202, "李华")];
    for (const typist of typists) {
      const start = typist.text(`/start ${people.get(typist.name)!.code}`);
      telegram.pushUpdate(start);
      await handled(start);
    }
    const reports = Array.from({ length: REPORTS }, (_, i) => {
      const typist = typists[i % typists.length]!;
      const plan = { ...planReport(dice, `P${i + 1}`, []), coauthor: undefined };
      return { typist, plan, steps: reportSteps(typist, plan), draftId: undefined as number | undefined };
    });
    const total = reports.reduce((sum, r) => sum + r.steps.length, 0);
    const killAfter = new Set(dice.sample(total, KILLS_BETWEEN_STEPS));
    const killDuring = new Set(
      dice.sample(total, KILLS_BETWEEN_STEPS + KILLS_DURING_STEPS).filter((i) => !killAfter.has(i)),
    );
    while (killDuring.size > KILLS_DURING_STEPS) killDuring.delete([...killDuring].at(-1)!);

    let index = 0;
    let handledBeforeKill = 0;
    for (const report of reports) {
      const person = people.get(report.typist.name)!;
      for (const step of report.steps) {
        const update = step.make(report.draftId);
        telegram.pushUpdate(update);
        if (killDuring.has(index)) {
          await sleep(dice.int(0, 80));
          await bot.kill();
          const row = await db
            .selectFrom("processed_updates")
            .select("status")
            .where("update_id", "=", update.update_id)
            .executeTakeFirst();
          // Done, or applied by its step's own transaction (claims in process memory).
          if (row?.status === "done" || row?.status === "applied") handledBeforeKill += 1;
        }
        await handled(update);
        if (killAfter.has(index)) {
          await bot.kill();
          await bot.start();
        }
        if (step.label === "/new") {
          const row = await db
            .selectFrom("drafts")
            .select("id")
            .where("person_id", "=", person.personId)
            .where("in_flow", "=", 1)
            .where("submitted_report_id", "is", null)
            .orderBy("id", "desc")
            .executeTakeFirstOrThrow();
          report.draftId = row.id;
        }
        index += 1;
      }
      const submitted = await db
        .selectFrom("drafts")
        .select("submitted_report_id")
        .where("id", "=", report.draftId!)
        .executeTakeFirstOrThrow();
      if (submitted.submitted_report_id === null) {
        const anyway = report.typist.press(flowData(report.draftId, "submit!"));
        telegram.pushUpdate(anyway);
        await handled(anyway);
      }
    }

    for (const { plan, draftId } of reports) {
      const draft = await db
        .selectFrom("drafts")
        .select("submitted_report_id")
        .where("id", "=", draftId!)
        .executeTakeFirstOrThrow();
      expect(draft.submitted_report_id, plan.tag).not.toBeNull();
      const stored = await db
        .selectFrom("reports")
        .selectAll()
        .where("id", "=", draft.submitted_report_id!)
        .executeTakeFirstOrThrow();
      expect(stored, plan.tag).toMatchObject(expectedReport(plan, DEFAULT_SETTINGS.categories));
      const photos = await db
        .selectFrom("report_attachments")
        .select("file_unique_id")
        .where("report_id", "=", stored.id)
        .orderBy("position")
        .execute();
      expect(
        photos.map((p) => p.file_unique_id),
        plan.tag,
      ).toEqual(plan.photos);
    }
    expect(await db.selectFrom("reports").select("id").execute()).toHaveLength(REPORTS);
    expect(bot.logs).not.toContain(TOKEN);
    console.log(
      `[chaos] sigkill polling: ${REPORTS} reports, ${total} steps, ${bot.kills} SIGKILLs (${killAfter.size} after a step was handled, ${killDuring.size} while it was pushed or being handled, ${handledBeforeKill} of those already done), ${bot.starts} starts, ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }, 600_000);
});
