// How much of a file from a user the bot will take. Picked from real use, with room: a long report is a few
// hundred KB of .docx (a few MB with photos), a county roster a few thousand rows; README "Files people send".

export const FILE_LIMITS = {
  /** A .docx sent at a report's text step, as downloaded (bytes actually read, not Telegram's file_size). */
  docxBytes: 10 * 1024 * 1024,
  /** A roster .csv or .xlsx, as downloaded. */
  rosterBytes: 5 * 1024 * 1024,
  /** A report's attachment fetched for the web console (the Bot API's own getFile limit). */
  attachmentBytes: 20 * 1024 * 1024,
  /** Everything in a .docx/.xlsx unpacked, all entries together, before any parser sees it. */
  unpackedBytes: 50 * 1024 * 1024,
  /** Entries in a .docx/.xlsx (a long report has about 20, a workbook about 10). */
  zipEntries: 2000,
  /** People in one roster file (data rows, the header not counted). */
  rosterRows: 10_000,
  /** Node: a file is parsed in a child process with this much JavaScript heap… */
  parseHeapMb: 256,
  /** …and is stopped after this long (its start included)… */
  parseDeadlineMs: 20_000,
  /** …with at most this many at once; more wait their turn. */
  parsesAtOnce: 2,
} as const;

export type FileLimits = typeof FILE_LIMITS;

export const MB = 1024 * 1024;
