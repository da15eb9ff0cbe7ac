// Test helper: builds an in-memory XLSX roster (first sheet, one row per array) with exceljs.

import ExcelJS from "exceljs";

/** Rows are written as given: strings stay text cells, numbers become number cells (e.g. phones). */
export async function rosterXlsx(rows: readonly (readonly (string | number)[])[]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("名单");
  for (const row of rows) sheet.addRow([...row]);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}
