// Hostile files sent to the real process (`npm start`: tsx src/main.ts), in long polling and webhook mode: a
// .docx whose document.xml inflates to 512 MB at a report's text step, an .xlsx roster bomb, and (polling) a
// .docx under the unpacked bound whose parse needs more than the parse process's heap. Meanwhile another person
// sends /help every few hundred milliseconds. The senders are told the bound, the draft is kept, the other person
// is answered within seconds, the bot process's resident memory stays bounded (sampled from /proc) and the
// process never restarts.
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Update } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../../../src/bot/i18n";
import type { DB } from "../../../src/db/database";
import { importRoster } from "../../../src/db/roster";
import { FILE_LIMITS, MB } from "../../../src/files/limits";
import { openMigratedDatabase, readLocales } from "../../../src/node-runtime";
import { parseRosterFile } from "../../../src/roster/parse";
import { BotProcess, freshCheckout, sleep } from "../../support/bot-process";
import { Typist } from "../../support/chaos";
import { FakeTelegram } from "../../support/fake-telegram";
import { docxXmlBomb, xlsxBomb } from "../../support/files";
import { flowData } from "../../support/report-script";
import { rosterXlsx } from "../../support/xlsx";

const TOKEN = "864213:BOMB-token-never-logged";
const SECRET = "bomb-webhook-secret-0123456789";
const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const TYPED = "已经写好的第一段：村里的水井去年干了。";
/** The longest another person may wait for an answer while bombs are read. */
const ANSWER_WITHIN_MS = 5_000;
/** The bot process's resident memory may not grow past this while bombs are read. */
const BOT_RSS_BOUND_MB = 400;

const i18n = createI18n(readLocales());
const t = (key: string, vars?: Record<string, string | number>) => i18n.t("zh", key, vars);

interface Sample {
  botMb: number;
  parseMb: number;
}

/** Resident memory of the group's processes: the largest that is not a parse process, and the parse ones. */
function sampleMemory(groupId: number): Sample {
  let botMb = 0;
  let parseMb = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== groupId) continue;
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${entry}/status`, "utf8"))?.[1] ?? 0);
      const mb = rss / 1024;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes("parse-child")) parseMb += mb;
      else botMb = Math.max(botMb, mb);
    } catch {
      // the process ended meanwhile
    }
  }
  return { botMb, parseMb };
}

for (const mode of ["polling", "webhook"] as const)
  describe(`files people send, to the real process (${mode})`, () => {
    const dir = freshCheckout(`minyi-bomb-${mode}-`);
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
      const roster =
        "姓名,身份,单位\n张明,常委,民建县委会\n李华,委员,民建县委会\n王芳,委员,经济界\n陈静,工作人员,县政协办公室\n";
      const parsed = await parseRosterFile(new TextEncoder().encode(roster), "roster.csv");
      if (!parsed.ok) throw new Error("bad roster");
      await importRoster(db, parsed.rows, new Date());
      for (const row of await db.selectFrom("people").select(["name", "invite_code"]).execute())
        codes.set(row.name, row.invite_code!);
      bot = new BotProcess({
        dir,
        databaseUrl: `file:${dbPath}`,
        apiRoot: api.url,
        token: TOKEN,
        ...(mode === "webhook" ? { webhookSecret: SECRET } : {}),
        telegram,
      });
      await bot.start();
    }, 180_000);

    afterAll(async () => {
      await bot?.stop();
      await close?.();
      await api?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    /**
     * Hands the update to the bot as Telegram would in this mode; resolves once it is handled and answered: the
     * webhook's 200; in long polling its done mark (written after the answer), or for a step marked applied in
     * its own transaction (before the answer) polling's confirmation, which follows the answer.
     */
    const send = async (update: Update): Promise<void> => {
      if (mode === "webhook") return void expect(await bot.post(update)).toBe(200);
      telegram.pushUpdate(update);
      const deadline = Date.now() + 90_000;
      while (Date.now() < deadline) {
        const row = await db
          .selectFrom("processed_updates")
          .select("status")
          .where("update_id", "=", update.update_id)
          .executeTakeFirst();
        if (row?.status === "done") return;
        if (row?.status === "applied" && telegram.confirmed(update.update_id)) return;
        await sleep(20);
      }
      throw new Error(`update ${update.update_id} was never handled:\n${bot.tail()}`);
    };

    const documentFrom = (typist: Typist, name: string, bytes: Uint8Array, mime?: string) => {
      const fileId = telegram.addFile(bytes, name);
      return typist.message({
        document: {
          file_id: fileId,
          file_unique_id: fileId,
          file_name: name,
          ...(mime ? { mime_type: mime } : {}),
          file_size: bytes.length,
        },
      });
    };

    /** The typist at step 3 of a new report, one message typed; the draft's id. */
    const writing = async (typist: Typist): Promise<number> => {
      await send(typist.text("/new"));
      await send(typist.text("关于加强农村饮水安全管理的建议"));
      const draft = await db
        .selectFrom("drafts")
        .innerJoin("people", "people.id", "drafts.person_id")
        .select("drafts.id")
        .where("people.name", "=", typist.name)
        .where("drafts.in_flow", "=", 1)
        .executeTakeFirstOrThrow();
      await send(typist.press(flowData(draft.id, "cat:0")));
      await send(typist.text(TYPED));
      return draft.id;
    };

    const pending = async (draftId: number) =>
      (
        await db
          .selectFrom("drafts")
          .select("pending_text")
          .where("id", "=", draftId)
          .executeTakeFirstOrThrow()
      ).pending_text;

    it("answers the senders with the bound, others within seconds, memory bounded, no restart", async () => {
      const base = 8800 + (mode === "polling" ? 0 : 100);
      const author = new Typist(base + 1, "张明");
      const other = new Typist(base + 2, "李华");
      const heavy = new Typist(base + 3, "王芳");
      const staff = new Typist(base + 4, "陈静");
      for (const typist of [author, other, heavy, staff])
        await send(typist.text(`/start ${codes.get(typist.name)}`));
      const authorDraft = await writing(author);
      const heavyDraft = mode === "polling" ? await writing(heavy) : undefined;

      const groupId = bot.groupId!;
      const idle = sampleMemory(groupId);
      const peak: Sample = { ...idle };
      let sampling = true;
      const sampler = (async () => {
        while (sampling) {
          const now = sampleMemory(groupId);
          peak.botMb = Math.max(peak.botMb, now.botMb);
          peak.parseMb = Math.max(peak.parseMb, now.parseMb);
          await sleep(100);
        }
      })();

      const good = await rosterXlsx([
        ["姓名", "身份", "单位"],
        ["吴刚", "委员", "经济界"],
      ]);
      const started = Date.now();
      const bombs = [
        send(documentFrom(author, "情况.docx", docxXmlBomb(512), DOCX)),
        send(documentFrom(staff, "名单.xlsx", xlsxBomb(good, 512))),
        // Under the unpacked bound, so it reaches the parser, whose heap it outgrows.
        ...(heavyDraft !== undefined ? [send(documentFrom(heavy, "情况.docx", docxXmlBomb(48), DOCX))] : []),
      ];
      let bombsDone = false;
      const allBombs = Promise.all(bombs).then(() => {
        bombsDone = true;
      });
      const waits: number[] = [];
      while (!bombsDone) {
        const before = telegram.textsTo(other.id).length;
        const asked = Date.now();
        await send(other.text("/help"));
        expect(telegram.textsTo(other.id).length).toBeGreaterThan(before);
        waits.push(Date.now() - asked);
        await Promise.race([allBombs, sleep(300)]);
      }
      await allBombs;
      const bombSeconds = (Date.now() - started) / 1000;
      sampling = false;
      await sampler;

      const unpacked = t("file-too-large-unpacked", { limit: FILE_LIMITS.unpackedBytes / MB });
      expect(telegram.textsTo(author.id).at(-1)).toContain(`${unpacked}\n\n${t("file-draft-kept")}`);
      expect(await pending(authorDraft)).toBe(TYPED);
      expect(telegram.textsTo(staff.id).at(-1)).toBe(unpacked);
      expect(await db.selectFrom("people").select("id").where("name", "=", "吴刚").execute()).toHaveLength(0);
      if (heavyDraft !== undefined) {
        const answer = telegram.textsTo(heavy.id).at(-1) ?? "";
        const refusals = [
          t("file-too-much-memory", { limit: FILE_LIMITS.parseHeapMb }),
          t("file-too-slow", { limit: FILE_LIMITS.parseDeadlineMs / 1000 }),
        ];
        expect(refusals.some((refusal) => answer.includes(`${refusal}\n\n${t("file-draft-kept")}`))).toBe(
          true,
        );
        expect(await pending(heavyDraft)).toBe(TYPED);
      }
      expect(waits.length).toBeGreaterThan(0);
      expect(Math.max(...waits)).toBeLessThan(ANSWER_WITHIN_MS);
      expect(peak.botMb).toBeLessThan(BOT_RSS_BOUND_MB);
      // One start, never a crash: the process that took the bombs is the one still answering.
      expect(bot.starts).toBe(1);
      expect(bot.running).toBe(true);
      expect(bot.logs).not.toContain(TOKEN);
      const sorted = [...waits].sort((a, b) => a - b);
      console.log(
        `[chaos] file bombs (${mode}): ${bombs.length} bombs answered in ${bombSeconds.toFixed(1)} s; /help answered ${waits.length} times meanwhile, median ${sorted[Math.floor(sorted.length / 2)]} ms, slowest ${sorted.at(-1)} ms; bot RSS ${Math.round(idle.botMb)} MB idle, ${Math.round(peak.botMb)} MB peak; parse processes ${Math.round(peak.parseMb)} MB peak`,
      );
    }, 300_000);
  });
