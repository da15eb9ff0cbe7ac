// The ZIP guard against real bombs built here with fflate: one entry inflating far past the bound, entries past
// the count, a bomb nested inside an archive, overlapping entries; and ordinary .docx/.xlsx files passing intact.
import { strToU8, unzipSync, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { vetZip } from "../../src/files/guard";
import { inlineReader } from "../../src/files/read";
import { FILE_LIMITS } from "../../src/files/limits";
import { docxBytes, overlappingBomb, packed, writeZip, zeroBomb } from "../support/files";
import { rosterXlsx } from "../support/xlsx";

const MB = 1024 * 1024;

describe("vetZip", () => {
  it("passes an ordinary .docx, handing on the same entries stored", async () => {
    const original = docxBytes(["第一段。", "第二段。"]);
    const vetted = vetZip(original);
    expect(vetted.ok).toBe(true);
    if (!vetted.ok) return;
    expect(vetted.value.entries).toBe(3);
    const before = unzipSync(original);
    const after = unzipSync(vetted.value.zip);
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    for (const [name, content] of Object.entries(before)) expect(after[name]).toEqual(content);
    expect(await inlineReader.docxText(original)).toEqual({ ok: true, value: "第一段。\n\n第二段。" });
  });

  it("passes an .xlsx written by exceljs", async () => {
    const xlsx = await rosterXlsx([
      ["姓名", "身份", "单位"],
      ["张三", "委员", "教育界"],
    ]);
    const vetted = vetZip(xlsx);
    expect(vetted.ok).toBe(true);
    const read = await inlineReader.roster(xlsx, "roster.xlsx");
    expect(read.ok && read.value.ok && read.value.rows.map((r) => r.name)).toEqual(["张三"]);
  });

  it("stops an entry that inflates to 1 GB soon after the bound, without inflating it all", () => {
    // 1 GiB of zeros deflates to about 1 MB: a docx-sized file.
    const bomb = docxBytes(["x"], {}, [zeroBomb("word/media/image1.png", 1024)]);
    expect(bomb.length).toBeLessThan(2 * MB);
    expect(vetZip(bomb)).toEqual({
      ok: false,
      refusal: { reason: "too-large-unpacked", limit: FILE_LIMITS.unpackedBytes / MB },
    });
  });

  it("counts all entries together: many moderate entries add up past the bound", () => {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i < 12; i++) entries[`word/media/part${i}.bin`] = new Uint8Array(5 * MB);
    const vetted = vetZip(docxBytes(["x"], entries));
    expect(vetted.ok).toBe(false);
    if (!vetted.ok) expect(vetted.refusal.reason).toBe("too-large-unpacked");
  });

  it("counts stored (uncompressed) entries too", () => {
    const stored = writeZip([packed("word/document.xml", new Uint8Array(101), 0)]);
    const vetted = vetZip(stored, { unpackedBytes: 100, entries: 10 });
    expect(vetted.ok).toBe(false);
    if (!vetted.ok) expect(vetted.refusal.reason).toBe("too-large-unpacked");
  });

  it("refuses more entries than the bound, even when the end record understates them", () => {
    const entries: Record<string, Uint8Array> = {};
    for (let i = 0; i < FILE_LIMITS.zipEntries + 1; i++) entries[`word/p${i}.xml`] = strToU8("<a/>");
    const many = docxBytes(["x"], entries);
    expect(vetZip(many)).toEqual({
      ok: false,
      refusal: { reason: "too-many-entries", limit: FILE_LIMITS.zipEntries },
    });
    // Rewrite the end-of-central-directory counts to 3: the records themselves are counted.
    const lying = many.slice();
    const view = new DataView(lying.buffer);
    const end = lying.length - 22;
    expect(view.getUint32(end, true)).toBe(0x06054b50);
    view.setUint16(end + 8, 3, true);
    view.setUint16(end + 10, 3, true);
    const vetted = vetZip(lying);
    expect(vetted.ok).toBe(false);
    if (!vetted.ok) expect(vetted.refusal.reason).toBe("too-many-entries");
  });

  it("refuses entries that all point at the same compressed bomb (overlapping files)", () => {
    // 100 central-directory records sharing one 10 MB-inflating entry: 1 GB in total from a small file.
    const bomb = overlappingBomb(100, 10);
    expect(bomb.length).toBeLessThan(200 * 1024);
    const vetted = vetZip(bomb);
    expect(vetted.ok).toBe(false);
    if (!vetted.ok) expect(vetted.refusal.reason).toBe("too-large-unpacked");
  });

  it("does not open archives inside the archive: a nested bomb costs only its compressed bytes", async () => {
    // Two levels of ten copies of a 16 MB bomb: 1.6 GB if every level were opened.
    let nested = writeZip([zeroBomb("bomb.bin", 16)]);
    for (let level = 0; level < 2; level++) {
      const copies: Record<string, Uint8Array> = {};
      for (let i = 0; i < 10; i++) copies[`${i}.zip`] = nested;
      nested = zipSync(copies, { level: 0 });
    }
    const docx = docxBytes(["正文还在。"], { "word/embeddings/oleObject1.bin": nested });
    const vetted = vetZip(docx);
    expect(vetted.ok).toBe(true);
    if (vetted.ok) expect(vetted.value.unpackedBytes).toBeLessThan(FILE_LIMITS.unpackedBytes);
    expect(await inlineReader.docxText(docx)).toEqual({ ok: true, value: "正文还在。" });
  });

  it("calls truncated, encrypted and non-ZIP bytes unreadable, never throwing", () => {
    const docx = docxBytes(["x"]);
    for (const bytes of [
      strToU8("this is not a zip"),
      new Uint8Array(0),
      docx.subarray(0, docx.length - 30),
      docx.subarray(0, docx.length / 2),
      withCorruptDeflate(docx),
    ]) {
      const vetted = vetZip(bytes);
      expect(vetted.ok).toBe(false);
      if (!vetted.ok) expect(vetted.refusal.reason).toBe("unreadable");
    }
    const encrypted = docx.slice();
    const view = new DataView(encrypted.buffer);
    const directory = view.getUint32(encrypted.length - 22 + 16, true);
    view.setUint16(directory + 8, view.getUint16(directory + 8, true) | 1, true);
    expect(vetZip(encrypted)).toMatchObject({ ok: false, refusal: { reason: "unreadable" } });
  });
});

/** The docx with the bytes of its first deflated entry scrambled. */
function withCorruptDeflate(docx: Uint8Array): Uint8Array {
  const copy = docx.slice();
  const view = new DataView(copy.buffer);
  const nameLength = view.getUint16(26, true);
  const extraLength = view.getUint16(28, true);
  const start = 30 + nameLength + extraLength;
  for (let i = start; i < start + 20 && i < copy.length; i++) copy[i] = 0xff;
  return copy;
}
