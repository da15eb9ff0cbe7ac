// The child-process reader as `npm start` uses it: the same answers as reading inline, and a parse past its
// deadline stopped with the child gone.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { childReader, createChildReader } from "../../src/files/parse-in-child";
import { inlineReader } from "../../src/files/read";
import { docxBytes, truncated } from "../support/files";

/** Parse processes whose parent is this test process. */
function parseChildren(): number[] {
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return parent === process.pid && readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("parse-child");
      } catch {
        return false;
      }
    })
    .map(Number);
}

describe("childReader", { timeout: 60_000 }, () => {
  it("answers as the inline reader does", async () => {
    const docx = docxBytes(["第一段。", "第二段。"]);
    expect(await childReader.docxText(docx)).toEqual(await inlineReader.docxText(docx));
    expect(await childReader.docxText(truncated(docx))).toEqual(await inlineReader.docxText(truncated(docx)));
    const csv = new TextEncoder().encode("姓名,身份,单位\n张三,委员,教育界\n");
    expect(await childReader.roster(csv, "a.csv")).toEqual(await inlineReader.roster(csv, "a.csv"));
  });

  it("stops a parse past its deadline and leaves no process behind", async () => {
    // No process starts, loads and parses within a millisecond.
    const hurried = createChildReader({ heapMb: 256, deadlineMs: 1, atOnce: 1 });
    expect(await hurried.docxText(docxBytes(["x"]))).toEqual({
      ok: false,
      refusal: { reason: "too-slow", limit: 1 },
    });
    for (let i = 0; i < 100 && parseChildren().length > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(parseChildren()).toEqual([]);
  });
});
