// The Excel bulletin (季度通报 / 年度通报) of a period: a summary sheet, the units and the people in standings
// order, and the period's reports with their status and steps. Headers come from locales/ (the bulletin is
// the committee's own document: the callers pass the Chinese translator). Each sheet prints as it is: the
// committee's name and the period as a title, landscape A4 one page wide, the header repeated on every page,
// borders, a 合计 row under the units, and no level column that is all zero. exceljs runs on Node and in the Worker bundle alike.
import ExcelJS from "exceljs";
import type { Translate } from "../bot/render";
import type { BulletinData, BulletinReport } from "../db/stats-bulletin";
import type { QuotaCompletion } from "../db/stats-quota";
import type { RankedRow } from "../db/stats-ranking";
import { localDateParts, type Period } from "../domain/periods";
import { levelsUp, roundPoints } from "../domain/scoring";
import type { Level, Settings } from "../domain/settings";
import { adoptionRate, type PeriodCounts } from "../domain/stats";
import { periodName, statusText } from "../bot/render";

const INTEGER = "0";
/** Points: whole numbers bare, others with up to two decimals and no trailing zeros (29, 33.5, 33.67). */
const POINTS_WHOLE = "0";
const POINTS_DECIMAL = "0.##";
const PERCENT = "0.0%";
const DATE_TIME = "yyyy-mm-dd hh:mm";
/** ExcelJS's paper size code for A4. */
const A4 = 9;
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};

type Format = string | "points";

interface Column {
  header: string;
  width: number;
  format?: Format;
}

type Cell = string | number | Date | null;

/** <committee><period>社情民意信息通报.xlsx, with characters file systems refuse replaced. */
export function bulletinFileName(
  t: Translate,
  settings: Pick<Settings, "name">,
  period: Pick<Period, "kind" | "year" | "index">,
): string {
  const name = t("bulletin-file-name", { committee: settings.name, period: periodName(t, period) });
  return `${name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, "_")}.xlsx`;
}

export const BULLETIN_SHEETS = ["summary", "units", "people", "reports"] as const;

/** Levels from the own level up, in the configured order: one single and one combined column each. */
function levelsShown(settings: Pick<Settings, "levels" | "ownLevel">): Level[] {
  return settings.levels.filter((level) => levelsUp(level, settings.ownLevel, settings.levels) !== undefined);
}

/** One column of adoptions at a level, as a single or a combined piece. */
interface LevelColumn {
  level: Level;
  mode: "single" | "combined";
}

/**
 * The level columns worth printing: those with an adoption somewhere in the period. The committee's counts
 * hold every unit's and person's, so a column zero there is zero in every row.
 */
function levelColumns(settings: Pick<Settings, "levels" | "ownLevel">, counts: PeriodCounts): LevelColumn[] {
  return levelsShown(settings).flatMap((level) =>
    (["single", "combined"] as const)
      .filter((mode) => counts.adoptedByLevel[level][mode] !== 0)
      .map((mode) => ({ level, mode })),
  );
}

function levelHeader(t: Translate, column: LevelColumn): string {
  return t(`bulletin-col-level-${column.mode}`, { level: t(`level-${column.level}`) });
}

/** A wall-clock time in the committee's zone as Excel shows dates (Excel has no time zones). */
function excelDate(instant: Date, timeZone: string): Date {
  const p = localDateParts(instant, timeZone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute));
}

function countColumns(t: Translate, levels: LevelColumn[]): Column[] {
  return [
    { header: t("bulletin-col-points"), width: 8, format: "points" },
    { header: t("bulletin-col-submitted"), width: 7, format: INTEGER },
    { header: t("bulletin-col-accepted"), width: 7, format: INTEGER },
    { header: t("bulletin-col-returned"), width: 7, format: INTEGER },
    { header: t("bulletin-col-rejected"), width: 7, format: INTEGER },
    { header: t("bulletin-col-adopted"), width: 7, format: INTEGER },
    ...levels.map((column) => ({ header: levelHeader(t, column), width: 9, format: INTEGER })),
    { header: t("bulletin-col-instructed"), width: 7, format: INTEGER },
    { header: t("bulletin-col-read"), width: 7, format: INTEGER },
    { header: t("bulletin-col-transferred"), width: 7, format: INTEGER },
    { header: t("bulletin-col-rate"), width: 8, format: PERCENT },
  ];
}

function countValues(counts: PeriodCounts, levels: LevelColumn[]): Cell[] {
  return [
    roundPoints(counts.points),
    counts.submitted,
    counts.accepted,
    counts.returned,
    counts.rejected,
    counts.adopted,
    ...levels.map((column) => counts.adoptedByLevel[column.level][column.mode]),
    counts.instructed,
    counts.read,
    counts.transferred,
    adoptionRate(counts) ?? null,
  ];
}

/** The sum of the units' counts: what the 合计 row shows (its rate from the summed reports). */
function sumCounts(rows: readonly PeriodCounts[], levels: LevelColumn[]): Cell[] {
  const sum = (f: (c: PeriodCounts) => number) => rows.reduce((total, c) => total + f(c), 0);
  const submitted = sum((c) => c.submitted);
  return [
    roundPoints(sum((c) => c.points)),
    submitted,
    sum((c) => c.accepted),
    sum((c) => c.returned),
    sum((c) => c.rejected),
    sum((c) => c.adopted),
    ...levels.map((column) => sum((c) => c.adoptedByLevel[column.level][column.mode])),
    sum((c) => c.instructed),
    sum((c) => c.read),
    sum((c) => c.transferred),
    adoptionRate({ submitted, submittedAdopted: sum((c) => c.submittedAdopted) }) ?? null,
  ];
}

function pointsFormat(value: unknown): string {
  return typeof value === "number" && !Number.isInteger(value) ? POINTS_DECIMAL : POINTS_WHOLE;
}

/** Sets a printed table's cell: its value, the column's format and a thin border. */
function fill(cell: ExcelJS.Cell, value: Cell, format: Format | undefined): void {
  cell.value = value;
  if (format) cell.numFmt = format === "points" ? pointsFormat(value) : format;
  cell.border = THIN;
}

/**
 * A sheet that prints: the title (committee and period) merged across the top, the header row under it
 * repeated on every page, thin borders, landscape A4 one page wide, and an optional 合计 row at the end.
 */
function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  title: string,
  columns: Column[],
  rows: Cell[][],
  total?: { label: string; span: number; values: Cell[] },
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: "frozen", ySplit: 2 }],
    pageSetup: {
      paperSize: A4,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: "2:2",
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.6, header: 0.3, footer: 0.3 },
    },
  });
  columns.forEach((c, i) => {
    sheet.getColumn(i + 1).width = c.width;
  });
  sheet.mergeCells(1, 1, 1, columns.length);
  const titleCell = sheet.getCell(1, 1);
  titleCell.value = title;
  titleCell.font = { bold: true, size: 16 };
  titleCell.alignment = { horizontal: "center", vertical: "middle" };
  sheet.getRow(1).height = 30;
  const header = sheet.getRow(2);
  for (const [i, c] of columns.entries()) fill(header.getCell(i + 1), c.header, undefined);
  header.font = { bold: true };
  header.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  for (const values of rows) {
    const row = sheet.addRow([]);
    for (const [i, c] of columns.entries()) fill(row.getCell(i + 1), values[i] ?? null, c.format);
  }
  if (total) {
    const row = sheet.addRow([]);
    const values: Cell[] = [total.label, ...Array<Cell>(total.span - 1).fill(null), ...total.values];
    for (const [i, c] of columns.entries())
      fill(row.getCell(i + 1), values[i] ?? null, i < total.span ? undefined : c.format);
    if (total.span > 1) sheet.mergeCells(row.number, 1, row.number, total.span);
    row.font = { bold: true };
    row.getCell(1).alignment = { horizontal: "center" };
  }
  return sheet;
}

/** The bulletin as XLSX bytes. */
export async function bulletinXlsx(
  data: BulletinData,
  settings: Pick<Settings, "name" | "timeZone" | "levels" | "ownLevel">,
  t: Translate,
  now: Date,
): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = settings.name;
  workbook.created = now;
  const c = data.counts;
  const levels = levelColumns(settings, c);
  const period = periodName(t, data.period);
  const title = t("bulletin-title", { committee: settings.name, period });

  const summary: [string, Cell, Format?][] = [
    [t("bulletin-summary-period"), period],
    [t("bulletin-summary-submitted"), c.submitted, INTEGER],
    [t("bulletin-summary-accepted"), c.accepted, INTEGER],
    [t("bulletin-summary-returned"), c.returned, INTEGER],
    [t("bulletin-summary-rejected"), c.rejected, INTEGER],
    [t("bulletin-summary-adopted"), c.adopted, INTEGER],
    ...levels.map((column): [string, number, string] => [
      levelHeader(t, column),
      c.adoptedByLevel[column.level][column.mode],
      INTEGER,
    ]),
    [t("bulletin-summary-instructed"), c.instructed, INTEGER],
    [t("bulletin-summary-read"), c.read, INTEGER],
    [t("bulletin-summary-transferred"), c.transferred, INTEGER],
    [t("bulletin-summary-rate"), adoptionRate(c) ?? null, PERCENT],
    [t("bulletin-summary-quota-met"), data.quota.met, INTEGER],
    [t("bulletin-summary-quota-total"), data.quota.total, INTEGER],
    [t("bulletin-summary-points"), roundPoints(c.points), "points"],
    [t("bulletin-summary-generated"), excelDate(now, settings.timeZone), DATE_TIME],
  ];
  const summarySheet = addSheet(
    workbook,
    t("bulletin-sheet-summary"),
    title,
    [
      { header: t("bulletin-col-item"), width: 24 },
      { header: t("bulletin-col-value"), width: 24 },
    ],
    summary.map(([item, value]) => [item, value]),
  );
  summary.forEach(([, value, format], i) => {
    const cell = summarySheet.getCell(3 + i, 2);
    if (format) cell.numFmt = format === "points" ? pointsFormat(value) : format;
    cell.alignment = { horizontal: "left" };
  });
  // The summary is a short list: portrait fits it better.
  summarySheet.pageSetup.orientation = "portrait";

  const counts = countColumns(t, levels);
  const quotaColumns: Column[] = [
    { header: t("bulletin-col-quota-met"), width: 9, format: INTEGER },
    { header: t("bulletin-col-quota-total"), width: 9, format: INTEGER },
  ];
  addSheet(
    workbook,
    t("bulletin-sheet-units"),
    title,
    [
      { header: t("bulletin-col-rank"), width: 6, format: INTEGER },
      { header: t("bulletin-col-unit"), width: 22 },
      ...counts,
      ...quotaColumns,
    ],
    data.units.map((u: RankedRow & { quota: QuotaCompletion }) => [
      u.rank,
      u.name,
      ...countValues(u.counts, levels),
      u.quota.met,
      u.quota.total,
    ]),
    {
      label: t("bulletin-total"),
      span: 2,
      values: [
        ...sumCounts(
          data.units.map((u) => u.counts),
          levels,
        ),
        data.units.reduce((n, u) => n + u.quota.met, 0),
        data.units.reduce((n, u) => n + u.quota.total, 0),
      ],
    },
  );
  addSheet(
    workbook,
    t("bulletin-sheet-people"),
    title,
    [
      { header: t("bulletin-col-rank"), width: 6, format: INTEGER },
      { header: t("bulletin-col-name"), width: 10 },
      { header: t("bulletin-col-unit"), width: 20 },
      { header: t("bulletin-col-role"), width: 10 },
      ...counts,
    ],
    data.people.map((p) => [
      p.rank,
      p.name,
      p.unitName ?? "",
      p.role ? t(`role-${p.role}`) : "",
      ...countValues(p.counts, levels),
    ]),
  );
  const reports = addSheet(
    workbook,
    t("bulletin-sheet-reports"),
    title,
    [
      { header: t("bulletin-col-id"), width: 7, format: INTEGER },
      { header: t("bulletin-col-title"), width: 36 },
      { header: t("bulletin-col-authors"), width: 14 },
      { header: t("bulletin-col-unit"), width: 18 },
      { header: t("bulletin-col-category"), width: 10 },
      { header: t("bulletin-col-submitted-at"), width: 16, format: DATE_TIME },
      { header: t("bulletin-col-status"), width: 12 },
      { header: t("bulletin-col-events"), width: 56 },
      { header: t("bulletin-col-report-points"), width: 8, format: "points" },
    ],
    data.reports.map((r) => [
      r.id,
      r.title,
      r.authors.join(t("job-list-separator")),
      r.unitName ?? "",
      r.category,
      excelDate(r.submittedAt, settings.timeZone),
      statusText(t, r.status, r.forwardedLevel),
      eventsText(t, r, settings.timeZone),
      roundPoints(r.points),
    ]),
  );
  for (const column of [2, 8]) reports.getColumn(column).alignment = { wrapText: true, vertical: "top" };
  if (data.reportsLeftOut > 0) {
    const row = reports.addRow([null, t("bulletin-reports-left-out", { count: data.reportsLeftOut })]);
    reports.mergeCells(row.number, 2, row.number, 9);
  }
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** "04-10 审核录用；05-02 被采用（市级，单篇编发）" — the report's steps in the period, one cell. */
export function eventsText(t: Translate, report: BulletinReport, timeZone: string): string {
  return report.events
    .map((e) => {
      const p = localDateParts(e.at, timeZone);
      const date = `${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
      const details = [
        e.level ? t(`level-${e.level}`) : undefined,
        e.mode ? t(`mode-${e.mode}`) : undefined,
        e.department ?? undefined,
      ].filter((x): x is string => !!x);
      const kind = t(`event-${e.kind}`);
      return details.length > 0
        ? t("bulletin-event-detailed", { date, event: kind, details: details.join(t("job-list-separator")) })
        : t("bulletin-event", { date, event: kind });
    })
    .join(t("bulletin-event-separator"));
}
