import { describe, expect, it } from "vitest";
import {
  checkPublishable,
  type IssueContent,
  issueLabel,
  issueYear,
  mayInclude,
  moveInOrder,
  nextIssueNumber,
  publicationEvents,
} from "../../src/domain/issues";

const issue = (pieces: IssueContent["pieces"], status: IssueContent["status"] = "open"): IssueContent => ({
  status,
  editorNote: null,
  pieces,
});

describe("the committee's publication", () => {
  it.each([
    ["accepted", [], true],
    ["forwarded", [{ kind: "forwarded", level: "city" }], true],
    ["closed", [], true],
    ["submitted", [], false],
    ["returned", [], false],
    ["rejected", [], false],
    ["accepted", [{ kind: "adopted", level: "county" }], false],
    ["accepted", [{ kind: "adopted", level: null }], false],
    ["forwarded", [{ kind: "adopted", level: "city" }], true],
  ] as const)("a report %s with %o may be included: %s", (status, history, expected) => {
    expect(mayInclude(status, history, "county")).toBe(expected);
  });

  it("publishes only an open issue with pieces, combined pieces of two or more under a title", () => {
    const single = { id: 1, mode: "single" as const, title: null, editorNote: null, reportIds: [1] };
    expect(checkPublishable(issue([]))).toEqual({ ok: false, problem: "empty" });
    expect(checkPublishable(issue([single], "published"))).toEqual({ ok: false, problem: "not-open" });
    expect(
      checkPublishable(
        issue([single, { id: 2, mode: "combined", title: "综合", editorNote: null, reportIds: [2] }]),
      ),
    ).toEqual({ ok: false, problem: "combined-too-few", piece: 2 });
    expect(
      checkPublishable(issue([{ id: 2, mode: "combined", title: " ", editorNote: null, reportIds: [2, 3] }])),
    ).toEqual({ ok: false, problem: "combined-no-title", piece: 1 });
    expect(checkPublishable(issue([single]))).toEqual({ ok: true });
  });

  it("records 编发 at the own level, single or combined as the piece, naming the issue", () => {
    const content = issue([
      { id: 1, mode: "combined", title: "综合", editorNote: null, reportIds: [4, 2] },
      { id: 2, mode: "single", title: null, editorNote: null, reportIds: [7] },
    ]);
    expect(
      publicationEvents(content, "county", "《社情民意》2026年第3期").map((e) => [e.reportId, e.event.mode]),
    ).toEqual([
      [4, "combined"],
      [2, "combined"],
      [7, "single"],
    ]);
  });

  it("numbers issues per year in the committee's zone, and labels them", () => {
    expect(nextIssueNumber([])).toBe(1);
    expect(nextIssueNumber([1, 3, 2])).toBe(4);
    expect(issueYear(new Date("2026-12-31T16:30:00Z"), "Asia/Shanghai")).toBe(2027);
    expect(issueYear(new Date("2026-12-31T15:30:00Z"), "Asia/Shanghai")).toBe(2026);
    expect(issueLabel("社情民意", 2026, 12)).toBe("《社情民意》2026年第12期");
  });

  it("moves a piece up or down, not past either end", () => {
    expect(moveInOrder([1, 2, 3], 2, -1)).toEqual([2, 1, 3]);
    expect(moveInOrder([1, 2, 3], 2, 1)).toEqual([1, 3, 2]);
    expect(moveInOrder([1, 2, 3], 1, -1)).toEqual([1, 2, 3]);
    expect(moveInOrder([1, 2, 3], 3, 1)).toEqual([1, 2, 3]);
    expect(moveInOrder([1, 2, 3], 9, 1)).toEqual([1, 2, 3]);
  });
});
