// Roster upload parsing: CSV/XLSX bytes → validated roster rows and per-line rejections. No DB, no Telegram.

import { type Info, parse as parseCsv } from "csv-parse/sync";
import type { Role } from "../domain/roles";
import { EXAMPLE_NAME_PREFIX } from "./template";
import { FILE_LIMITS } from "../files/limits";

export type UnitType = "party" | "federation" | "committee" | "sector" | "township" | "other";

export interface RosterRow {
  /** 1-based line (CSV) or row (XLSX) number in the file; the header is normally line 1. */
  line: number;
  name: string;
  role: Role;
  unit: string;
  unitType: UnitType;
  /** Digits only, "+86" and separators removed; null when not given. */
  phone: string | null;
}

export type RosterRejectReason =
  | "empty-name"
  | "unknown-role"
  | "empty-unit"
  | "unknown-unit-type"
  | "bad-phone"
  | "duplicate-in-unit"
  | "name-too-long"
  /** Found when importing (src/db/roster.ts): only an admin grants staff or admin roles… */
  | "staff-role-needs-admin"
  /** …or changes someone who holds one. */
  | "staff-person-needs-admin";

export interface RosterRejection {
  line: number;
  reason: RosterRejectReason;
  /** The offending value; for duplicate-in-unit, the earlier line number (e.g. "3"). */
  detail?: string;
}

export type RosterParseResult =
  | { ok: true; rows: RosterRow[]; rejections: RosterRejection[] }
  | {
      ok: false;
      error: "unsupported-file-type" | "missing-columns" | "empty-file" | "unreadable" | "too-many-rows";
      detail?: string;
    };

export const MAX_NAME_LENGTH = 50;

type Column = "name" | "role" | "unit" | "unitType" | "phone";
const REQUIRED_COLUMNS: readonly Column[] = ["name", "role", "unit"];

/** Lower-case and drop spaces, underscores and dashes, so "Unit Type", "unit_type" and "UnitType" match. */
function normalize(value: string): string {
  return value.toLowerCase().replace(/[\s_-]+/g, "");
}

function lookup<T extends string>(table: Record<T, readonly string[]>): Map<string, T> {
  const map = new Map<string, T>();
  for (const [key, synonyms] of Object.entries(table) as [T, readonly string[]][]) {
    for (const synonym of synonyms) map.set(normalize(synonym), key);
  }
  return map;
}

const HEADERS = lookup<Column>({
  name: ["姓名", "名字", "name"],
  role: ["身份", "角色", "类别", "role"],
  unit: ["单位", "所属单位", "界别", "unit"],
  unitType: ["单位类型", "单位类别", "unit type"],
  phone: ["电话", "手机", "手机号", "联系电话", "phone", "mobile"],
});

const ROLE_VALUES = lookup<Role>({
  member: ["委员", "member"],
  standing: ["常委", "常务委员", "standing", "standing member"],
  informant: ["特邀信息员", "特邀撰稿人", "informant"],
  staff: ["工作人员", "信息工作人员", "staff"],
  leader: ["领导", "主席", "副主席", "秘书长", "leader"],
  admin: ["管理员", "admin"],
});

const UNIT_TYPE_VALUES = lookup<UnitType>({
  party: ["民主党派", "party"],
  federation: ["工商联", "federation"],
  committee: ["专委会", "专门委员会", "committee"],
  sector: ["界别", "sector"],
  township: ["镇街", "镇街政协工作室", "联络组", "township"],
  other: ["其他", "other"],
});

/** A non-empty record of raw cell strings and the line it starts on. */
interface RawLine {
  line: number;
  cells: string[];
}

/** Roster files larger than this are refused before they are read (README "Files people send"). */
export const MAX_ROSTER_FILE_BYTES = FILE_LIMITS.rosterBytes;

/** Raised while reading past `maxRows` data rows, so a huge file stops early instead of being read whole. */
class TooManyRows extends Error {}

export interface RosterParseOptions {
  /** Data rows (the header not counted) past which the file is refused as "too-many-rows". */
  maxRows?: number;
}

export async function parseRosterFile(
  bytes: Uint8Array,
  fileName: string,
  options: RosterParseOptions = {},
): Promise<RosterParseResult> {
  const ext = /\.([^.]+)$/.exec(fileName.trim())?.[1]?.toLowerCase();
  if (ext !== "csv" && ext !== "xlsx")
    return { ok: false, error: "unsupported-file-type", detail: ext ?? "" };
  if (bytes.length === 0) return { ok: false, error: "empty-file" };

  // Header plus data rows; blank lines, dropped below, count here too.
  const maxLines = options.maxRows === undefined ? Number.POSITIVE_INFINITY : options.maxRows + 1;
  let lines: RawLine[];
  try {
    lines = ext === "csv" ? readCsv(bytes, maxLines) : await readXlsx(bytes, maxLines);
  } catch (err) {
    if (err instanceof TooManyRows)
      return { ok: false, error: "too-many-rows", detail: String(options.maxRows) };
    return { ok: false, error: "unreadable", detail: err instanceof Error ? err.message : String(err) };
  }
  lines = lines
    .map((l) => ({ line: l.line, cells: l.cells.map((c) => c.trim()) }))
    .filter((l) => l.cells.some((c) => c !== ""));

  const [header, ...data] = lines;
  if (!header) return { ok: false, error: "empty-file" };

  const index = new Map<Column, number>();
  header.cells.forEach((cell, i) => {
    const column = HEADERS.get(normalize(cell));
    if (column && !index.has(column)) index.set(column, i);
  });
  const missing = REQUIRED_COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) return { ok: false, error: "missing-columns", detail: missing.join(", ") };

  const rows: RosterRow[] = [];
  const rejections: RosterRejection[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of data) {
    const get = (column: Column): string => {
      const i = index.get(column);
      return i === undefined ? "" : (cells[i] ?? "");
    };
    if (get("name").startsWith(EXAMPLE_NAME_PREFIX)) continue;
    const result = validate(line, get);
    if ("reason" in result) {
      rejections.push(result);
      continue;
    }
    const key = `${result.unit}\u0000${result.name}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      rejections.push({ line, reason: "duplicate-in-unit", detail: String(earlier) });
      continue;
    }
    seen.set(key, line);
    rows.push(result);
  }
  return { ok: true, rows, rejections };
}

function validate(line: number, get: (column: Column) => string): RosterRow | RosterRejection {
  const name = get("name");
  if (name === "") return { line, reason: "empty-name" };
  if ([...name].length > MAX_NAME_LENGTH) return { line, reason: "name-too-long", detail: name };

  const roleText = get("role");
  const role = ROLE_VALUES.get(normalize(roleText));
  if (!role) return { line, reason: "unknown-role", detail: roleText };

  const unit = get("unit");
  if (unit === "") return { line, reason: "empty-unit" };

  const unitTypeText = get("unitType");
  const unitType = unitTypeText === "" ? "other" : UNIT_TYPE_VALUES.get(normalize(unitTypeText));
  if (!unitType) return { line, reason: "unknown-unit-type", detail: unitTypeText };

  const phoneText = get("phone");
  let phone: string | null = null;
  if (phoneText !== "") {
    phone = phoneText.replace(/[\s-]+/g, "").replace(/^\+86/, "");
    if (!/^\d{5,20}$/.test(phone)) return { line, reason: "bad-phone", detail: phoneText };
  }
  return { line, name, role, unit, unitType, phone };
}

/** UTF-16 with its BOM (Excel's "Unicode text"), UTF-8 (BOM stripped by TextDecoder), else GB18030. */
function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return new TextDecoder("utf-16le", { fatal: true }).decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return new TextDecoder("utf-16be", { fatal: true }).decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("gb18030", { fatal: true }).decode(bytes);
  }
}

function readCsv(bytes: Uint8Array, maxLines: number): RawLine[] {
  // With `info: true` each record comes as { record, info }; csv-parse's types don't model that.
  const records = parseCsv(decodeText(bytes), {
    info: true,
    // One record past the bound is enough to know; the rest of the file is not parsed.
    ...(Number.isFinite(maxLines) ? { to: maxLines + 1 } : {}),
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as unknown as { record: string[]; info: Info }[];
  if (records.length > maxLines) throw new TooManyRows();
  // info.lines is the line a record ends on; step back over line breaks inside quoted cells.
  return records.map(({ record, info }) => ({
    line: info.lines - record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0),
    cells: record,
  }));
}

async function readXlsx(bytes: Uint8Array, maxLines: number): Promise<RawLine[]> {
  // Loaded on first use: exceljs is the largest module the bot has, and most starts never read an XLSX.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(bytes).buffer); // a copy, so a plain ArrayBuffer
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  if (sheet.actualRowCount > maxLines) throw new TooManyRows();
  const lines: RawLine[] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let i = 1; i <= row.cellCount; i++) cells.push(row.getCell(i).text);
    lines.push({ line: row.number, cells });
  });
  return lines;
}
