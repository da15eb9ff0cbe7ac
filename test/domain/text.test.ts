import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  compareCodePoints,
  escapeHtml,
  splitMessage,
  TELEGRAM_MESSAGE_LIMIT,
  textLength,
  truncateText,
} from "../../src/domain/text";

describe("splitMessage", () => {
  it.each([
    ["empty", "", 10, []],
    ["fits", "hello", 10, ["hello"]],
    ["exactly the limit", "0123456789", 10, ["0123456789"]],
    ["two lines that fit together", "abc\ndef", 10, ["abc\ndef"]],
    ["breaks after the last newline that fits", "abcd\nefgh\nijkl", 10, ["abcd\nefgh\n", "ijkl"]],
    ["newline right at the limit", "abcdefghi\nj", 10, ["abcdefghi\n", "j"]],
    ["an overlong line is cut hard", "abcdefghijklmnopqrstuvwxy", 10, ["abcdefghij", "klmnopqrst", "uvwxy"]],
    ["overlong line between short ones", "ab\ncdefghijklmnop\nq", 10, ["ab\n", "cdefghijkl", "mnop\nq"]],
    ["CJK counts one unit per character", "一二三四五六七八九十甲乙", 10, ["一二三四五六七八九十", "甲乙"]],
    ["never cuts an emoji in half", "abcdefghi😀z", 10, ["abcdefghi", "😀z"]],
    ["emoji count two units", "😀😀😀😀😀😀", 10, ["😀😀😀😀😀", "😀"]],
    ["blank lines are not sent alone", "\n\nabcdefghijkl", 10, ["\n\nabcdefgh", "ijkl"]],
    ["keeps blank lines inside chunks", "ab\n\ncd\n\nefgh\nij", 10, ["ab\n\ncd\n\n", "efgh\nij"]],
  ])("%s", (_name, text, limit, expected) => {
    expect(splitMessage(text, limit)).toEqual(expected);
  });

  it("uses Telegram's 4096 by default", () => {
    const line = `${"信".repeat(99)}\n`; // 100 units a line
    const text = line.repeat(100);
    const chunks = splitMessage(text);
    expect(TELEGRAM_MESSAGE_LIMIT).toBe(4096);
    expect(chunks.map((c) => c.length)).toEqual([4000, 4000, 2000]);
    expect(chunks.join("")).toBe(text);
  });

  it("refuses a limit that cannot hold a surrogate pair", () => {
    expect(() => splitMessage("abc", 1)).toThrow(RangeError);
    expect(() => splitMessage("abc", 0)).toThrow(RangeError);
  });

  const piece = fc.constantFrom("a", "b", " ", "中", "文", "。", "😀", "👨‍👩‍👧", "\n", "\n\n", "<b>", "&");
  const textArb = fc.oneof(
    fc.array(piece, { maxLength: 200 }).map((parts) => parts.join("")),
    fc.string({ unit: "binary", maxLength: 200 }),
  );

  it("never loses characters and respects the limit", () => {
    fc.assert(
      fc.property(textArb, fc.integer({ min: 2, max: 40 }), (text, limit) => {
        const chunks = splitMessage(text, limit);
        expect(chunks.join("")).toBe(text);
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(limit);
        }
        // No chunk boundary falls inside a surrogate pair.
        for (let i = 1; i < chunks.length; i++) {
          const before = chunks[i - 1]!.charCodeAt(chunks[i - 1]!.length - 1);
          const after = chunks[i]!.charCodeAt(0);
          expect(before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff).toBe(false);
        }
      }),
    );
  });

  it("breaks only at line ends when every line fits", () => {
    const line = fc
      .array(fc.constantFrom("a", "中", "😀", "b"), { minLength: 1, maxLength: 8 })
      .map((p) => p.join(""));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 30 }), (lines) => {
        const text = lines.join("\n");
        const chunks = splitMessage(text, 20);
        expect(chunks.join("")).toBe(text);
        for (const chunk of chunks.slice(0, -1)) expect(chunk.endsWith("\n")).toBe(true);
      }),
    );
  });
});

describe("escapeHtml", () => {
  it.each([
    ["plain", "plain"],
    ["a & b", "a &amp; b"],
    ["<b>bold</b>", "&lt;b&gt;bold&lt;/b&gt;"],
    ['say "hi"', "say &quot;hi&quot;"],
    ["&amp;", "&amp;amp;"],
    ["关于<农村>饮水的“建议”", "关于&lt;农村&gt;饮水的“建议”"],
    ["it's", "it's"],
    ["", ""],
  ])("%j → %j", (input, expected) => {
    expect(escapeHtml(input)).toBe(expected);
  });
});

describe("textLength", () => {
  it.each([
    ["", 0],
    ["abc", 3],
    ["关于加强农村饮水安全的建议", 13],
    ["😀", 1],
    ["a😀b", 3],
    ["ＡＢ", 2],
    ["e\u0301", 2], // combining accent is its own code point
  ])("%j → %i", (text, expected) => {
    expect(textLength(text)).toBe(expected);
  });

  it("tells a 60-character Chinese title from a 61-character one", () => {
    expect(textLength("题".repeat(60))).toBe(60);
    expect(textLength("题".repeat(61))).toBeGreaterThan(60);
    expect(textLength("😀".repeat(5))).toBe(5); // 10 UTF-16 units, 5 characters
  });

  it("counts as many characters as iterating the string does, lone surrogates and all", () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.oneof(
            fc.constant("\ud83d"),
            fc.constant("\ude00"),
            fc.constant("😀"),
            fc.constant("题"),
            fc.constant("a"),
          ),
        }),
        (text) => {
          expect(textLength(text)).toBe([...text].length);
        },
      ),
    );
  });
});

describe("truncateText", () => {
  it.each([
    ["short", 10, "short"],
    ["关于加强农村饮水安全的建议", 13, "关于加强农村饮水安全的建议"],
    ["关于加强农村饮水安全的建议", 6, "关于加强农…"],
    ["😀😀😀😀", 3, "😀😀…"],
    ["abc", 1, "…"],
  ])("%j to %i", (text, max, expected) => {
    expect(truncateText(text, max)).toBe(expected);
  });
});

describe("compareCodePoints", () => {
  const utf8 = new TextEncoder();
  const byBytes = (a: string, b: string) => {
    const x = utf8.encode(a);
    const y = utf8.encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
    return x.length - y.length;
  };

  it("sorts as SQLite's BINARY collation does, by UTF-8 bytes, also beyond U+FFFF", () => {
    const names = ["王芳", "𠈌明", "王", "Ａ组", "张明", "", "a", "王芳2"];
    const sorted = [...names].sort(compareCodePoints);
    expect(sorted).toEqual([...names].sort(byBytes));
    // UTF-16 order would put the supplementary character before the fullwidth letter.
    expect(sorted.indexOf("Ａ组")).toBeLessThan(sorted.indexOf("𠈌明"));
  });

  it("agrees in sign with the UTF-8 byte order for any strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(Math.sign(byBytes(a, b)));
      }),
    );
  });
});
