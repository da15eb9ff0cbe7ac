import { describe, expect, it } from "vitest";
import { chineseNumeral } from "../../src/domain/numerals";

describe("chineseNumeral", () => {
  it.each([
    [1, "一"],
    [3, "三"],
    [10, "十"],
    [12, "十二"],
    [20, "二十"],
    [99, "九十九"],
    [100, "100"],
    [0, "零"],
  ])("%i → %s", (n, expected) => expect(chineseNumeral(n)).toBe(expected));
});
