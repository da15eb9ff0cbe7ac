// The typed callback codec (src/bot/callback-codec.ts) and every feature's table on it: each action's press is
// written within Telegram's 64 bytes and read back as it was; an older layout reads as stale; anything forged
// or garbled reads as stale or as not ours, and nothing throws.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { arg, type CallbackCodec, defineCodec } from "../../src/bot/callback-codec";
import { documentButtons } from "../../src/bot/document-buttons";
import { issueButtons } from "../../src/bot/issue-buttons";
import { settingsButtons } from "../../src/bot/settings-callback";
import { flowQuestions } from "../../src/domain/setup";
import { menuButtons } from "../../src/bot/menu-buttons";
import { langButtons } from "../../src/handlers/lang/callback-data";
import { myButtons } from "../../src/handlers/my-reports/callback-data";
import { draftsButtons } from "../../src/handlers/report/drafts-callback-data";
import { cardButtons, reviewButtons } from "../../src/handlers/review/callback-data";
import { rosterButtons, SEARCH_MAX_BYTES } from "../../src/handlers/roster/callback-data";
import { rankButtons } from "../../src/handlers/stats/callback-data";

const MAX_ID = 2_147_483_647;
const bytes = (s: string) => new TextEncoder().encode(s).length;

interface Table<P extends { action: string }> {
  codec: CallbackCodec<P>;
  /** At least one press of every action, with arguments as long as they come. */
  presses: P[];
  /** Data of this feature's layout before the version mark. */
  older: string[];
  /** Actions whose last argument is free text, which may take more separators. */
  freeText?: string[];
}
const table = <P extends { action: string }>(t: Table<P>) => t as unknown as Table<{ action: string }>;

const FEATURES = [
  table({
    codec: langButtons,
    presses: [
      { action: "choose", locale: "zh" },
      { action: "choose", locale: "en" },
    ],
    older: ["lang:zh", "lang:en"],
  }),
  table({
    codec: rankButtons,
    presses: [
      { action: "page", period: "2026Q3", scope: "u", offset: 0 },
      { action: "page", period: "2026-11", scope: "p", offset: 20 },
      { action: "page", period: "2026", scope: "p", offset: MAX_ID },
    ],
    older: ["rk:2026Q3:p:0", "rk:2026:u:20"],
  }),
  table({
    codec: rosterButtons,
    presses: [
      { action: "page", offset: 0, search: "" },
      { action: "page", offset: MAX_ID, search: "张:明%_".padEnd(13, "长") },
      { action: "card", personId: MAX_ID },
      { action: "roles", personId: 1 },
      { action: "set-role", personId: MAX_ID, role: "informant" },
      { action: "units", personId: MAX_ID, page: MAX_ID },
      { action: "set-unit", personId: MAX_ID, unitId: MAX_ID },
      { action: "deactivate", personId: 5 },
      { action: "set-active", personId: MAX_ID, active: false },
      { action: "set-active", personId: 5, active: true },
      { action: "reissue", personId: 5 },
    ],
    older: ["ro:v:5", "ro:p:0:", "ro:dy:5:0", "ro:rs:5:admin"],
    freeText: ["page"],
  }),
  table({
    codec: myButtons,
    presses: [
      { action: "page", offset: 0 },
      { action: "page", offset: MAX_ID, status: "transferred" },
      { action: "page", offset: 10, status: "returned" },
      { action: "view", reportId: MAX_ID },
      { action: "attachments", reportId: 1 },
      { action: "revise", reportId: MAX_ID },
    ],
    older: ["my:v:5", "my:p:10", "my:p:0:returned", "my:r:5"],
  }),
  table({
    codec: draftsButtons,
    presses: [
      { action: "open", draftId: MAX_ID },
      { action: "delete", draftId: 1 },
      { action: "delete-confirmed", draftId: MAX_ID },
    ],
    older: ["dr:open:5", "dr:del:5", "dr:del!:5"],
  }),
  table({
    codec: menuButtons,
    presses: [{ action: "new" }, { action: "drafts" }, { action: "my" }],
    older: ["menu:new", "menu:drafts", "menu:my"],
  }),
  table({
    codec: reviewButtons,
    presses: [
      { action: "accept", reportId: MAX_ID, version: MAX_ID },
      { action: "publish", reportId: MAX_ID, version: MAX_ID, as: "combined" },
      { action: "publish", reportId: 1, version: 1, as: "single" },
      { action: "publish", reportId: 1, version: 1, as: "none" },
      { action: "publish", reportId: 1, version: 1, as: "issue" },
      { action: "fix-title", reportId: 1, version: 0 },
      { action: "fix-category", reportId: 1, version: 2 },
      { action: "set-category", reportId: MAX_ID, version: MAX_ID, index: 99 },
      { action: "return", reportId: 3, version: 1 },
      { action: "reject", reportId: 3, version: 1 },
      { action: "return-reason", reportId: MAX_ID, version: MAX_ID, index: 0 },
      { action: "reject-reason", reportId: MAX_ID, version: MAX_ID, index: 12 },
      { action: "return-typed", reportId: MAX_ID, version: MAX_ID },
      { action: "reject-typed", reportId: 3, version: 1 },
      { action: "next", reportId: MAX_ID },
    ],
    older: ["rv:acc:5:1", "rv:pub:5:1:s", "rv:retr:5:1:0", "rv:next:5", "rv:setcat:5:1:3"],
  }),
  table({
    codec: cardButtons,
    presses: [
      { action: "view", reportId: MAX_ID },
      { action: "attachments", reportId: 1 },
      { action: "panel", reportId: MAX_ID },
      { action: "fwd", reportId: 1, version: 2 },
      { action: "fwd", reportId: MAX_ID, version: MAX_ID, level: "national" },
      { action: "ado", reportId: 1, version: 2 },
      { action: "ado", reportId: 1, version: 2, level: "city" },
      { action: "ado", reportId: MAX_ID, version: MAX_ID, level: "province", mode: "combined" },
      { action: "ins", reportId: MAX_ID, version: MAX_ID, level: "province" },
      { action: "rdg", reportId: 1, version: 2, level: "county" },
      { action: "tra", reportId: MAX_ID, version: MAX_ID },
      { action: "rep", reportId: 1, version: 2 },
      { action: "clo", reportId: 1, version: 2 },
      { action: "clo", reportId: MAX_ID, version: MAX_ID, confirmed: true },
    ],
    older: ["ra:fwd:5:2", "ra:ado:5:2:city:s", "ra:clo:5:2:y", "ra:view:5", "ra:pnl:5", "ra:att:5"],
  }),
  table({
    codec: settingsButtons,
    presses: [
      { action: "setup" },
      { action: "list" },
      { action: "open", item: "rejectReasons" },
      { action: "choose", question: flowQuestions("setup")[0]!, choice: 99 },
      { action: "keep", question: flowQuestions("setup").at(-1)! },
      { action: "default", question: flowQuestions("setup")[0]! },
    ],
    older: [],
  }),
  table({
    codec: issueButtons,
    presses: [
      { action: "show", issueId: 0 },
      { action: "candidates", issueId: MAX_ID, page: 10_000 },
      { action: "add", issueId: 0, reportId: MAX_ID },
      { action: "piece", issueId: MAX_ID, pieceId: MAX_ID },
      { action: "up", issueId: 1, pieceId: 2 },
      { action: "down", issueId: 1, pieceId: 2 },
      { action: "remove", issueId: 1, pieceId: 2 },
      { action: "title", issueId: 1, pieceId: 2 },
      { action: "note", issueId: MAX_ID, pieceId: MAX_ID },
      { action: "note", issueId: 1, pieceId: null },
      { action: "clear-note", issueId: 1, pieceId: null },
      { action: "merge", issueId: 1, page: 0 },
      { action: "pick", issueId: 1, reportId: 3 },
      { action: "picked", issueId: 1 },
      { action: "preview", issueId: 1 },
      { action: "publish", issueId: 1 },
      { action: "publish-confirmed", issueId: 1 },
      { action: "file", issueId: MAX_ID },
    ],
    older: [],
  }),
  table({
    codec: documentButtons,
    presses: [{ action: "report", reportId: MAX_ID }],
    older: ["doc:r:5"],
  }),
];

describe("every feature's buttons", () => {
  for (const { codec, presses, older, freeText = [] } of FEATURES) {
    describe(codec.prefix, () => {
      it("have an example of every action", () => {
        expect(new Set(presses.map((p) => p.action))).toEqual(new Set(codec.actions));
      });

      it("fit in 64 bytes and read back as written", () => {
        for (const press of presses) {
          const data = codec.encode(press);
          expect(bytes(data), data).toBeLessThanOrEqual(64);
          expect(data.startsWith(`${codec.prefix}:`)).toBe(true);
          expect(codec.decode(data)).toEqual({ kind: "press", press });
        }
      });

      it("read the older layout, another version and garbled data of their own as stale", () => {
        const [feature] = codec.prefix.split(/\d/);
        for (const data of [
          ...older,
          `${feature}9:x`,
          `${codec.prefix}:`,
          `${codec.prefix}:zz:1`,
          codec.prefix,
        ])
          expect(codec.decode(data), data).toEqual({ kind: "stale" });
        for (const press of presses.filter((p) => !freeText.includes(p.action))) {
          const data = codec.encode(press);
          expect(codec.decode(`${data}:1:2`), data).toEqual({ kind: "stale" });
        }
      });

      it("never throw, and take no other feature's data", () => {
        const others = FEATURES.filter((f) => f.codec !== codec).flatMap((f) =>
          f.presses.map((p) => f.codec.encode(p)),
        );
        const foreign = ["r1:1:d", "sub:1:done", "s1:go", "i1:o:0"].filter(
          (d) => !d.startsWith(`${codec.prefix}:`),
        );
        for (const data of [...others, undefined, "", ":", ...foreign])
          expect(codec.decode(data), data).toBeUndefined();
        fc.assert(
          fc.property(fc.string({ maxLength: 70 }), fc.string({ maxLength: 20 }), (tail, head) => {
            const decoded = codec.decode(`${codec.prefix}:${tail}`);
            expect(decoded).toBeDefined();
            codec.decode(`${head}:${tail}`);
            codec.decode(tail);
          }),
        );
      });
    });
  }
});

describe("defineCodec", () => {
  const demo = defineCodec({
    feature: "zz",
    version: 2,
    older: ["old"],
    actions: {
      open: { code: "o", args: { id: arg.id } },
      list: { code: "l", args: { page: arg.count, status: arg.oneOf(["a", "b"]).optional() } },
      find: { code: "f", args: { page: arg.count, search: arg.text(12) } },
      toggle: { code: "t", args: { on: arg.flag } },
      close: { code: "c" },
    },
  });

  it("leaves out a missing last argument and reads it back as missing", () => {
    expect(demo.encode({ action: "list", page: 3 })).toBe("zz2:l:3");
    expect(demo.decode("zz2:l:3")).toEqual({ kind: "press", press: { action: "list", page: 3 } });
    expect(demo.encode({ action: "list", page: 3, status: "b" })).toBe("zz2:l:3:b");
    expect(demo.encode({ action: "find", page: 0, search: "" })).toBe("zz2:f:0");
    expect(demo.decode("zz2:f:0")).toEqual({ kind: "press", press: { action: "find", page: 0, search: "" } });
  });

  it("keeps a last free-text argument whole, separators included", () => {
    const data = demo.encode({ action: "find", page: 1, search: "a:b:c" });
    expect(data).toBe("zz2:f:1:a:b:c");
    expect(demo.decode(data)).toEqual({ kind: "press", press: { action: "find", page: 1, search: "a:b:c" } });
    expect(demo.decode("zz2:f:1:this-is-too-long")).toEqual({ kind: "stale" });
  });

  it("refuses at construction what Telegram or the reader would not take", () => {
    expect(() => demo.encode({ action: "find", page: 1, search: "长".repeat(30) })).toThrow(/too long/);
    expect(() =>
      defineCodec({ feature: "zz", version: 1, actions: { a: { code: "x" }, b: { code: "x" } } }),
    ).toThrow(/repeated/);
    expect(() => defineCodec({ feature: "Z1", version: 1, actions: {} })).toThrow(/lower-case/);
  });

  it("reads ids, counts and flags strictly", () => {
    for (const data of [
      "zz2:o:0",
      "zz2:o:-1",
      "zz2:o:1.5",
      "zz2:o: 1",
      "zz2:o:2147483648",
      "zz2:o:1e3",
      "zz2:o:",
    ])
      expect(demo.decode(data), data).toEqual({ kind: "stale" });
    for (const data of ["zz2:t:2", "zz2:t:true", "zz2:t:", "zz2:l:x", "zz2:l:1:c", "zz2:c:1"])
      expect(demo.decode(data), data).toEqual({ kind: "stale" });
    expect(demo.decode("zz2:o:2147483647")).toEqual({ kind: "press", press: { action: "open", id: MAX_ID } });
    expect(demo.decode("zz2:t:0")).toEqual({ kind: "press", press: { action: "toggle", on: false } });
  });

  it("tells an older layout and another version from data that is not its own", () => {
    expect(demo.decode("old:o:1")).toEqual({ kind: "stale" });
    expect(demo.decode("zz1:o:1")).toEqual({ kind: "stale" });
    expect(demo.decode("zz10:o:1")).toEqual({ kind: "stale" });
    for (const data of ["zzz:o:1", "z2:o:1", "older:o:1", "zz", "zz2x:o:1"])
      expect(demo.decode(data)).toBeUndefined();
  });
});

it("keeps a roster search within its bytes", () => {
  expect(rosterButtons.decode(`ro1:p:0:${"a".repeat(SEARCH_MAX_BYTES + 1)}`)).toEqual({ kind: "stale" });
});
