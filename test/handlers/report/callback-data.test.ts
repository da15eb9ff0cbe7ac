import { describe, expect, it } from "vitest";
import type { FlowPress } from "../../../src/domain/report-flow";
import { flowButton, readFlowButton } from "../../../src/handlers/report/callback-data";

describe("the report flow's callback data", () => {
  const presses: FlowPress[] = [
    { action: "category", index: 3, mark: "ab1z" },
    { action: "done", step: "suggestions" },
    { action: "skip" },
    { action: "keep" },
    { action: "clear-attachments" },
    { action: "coauthor", personId: 123456, add: true },
    { action: "coauthor", personId: 7, add: false },
    { action: "urgent", urgent: false },
    { action: "submit", anyway: true },
    { action: "submit", anyway: false },
    { action: "back" },
    { action: "edit" },
    { action: "edit", step: "coauthors" },
    { action: "save" },
    { action: "cancel" },
    { action: "cancel-keep" },
    { action: "cancel-discard" },
    { action: "cancel-continue" },
  ];

  it.each(presses)("reads back what it wrote, within 64 bytes: %o", (press) => {
    const data = flowButton(2_147_483_647, press);
    expect(new TextEncoder().encode(data).length).toBeLessThanOrEqual(64);
    expect(data.startsWith("r1:")).toBe(true);
    expect(readFlowButton(data)).toEqual({ kind: "press", draftId: 2_147_483_647, press });
  });

  it("tells a button of an older layout, or one that does not read, from another feature's", () => {
    expect(readFlowButton("sub:12:done:situation")).toEqual({ kind: "outdated", draftId: 12 });
    expect(readFlowButton("r2:12:d:situation")).toEqual({ kind: "outdated", draftId: 12 });
    expect(readFlowButton("r1:12:d:nowhere")).toEqual({ kind: "outdated", draftId: 12 });
    expect(readFlowButton("r1:x:d:title")).toEqual({ kind: "outdated", draftId: undefined });
    expect(readFlowButton("r1:12:u:1:extra")).toEqual({ kind: "outdated", draftId: 12 });
    expect(readFlowButton("rv:adopt:12")).toEqual({ kind: "foreign" });
    expect(readFlowButton(undefined)).toEqual({ kind: "foreign" });
  });
});
