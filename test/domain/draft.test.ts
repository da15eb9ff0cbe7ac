import { describe, expect, it } from "vitest";
import { appendToSection, checkBody, checkTitle, type DraftState, nextStep } from "../../src/domain/draft";

const empty: DraftState = {
  title: null,
  category: null,
  situation: null,
  analysis: null,
  suggestions: null,
  urgent: null,
  situation_done: 0,
  analysis_done: 0,
  suggestions_done: 0,
  attachments_done: 0,
  coauthors_done: 0,
  pending_step: null,
  pending_text: null,
};

describe("nextStep", () => {
  it.each<[Partial<DraftState>, string]>([
    [{}, "title"],
    [{ title: "关于加强农村饮水安全的建议" }, "category"],
    [{ title: "t", category: "教育" }, "situation"],
    [
      { title: "t", category: "教育", situation: "半截", pending_step: "situation", pending_text: "半截" },
      "situation",
    ],
    // Analysis, attachments, co-authors and urgency are optional: offered on the preview, not on the way.
    [{ title: "t", category: "教育", situation_done: 1 }, "suggestions"],
    [{ title: "t", category: "教育", situation_done: 1, suggestions_done: 1 }, "preview"],
    [
      { title: "t", category: "教育", situation_done: 1, suggestions_done: 1, pending_step: "analysis" },
      "analysis",
    ],
    [
      {
        title: "t",
        category: "教育",
        situation_done: 1,
        analysis_done: 1,
        suggestions_done: 1,
        attachments_done: 1,
        coauthors_done: 1,
        urgent: 0,
      },
      "preview",
    ],
    [
      {
        title: "t",
        category: "教育",
        situation_done: 1,
        analysis_done: 1,
        suggestions_done: 1,
        attachments_done: 1,
        coauthors_done: 1,
        urgent: 1,
        pending_step: "title",
      },
      "title",
    ],
  ])("%j → %s", (draft, step) => {
    expect(nextStep({ ...empty, ...draft })).toBe(step);
  });
});

describe("checkTitle", () => {
  const limits = { titleMinLength: 5, titleMaxLength: 60 };
  it("accepts 5 to 60 characters counted as people count them", () => {
    expect(checkTitle("  关于加强农村饮水安全的建议 ", limits)).toEqual({
      ok: true,
      title: "关于加强农村饮水安全的建议",
    });
    expect(checkTitle("关于🚰饮水", limits)).toMatchObject({ ok: true });
    expect(checkTitle("关于饮水", limits)).toEqual({ ok: false, reason: "too-short", length: 4 });
    expect(checkTitle("长".repeat(61), limits)).toEqual({ ok: false, reason: "too-long", length: 61 });
    expect(checkTitle("第一行\n第二行标题", limits)).toMatchObject({ ok: false, reason: "multiline" });
  });
});

describe("sections and the body limit", () => {
  it("appends messages as paragraphs", () => {
    expect(appendToSection(null, "一")).toBe("一");
    expect(appendToSection("一", "二")).toBe("一\n二");
  });

  it("counts the whole body and says how much room is left", () => {
    const draft = { ...empty, situation: "甲".repeat(1000), situation_done: 1 };
    expect(checkBody(draft, "analysis", "乙".repeat(2000), 3000)).toEqual({ ok: true, length: 3000 });
    expect(checkBody(draft, "analysis", "乙".repeat(2001), 3000)).toEqual({
      ok: false,
      length: 3001,
      room: 2000,
    });
    // Rewriting a section replaces its old text in the count.
    expect(checkBody(draft, "situation", "丙".repeat(3000), 3000)).toEqual({ ok: true, length: 3000 });
  });
});
