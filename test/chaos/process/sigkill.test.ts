// SIGKILL in the middle of writing reports. The real bot process (tsx src/main.ts, as `npm start` runs it) in
// webhook mode on an embedded database file; updates are delivered the way Telegram delivers them (again until
// the webhook answers 2xx). At random steps the process is killed with SIGKILL, either right after the answer to
// a step or while a step is being handled, and started again on the same database. At the end every report must
// hold exactly what was typed, each submitted once, and no update may be left half-claimed.
import { flowData } from "../../support/report-script";
import { rmSync } from "node:fs";
import { join } from "node:path";
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

const TOKEN = "987654:CHAOS-token_that-must-never-be-logged";
const SECRET = "chaos-webhook-secret-0123456789";
const KILLS_BETWEEN_STEPS = 20;
const KILLS_DURING_STEPS = 10;
const REPORTS = 6;

const ROSTER = `姓名,身份,单位,单位类型,手机
张明,常委,民建县委会,民主党派,13800000001
李华,委员,民建县委会,民主党派,13800000002
王芳,特邀信息员,经济界,界别,13800000003
`;

describe("SIGKILL while people write reports (real process, webhook)", () => {
  const seed = chaosSeed("sigkill");
  const dice = new Dice(seed);
  const dir = freshCheckout();
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
    const parsed = await parseRosterFile(new TextEncoder().encode(ROSTER), "roster.csv");
    if (!parsed.ok) throw new Error("bad roster");
    await importRoster(db, parsed.rows, new Date());
    for (const row of await db.selectFrom("people").select(["id", "name", "invite_code"]).execute())
      people.set(row.name, { personId: row.id, code: row.invite_code! });
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

  it(`keeps every word through ${KILLS_BETWEEN_STEPS} kills between steps and ${KILLS_DURING_STEPS} during steps`, async () => {
    const started = Date.now();
    const typists = [new Typist(7101, "张明"), new Typist(7102, "李华"), new Typist(7103, "王芳")];
    for (const typist of typists) await bot.deliver(typist.text(`/start ${people.get(typist.name)!.code}`));
    const bound = typists.map((t) => ({ name: t.name, personId: people.get(t.name)!.personId }));

    const reports = Array.from({ length: REPORTS }, (_, i) => {
      const typist = typists[i % typists.length]!;
      const plan = planReport(
        dice,
        `R${i + 1}`,
        bound.filter((b) => b.name !== typist.name),
      );
      return { typist, plan, steps: reportSteps(typist, plan), draftId: undefined as number | undefined };
    });
    const total = reports.reduce((sum, r) => sum + r.steps.length, 0);
    const killAfter = new Set(dice.sample(total, KILLS_BETWEEN_STEPS));
    const killDuring = new Set(
      dice.sample(total, KILLS_BETWEEN_STEPS + KILLS_DURING_STEPS).filter((i) => !killAfter.has(i)),
    );
    while (killDuring.size > KILLS_DURING_STEPS) killDuring.delete([...killDuring].at(-1)!);

    let index = 0;
    let deliveries = 0;
    let answeredBeforeKill = 0;
    const log: string[] = [];
    for (const report of reports) {
      const person = people.get(report.typist.name)!;
      for (const step of report.steps) {
        const update = step.make(report.draftId);
        if (killDuring.has(index)) {
          const posted = bot.post(update);
          await sleep(dice.int(0, 60));
          await bot.kill();
          const result = await posted;
          deliveries += 1;
          log.push(`#${index} ${report.plan.tag} ${step.label}: killed during (answer: ${result})`);
          if (typeof result === "number" && result >= 200 && result < 300) {
            answeredBeforeKill += 1;
            await bot.start();
          } else {
            deliveries += await bot.deliver(update);
          }
        } else {
          deliveries += await bot.deliver(update);
        }
        if (killAfter.has(index)) {
          log.push(`#${index} ${report.plan.tag} ${step.label}: killed after`);
          await bot.kill();
          await bot.start();
        }
        if (step.label === "/new") {
          const draftId = await draftInFlow(db, person.personId);
          if (draftId === undefined)
            throw new Error(
              `no draft after /new:\n${log.join("\n")}\n${telegram.textsTo(report.typist.id).slice(-5).join("\n---\n")}\n${bot.tail()}`,
            );
          report.draftId = draftId;
        }
        index += 1;
      }
      // Submit shows similar reports first when there are any: "submit anyway", as a person would.
      if ((await submittedReport(db, report.draftId!)) === null)
        deliveries += await bot.deliver(report.typist.press(flowData(report.draftId, "submit!")));
    }
    console.log(`[chaos] sigkill schedule:\n  ${log.join("\n  ")}`);

    const categories = DEFAULT_SETTINGS.categories;
    for (const { plan, draftId } of reports) {
      const reportId = await submittedReport(db, draftId!);
      expect(reportId, `${plan.tag} was not submitted`).not.toBeNull();
      const stored = await db
        .selectFrom("reports")
        .selectAll()
        .where("id", "=", reportId!)
        .executeTakeFirstOrThrow();
      expect(stored, plan.tag).toMatchObject(expectedReport(plan, categories));
      const photos = await db
        .selectFrom("report_attachments")
        .select("file_unique_id")
        .where("report_id", "=", reportId!)
        .orderBy("position")
        .execute();
      expect(
        photos.map((p) => p.file_unique_id),
        plan.tag,
      ).toEqual(plan.photos);
      const coauthors = await db
        .selectFrom("report_authors")
        .select("person_id")
        .where("report_id", "=", reportId!)
        .where("position", ">", 0)
        .execute();
      expect(
        coauthors.map((c) => c.person_id),
        plan.tag,
      ).toEqual(plan.coauthor ? [plan.coauthor.personId] : []);
      const events = await db
        .selectFrom("report_events")
        .select("kind")
        .where("report_id", "=", reportId!)
        .execute();
      expect(events.map((e) => e.kind)).toEqual(["submitted"]);
    }
    // One report per plan: no double submission, nothing extra.
    const allReports = await db.selectFrom("reports").select(["id", "source_draft_id"]).execute();
    expect(allReports).toHaveLength(REPORTS);
    // Nothing is left claimed by a dead process.
    const processing = await db
      .selectFrom("processed_updates")
      .select("update_id")
      .where("status", "=", "processing")
      .execute();
    expect(processing).toEqual([]);
    // The secrets never reached the logs of any of the runs.
    expect(bot.logs).not.toContain(TOKEN);
    expect(bot.logs).not.toContain(SECRET);

    console.log(
      `[chaos] sigkill: ${REPORTS} reports, ${total} steps, ${bot.kills} SIGKILLs (${KILLS_BETWEEN_STEPS} between steps, ${killDuring.size} during a step, ${answeredBeforeKill} of those answered before the kill), ${bot.starts} starts, ${deliveries} deliveries, ${Math.round((Date.now() - started) / 1000)} s`,
    );
  }, 600_000);
});

async function draftInFlow(db: DB, personId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom("drafts")
    .select("id")
    .where("person_id", "=", personId)
    .where("in_flow", "=", 1)
    .where("submitted_report_id", "is", null)
    .orderBy("id", "desc")
    .executeTakeFirst();
  return row?.id;
}

async function submittedReport(db: DB, draftId: number): Promise<number | null> {
  const row = await db
    .selectFrom("drafts")
    .select("submitted_report_id")
    .where("id", "=", draftId)
    .executeTakeFirstOrThrow();
  return row.submitted_report_id;
}
