import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nowIso } from "../../src/db/database";

describe("nowIso", () => {
  it("writes each instant as toISOString does, whether it repeats the one before or not", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -8.64e15, max: 8.64e15 }), { minLength: 1, maxLength: 20 }),
        fc.array(fc.boolean(), { minLength: 20, maxLength: 20 }),
        (instants, repeats) => {
          instants.forEach((ms, i) => {
            const date = new Date(ms);
            expect(nowIso(date)).toBe(date.toISOString());
            if (repeats[i]) expect(nowIso(new Date(ms))).toBe(date.toISOString());
          });
        },
      ),
    );
  });

  it("refuses an invalid date, as toISOString does", () => {
    nowIso(new Date(0));
    expect(() => nowIso(new Date(Number.NaN))).toThrow(RangeError);
  });
});
