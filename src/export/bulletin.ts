// The Excel bulletin (季度通报 / 年度通报) of a period: a summary sheet, the units and the people in standings
// order, and the period's reports with their status and steps. Headers come from locales/ (the bulletin is
// the committee's own document: the callers pass the Chinese translator); widths and number formats are set
// so the file prints as it is. exceljs runs on Node and in the Worker bundle alike.
import ExcelJS from "exceljs";
import type { Translate } from "../bot/render";
import type { BulletinData, BulletinReport, QuotaCompletion, RankedRow } from "../db/stats";
import { localDateParts } from "../domain/periods";
import { levelsUp, roundPoints } from "../domain/scoring";
import type { Level, Settings } from "../domain/settings";
import { adoptionRate, type PeriodCounts } from "../domain/stats";
import { periodName } from "../bot/render";

const INTEGER = "0";
const POINTS = "0.00";
const PERCENT = "0.0%";
const DATE_TIME = "yyyy-mm-dd hh:mm";

interface Column {
  header: string;
  width: number;
  format?: string;
}

export function bulletinFileName(label: string): string {
  return `minyi-bulletin-${label}.xlsx`;
}

export const BULLETIN_SHEETS = ["summary", "units", "people", "reports"] as const;

/** Levels from the own level up, in the configured order: one single and one combined column each. */
function levelsShown(settings: Pick<Settings, "levels" | "ownLevel">): Level[] {
  return settings.levels.filter((level) => levelsUp(level, settings.ownLevel, settings.levels) !== undefined);
}

/** A wall-clock time in the committee's zone as Excel shows dates (Excel has no time zones). */
function excelDate(instant: Date, timeZone: string): Date {
  const p = localDateParts(instant, timeZone);
  return new Date(Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute));
}

function countColumns(t: Translate, levels: Level[]): Column[] {
  return [
    { header: t("bulletin-col-points"), width: 9, format: POINTS },
    { header: t("bulletin-col-submitted"), width: 8, format: INTEGER },
    { header: t("bulletin-col-accepted"), width: 8, format: INTEGER },
    { header: t("bulletin-col-returned"), width: 9, format: INTEGER },
    { header: t("bulletin-col-rejected"), width: 9, format: INTEGER },
    { header: t("bulletin-col-adopted"), width: 8, format: INTEGER },
    ...levels.flatMap((level) => [
      { header: t("bulletin-col-level-single", { level: t(`level-${level}`) }), width: 12, format: INTEGER },
      {
        header: t("bulletin-col-level-combined", { level: t(`level-${level}`) }),
        width: 12,
        format: INTEGER,
      },
    ]),
    { header: t("bulletin-col-instructed"), width: 9, format: INTEGER },
    { header: t("bulletin-col-read"), width: 9, format: INTEGER },
    { header: t("bulletin-col-transferred"), width: 9, format: INTEGER },
    { header: t("bulletin-col-rate"), width: 9, format: PERCENT },
  ];
}

function countValues(counts: PeriodCounts, levels: Level[]): (number | null)[] {
  return [
    roundPoints(counts.points),
    counts.submitted,
    counts.accepted,
    counts.returned,
    counts.rejected,
    counts.adopted,
    ...levels.flatMap((level) => [
      counts.adoptedByLevel[level].single,
      counts.adoptedByLevel[level].combined,
    ]),
    counts.instructed,
    counts.read,
    counts.transferred,
    adoptionRate(counts) ?? null,
  ];
}

function addSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  columns: Column[],
  rows: (string | number | Date | null)[][],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = columns.map((c, i) => ({
    header: c.header,
    key: `c${i}`,
    width: c.width,
    ...(c.format ? { style: { numFmt: c.format } } : {}),
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", wrapText: true };
  for (const row of rows) sheet.addRow(row);
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
  workbook.creator = "Minyi";
  workbook.created = now;
  const levels = levelsShown(settings);
  const period = periodName(t, data.period);

  const c = data.counts;
  const summary: [string, string | number | null, string?][] = [
    [t("bulletin-summary-committee"), settings.name],
    [t("bulletin-summary-period"), period],
    [t("bulletin-summary-submitted"), c.submitted, INTEGER],
    [t("bulletin-summary-accepted"), c.accepted, INTEGER],
    [t("bulletin-summary-returned"), c.returned, INTEGER],
    [t("bulletin-summary-rejected"), c.rejected, INTEGER],
    [t("bulletin-summary-adopted"), c.adopted, INTEGER],
    ...levels.flatMap((level): [string, number, string][] => [
      [
        t("bulletin-col-level-single", { level: t(`level-${level}`) }),
        c.adoptedByLevel[level].single,
        INTEGER,
      ],
      [
        t("bulletin-col-level-combined", { level: t(`level-${level}`) }),
        c.adoptedByLevel[level].combined,
        INTEGER,
      ],
    ]),
    [t("bulletin-summary-instructed"), c.instructed, INTEGER],
    [t("bulletin-summary-read"), c.read, INTEGER],
    [t("bulletin-summary-transferred"), c.transferred, INTEGER],
    [t("bulletin-summary-rate"), adoptionRate(c) ?? null, PERCENT],
    [t("bulletin-summary-quota-met"), data.quota.met, INTEGER],
    [t("bulletin-summary-quota-total"), data.quota.total, INTEGER],
    [t("bulletin-summary-points"), roundPoints(c.points), POINTS],
    [t("bulletin-summary-generated"), null],
  ];
  const summarySheet = workbook.addWorksheet(t("bulletin-sheet-summary"));
  summarySheet.columns = [
    { header: t("bulletin-col-item"), key: "item", width: 22 },
    { header: t("bulletin-col-value"), key: "value", width: 24 },
  ];
  summarySheet.getRow(1).font = { bold: true };
  for (const [item, value, format] of summary) {
    const row = summarySheet.addRow([item, value]);
    if (format) row.getCell(2).numFmt = format;
  }
  const generated = summarySheet.lastRow!.getCell(2);
  generated.value = excelDate(now, settings.timeZone);
  generated.numFmt = DATE_TIME;
  summarySheet.getColumn(2).alignment = { horizontal: "left" };

  const counts = countColumns(t, levels);
  const quotaColumns: Column[] = [
    { header: t("bulletin-col-quota-met"), width: 11, format: INTEGER },
    { header: t("bulletin-col-quota-total"), width: 11, format: INTEGER },
  ];
  addSheet(
    workbook,
    t("bulletin-sheet-units"),
    [
      { header: t("bulletin-col-rank"), width: 6, format: INTEGER },
      { header: t("bulletin-col-unit"), width: 24 },
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
  );
  addSheet(
    workbook,
    t("bulletin-sheet-people"),
    [
      { header: t("bulletin-col-rank"), width: 6, format: INTEGER },
      { header: t("bulletin-col-name"), width: 12 },
      { header: t("bulletin-col-unit"), width: 24 },
      { header: t("bulletin-col-role"), width: 12 },
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
    [
      { header: t("bulletin-col-id"), width: 8, format: INTEGER },
      { header: t("bulletin-col-title"), width: 40 },
      { header: t("bulletin-col-authors"), width: 18 },
      { header: t("bulletin-col-unit"), width: 22 },
      { header: t("bulletin-col-category"), width: 12 },
      { header: t("bulletin-col-submitted-at"), width: 17, format: DATE_TIME },
      { header: t("bulletin-col-status"), width: 14 },
      { header: t("bulletin-col-events"), width: 60 },
      { header: t("bulletin-col-report-points"), width: 10, format: POINTS },
    ],
    data.reports.map((r) => [
      r.id,
      r.title,
      r.authors.join(t("job-list-separator")),
      r.unitName ?? "",
      r.category,
      excelDate(r.submittedAt, settings.timeZone),
      t(`status-${r.status}`),
      eventsText(t, r, settings.timeZone),
      roundPoints(r.points),
    ]),
  );
  reports.getColumn(8).alignment = { wrapText: true, vertical: "top" };
  if (data.reportsLeftOut > 0)
    reports.addRow([null, t("bulletin-reports-left-out", { count: data.reportsLeftOut })]);
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
