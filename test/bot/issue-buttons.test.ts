import { describe, expect, it } from "vitest";
import { type IssuePress, issueButton, readIssueButton } from "../../src/bot/issue-buttons";

describe("the issue compiler's callback data", () => {
  const presses: IssuePress[] = [
    { action: "show" },
    { action: "candidates", page: 3 },
    { action: "add", reportId: 2_147_483_647 },
    { action: "piece", pieceId: 9 },
    { action: "up", pieceId: 9 },
    { action: "down", pieceId: 9 },
    { action: "remove", pieceId: 9 },
    { action: "title", pieceId: 9 },
    { action: "note", pieceId: 9 },
    { action: "note", pieceId: null },
    { action: "clear-note", pieceId: null },
    { action: "merge", page: 0 },
    { action: "pick", reportId: 12 },
    { action: "picked" },
    { action: "preview" },
    { action: "publish" },
    { action: "publish-confirmed" },
    { action: "file" },
  ];

  it.each(presses)("reads back what it wrote, within 64 bytes: %o", (press) => {
    const data = issueButton(2_147_483_647, press);
    expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64);
    expect(readIssueButton(data)).toEqual({ kind: "press", issueId: 2_147_483_647, press });
  });

  it("reads the issue's own 编者按 written with piece 0, as the buttons before the shared codec wrote it", () => {
    expect(readIssueButton("i1:n:7:0")).toEqual({
      kind: "press",
      issueId: 7,
      press: { action: "note", pieceId: null },
    });
    expect(issueButton(7, { action: "clear-note", pieceId: null })).toBe("i1:N:7");
  });

  it("tells malformed data of this feature from another feature's", () => {
    for (const data of [
      "i1:a:3",
      "i1:a:3:x",
      "i1:o:3:1",
      "i1:z:3",
      "i1:o:",
      "i1:o:-1",
      "i1:a:3:0",
      "i1:o:1:2:3",
    ])
      expect(readIssueButton(data)).toEqual({ kind: "malformed" });
    expect(readIssueButton("rv:acc:1:1")).toEqual({ kind: "foreign" });
    expect(readIssueButton(undefined)).toEqual({ kind: "foreign" });
  });
});
