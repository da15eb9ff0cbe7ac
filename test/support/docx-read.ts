// Reads a generated .docx back as a consumer's program would see it: its paragraphs (style and text), its
// tables (cell text by row) and its page setup, from word/document.xml inside the zip.
import { strFromU8, unzipSync } from "fflate";

export interface DocxParagraph {
  style: string | undefined;
  text: string;
}

export interface DocxContent {
  paragraphs: DocxParagraph[];
  tables: string[][][];
  page: { width: number; height: number; top: number; bottom: number; left: number; right: number };
  grid: { type: string | undefined; linePitch: number | undefined };
  footers: string[];
  styles: string;
  files: string[];
}

const attr = (xml: string, name: string): string | undefined =>
  new RegExp(`w:${name}="([^"]*)"`).exec(xml)?.[1];

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function paragraphText(xml: string): string {
  let text = "";
  for (const m of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g))
    text += m[1] === undefined ? "\t" : m[1];
  return unescapeXml(text);
}

function paragraphs(xml: string): DocxParagraph[] {
  return [...xml.matchAll(/<w:p(?:\s[^>]*)?>([\s\S]*?)<\/w:p>|<w:p(?:\s[^>]*)?\/>/g)].map((m) => ({
    style: /<w:pStyle w:val="([^"]*)"/.exec(m[1] ?? "")?.[1],
    text: paragraphText(m[1] ?? ""),
  }));
}

export function readDocx(bytes: Uint8Array): DocxContent {
  const files = unzipSync(bytes);
  const doc = strFromU8(files["word/document.xml"]!);
  const body = doc.replace(/<w:tbl>[\s\S]*?<\/w:tbl>/g, "");
  const tables = [...doc.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) =>
    [...t[1]!.matchAll(/<w:tr(?:\s[^>]*)?>([\s\S]*?)<\/w:tr>/g)].map((r) =>
      [...r[1]!.matchAll(/<w:tc>([\s\S]*?)<\/w:tc>/g)].map((c) =>
        paragraphs(c[1]!)
          .map((p) => p.text)
          .join("\n"),
      ),
    ),
  );
  const pgSz = /<w:pgSz[^>]*>/.exec(doc)?.[0] ?? "";
  const pgMar = /<w:pgMar[^>]*>/.exec(doc)?.[0] ?? "";
  const docGrid = /<w:docGrid[^>]*>/.exec(doc)?.[0] ?? "";
  const num = (xml: string, name: string) => Number(attr(xml, name));
  return {
    paragraphs: paragraphs(body),
    tables,
    page: {
      width: num(pgSz, "w"),
      height: num(pgSz, "h"),
      top: num(pgMar, "top"),
      bottom: num(pgMar, "bottom"),
      left: num(pgMar, "left"),
      right: num(pgMar, "right"),
    },
    grid: {
      type: attr(docGrid, "type"),
      linePitch: attr(docGrid, "linePitch") ? num(docGrid, "linePitch") : undefined,
    },
    footers: Object.keys(files)
      .filter((name) => /^word\/footer\d*\.xml$/.test(name))
      .map((name) => strFromU8(files[name]!)),
    styles: strFromU8(files["word/styles.xml"]!),
    files: Object.keys(files),
  };
}

/** Twips to millimetres, rounded to a tenth. */
export const toMm = (twips: number): number => Math.round((twips * 254) / 1440) / 10;
