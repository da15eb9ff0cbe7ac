// The leaders' dashboard: every figure as /stats says it in chat and as the Excel bulletin lists it, the
// charts' data, a unit's people and reports, and who may see it.
import ExcelJS from "exceljs";
import { beforeEach, describe, expect, it } from "vitest";
import { readDocx } from "../support/docx-read";
import { Harness } from "../support/harness";
import { seedStatsHarness } from "../support/stats-fixture";
import { type Browser, signIn } from "./support";

const NOW = new Date("2026-07-15T02:00:00Z");

/** The figure cards of a dashboard page: id → [value, change]. */
function figuresOf(html: string): Map<string, [string, string]> {
  const found = new Map<string, [string, string]>();
  for (const m of html.matchAll(
    /<div class="figure" id="figure-(\w+)">.*?<b class="value">([^<]*)<\/b><span class="delta[^"]*">([^<]*)<\/span>/g,
  ))
    found.set(m[1]!, [m[2]!, m[3]!]);
  return found;
}

/** The standings table of a page: [rank, name, points, submitted, adopted] per row. */
function standingsOf(html: string, scope: "units" | "people"): string[][] {
  const table = new RegExp(`<table id="standings-${scope}">(.*?)</table>`, "s").exec(html)?.[1] ?? "";
  return [...table.matchAll(/<tr data-id="\d+">(.*?)<\/tr>/gs)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((cell) =>
      cell[1]!
        .replace(/<span class="muted">.*?<\/span>/g, "")
        .replace(/<[^>]+>/g, "")
        .trim(),
    ),
  );
}

describe("leaders' dashboard", () => {
  let h: Harness;
  let s: Awaited<ReturnType<typeof seedStatsHarness>>;
  let leader: Browser;

  beforeEach(async () => {
    h = await Harness.create();
    h.clock = NOW;
    s = await seedStatsHarness(h);
    leader = await signIn(h, s.leader);
  });

  it("shows the quarter's figures and standings exactly as /stats and /rank do in chat", async () => {
    await s.leader.send("/stats 2026Q2");
    const chat = s.leader.lastText();
    const page = await leader.get("/web/dashboard?period=2026Q2");
    expect(page.status).toBe(200);
    const html = await page.text();
    const figures = figuresOf(html);
    const line = (pattern: RegExp) => {
      const m = pattern.exec(chat);
      expect(m, String(pattern)).not.toBeNull();
      return m!.slice(1);
    };
    expect(figures.get("submitted")).toEqual(line(/报送信息：(\d+)篇（([^）]+)）/));
    const [accepted, acceptedDelta, returned, returnedDelta, rejected, rejectedDelta] = line(
      /录用(\d+)篇（([^）]+)），退回修改(\d+)篇（([^）]+)），不予录用(\d+)篇（([^）]+)）/,
    );
    expect(figures.get("accepted")).toEqual([accepted, acceptedDelta]);
    expect(figures.get("returned")).toEqual([returned, returnedDelta]);
    expect(figures.get("rejected")).toEqual([rejected, rejectedDelta]);
    expect(figures.get("adopted")).toEqual(line(/采用：(\d+)篇（([^）]+)）/));
    expect(figures.get("instructed")).toEqual(line(/领导批示：(\d+)件（([^）]+)）/));
    expect(figures.get("transferred")).toEqual(line(/转办：(\d+)篇（([^）]+)）/));
    expect(figures.get("points")).toEqual(line(/积分：([\d.]+)分（([^）]+)）/));
    expect(figures.get("rate")?.[0]).toBe(line(/采用率：([^（]+)（/)[0]);

    // Units: the same ranks, points and counts as the chat's top list.
    const units = standingsOf(html, "units");
    const chatUnits = [...chat.matchAll(/^(\d+)\. (\S+) — ([\d.]+)分（报送(\d+)，采用(\d+)）$/gm)].map((m) =>
      m.slice(1),
    );
    expect(units).toEqual(chatUnits);
    const people = standingsOf(html, "people").map(([rank, name, points, submitted, adopted]) => [
      rank,
      name!.split(/\s+/)[0],
      points,
      submitted,
      adopted,
    ]);
    const chatPeople = [...chat.matchAll(/^(\d+)\. (\S+)（\S+）— ([\d.]+)分（报送(\d+)，采用(\d+)）$/gm)].map(
      (m) => m.slice(1),
    );
    expect(people.slice(0, chatPeople.length)).toEqual(chatPeople);
  });

  it("offers the Excel bulletin of the period with the same numbers", async () => {
    const html = await (await leader.get("/web/dashboard?period=2026Q2")).text();
    expect(html).toContain('href="/web/export/bulletin.xlsx?period=2026Q2"');
    const file = await leader.get("/web/export/bulletin.xlsx?period=2026Q2");
    expect(file.status).toBe(200);
    expect(file.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent("政协2026年第二季度社情民意信息通报.xlsx")}`,
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await file.arrayBuffer());
    const text = workbook.worksheets
      .map((sheet) => {
        const rows: string[] = [];
        sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1).join("|")));
        return rows.join("\n");
      })
      .join("\n");
    for (const [rank, name, points] of standingsOf(html, "units")) {
      expect(text).toMatch(new RegExp(`${rank}\\|${name}\\|.*`));
      expect(text).toContain(String(points));
    }
  });

  it("offers the 通报 as a Word document beside the Excel bulletin, with the same tables as /export word", async () => {
    const html = await (await leader.get("/web/dashboard?period=2026Q2")).text();
    expect(html).toContain('href="/web/export/bulletin.docx?period=2026Q2"');
    const file = await leader.get("/web/export/bulletin.docx?period=2026Q2");
    expect(file.status).toBe(200);
    const title = "政协关于2026年第二季度社情民意信息工作情况的通报";
    expect(file.headers.get("content-disposition")).toContain(
      `filename*=UTF-8''${encodeURIComponent(`${title}.docx`)}`,
    );
    const fromWeb = readDocx(new Uint8Array(await file.arrayBuffer()));
    expect(fromWeb.paragraphs[0]?.text).toBe(title);
    await s.leader.send("/export 2026Q2 word");
    const fromChat = readDocx(h.telegram.callsOf("sendDocument").at(-1)!.files.document!.bytes);
    expect(fromWeb.tables).toEqual(fromChat.tables);
  });

  it("serves the charts' data: the trend by month and the standings", async () => {
    const answer = await leader.get("/web/api/dashboard?period=2026Q2");
    expect(answer.status).toBe(200);
    const data = (await answer.json()) as {
      trend: { label: string; submitted: number }[];
      units: { name: string; points: number }[];
      counts: { submitted: number };
    };
    expect(data.trend).toHaveLength(12);
    expect(data.trend.at(-1)?.label).toBe("2026-06");
    const quarterMonths = data.trend.filter((m) => ["2026-04", "2026-05", "2026-06"].includes(m.label));
    expect(quarterMonths.reduce((sum, m) => sum + m.submitted, 0)).toBe(data.counts.submitted);
    expect(data.units.map((u) => [u.name, u.points])).toEqual([
      ["经济界", 57],
      ["民建县委会", 43],
      ["县政协办公室", 1],
    ]);
  });

  it("opens a unit: its figures, its people and its reports", async () => {
    const html = await (await leader.get("/web/dashboard?period=2026Q2")).text();
    const href = /<a href="(\/web\/dashboard\/units\/\d+\?period=2026Q2)">经济界<\/a>/.exec(html)?.[1];
    expect(href).toBeDefined();
    const unit = await (await leader.get(href!)).text();
    expect(figuresOf(unit).get("points")?.[0]).toBe("57");
    expect(standingsOf(unit, "people").map((row) => row[1]?.split(/\s+/)[0])).toEqual([
      "王芳",
      "赵强",
      "周敏",
    ]);
    expect(unit).toMatch(/<table id="unit-reports">/);
    expect([...unit.matchAll(/<tr><td>\d+<\/td>/g)]).toHaveLength(4);
  });

  it("reads periods as /stats does, and refuses a bad one", async () => {
    const words = await leader.get(`/web/dashboard?period=${encodeURIComponent("上季度")}`);
    expect(figuresOf(await words.text()).get("submitted")?.[0]).toBe("9");
    const bad = await leader.get("/web/dashboard?period=2026Q9");
    expect(bad.status).toBe(400);
  });

  it("is for leaders and staff only, pages and data alike", async () => {
    const member = await signIn(h, s.member);
    for (const path of [
      "/web/dashboard",
      "/web/api/dashboard",
      "/web/export/bulletin.xlsx",
      "/web/export/bulletin.docx",
      "/web/dashboard/units/1",
    ])
      expect((await member.get(path)).status, path).toBe(403);
    const staff = await signIn(h, s.staff);
    expect((await staff.get("/web/dashboard")).status).toBe(200);
    const signedOut = await h.app.request("https://console.test/web/api/dashboard");
    expect(signedOut.status).toBe(401);
  });
});
