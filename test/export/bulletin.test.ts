// The Excel bulletin: read back with exceljs, every number of the hand-counted quarter where it belongs, with
// Chinese headers, widths and number formats; sent by /export to leaders and staff; the same file from
// `npm run export`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createI18n } from "../../src/bot/i18n";
import { importRoster } from "../../src/db/roster";
import { bulletinData } from "../../src/db/stats-bulletin";
import { loadSettings } from "../../src/db/settings";
import { makePeriod } from "../../src/domain/periods";
import { bulletinXlsx } from "../../src/export/bulletin";
import { translator } from "../../src/bot/i18n";
import { openMigratedDatabase, readLocales } from "../../src/node-runtime";
import { parseRosterFile } from "../../src/roster/parse";
import { Harness } from "../support/harness";
import { seedStatsHarness, seedStatsReports, STATS_ROSTER } from "../support/stats-fixture";

const NOW = new Date("2026-07-15T02:00:00Z");
const zh = translator(createI18n(readLocales()), "zh");

async function read(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as plain values (row 1 the headers). */
function rows(sheet: ExcelJS.Worksheet | undefined): unknown[][] {
  const out: unknown[][] = [];
  sheet?.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1).map((v) => (v instanceof Date ? v.toISOString() : v)));
  });
  return out;
}

const UNIT_HEADERS = [
  "名次",
  "单位",
  "积分",
  "报送",
  "录用",
  "退回修改",
  "不予录用",
  "采用",
  // Only levels with an adoption in the quarter: no 市级综合, 省级综合, 全国单篇.
  "县级单篇",
  "县级综合",
  "市级单篇",
  "省级单篇",
  "全国综合",
  "领导批示",
  "领导阅批",
  "转办",
  "采用率",
  "完成任务人数",
  "应完成人数",
];

describe("the Excel bulletin", () => {
  let h: Harness;
  let workbook: ExcelJS.Workbook;
  let reportIds: Record<string, number>;

  beforeEach(async () => {
    h = await Harness.create();
    h.clock = NOW;
    const seeded = await seedStatsHarness(h);
    reportIds = seeded.world.reports;
    const settings = await loadSettings(h.db);
    const data = await bulletinData(h.db, makePeriod("quarter", 2026, 2, settings.timeZone), settings);
    workbook = await read(await bulletinXlsx(data, settings, zh, NOW));
  });

  it("has four sheets with Chinese names", () => {
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["汇总", "单位排名", "个人排名", "信息明细"]);
  });

  it("sums the quarter up", () => {
    const summary = Object.fromEntries(
      rows(workbook.getWorksheet("汇总"))
        .slice(1)
        .map(([k, v]) => [k, v]),
    );
    expect(summary).toEqual({
      项目: "数值",
      统计期间: "2026年第二季度",
      "报送信息（篇）": 9,
      "录用（篇）": 6,
      "退回修改（篇）": 2,
      "不予录用（篇）": 1,
      "采用（篇）": 5,
      县级单篇: 2,
      县级综合: 2,
      市级单篇: 2,
      省级单篇: 1,
      全国综合: 1,
      "领导批示（件）": 3,
      "领导阅批（件）": 0,
      "转办（篇）": 2,
      采用率: 3 / 9,
      "完成报送任务（人）": 4,
      "应完成报送任务（人）": 5,
      积分合计: 101,
      // 10:00 in Shanghai, written as the wall-clock time Excel shows.
      生成时间: "2026-07-15T10:00:00.000Z",
    });
    const sheet = workbook.getWorksheet("汇总")!;
    const format = (item: string) => {
      let found: string | undefined;
      sheet.eachRow((row) => {
        if (row.getCell(1).value === item) found = row.getCell(2).numFmt;
      });
      return found;
    };
    expect(format("采用率")).toBe("0.0%");
    // Points without trailing zeros: 101, not 101.00.
    expect(format("积分合计")).toBe("0");
    expect(format("生成时间")).toBe("yyyy-mm-dd hh:mm");
  });

  it("prints: a merged title with the committee and period, landscape A4 one page wide, the header on every page, borders", () => {
    const title = zh("bulletin-title", { committee: "政协", period: "2026年第二季度" });
    for (const sheet of workbook.worksheets) {
      const width = sheet.getRow(2).cellCount;
      expect(sheet.getCell(1, 1).value, sheet.name).toBe(title);
      expect(sheet.getCell(1, width).isMerged, sheet.name).toBe(true);
      expect(sheet.getCell(1, width).master.address, sheet.name).toBe("A1");
      expect(sheet.pageSetup, sheet.name).toMatchObject({
        paperSize: 9,
        orientation: sheet.name === "汇总" ? "portrait" : "landscape",
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: "2:2",
      });
      for (const cell of [sheet.getCell(2, 1), sheet.getCell(3, width)])
        expect(cell.border, `${sheet.name} ${cell.address}`).toMatchObject({
          top: { style: "thin" },
          left: { style: "thin" },
          bottom: { style: "thin" },
          right: { style: "thin" },
        });
    }
  });

  it("ranks the units with their numbers and quotas", () => {
    const sheet = workbook.getWorksheet("单位排名")!;
    const table = rows(sheet).slice(1);
    // The 合计 row's label spans the rank and the unit; its rate is that of the summed reports (3 of 9).
    const total = table.at(-1)!;
    expect(total.slice(2)).toEqual([101, 9, 6, 2, 1, 5, 2, 2, 2, 1, 1, 3, 0, 2, 3 / 9, 4, 5]);
    expect(sheet.getCell(table.length + 1, 1).value).toBe("合计");
    expect(sheet.getCell(table.length + 1, 2).isMerged).toBe(true);
    expect(table.slice(0, -1)).toEqual([
      UNIT_HEADERS,
      [1, "经济界", 57, 4, 3, 1, 1, 2, 1, 1, 0, 1, 1, 1, 0, 0, 0.5, 2, 3],
      [2, "民建县委会", 43, 4, 2, 1, 0, 3, 1, 1, 2, 0, 0, 2, 0, 1, 0.25, 2, 2],
      [3, "县政协办公室", 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0],
    ]);
    expect(sheet.getColumn(2).width).toBe(22);
    expect(sheet.getCell(3, 3).numFmt).toBe("0");
    expect(sheet.getCell(3, 17).numFmt).toBe("0.0%");
    expect(sheet.getRow(2).font?.bold).toBe(true);
    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 2 });
  });

  it("ranks the people", () => {
    const sheet = workbook.getWorksheet("个人排名")!;
    const table = rows(sheet).slice(1);
    expect(table[0]!.slice(0, 6)).toEqual(["名次", "姓名", "单位", "身份", "积分", "报送"]);
    expect(table.slice(1).map((r) => r.slice(0, 8))).toEqual([
      [1, "王芳", "经济界", "特邀信息员", 33.67, 2, 2, 0],
      [2, "张明", "民建县委会", "常委", 25.5, 2, 1, 0],
      [3, "李华", "民建县委会", "委员", 17.5, 3, 2, 1],
      [4, "赵强", "经济界", "委员", 11.67, 2, 2, 1],
      [4, "周敏", "经济界", "常委", 11.67, 2, 1, 0],
      [6, "孙伟", "县政协办公室", "领导", 1, 1, 1, 0],
    ]);
    // Points with up to two decimals and no trailing zeros.
    expect(sheet.getCell(3, 5).numFmt).toBe("0.##");
    expect(sheet.getCell(8, 5).numFmt).toBe("0");
  });

  it("lists the quarter's reports with their status, steps and points", () => {
    const table = rows(workbook.getWorksheet("信息明细")).slice(1);
    expect(table[0]).toEqual([
      "编号",
      "标题",
      "作者",
      "单位",
      "类别",
      "提交时间",
      "当前状态",
      "本期办理情况",
      "本期积分",
    ]);
    // Submitted in Q2, or with a step in it: R1 and R3 from Q1 too; not R2 (all in Q1) nor R10 (Q3).
    const ids = table.slice(1).map((r) => r[0]);
    const { R1, R2, R3, R4, R5, R6, R7, R8, R9, R10, R11, R12, R13 } = reportIds;
    expect(ids).toEqual([R1, R3, R4, R5, R6, R7, R8, R9, R11, R12, R13]);
    expect(ids).not.toContain(R2);
    expect(ids).not.toContain(R10);
    const r4 = table.find((r) => r[0] === R4)!;
    expect(r4.slice(2, 7)).toEqual([
      "张明、李华",
      "民建县委会",
      "其他",
      "2026-04-03T10:00:00.000Z",
      "已转办",
    ]);
    expect(r4[7]).toBe(
      "04-03 报送；04-05 录用；04-05 采用（县级、单篇）；04-06 上报（市级）；" +
        "04-20 采用（市级、综合）；05-10 采用（市级、单篇）；05-12 领导批示（县级）；" +
        "05-15 领导批示（市级）；05-20 转办（县水利局）",
    );
    expect(r4[8]).toBe(31);
    expect(table.find((r) => r[0] === R8)![8]).toBe(35);
    expect(table.find((r) => r[0] === R1)![8]).toBe(10);
    // R3: submitted at 23:00 on 31 March, accepted at 00:30 on 1 April (local).
    expect(table.find((r) => r[0] === R3)!.slice(5, 8)).toEqual([
      "2026-03-31T23:00:00.000Z",
      "已录用",
      "04-01 录用；04-02 采用（县级、综合）",
    ]);
    expect(table.find((r) => r[0] === R6)![7]).toBe("04-12 报送；04-13 退回修改；04-20 重新报送；04-21 录用");
    expect(table.find((r) => r[0] === R7)![6]).toBe("不予录用");
    expect(table.find((r) => r[0] === R9)![6]).toBe("已报送，待审核");
    expect([R5, R11, R12, R13].every((id) => ids.includes(id))).toBe(true);
    const sheet = workbook.getWorksheet("信息明细")!;
    expect(sheet.getCell(3, 6).numFmt).toBe("yyyy-mm-dd hh:mm");
    expect(sheet.getColumn(2).width).toBe(36);
  });
});

describe("/export", () => {
  it("sends leaders and staff the bulletin as a document; members are refused", async () => {
    const h = await Harness.create();
    h.clock = NOW;
    const { leader, staff, member } = await seedStatsHarness(h);
    await leader.send("/export 上季度");
    const document = h.telegram.callsOf("sendDocument").at(-1)!;
    expect(document.payload.chat_id).toBe(leader.id);
    expect(document.files.document!.name).toBe("政协2026年第二季度社情民意信息通报.xlsx");
    expect(document.payload.caption).toBe("政协2026年第二季度社情民意信息工作通报（3个单位，6人，11篇信息）");
    const sent = await read(document.files.document!.bytes);
    expect(rows(sent.getWorksheet("单位排名"))[2]!.slice(1, 3)).toEqual(["经济界", 57]);

    await staff.send("/export 2026Q2");
    expect(h.telegram.callsOf("sendDocument")).toHaveLength(2);
    await member.send("/export");
    expect(member.lastText()).toBe("抱歉，您没有权限进行此操作。");
    await leader.send("/export 明年");
    expect(leader.lastText()).toContain("无法识别时间段“明年”");
    expect(h.telegram.callsOf("sendDocument")).toHaveLength(2);
  });
});

describe("npm run export", () => {
  const dir = mkdtempSync(join(tmpdir(), "minyi-export-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the same bulletin from the database", async () => {
    const url = `file:${join(dir, "minyi.db")}`;
    const { db, handle } = await openMigratedDatabase(url);
    const parsed = await parseRosterFile(new TextEncoder().encode(STATS_ROSTER), "roster.csv");
    if (!parsed.ok) throw new Error("bad roster");
    await importRoster(db, parsed.rows, NOW);
    await seedStatsReports(db);
    const settings = await loadSettings(db);
    const expected = await read(
      await bulletinXlsx(
        await bulletinData(db, makePeriod("quarter", 2026, 2, settings.timeZone), settings),
        settings,
        zh,
        NOW,
      ),
    );
    await handle.close();

    const file = join(dir, "q2.xlsx");
    const run = (...args: string[]) =>
      spawnSync("npm", ["run", "--silent", "export", "--", ...args], {
        cwd: new URL("../..", import.meta.url).pathname,
        env: { ...process.env, DATABASE_URL: url, BOT_TOKEN: "" },
        encoding: "utf8",
      });
    const done = run("2026Q2", file);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toBe(`wrote ${file}: 2026Q2, 3 units, 6 people, 11 reports\n`);
    const written = await read(new Uint8Array(readFileSync(file)));
    for (const name of ["单位排名", "个人排名", "信息明细"])
      expect(rows(written.getWorksheet(name))).toEqual(rows(expected.getWorksheet(name)));
    // All but the time it was generated.
    expect(rows(written.getWorksheet("汇总")).slice(0, -1)).toEqual(
      rows(expected.getWorksheet("汇总")).slice(0, -1),
    );

    const bad = run("2026Q9", file);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("not a period: 2026Q9");
    expect(run().status).toBe(1);

    // An existing file is never overwritten: neither the bulletin just written nor the database itself.
    const before = readFileSync(file);
    const again = run("2026Q2", file);
    expect(again.status).toBe(1);
    expect(again.stderr).toBe(
      `${file} already exists; npm run export never overwrites a file. Name a new file.\n`,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
    const database = join(dir, "minyi.db");
    const dbBefore = readFileSync(database);
    expect(run("2026Q2", database).status).toBe(1);
    expect(readFileSync(database).equals(dbBefore)).toBe(true);
  }, 60_000);
});
