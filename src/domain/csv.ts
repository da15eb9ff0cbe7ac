// The CSV files the bot writes (invites, rejected roster rows), as Excel and WPS open them: UTF-8 with a BOM,
// CRLF, quoted where needed. A cell that begins with =, +, -, @, tab or CR would be read as a formula by them
// (a name such as =HYPERLINK(...) runs when staff open the file), so it is written with a leading '.

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvFile(rows: readonly (readonly string[])[]): Uint8Array {
  return new TextEncoder().encode(
    `\uFEFF${rows.map((cells) => cells.map(csvCell).join(",")).join("\r\n")}\r\n`,
  );
}
