// Hostile and damaged files sent through the webhook, read as `npm start` reads them (a child process per file,
// src/files/parse-in-child.ts): the sender is told which bound the file crossed, in their language, what they
// had typed is kept, and other people are answered while the file is being read.
import { beforeEach, describe, expect, it } from "vitest";
import { FILE_LIMITS, MB } from "../../src/files/limits";
import { childReader, createChildReader } from "../../src/files/parse-in-child";
import { type ChatUser, Harness } from "../support/harness";
import { docxBytes, docxXmlBomb, truncated, xlsxBomb } from "../support/files";
import { seedBasicRoster } from "../support/roster";
import { rosterXlsx } from "../support/xlsx";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const TITLE = "关于加强农村饮水安全管理的建议";
const TYPED = "已经写好的第一段：村里的水井去年干了。";

type Users = Awaited<ReturnType<typeof seedBasicRoster>>;

describe("a .docx at a report's text step", { timeout: 60_000 }, () => {
  let h: Harness;
  let users: Users;
  const t = (locale: string, key: string, vars?: Record<string, string | number>) =>
    h.minyi.i18n.t(locale, key, vars);

  beforeEach(async () => {
    h = await Harness.create({ files: childReader });
    users = await seedBasicRoster(h);
  });

  /** The author at step 3 with one message of the section typed. */
  async function typing(author: ChatUser): Promise<void> {
    await author.send("/new");
    await author.send(TITLE);
    await author.press(author.buttonData("教育"));
    await author.send(TYPED);
  }

  const pendingText = async (personName: string) =>
    (
      await h.db
        .selectFrom("drafts")
        .innerJoin("people", "people.id", "drafts.person_id")
        .select("drafts.pending_text")
        .where("people.name", "=", personName)
        .executeTakeFirstOrThrow()
    ).pending_text;

  /** The index of the first Bot API call after `from` that sends or edits in `text` to `chatId`. */
  const sentAt = (chatId: number, text: string, from = 0) =>
    h.telegram.calls.findIndex(
      (call, i) =>
        i >= from &&
        Number(call.payload.chat_id) === chatId &&
        String(call.payload.text ?? "").includes(text),
    );

  for (const locale of ["zh", "en"] as const)
    it(`answers a zip bomb with the bound (${locale}), keeps the draft, and answers others meanwhile`, async () => {
      const author =
        locale === "zh" ? users.standing : h.user(101, { firstName: "张明", languageCode: "en" });
      await typing(author);
      // Well-formed XML inflating to 512 MB, under 2 MB on the wire.
      const bomb = docxXmlBomb(512);
      expect(bomb.length).toBeLessThan(2 * MB);
      const before = h.telegram.calls.length;
      const reading = author.sendDocument("情况.docx", bomb, DOCX);
      // Another member, in another chat, while the bomb is being read.
      const other = users.member;
      await other.send("/help");
      const otherAnswered = h.telegram.calls.findIndex(
        (call, i) => i >= before && Number(call.payload.chat_id) === other.id,
      );
      expect(otherAnswered).toBeGreaterThanOrEqual(0);
      expect((await reading).status).toBe(200);

      const refusal = t(locale, "file-too-large-unpacked", { limit: FILE_LIMITS.unpackedBytes / MB });
      expect(author.lastText()).toContain(refusal);
      expect(author.lastText()).toContain(t(locale, "file-draft-kept"));
      expect(otherAnswered).toBeLessThan(sentAt(author.id, refusal, before));
      expect(await pendingText("张明")).toBe(TYPED);
      // The flow goes on: the next message is the section's text.
      await author.send("第二段。");
      expect(await pendingText("张明")).toBe(`${TYPED}\n第二段。`);
    });

  it("says a damaged .docx cannot be read, never the library's words, and keeps the draft", async () => {
    const author = users.standing;
    await typing(author);
    await author.sendDocument("情况.docx", truncated(docxBytes(["第一段。", "第二段。"])), DOCX);
    expect(author.lastText()).toContain(
      `${t("zh", "submit-docx-unreadable")}\n\n${t("zh", "file-draft-kept")}`,
    );
    // A text file given a .docx name (GBK bytes, not a zip).
    await author.sendDocument("情况.docx", new Uint8Array(Buffer.from("c4e3bac3", "hex")), DOCX);
    expect(author.lastText()).toContain(
      `${t("zh", "submit-docx-unreadable")}\n\n${t("zh", "file-draft-kept")}`,
    );
    expect(await pendingText("张明")).toBe(TYPED);
  });

  it("stops a parse that needs more memory than its process may have", async () => {
    // A tight heap, so a document under the unpacked bound still does not fit: the same path a bigger one takes.
    h = await Harness.create({ files: createChildReader({ heapMb: 24, deadlineMs: 60_000, atOnce: 1 }) });
    users = await seedBasicRoster(h);
    const author = users.standing;
    await typing(author);
    await author.sendDocument("情况.docx", docxXmlBomb(32), DOCX);
    expect(author.lastText()).toContain(
      `${t("zh", "file-too-much-memory", { limit: 24 })}\n\n${t("zh", "file-draft-kept")}`,
    );
    expect(await pendingText("张明")).toBe(TYPED);
  });

  it("still reads an ordinary .docx", async () => {
    const author = users.standing;
    await typing(author);
    await author.sendDocument("情况.docx", docxBytes(["第一段来自 Word。", "第二段。"]), DOCX);
    expect(author.lastText()).toContain("已从文件读取");
    expect(await pendingText("张明")).toBe("第一段来自 Word。\n\n第二段。");
  });
});

describe("a roster file sent in chat", { timeout: 60_000 }, () => {
  let h: Harness;
  let staff: ChatUser;
  const t = (key: string, vars?: Record<string, string | number>) => h.minyi.i18n.t("zh", key, vars);
  const peopleCount = async () =>
    Number(
      (
        await h.db
          .selectFrom("people")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeEach(async () => {
    h = await Harness.create({ files: childReader });
    ({ staff } = await seedBasicRoster(h));
  });

  it("answers an .xlsx bomb with the bound and imports nothing", async () => {
    const good = await rosterXlsx([
      ["姓名", "身份", "单位"],
      ["吴刚", "委员", "经济界"],
    ]);
    const bomb = xlsxBomb(good, 512);
    expect(bomb.length).toBeLessThan(2 * MB);
    const before = await peopleCount();
    await staff.sendDocument("名单.xlsx", bomb);
    expect(staff.lastText()).toBe(t("file-too-large-unpacked", { limit: FILE_LIMITS.unpackedBytes / MB }));
    expect(await peopleCount()).toBe(before);
  });

  it("says a truncated .xlsx cannot be read", async () => {
    const good = await rosterXlsx([
      ["姓名", "身份", "单位"],
      ["吴刚", "委员", "经济界"],
    ]);
    await staff.sendDocument("名单.xlsx", truncated(good));
    expect(staff.lastText()).toBe(t("roster-error-unreadable"));
  });

  it("refuses a CSV past the row bound, naming the bound", async () => {
    const rows = Array.from({ length: FILE_LIMITS.rosterRows + 1 }, (_, i) => `成员${i},委员,经济界`);
    const before = await peopleCount();
    await staff.sendDocument("名单.csv", new TextEncoder().encode(`姓名,身份,单位\n${rows.join("\n")}\n`));
    expect(staff.lastText()).toBe(t("file-too-many-rows", { limit: FILE_LIMITS.rosterRows }));
    expect(await peopleCount()).toBe(before);
  });

  it("reads a CSV saved as UTF-16, and says bytes in no encoding cannot be read", async () => {
    const csv = "姓名,身份,单位\n吴刚,委员,经济界\n";
    await staff.sendDocument("名单.csv", new Uint8Array(Buffer.from(`\ufeff${csv}`, "utf16le")));
    expect(staff.lastText()).toContain("名单导入成功");
    const noise = new Uint8Array(4000).map((_, i) => (i * 7919) % 256);
    await staff.sendDocument("名单.csv", noise);
    expect(staff.lastText()).toBe(t("roster-error-unreadable"));
  });

  it("names missing columns in the reader's language", async () => {
    await staff.sendDocument("名单.csv", new TextEncoder().encode("姓名,电话\n吴刚,13800000000\n"));
    expect(staff.lastText()).toBe(t("roster-error-missing-columns", { detail: "身份、单位" }));
  });
});
