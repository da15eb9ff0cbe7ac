// Tests for roster file parsing: CSV (UTF-8, BOM, GB18030) and XLSX, headers, values and rejections.

import { readFile } from "node:fs/promises";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { parseRosterFile, type RosterParseResult } from "../../src/roster/parse";
import { rosterXlsx } from "../support/xlsx";

const utf8 = (text: string) => new TextEncoder().encode(text);
const fixture = (name: string) => readFile(new URL(`../fixtures/${name}`, import.meta.url));

function okResult(result: RosterParseResult) {
  if (!result.ok) throw new Error(`expected ok, got ${result.error} (${result.detail ?? ""})`);
  return result;
}

describe("parseRosterFile: CSV", () => {
  it("reads Chinese headers, maps values, normalizes phones", async () => {
    const csv = [
      "姓名,身份,单位,单位类型,手机",
      "张明,常委,民建县委会,民主党派,138-0000-0001",
      " 李华 , 委员 ,民建县委会, 民主党派 ,+86 138 0000 0002",
      "",
      ",,,,",
      "王芳,特邀信息员,经济界,界别,",
    ].join("\n");
    const { rows, rejections } = okResult(await parseRosterFile(utf8(csv), "名单.csv"));
    expect(rejections).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        name: "张明",
        role: "standing",
        unit: "民建县委会",
        unitType: "party",
        phone: "13800000001",
      },
      { line: 3, name: "李华", role: "member", unit: "民建县委会", unitType: "party", phone: "13800000002" },
      { line: 6, name: "王芳", role: "informant", unit: "经济界", unitType: "sector", phone: null },
    ]);
  });

  it("reads English headers in any order, case/space-insensitive, with optional columns absent", async () => {
    const csv = "Unit, ROLE ,Name\nCity Office,Standing Member,Alice\nCity Office,admin,Bob\n";
    const { rows } = okResult(await parseRosterFile(utf8(csv), "ROSTER.CSV"));
    expect(rows).toEqual([
      { line: 2, name: "Alice", role: "standing", unit: "City Office", unitType: "other", phone: null },
      { line: 3, name: "Bob", role: "admin", unit: "City Office", unitType: "other", phone: null },
    ]);
  });

  it("accepts header and value synonyms", async () => {
    const csv = [
      "名字,角色,所属单位,unit_type,联系电话",
      "甲,常务委员,工商联,工商联,12345",
      "乙,信息工作人员,提案委,专门委员会,",
      "丙,秘书长,办公室,other,",
      "丁,特邀撰稿人,城关镇,联络组,",
      "戊,主席,办公室,其他,",
    ].join("\r\n");
    const { rows } = okResult(await parseRosterFile(utf8(csv), "a.csv"));
    expect(rows.map((r) => [r.name, r.role, r.unitType])).toEqual([
      ["甲", "standing", "federation"],
      ["乙", "staff", "committee"],
      ["丙", "leader", "other"],
      ["丁", "informant", "township"],
      ["戊", "leader", "other"],
    ]);
  });

  it("strips a UTF-8 BOM before the header", async () => {
    const { rows } = okResult(
      await parseRosterFile(utf8("\ufeff姓名,身份,单位\n张三,委员,农工党\n"), "a.csv"),
    );
    expect(rows).toEqual([
      { line: 2, name: "张三", role: "member", unit: "农工党", unitType: "other", phone: null },
    ]);
  });

  it("falls back to GB18030 when the bytes are not UTF-8", async () => {
    const { rows, rejections } = okResult(await parseRosterFile(await fixture("roster-gbk.csv"), "gbk.csv"));
    expect(rejections).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        name: "钱进",
        role: "member",
        unit: "致公党县委会",
        unitType: "party",
        phone: "13800000011",
      },
      { line: 3, name: "吴敏", role: "informant", unit: "城关镇", unitType: "township", phone: null },
    ]);
  });

  it("counts lines from the start of a record with a quoted line break", async () => {
    const csv = '姓名,身份,单位\n"多行\n单位人",委员,甲\n乙,委员,丙\n';
    const { rows } = okResult(await parseRosterFile(utf8(csv), "a.csv"));
    expect(rows.map((r) => r.line)).toEqual([2, 4]);
  });

  it("rejects bad rows with a reason, keeping the good ones", async () => {
    const csv = [
      "姓名,身份,单位,单位类型,电话",
      ",委员,甲,,", // 2 empty-name
      `${"名".repeat(51)},委员,甲,,`, // 3 name-too-long
      "张三,局长,甲,,", // 4 unknown-role
      "李四,委员,,,", // 5 empty-unit
      "王五,委员,甲,街道办,", // 6 unknown-unit-type
      "赵六,委员,甲,,1234", // 7 bad-phone (too short)
      "钱七,委员,甲,,138abc", // 8 bad-phone (letters)
      "孙八,委员,甲,,", // 9 good
      "孙八,常委,甲,,", // 10 duplicate-in-unit of line 9
      "孙八,委员,乙,,", // 11 good: same name, other unit
      `${"名".repeat(50)},委员,甲,,`, // 12 good: exactly 50
    ].join("\n");
    const { rows, rejections } = okResult(await parseRosterFile(utf8(csv), "a.csv"));
    expect(rejections).toEqual([
      { line: 2, reason: "empty-name" },
      { line: 3, reason: "name-too-long", detail: "名".repeat(51) },
      { line: 4, reason: "unknown-role", detail: "局长" },
      { line: 5, reason: "empty-unit" },
      { line: 6, reason: "unknown-unit-type", detail: "街道办" },
      { line: 7, reason: "bad-phone", detail: "1234" },
      { line: 8, reason: "bad-phone", detail: "138abc" },
      { line: 10, reason: "duplicate-in-unit", detail: "9" },
    ]);
    expect(rows.map((r) => r.line)).toEqual([9, 11, 12]);
  });

  it("reports missing required columns", async () => {
    expect(await parseRosterFile(utf8("姓名,电话\n张三,123456\n"), "a.csv")).toEqual({
      ok: false,
      error: "missing-columns",
      detail: "role, unit",
    });
  });

  it("reports an empty file, also one with only blank lines", async () => {
    expect(await parseRosterFile(new Uint8Array(), "a.csv")).toEqual({ ok: false, error: "empty-file" });
    expect(await parseRosterFile(utf8("\ufeff\n \n,,\n"), "a.csv")).toEqual({
      ok: false,
      error: "empty-file",
    });
  });

  it("accepts a header with no data rows", async () => {
    expect(await parseRosterFile(utf8("姓名,身份,单位\n"), "a.csv")).toEqual({
      ok: true,
      rows: [],
      rejections: [],
    });
  });

  it("reports broken CSV as unreadable", async () => {
    const result = await parseRosterFile(utf8('姓名,身份,单位\n"张三,委员,甲\n'), "a.csv");
    expect(result).toMatchObject({ ok: false, error: "unreadable" });
  });

  it("parses the example fixture", async () => {
    const { rows, rejections } = okResult(await parseRosterFile(await fixture("roster.csv"), "roster.csv"));
    expect(new Set(rows.map((r) => r.role))).toEqual(
      new Set(["member", "standing", "informant", "staff", "leader", "admin"]),
    );
    expect(new Set(rows.map((r) => r.unit)).size).toBe(3);
    expect(rejections.map((r) => r.reason)).toEqual(["duplicate-in-unit", "unknown-role", "empty-name"]);
  });
});

describe("parseRosterFile: file types", () => {
  it("rejects other extensions", async () => {
    for (const name of ["roster.xls", "roster.txt", "roster", "csv"]) {
      expect(await parseRosterFile(utf8("姓名,身份,单位\n"), name)).toMatchObject({
        ok: false,
        error: "unsupported-file-type",
      });
    }
  });
});

describe("parseRosterFile: XLSX", () => {
  it("reads the first sheet; phones given as numbers become strings", async () => {
    const bytes = await rosterXlsx([
      ["Name", "Role", "Unit", "Unit Type", "Mobile"],
      ["张三", "委员", "民盟", "民主党派", 13800000001],
      ["李四", "leader", "办公室", "", "+86-138-0000-0002"],
    ]);
    const { rows, rejections } = okResult(await parseRosterFile(bytes, "Roster.XLSX"));
    expect(rejections).toEqual([]);
    expect(rows).toEqual([
      { line: 2, name: "张三", role: "member", unit: "民盟", unitType: "party", phone: "13800000001" },
      { line: 3, name: "李四", role: "leader", unit: "办公室", unitType: "other", phone: "13800000002" },
    ]);
  });

  it("reads rich text cells, skips empty rows, and reports row numbers", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("first");
    workbook.addWorksheet("second").addRow(["ignored"]);
    sheet.getRow(1).values = ["姓名", "身份", "单位"];
    sheet.getRow(3).values = [
      { richText: [{ text: "王" }, { text: "五", font: { bold: true } }] },
      "常委",
      "经济界",
    ];
    sheet.getRow(4).values = ["王五", "委员", "经济界"];
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    const { rows, rejections } = okResult(await parseRosterFile(bytes, "a.xlsx"));
    expect(rows).toEqual([
      { line: 3, name: "王五", role: "standing", unit: "经济界", unitType: "other", phone: null },
    ]);
    expect(rejections).toEqual([{ line: 4, reason: "duplicate-in-unit", detail: "3" }]);
  });

  it("reports missing columns, empty sheets and unreadable bytes", async () => {
    expect(await parseRosterFile(await rosterXlsx([["姓名", "单位"]]), "a.xlsx")).toEqual({
      ok: false,
      error: "missing-columns",
      detail: "role",
    });
    expect(await parseRosterFile(await rosterXlsx([]), "a.xlsx")).toEqual({ ok: false, error: "empty-file" });
    expect(await parseRosterFile(utf8("not a zip"), "a.xlsx")).toMatchObject({
      ok: false,
      error: "unreadable",
    });
  });
});
