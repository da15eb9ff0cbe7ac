// The benchmark's arithmetic and report plumbing. No timing anywhere: only numbers given to the helpers.
import { describe, expect, it } from "vitest";
import { bytesByPackage, decodeVlq, packageOf } from "../../bench/bundle";
import { telegramRateLimit } from "../../bench/fanout-support";
import {
  formatSpread,
  median,
  percentile,
  pickWeighted,
  seededRandom,
  spread,
  summarizeLatencies,
} from "../../bench/measure";
import {
  readSections,
  renderPending,
  renderReport,
  renderSection,
  type RunMeta,
  type SectionSpec,
} from "../../bench/report";
import { parseArgs } from "../../bench/run";

describe("percentiles and spreads", () => {
  it("interpolates between closest ranks", () => {
    const samples = [5, 1, 4, 2, 3];
    expect(percentile(samples, 0)).toBe(1);
    expect(percentile(samples, 50)).toBe(3);
    expect(percentile(samples, 100)).toBe(5);
    expect(percentile(samples, 25)).toBe(2);
    expect(percentile([1, 2], 50)).toBe(1.5);
    expect(percentile([10, 20, 30, 40], 90)).toBeCloseTo(37);
    expect(median([7])).toBe(7);
    expect(percentile([], 50)).toBeNaN();
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });

  it("summarizes latencies like percentile() does, without changing the input", () => {
    const samples = Array.from({ length: 101 }, (_, i) => 100 - i);
    const summary = summarizeLatencies(samples);
    expect(summary).toMatchObject({ count: 101, p50: 50, p90: 90, p99: 99, max: 100, mean: 50 });
    expect(samples[0]).toBe(100);
    expect(summarizeLatencies([]).count).toBe(0);
  });

  it("reports the median over runs with min, max and quartiles", () => {
    const s = spread([3, 1, 2, 5, 4]);
    expect(s).toEqual({ median: 3, min: 1, max: 5, q1: 2, q3: 4, runs: 5 });
    expect(formatSpread(s, 1, " ms")).toBe("3.0 ms (1.0–5.0)");
    expect(formatSpread(spread([2]), 0)).toBe("2");
    expect(formatSpread(spread([]))).toBe("—");
  });
});

describe("the update mix", () => {
  it("is the same for the same seed", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(first.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(seededRandom(43)()).not.toBe(first[0]);
  });

  it("picks keys in proportion to their weights", () => {
    const weights = { a: 30, b: 20, c: 50 };
    expect(pickWeighted(weights, 0)).toBe("a");
    expect(pickWeighted(weights, 0.29)).toBe("a");
    expect(pickWeighted(weights, 0.3)).toBe("b");
    expect(pickWeighted(weights, 0.49)).toBe("b");
    expect(pickWeighted(weights, 0.5)).toBe("c");
    expect(pickWeighted(weights, 0.999)).toBe("c");
  });
});

describe("docs/benchmarks.md", () => {
  const meta: RunMeta = {
    date: new Date("2026-05-15T02:00:00Z"),
    command: "npm run bench",
    machine: { cpuModel: "Test CPU", cpus: 2, memoryGiB: 4, os: "Linux", node: "v20.0.0" },
  };
  const specs: SectionSpec[] = [
    { id: "notes", title: "Notes", manual: true },
    { id: "a", title: "1. A", run: async () => "a" },
    { id: "b", title: "2. B", pending: "Waits for B." },
    { id: "c", title: "3. C", run: async () => "c" },
  ];

  it("replaces the sections that ran and keeps the others as they were", () => {
    const first = renderReport(
      specs,
      new Map([
        ["a", renderSection(specs[1]!, { id: "a", markdown: "A one" }, meta)],
        ["c", renderSection(specs[3]!, { id: "c", markdown: "C one" }, meta)],
      ]),
      new Map(),
      meta,
    );
    expect(first).toContain("**Not measured yet.** Waits for B.");
    expect(first).toContain("Written by hand");
    const handWritten = first.replace(
      /<!-- bench:notes -->[\s\S]*?<!-- \/bench:notes -->/,
      "<!-- bench:notes -->\n## Notes\n\nWhat we learned.\n<!-- /bench:notes -->",
    );
    const second = renderReport(
      specs,
      new Map([["c", renderSection(specs[3]!, { id: "c", markdown: "C two" }, meta)]]),
      readSections(handWritten),
      meta,
    );
    expect(second).toContain("A one");
    expect(second).toContain("C two");
    expect(second).not.toContain("C one");
    expect(second).toContain("What we learned.");
    expect(second.indexOf("## Notes")).toBeLessThan(second.indexOf("## 1. A"));
    expect(second.indexOf("## 1. A")).toBeLessThan(second.indexOf("## 2. B"));
    expect(readSections(second).get("b")).toBe(renderPending(specs[2]!));
  });

  it("says how loaded the machine was", () => {
    const text = renderSection(
      specs[1]!,
      { id: "a", markdown: "x", load: { before: "load 1.0", after: "load 2.0" } },
      meta,
    );
    expect(text).toContain("Machine load 1.0 before, load 2.0 after.");
    expect(text).toContain("2 × Test CPU");
  });
});

describe("command line", () => {
  it("takes sections and options", () => {
    expect(parseArgs([])).toMatchObject({ sections: [], write: true, context: { quick: false } });
    expect(parseArgs(["webhook", "--updates=500", "--repeats=3", "--concurrency=1,4"])).toMatchObject({
      sections: ["webhook"],
      context: { updates: 500, repeats: 3, concurrency: [1, 4] },
    });
    expect(parseArgs(["--quick"]).write).toBe(false);
    expect(parseArgs(["--profile"]).context.profileDir).toBe("bench-profiles");
    expect(() => parseArgs(["nonsense"])).toThrow(/unknown section/);
    expect(() => parseArgs(["findings"])).toThrow(/unknown section/);
    expect(() => parseArgs(["--updates=0"])).toThrow(/positive/);
    expect(() => parseArgs(["--frobnicate"])).toThrow(/unknown option/);
  });
});

describe("bundle attribution", () => {
  it("decodes source-map VLQ segments", () => {
    expect(decodeVlq("AAAA")).toEqual([0, 0, 0, 0]);
    expect(decodeVlq("SAAQ")).toEqual([9, 0, 0, 8]);
    expect(decodeVlq("gBAAD")).toEqual([16, 0, 0, -1]);
  });

  it("names the package a bundled file comes from", () => {
    expect(packageOf("../node_modules/grammy/out/bot.js")).toBe("grammy");
    expect(packageOf("../node_modules/@libsql/client/lib-esm/web.js")).toBe("@libsql/client");
    expect(packageOf("../node_modules/a/node_modules/b/index.js")).toBe("b");
    expect(packageOf("../src/bot/index.ts")).toBe("minyi (src)");
    expect(packageOf("../locales/zh.ftl")).toBe("minyi (locales)");
  });

  it("attributes generated bytes to sources", () => {
    // "abcdef": columns 0-2 from source 0, 3-5 from source 1.
    const totals = bytesByPackage("abcdef", {
      sources: ["../node_modules/x/a.js", "../src/b.ts"],
      mappings: "AAAA,GCAA",
    });
    expect(Object.fromEntries(totals)).toEqual({ x: 3, "minyi (src)": 3 });
  });
});

describe("the fan-out rate limit (for section 3)", () => {
  it("answers 429 beyond 30 messages in a sliding second, with the wait until a slot frees", () => {
    let now = 10_000;
    const limit = telegramRateLimit({ now: () => now });
    const send = () => limit({ method: "sendMessage", payload: {}, files: {} });
    for (let i = 0; i < 30; i++) {
      expect(send()).toBeUndefined();
      now += 10;
    }
    const refused = send();
    expect(refused).toMatchObject({ ok: false, error_code: 429, parameters: { retry_after: 1 } });
    expect(limit({ method: "getMe", payload: {}, files: {} })).toBeUndefined();
    now = 11_000; // the first send (at 10,000) has left the window
    expect(send()).toBeUndefined();
    expect(limit.accepted).toBe(31);
    expect(limit.rejected).toBe(1);
  });
});
