import { describe, expect, it } from "vitest";
import { formatLocalDate, formatLocalDateTime } from "../../src/domain/dates";

describe("dates in the committee's zone", () => {
  it("turns a UTC instant into the local calendar day and time", () => {
    expect(formatLocalDate("2026-03-01T17:30:00Z", "Asia/Shanghai")).toBe("2026-03-02");
    expect(formatLocalDateTime("2026-03-01T17:30:00Z", "Asia/Shanghai")).toBe("2026-03-02 01:30");
    expect(formatLocalDateTime(new Date("2026-12-31T15:59:00Z"), "Asia/Shanghai")).toBe("2026-12-31 23:59");
    expect(formatLocalDateTime("2026-12-31T16:00:00Z", "Asia/Shanghai")).toBe("2027-01-01 00:00");
  });

  it("follows daylight saving time where the zone has it", () => {
    expect(formatLocalDateTime("2026-01-15T12:00:00Z", "Europe/Berlin")).toBe("2026-01-15 13:00");
    expect(formatLocalDateTime("2026-07-15T12:00:00Z", "Europe/Berlin")).toBe("2026-07-15 14:00");
  });
});
