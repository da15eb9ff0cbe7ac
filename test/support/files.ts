// Test helper: real .docx/.xlsx bytes, ordinary and hostile, written by hand so a bomb can carry an entry
// compressed once here (1 GiB of zeros in about 1 MB) and central-directory records that share data.
import { constants, crc32, deflateRawSync } from "node:zlib";
import { unzipSync } from "fflate";

const MB = 1024 * 1024;

export interface PackedEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: 0 | 8;
  /** As written in the file (compressed when method is 8). */
  data: Uint8Array;
  crc: number;
  /** Inflated size as declared (a bomb may declare what it likes). */
  size: number;
}

export function packed(name: string, content: Uint8Array, method: 0 | 8 = 8): PackedEntry {
  return {
    name,
    method,
    data: method === 8 ? new Uint8Array(deflateRawSync(content)) : content,
    crc: crc32(content),
    size: content.length,
  };
}

/**
 * `mb` MB of zeros in one deflated entry, compressed without ever holding them: a 16 MB segment ends in a full
 * flush (byte-aligned, no back-references), so the same segment repeated is a valid stream.
 */
export function zeroBomb(name: string, mb: number): PackedEntry {
  const segmentMb = 16;
  const zeros = new Uint8Array(segmentMb * MB);
  const segment = new Uint8Array(deflateRawSync(zeros, { finishFlush: constants.Z_FULL_FLUSH }));
  const count = Math.ceil(mb / segmentMb);
  const data = new Uint8Array(segment.length * count + 2);
  let crc = 0;
  for (let i = 0; i < count; i++) {
    data.set(segment, i * segment.length);
    crc = crc32(zeros, crc);
  }
  data.set([0x03, 0x00], segment.length * count); // a final, empty block
  return { name, method: 8, data, crc, size: Math.min(count * segmentMb * MB, 0xffffffff) };
}

/** A ZIP of the entries; `aliases` extra central-directory records point at the first entry's data. */
export function writeZip(entries: PackedEntry[], aliases = 0): Uint8Array {
  const encoder = new TextEncoder();
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  const central = (entry: PackedEntry, name: Uint8Array, at: number) => {
    const record = new Uint8Array(46 + name.length);
    const view = new DataView(record.buffer);
    view.setUint32(0, 0x02014b50, true);
    view.setUint16(4, 20, true);
    view.setUint16(6, 20, true);
    view.setUint16(8, 0x800, true); // UTF-8 names
    view.setUint16(10, entry.method, true);
    view.setUint32(16, entry.crc >>> 0, true);
    view.setUint32(20, entry.data.length, true);
    view.setUint32(24, entry.size, true);
    view.setUint16(28, name.length, true);
    view.setUint32(42, at, true);
    record.set(name, 46);
    return record;
  };
  for (const entry of entries) {
    const name = encoder.encode(entry.name);
    const header = new Uint8Array(30 + name.length);
    const view = new DataView(header.buffer);
    view.setUint32(0, 0x04034b50, true);
    view.setUint16(4, 20, true);
    view.setUint16(6, 0x800, true);
    view.setUint16(8, entry.method, true);
    view.setUint32(14, entry.crc >>> 0, true);
    view.setUint32(18, entry.data.length, true);
    view.setUint32(22, entry.size, true);
    view.setUint16(26, name.length, true);
    header.set(name, 30);
    locals.push(header, entry.data);
    centrals.push(central(entry, name, offset));
    offset += header.length + entry.data.length;
  }
  const first = entries[0];
  if (first)
    for (let i = 0; i < aliases; i++)
      centrals.push(central(first, encoder.encode(`word/media/copy${i}.bin`), 0));
  const directorySize = centrals.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const view = new DataView(end.buffer);
  view.setUint32(0, 0x06054b50, true);
  view.setUint16(8, Math.min(centrals.length, 0xfffe), true);
  view.setUint16(10, Math.min(centrals.length, 0xfffe), true);
  view.setUint32(12, directorySize, true);
  view.setUint32(16, offset, true);
  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function documentXml(paragraphs: string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${paragraphs.map((p) => `<w:p><w:r><w:t>${escapeXml(p)}</w:t></w:r></w:p>`).join("")}</w:body></w:document>`;
}

/** A minimal .docx as Word writes it, with any extra entries (ordinary content, or packed by hand). */
export function docxBytes(
  paragraphs: string[],
  extra: Record<string, Uint8Array> = {},
  extraPacked: PackedEntry[] = [],
  aliases = 0,
): Uint8Array {
  const encoder = new TextEncoder();
  return writeZip(
    [
      ...extraPacked,
      packed("[Content_Types].xml", encoder.encode(CONTENT_TYPES)),
      packed("_rels/.rels", encoder.encode(RELS)),
      packed("word/document.xml", encoder.encode(documentXml(paragraphs))),
      ...Object.entries(extra).map(([name, content]) => packed(name, content)),
    ],
    aliases,
  );
}

/** Small on the wire, `copies` × `mb` MB unpacked: every alias record points at one deflated bomb. */
export function overlappingBomb(copies: number, mb: number): Uint8Array {
  return docxBytes(["x"], {}, [zeroBomb("word/media/image0.bin", mb)], copies - 1);
}

/**
 * An entry of valid XML that inflates to about `mb` MB: `head`, then `unit` repeated, then `tail`. Compressed as
 * segments ending in a full flush, so a 16 MB run of units is compressed once and repeated.
 */
export function xmlBomb(name: string, head: string, unit: string, tail: string, mb: number): PackedEntry {
  const encoder = new TextEncoder();
  const segmentMb = 16;
  const run = encoder.encode(unit.repeat(Math.floor((segmentMb * MB) / encoder.encode(unit).length)));
  const flushed = (bytes: Uint8Array) =>
    new Uint8Array(deflateRawSync(bytes, { finishFlush: constants.Z_FULL_FLUSH }));
  const headBytes = encoder.encode(head);
  const tailBytes = encoder.encode(tail);
  const headPart = flushed(headBytes);
  const runPart = flushed(run);
  const tailPart = new Uint8Array(deflateRawSync(tailBytes));
  const count = Math.max(1, Math.round(mb / segmentMb));
  const data = new Uint8Array(headPart.length + runPart.length * count + tailPart.length);
  data.set(headPart, 0);
  let crc = crc32(headBytes);
  for (let i = 0; i < count; i++) {
    data.set(runPart, headPart.length + i * runPart.length);
    crc = crc32(run, crc);
  }
  data.set(tailPart, headPart.length + count * runPart.length);
  crc = crc32(tailBytes, crc);
  const size = headBytes.length + run.length * count + tailBytes.length;
  return { name, method: 8, data, crc, size: Math.min(size, 0xffffffff) };
}

/** A .docx whose word/document.xml is well-formed and inflates to about `mb` MB of paragraphs. */
export function docxXmlBomb(mb: number): Uint8Array {
  const [head, tail] = documentXml(["\u0000"]).split("<w:p><w:r><w:t>\u0000</w:t></w:r></w:p>") as [
    string,
    string,
  ];
  const encoder = new TextEncoder();
  return writeZip([
    packed("[Content_Types].xml", encoder.encode(CONTENT_TYPES)),
    packed("_rels/.rels", encoder.encode(RELS)),
    xmlBomb("word/document.xml", head, "<w:p><w:r><w:t>情况说明，情况说明。</w:t></w:r></w:p>", tail, mb),
  ]);
}

/** A real .xlsx (from `xlsx`) whose first sheet gains rows of strings inflating to about `mb` MB. */
export function xlsxBomb(xlsx: Uint8Array, mb: number): Uint8Array {
  const entries = unzipSync(xlsx);
  const sheetName = "xl/worksheets/sheet1.xml";
  const sheet = new TextDecoder().decode(entries[sheetName]);
  const at = sheet.indexOf("</sheetData>");
  const out: PackedEntry[] = [];
  for (const [name, content] of Object.entries(entries))
    out.push(
      name === sheetName
        ? xmlBomb(
            name,
            sheet.slice(0, at),
            '<row><c t="inlineStr"><is><t>张三</t></is></c><c t="inlineStr"><is><t>委员</t></is></c></row>',
            sheet.slice(at),
            mb,
          )
        : packed(name, content),
    );
  return writeZip(out);
}

/** The same bytes cut off: `fraction` of them kept (a download that stopped, a file half copied). */
export function truncated(bytes: Uint8Array, fraction = 0.6): Uint8Array {
  return bytes.slice(0, Math.floor(bytes.length * fraction));
}
