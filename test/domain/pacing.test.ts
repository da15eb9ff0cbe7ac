import { describe, expect, it } from "vitest";
import { nextBatchSize } from "../../src/domain/pacing";

describe("nextBatchSize", () => {
  const pace = { targetMs: 20, min: 1, max: 8 };

  it("fits as many as the target holds at the pace the last batch went", () => {
    expect(nextBatchSize(8, 40, pace)).toBe(4);
    expect(nextBatchSize(4, 20, pace)).toBe(4);
    expect(nextBatchSize(2, 10, pace)).toBe(4);
  });

  it("stays within its bounds, a batch that took no time included", () => {
    expect(nextBatchSize(8, 200, pace)).toBe(1);
    expect(nextBatchSize(1, 500, pace)).toBe(1);
    expect(nextBatchSize(8, 2, pace)).toBe(8);
    expect(nextBatchSize(3, 0, pace)).toBe(8);
  });
});
