// The 通报 as a Word document: read back, its title, figures and tables are those of bulletinData (the numbers of
// /stats and the Excel bulletin); sent by `/export <period> word` to leaders and staff.
import { beforeEach, describe, expect, it } from "vitest";
import { translator } from "../../src/bot/i18n";
import { loadSettings } from "../../src/db/settings";
import { bulletinData } from "../../src/db/stats-bulletin";
import { makePeriod } from "../../src/domain/periods";
import { roundPoints } from "../../src/domain/scoring";
import { readDocx } from "../support/docx-read";
import { Harness } from "../support/harness";
import { seedStatsHarness } from "../support/stats-fixture";

const NOW = new Date("2026-07-15T02:00:00Z");

describe("/export <period> word", () => {
  let h: Harness;
  let s: Awaited<ReturnType<typeof seedStatsHarness>>;
  beforeEach(async () => {
    h = await Harness.create();
    h.clock = NOW;
    s = await seedStatsHarness(h);
  });

  it("sends the quarter's 通报: title, figures in words, the unit and people tables, adopted and instructed reports, 落款", async () => {
    await s.leader.send("/export 2026Q2 word");
    const [call, ...more] = h.telegram.callsOf("sendDocument");
    expect(more).toEqual([]);
    const zh = translator(h.minyi.i18n, "zh");
    const title = "政协关于2026年第二季度社情民意信息工作情况的通报";
    expect(call!.files.document!.name).toBe(`${title}.docx`);
    expect(call!.payload.caption).toBe(
      zh("doc-bulletin-caption", { committee: "政协", period: "2026年第二季度" }),
    );

    const settings = await loadSettings(h.db);
    const data = await bulletinData(h.db, makePeriod("quarter", 2026, 2, settings.timeZone), settings);
    const doc = readDocx(call!.files.document!.bytes);
    const texts = doc.paragraphs.map((p) => p.text).filter(Boolean);
    expect(doc.paragraphs[0]).toEqual({ style: "Title", text: title });
    const c = data.counts;
    const summary = texts.find((t) => t.startsWith("2026年第二季度，"))!;
    expect(summary).toContain(
      `共报送社情民意信息${c.submitted}篇，录用${c.accepted}篇，退回修改${c.returned}篇，不予录用${c.rejected}篇。`,
    );
    expect(summary).toContain(`采用${c.adopted}篇（其中`);
    expect(summary).toContain(`领导批示${c.instructed}篇，转办${c.transferred}篇。`);
    expect(summary).toContain(`已完成${data.quota.met}人`);
    expect(doc.paragraphs.filter((p) => p.style === "Heading1").map((p) => p.text)).toEqual([
      `一、${zh("doc-bulletin-units")}`,
      `二、${zh("doc-bulletin-people")}`,
      `三、${zh("doc-bulletin-outcomes")}`,
    ]);

    const [units, people, outcomes] = doc.tables;
    expect(units!.slice(1, -1)).toEqual(
      data.units.map((u) => [
        String(u.rank),
        u.name,
        String(u.counts.submitted),
        String(u.counts.accepted),
        String(u.counts.adopted),
        String(u.counts.instructed),
        String(roundPoints(u.counts.points)),
      ]),
    );
    expect(units!.at(-1)).toEqual([
      "",
      "合计",
      String(c.submitted),
      String(c.accepted),
      String(c.adopted),
      String(c.instructed),
      String(roundPoints(c.points)),
    ]);
    // 57, 43, 1: the hand count.
    expect(units!.slice(1, 4).map((row) => [row[1], row[6]])).toEqual([
      ["经济界", "57"],
      ["民建县委会", "43"],
      ["县政协办公室", "1"],
    ]);
    expect(people!.slice(1).map((row) => row[1])).toEqual(data.people.map((p) => p.name));
    const points = people!.slice(1).map((row) => row[7]!);
    expect(points.every((p) => /^\d+(\.\d?[1-9])?$/.test(p))).toBe(true);
    expect(points.some((p) => p.includes("."))).toBe(true);
    const adoptedOrInstructed = data.reports.filter((r) =>
      r.events.some((e) => e.kind === "adopted" || e.kind === "instructed"),
    );
    expect(outcomes!.slice(1).map((row) => row[1])).toEqual(adoptedOrInstructed.map((r) => `“${r.title}”`));
    expect(texts.slice(-2)).toEqual(["政协办公室", "2026年7月15日"]);

    await s.staff.send("/export 上季度 Word");
    expect(h.telegram.callsOf("sendDocument").at(-1)!.files.document!.name).toBe(`${title}.docx`);
    await s.member.send("/export 2026Q2 word");
    expect(s.member.lastText()).toBe(zh("error-not-allowed"));
    expect(h.telegram.callsOf("sendDocument")).toHaveLength(2);
  });

  it("names months and years as the office writes them", async () => {
    await s.leader.send("/export 2026-05 word");
    await s.leader.send("/export 2026 word");
    expect(h.telegram.callsOf("sendDocument").map((c) => c.files.document!.name)).toEqual([
      "政协关于2026年5月社情民意信息工作情况的通报.docx",
      "政协关于2026年社情民意信息工作情况的通报.docx",
    ]);
  });
});
