import { describe, expect, it } from "vitest";
import { csvCell, csvFile } from "../../src/domain/csv";

describe("csvCell", () => {
  it.each([
    ["张三", "张三"],
    ['=HYPERLINK("http://x","点我")', '"\'=HYPERLINK(""http://x"",""点我"")"'],
    ["+86 138", "'+86 138"],
    ["-1+2", "'-1+2"],
    ["@SUM(A1)", "'@SUM(A1)"],
    ["\t=1", "'\t=1"],
    ["\r=1", '"\'\r=1"'],
    ["a,b", '"a,b"'],
    ["https://t.me/bot?start=abc", "https://t.me/bot?start=abc"],
    ["中=文", "中=文"],
    ["", ""],
  ])("%j is written as %j", (value, written) => {
    expect(csvCell(value)).toBe(written);
  });

  it("writes a BOM, CRLF lines and neutralized cells", () => {
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
      csvFile([
        ["姓名", "单位"],
        ["=1+1", "甲"],
      ]),
    );
    expect(text).toBe("\uFEFF姓名,单位\r\n'=1+1,甲\r\n");
  });
});
