// The office's words (docs/glossary.md) are the only status and step words the Chinese locale uses.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readLocales } from "../src/node-runtime";

const glossary = readFileSync(new URL("../docs/glossary.md", import.meta.url), "utf8");

/** The backticked forms in the first column of the table under `## <heading>`. */
function firstColumnForms(heading: string): string[] {
  const section = glossary.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`docs/glossary.md has no section “${heading}”`);
  const rows = section.split("\n").filter((line) => line.startsWith("|") && !/^\|\s*-/.test(line));
  return rows
    .slice(1)
    .flatMap((row) => [...(row.split("|")[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]!));
}

/** Single-line messages of a Fluent file whose key starts with one of the prefixes. */
function messagesStartingWith(source: string, prefixes: string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const line of source.split("\n")) {
    const match = /^([a-z][a-z0-9-]*)\s*=\s*(.+)$/.exec(line);
    if (match && prefixes.some((p) => match[1]!.startsWith(p))) found.set(match[1]!, match[2]!.trim());
  }
  return found;
}

describe("the glossary", () => {
  const terms = new Set(firstColumnForms("Terms"));
  const avoided = firstColumnForms("Words not to use");
  const { zh } = readLocales();

  it("is read: both tables have their words", () => {
    for (const word of [
      "报送",
      "已录用",
      "不予录用",
      "退回修改",
      "编发",
      "上报",
      "已上报",
      "采用",
      "批示",
      "阅批",
      "转办",
    ])
      expect(terms).toContain(word);
    expect(avoided).toContain("未采用");
  });

  it("gives every status and step of a report a word from the glossary", () => {
    // A status may read in parts (已报送，待审核); a level after it in （） is not part of the word.
    const messages = messagesStartingWith(zh, ["status-", "event-"]);
    expect(messages.size).toBeGreaterThan(15);
    const outside = [...messages].flatMap(([key, value]) =>
      value
        .replace(/（[^）]*）/g, "")
        .split("，")
        .filter((word) => !terms.has(word.trim()))
        .map((word) => `${key} = ${word}`),
    );
    expect(outside).toEqual([]);
  });

  it("keeps the words not to use out of the Chinese locale", () => {
    const lines = zh.split("\n");
    const uses = avoided.flatMap((word) =>
      lines.filter((line) => !line.startsWith("#") && line.includes(word)).map((line) => `${word}: ${line}`),
    );
    expect(uses).toEqual([]);
  });
});
