// Every message exists in both languages with the same variables, and every key the code uses exists.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLocales } from "../src/node-runtime";

function messages(source: string): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  let current: string | undefined;
  for (const line of source.split("\n")) {
    const head = /^([a-z][a-z0-9-]*)\s*=/.exec(line);
    if (head?.[1]) {
      current = head[1];
      result.set(current, new Set());
    } else if (!/^\s/.test(line)) {
      current = undefined;
    }
    if (current) for (const match of line.matchAll(/\{\s*\$(\w+)/g)) result.get(current)?.add(match[1] ?? "");
  }
  return result;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("locales", () => {
  const { zh, en } = readLocales();
  const zhMessages = messages(zh);
  const enMessages = messages(en);

  it("zh and en have the same keys and variables", () => {
    expect([...enMessages.keys()].sort()).toEqual([...zhMessages.keys()].sort());
    for (const [key, variables] of zhMessages)
      expect([key, [...(enMessages.get(key) ?? [])].sort()]).toEqual([key, [...variables].sort()]);
  });

  it("defines each message once (a union merge of the locale files can bring an old copy back)", () => {
    for (const source of [zh, en]) {
      const keys = [...source.matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map((match) => match[1]);
      expect(keys.filter((key, i) => keys.indexOf(key) !== i)).toEqual([]);
    }
  });

  it("every literal key used in the code exists", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(new URL("../src", import.meta.url).pathname)) {
      const text = readFileSync(file, "utf8");
      for (const match of text.matchAll(/\bt\(\s*"([a-z][a-z0-9-]*)"/g)) used.add(match[1] ?? "");
    }
    expect(used.size).toBeGreaterThan(20);
    const missing = [...used].filter((key) => !zhMessages.has(key));
    expect(missing).toEqual([]);
  });
});
