// The office's wording where the exact words are the point: 第三季度, 已上报（市级）, sections numbered as written,
// 上期无数据, a first preview without a number and a revision's with its report's; and the /stats picture read on a phone.
import { describe, expect, it } from "vitest";
import { createI18n, translator } from "../src/bot/i18n";
import { periodName, renderReport, statusText } from "../src/bot/render";
import { stackCharts } from "../src/charts/stack";
import { trendChartSvg } from "../src/charts/svg";
import { readLocales } from "../src/node-runtime";
import { Harness } from "./support/harness";
import { flowData } from "./support/report-script";
import { buttonLabelled, writeReport } from "./support/reports";
import { seedBasicRoster } from "./support/roster";
import { seedStatsHarness } from "./support/stats-fixture";
import { signIn } from "./web/support";
import { reviewButtons } from "../src/handlers/review/callback-data";
import { buttonFor } from "./support/codecs";
import { cardButtons } from "../src/handlers/review/callback-data";

const rv = reviewButtons.encode;

const zh = translator(createI18n(readLocales()), "zh");

describe("the office's words", () => {
  it("names quarters with Chinese numerals and a forwarded report's level", () => {
    expect(periodName(zh, { kind: "quarter", year: 2026, index: 3 })).toBe("2026年第三季度");
    expect(periodName(zh, { kind: "quarter", year: 2026, index: 1 })).toBe("2026年第一季度");
    expect(statusText(zh, "forwarded", "city")).toBe("已上报（市级）");
    expect(statusText(zh, "forwarded", null)).toBe("已上报");
  });

  it("numbers a report's sections as written: 一、情况 二、建议 when the analysis was skipped", () => {
    const [text] = renderReport(
      zh,
      {
        title: "关于……的建议",
        category: "教育",
        situation: "情况。",
        analysis: "",
        suggestions: "建议。",
        urgent: 0,
      },
      { authors: ["张明"], unit: null, attachments: 0 },
    );
    expect(text).toContain("<b>一、情况</b>");
    expect(text).toContain("<b>二、建议</b>");
    expect(text).not.toContain("三、");
  });

  it("shows no number on a first preview: the draft's id is not a report number", async () => {
    const h = await Harness.create();
    const r = await seedBasicRoster(h);
    await writeReport(h, r.member, { submit: false });
    await writeReport(h, r.standing, { submit: false });
    const number = zh("report-line-id", { id: 2 });
    expect(r.standing.texts().join("\n")).not.toContain(number.slice(0, number.indexOf("#")));
  });

  it("shows a revision's preview with its report's number, not its draft's", async () => {
    const h = await Harness.create();
    const r = await seedBasicRoster(h);
    // Someone else's drafts first, so draft ids and report ids differ.
    await writeReport(h, r.member, { submit: false });
    await writeReport(h, r.member, { submit: false, title: "关于规范城区共享单车停放的建议" });
    const { reportId } = await writeReport(h, r.standing);
    await r.staff.send("/review");
    await r.staff.press(buttonLabelled(r.staff, "退回修改"));
    await r.staff.press(buttonLabelled(r.staff, "未做到一事一报"));

    await r.standing.send("/my");
    await r.standing.press(buttonLabelled(r.standing, `#${reportId}`));
    const before = r.standing.texts().length;
    await r.standing.press(buttonLabelled(r.standing, "修改后重新提交"));
    const revision = await h.db
      .selectFrom("drafts")
      .select("id")
      .where("report_id", "=", reportId!)
      .executeTakeFirstOrThrow();
    expect(revision.id).not.toBe(reportId);
    await r.standing.press(flowData(revision.id, "edit"));
    await r.standing.press(flowData(revision.id, "edit:title"));
    await r.standing.send("关于加强山区农村饮水水质检测的建议");

    const previews = r.standing
      .texts()
      .slice(before)
      .filter((text) => text.includes(zh("submit-preview-revision")));
    expect(previews.length).toBeGreaterThanOrEqual(2);
    for (const preview of previews) {
      expect(preview).toContain(zh("report-line-id", { id: reportId! }));
      expect(preview).not.toContain(zh("report-line-id", { id: revision.id }));
    }
    expect(previews.at(-1)).toContain("<b>关于加强山区农村饮水水质检测的建议</b>");
  });

  it("says 上期无数据 when the previous period has no rate", async () => {
    const h = await Harness.create();
    h.clock = new Date("2026-07-15T02:00:00Z");
    const { leader } = await seedStatsHarness(h);
    await leader.send("/stats 2026Q1");
    expect(leader.lastText()).toMatch(/采用率：\d+%（上期无数据）/);
  });
});

describe("已上报（市级） in every one-line list, as on the card", () => {
  it("/my, /find, the similar reports at submitting and on the review card, the console's lists", async () => {
    const h = await Harness.create();
    const r = await seedBasicRoster(h);
    const title = "关于加强农村饮水安全管理的建议";
    const { reportId } = await writeReport(h, r.standing, { title });
    await r.staff.press(rv({ action: "publish", reportId: reportId!, version: 1, as: "none" }));
    await r.staff.send(`/report ${reportId}`);
    await r.staff.press(buttonFor(r.staff, cardButtons, "fwd"));
    await r.staff.press(buttonLabelled(r.staff, "市级"));
    const word = statusText(zh, "forwarded", "city");
    expect(word).toBe("已上报（市级）");
    const listed = `#${reportId}“${title}”— ${word}，`;

    await r.standing.send("/my");
    expect(r.standing.lastText()).toContain(listed);

    await r.staff.send("/find 饮水");
    expect(r.staff.lastText()).toContain(listed);

    // A like report: its author is shown the forwarded one before submitting, and so is staff on its card.
    const before = r.member.texts().length;
    const like = await writeReport(h, r.member, { title });
    expect(r.member.texts().slice(before).join("\n")).toContain(listed);
    await r.staff.send(`/report ${like.reportId}`);
    expect(r.staff.texts().join("\n")).toContain(listed);

    const author = await signIn(h, r.standing);
    expect(await (await author.get("/web/mine")).text()).toContain(`<span class="status">${word}</span>`);
    const unit = await h.db
      .selectFrom("units")
      .select("id")
      .where("name", "=", "民建县委会")
      .executeTakeFirstOrThrow();
    const leader = await signIn(h, r.leader);
    const unitPage = await (await leader.get(`/web/dashboard/units/${unit.id}?period=2026`)).text();
    expect(unitPage).toContain(`<span class="status">${word}</span>`);
  });
});

describe("the /stats picture on a phone", () => {
  const months = Array.from({ length: 12 }, (_, i) => {
    const month = ((i + 6) % 12) + 1;
    const year = i + 6 < 12 ? 2025 : 2026;
    return {
      label: zh("stats-chart-month", { month }),
      group: zh("stats-chart-year", { year }),
      highlight: year === 2026 && month >= 4 && month <= 6,
      series: { submitted: i + 1, adopted: i % 3 },
    };
  });
  const chart = trendChartSvg({
    title: zh("stats-chart-trend"),
    months,
    seriesLabels: { submitted: zh("stats-chart-submitted"), adopted: zh("stats-chart-adopted") },
  });
  const texts = [...chart.svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);

  it("labels months 1月…12月 and writes each year once", () => {
    expect(texts).toContain("1月");
    expect(texts).toContain("12月");
    expect(texts.filter((t) => t === "2025年")).toHaveLength(1);
    expect(texts.filter((t) => t === "2026年")).toHaveLength(1);
    expect(texts.some((t) => /\d+年\d+月/.test(t ?? ""))).toBe(false);
  });

  it("highlights the chosen period and keeps every text at least as large as the unit names (15)", () => {
    expect(chart.svg.match(/fill="#fff1c9"/g)).toHaveLength(3);
    const sizes = [...chart.svg.matchAll(/font-size="(\d+)"/g)].map((m) => Number(m[1]));
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(15);
  });

  it("carries the committee's name and the period on the picture", () => {
    const header = zh("stats-chart-header", { committee: "某某县政协", period: "2026年第二季度" });
    const picture = stackCharts([chart], header);
    expect(picture.svg).toContain(header);
    expect(picture.height).toBe(chart.height + 48);
  });
});
