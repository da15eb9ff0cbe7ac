// Reading a file a person sent: bounded download, then the container vetted, then the parser, each step with
// a refusal a person can read. `inlineReader` does the work on the calling thread (Workers, tests, the CLI);
// Node's bot passes `childReader` (parse-in-child.ts), which runs the same code in a child process.
import { parseRosterFile, type RosterParseResult } from "../roster/parse";
import { extractDocxText } from "./docx";
import { FileTooLarge } from "./download";
import { vetZip } from "./guard";
import { FILE_LIMITS, MB } from "./limits";
import { type FileResult, refused } from "./refusal";

export interface FileReader {
  /** The text of a .docx, its paragraphs as lines. */
  docxText(bytes: Uint8Array): Promise<FileResult<string>>;
  /** A roster .csv/.xlsx; refusals cover bounds and unreadable files, parse results the rest. */
  roster(bytes: Uint8Array, fileName: string): Promise<FileResult<RosterParseResult>>;
}

/** Downloads at most `maxBytes`, or throws FileTooLarge (src/files/download.ts). */
export type Download = (fileId: string, maxBytes: number) => Promise<Uint8Array>;

export const inlineReader: FileReader = {
  async docxText(bytes) {
    const vetted = vetZip(bytes);
    if (!vetted.ok) return vetted;
    try {
      const text = await extractDocxText(vetted.value.zip);
      return text === "" ? refused({ reason: "unreadable", cause: "no text" }) : { ok: true, value: text };
    } catch (error) {
      return refused({ reason: "unreadable", cause: describe(error) });
    }
  },
  async roster(bytes, fileName) {
    let input = bytes;
    if (/\.xlsx$/i.test(fileName.trim()) && bytes.length > 0) {
      const vetted = vetZip(bytes);
      if (!vetted.ok) return vetted;
      input = vetted.value.zip;
    }
    const parsed = await parseRosterFile(input, fileName, { maxRows: FILE_LIMITS.rosterRows });
    if (!parsed.ok && parsed.error === "too-many-rows")
      return refused({ reason: "too-many-rows", limit: FILE_LIMITS.rosterRows });
    if (!parsed.ok && parsed.error === "unreadable")
      return refused({ reason: "unreadable", ...(parsed.detail ? { cause: parsed.detail } : {}) });
    return { ok: true, value: parsed };
  },
};

/** The text of a .docx, read by `reader` (the bot's: a child process on Node, this thread on Workers). */
export function readDocxText(
  bytes: Uint8Array,
  reader: FileReader = inlineReader,
): Promise<FileResult<string>> {
  return reader.docxText(bytes);
}

/** A .docx a person sent: downloaded within FILE_LIMITS.docxBytes, then read by `reader`. */
export async function downloadDocxText(
  download: Download,
  fileId: string,
  reader: FileReader = inlineReader,
): Promise<FileResult<string>> {
  const bytes = await downloadWithin(download, fileId, FILE_LIMITS.docxBytes);
  return bytes.ok ? reader.docxText(bytes.value) : bytes;
}

/** A roster file a staff member sent: downloaded within FILE_LIMITS.rosterBytes, then read by `reader`. */
export async function downloadRoster(
  download: Download,
  fileId: string,
  fileName: string,
  reader: FileReader = inlineReader,
): Promise<FileResult<RosterParseResult>> {
  const bytes = await downloadWithin(download, fileId, FILE_LIMITS.rosterBytes);
  return bytes.ok ? reader.roster(bytes.value, fileName) : bytes;
}

async function downloadWithin(
  download: Download,
  fileId: string,
  maxBytes: number,
): Promise<FileResult<Uint8Array>> {
  try {
    return { ok: true, value: await download(fileId, maxBytes) };
  } catch (error) {
    if (error instanceof FileTooLarge) return refused({ reason: "too-large", limit: maxBytes / MB });
    throw error;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
