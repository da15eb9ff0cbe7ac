// Bounds a ZIP container (.docx, .xlsx) before any parser opens it. The central directory is walked by hand
// and every entry inflated with fflate against a running budget, so a bomb (one entry inflating to gigabytes,
// thousands of entries, entries overlapping the same compressed bytes) is stopped a few MB past the bound.
// What passes is handed on as a fresh, stored (uncompressed) ZIP of exactly the entries that were measured:
// the parser inflates nothing and cannot read the container differently from how it was counted.
// Archives inside the archive are not opened (mammoth and exceljs do not open them either); their compressed
// bytes count toward the budget like any other entry.
import { Inflate, zipSync } from "fflate";
import { FILE_LIMITS, MB } from "./limits";
import { type FileResult, refused } from "./refusal";

export interface ZipBounds {
  unpackedBytes: number;
  entries: number;
}

export interface VettedZip {
  /** The same entries, stored without compression. */
  zip: Uint8Array;
  entries: number;
  unpackedBytes: number;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** Compressed bytes handed to the inflater at a time: DEFLATE expands at most ~1032×, so ≤ 4 MB per step. */
const INFLATE_STEP = 4 * 1024;

class Unreadable extends Error {}
class OverBudget extends Error {}

export function vetZip(
  bytes: Uint8Array,
  bounds: ZipBounds = { unpackedBytes: FILE_LIMITS.unpackedBytes, entries: FILE_LIMITS.zipEntries },
): FileResult<VettedZip> {
  const tooLarge = () =>
    refused<VettedZip>({ reason: "too-large-unpacked", limit: bounds.unpackedBytes / MB });
  try {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const end = findEndOfCentralDirectory(view);
    if (end < 0) throw new Unreadable("no end of central directory");
    const declaredEntries = view.getUint16(end + 10, true);
    const directoryOffset = view.getUint32(end + 16, true);
    if (declaredEntries === 0xffff || directoryOffset === 0xffffffff) throw new Unreadable("ZIP64 archive");
    if (declaredEntries > bounds.entries)
      return refused({ reason: "too-many-entries", limit: bounds.entries });

    const files: Record<string, Uint8Array> = {};
    let entries = 0;
    let unpacked = 0;
    // Parsers read every record that carries the signature, whatever the count says: so do we.
    for (
      let at = directoryOffset;
      at + 46 <= view.byteLength && view.getUint32(at, true) === CENTRAL_FILE_HEADER;
    ) {
      entries += 1;
      if (entries > bounds.entries) return refused({ reason: "too-many-entries", limit: bounds.entries });
      const flags = view.getUint16(at + 8, true);
      const method = view.getUint16(at + 10, true);
      const compressedSize = view.getUint32(at + 20, true);
      const nameLength = view.getUint16(at + 28, true);
      const extraLength = view.getUint16(at + 30, true);
      const commentLength = view.getUint16(at + 32, true);
      const localOffset = view.getUint32(at + 42, true);
      const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
      at += 46 + nameLength + extraLength + commentLength;

      if (flags & 1) throw new Unreadable("encrypted entry");
      if (localOffset + 30 > view.byteLength || view.getUint32(localOffset, true) !== LOCAL_FILE_HEADER)
        throw new Unreadable("entry without a local header");
      const dataStart =
        localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
      if (dataStart + compressedSize > view.byteLength)
        throw new Unreadable("entry past the end of the file");
      const data = bytes.subarray(dataStart, dataStart + compressedSize);

      let content: Uint8Array;
      if (method === 0) {
        unpacked += data.length;
        if (unpacked > bounds.unpackedBytes) return tooLarge();
        content = data;
      } else if (method === 8) {
        const inflated = inflateWithin(data, bounds.unpackedBytes - unpacked);
        unpacked += inflated.length;
        content = inflated;
      } else throw new Unreadable(`compression method ${method}`);
      if (!name.endsWith("/")) files[name] = content;
    }
    if (entries === 0) throw new Unreadable("no entries");
    return { ok: true, value: { zip: zipSync(files, { level: 0 }), entries, unpackedBytes: unpacked } };
  } catch (error) {
    if (error instanceof OverBudget) return tooLarge();
    return refused({ reason: "unreadable", cause: error instanceof Error ? error.message : String(error) });
  }
}

/** The last end-of-central-directory record (as JSZip and exceljs's reader take it), or -1. */
function findEndOfCentralDirectory(view: DataView): number {
  const lowest = Math.max(0, view.byteLength - 22 - 0xffff);
  for (let at = view.byteLength - 22; at >= lowest; at--)
    if (view.getUint32(at, true) === END_OF_CENTRAL_DIRECTORY) return at;
  return -1;
}

/** Inflates one entry, giving up as soon as its output passes `budget` bytes. */
function inflateWithin(data: Uint8Array, budget: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let done = false;
  const inflater = new Inflate((chunk, final) => {
    length += chunk.length;
    if (length > budget) throw new OverBudget();
    chunks.push(chunk);
    if (final) done = true;
  });
  for (let at = 0; at < data.length && !done; at += INFLATE_STEP) {
    const end = Math.min(at + INFLATE_STEP, data.length);
    inflater.push(data.subarray(at, end), end === data.length);
  }
  if (data.length === 0) inflater.push(new Uint8Array(0), true);
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}
