import { beforeEach, describe, expect, it } from "vitest";
import { reportDocumentData } from "../../src/bot/document-buttons";
import { type Translate, translator } from "../../src/bot/i18n";
import { readDocx } from "../support/docx-read";
import { type ChatUser, Harness } from "../support/harness";
import { writeReport } from "../support/reports";
import { seedBasicRoster } from "../support/roster";
import { myButtons } from "../../src/handlers/my-reports/callback-data";

const my = myButtons.encode;

type Roster = Awaited<ReturnType<typeof seedBasicRoster>>;

const TITLE = "关于加强农村饮水安全管理的建议";

/** The documents the bot sent to the user, with their file names and bytes. */
function documentsTo(h: Harness, user: ChatUser) {
  return h.telegram
    .callsOf("sendDocument")
    .filter((c) => Number(c.payload.chat_id) === user.id)
    .map((c) => ({
      name: c.files.document!.name,
      bytes: c.files.document!.bytes,
      caption: c.payload.caption,
    }));
}

function wordButton(user: ChatUser, t: Translate): string {
  const found = user.lastButtons().find(([label]) => label === t("button-word-document"));
  if (!found) throw new Error(`no Word button in ${JSON.stringify(user.lastButtons())}`);
  return found[1];
}

describe("a report as a Word document", () => {
  let h: Harness;
  let r: Roster;
  let zh: Translate;
  let reportId: number;
  beforeEach(async () => {
    h = await Harness.create();
    r = await seedBasicRoster(h);
    zh = translator(h.minyi.i18n, "zh");
    ({ reportId } = (await writeReport(h, r.standing, {
      coauthors: ["李华"],
      photos: ["p1"],
      situation: ["某村饮水困难。", "涉及群众较多。"],
      suggestions: ["建立水质定期检测制度。"],
    })) as { reportId: number });
  });

  it("staff get it from the report card: title, 反映人（单位）, co-authors, sections numbered as written, attachments", async () => {
    await r.staff.send(`/report ${reportId}`);
    await r.staff.press(wordButton(r.staff, zh));
    const [sent, ...more] = documentsTo(h, r.staff);
    expect(more).toEqual([]);
    expect(sent!.name).toBe(`${TITLE}.docx`);
    expect(sent!.caption).toBe(zh("doc-report-caption", { id: reportId, title: TITLE }));
    const doc = readDocx(sent!.bytes);
    const person = (name: string, unit: string) => zh("doc-person-unit", { name, unit });
    expect(doc.paragraphs.filter((p) => p.text !== "").map((p) => [p.style, p.text])).toEqual([
      ["Title", TITLE],
      ["Subtitle", zh("doc-report-author", { author: person("张明", "民建县委会") })],
      ["Subtitle", zh("doc-report-coauthors", { authors: person("李华", "民建县委会") })],
      // The analysis was skipped: the suggestions are the second section.
      ["Heading1", `一、${zh("doc-section-situation")}`],
      ["Normal", "某村饮水困难。"],
      ["Normal", "涉及群众较多。"],
      ["Heading1", `二、${zh("doc-section-suggestions")}`],
      ["Normal", "建立水质定期检测制度。"],
      ["Line", `附件：${zh("doc-attachment-unnamed", { kind: "photo", n: 1 })}`],
    ]);
    expect(doc.page).toMatchObject({ width: 11906, height: 16838 });
  });

  it("the authors get it from /my, each report with its button; the document stays Chinese in English chats", async () => {
    await r.standing.send("/my");
    await r.standing.press(my({ action: "view", reportId }));
    expect(wordButton(r.standing, zh)).toBe(reportDocumentData(reportId));
    await r.standing.press(reportDocumentData(reportId));
    expect(documentsTo(h, r.standing).map((d) => d.name)).toEqual([`${TITLE}.docx`]);

    // The co-author too, in English: the caption in English, the document in Chinese.
    await r.member.send("/lang en");
    const en = translator(h.minyi.i18n, "en");
    await r.member.send("/my");
    await r.member.press(my({ action: "view", reportId }));
    await r.member.press(wordButton(r.member, en));
    const [sent] = documentsTo(h, r.member);
    expect(sent!.caption).toBe(en("doc-report-caption", { id: reportId, title: TITLE }));
    expect(readDocx(sent!.bytes).paragraphs.map((p) => p.text)).toContain(
      `一、${zh("doc-section-situation")}`,
    );
  });

  it("leaders may have any report's document", async () => {
    await r.leader.press(reportDocumentData(reportId));
    expect(documentsTo(h, r.leader)).toHaveLength(1);
  });

  it("refuses a forged press: a member who is not an author, an unknown report, malformed data", async () => {
    for (const data of [
      reportDocumentData(reportId),
      reportDocumentData(9999),
      "doc1:r:abc",
      "doc1:x:1",
      `${reportDocumentData(reportId)}:1`,
      `doc:r:${reportId}`,
    ]) {
      await r.informant.press(data);
      expect(r.informant.lastText()).toBe(zh("error-stale-button"));
    }
    await r.staff.press(reportDocumentData(9999));
    expect(r.staff.lastText()).toBe(zh("error-stale-button"));
    expect(h.telegram.callsOf("sendDocument")).toEqual([]);
  });
});
