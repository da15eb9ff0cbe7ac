import { describe, expect, it } from "vitest";
import { categoryMark, type FlowDraft, type FlowState, transition } from "../../src/domain/report-flow";
import { currentStep } from "../../src/domain/draft";

const limits = { categories: ["经济发展", "教育"], titleMinLength: 5, titleMaxLength: 60, bodyMaxLength: 30 };
const empty: FlowDraft = {
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
  editing: 0,
  confirming: null,
  edit_mode: null,
};
const at = (draft: Partial<FlowDraft>, lists: Partial<FlowState> = {}): FlowState => ({
  draft: { ...empty, ...draft },
  attachments: [],
  coauthors: [],
  ...lists,
});
const written = { title: "关于饮水安全的建议", category: "教育" };

describe("the report flow's transition", () => {
  it("takes a valid title and asks the next step; refuses a short one without a change", () => {
    expect(transition(at({}), { kind: "text", text: " 关于饮水安全的建议 " }, limits)).toEqual({
      patch: { title: "关于饮水安全的建议", pending_step: null, editing: 0, edit_mode: null },
      say: [{ kind: "ask" }],
    });
    const short = transition(at({}), { kind: "text", text: "关于" }, limits);
    expect(short.patch).toBeUndefined();
    expect(short.say).toMatchObject([{ kind: "reply", message: { key: "submit-title-too-short" } }]);
  });

  it("takes a category button only while its mark still names the same category", () => {
    const press = (index: number, mark: string) =>
      transition(
        at({ title: written.title }),
        { kind: "press", press: { action: "category", index, mark } },
        limits,
      );
    expect(press(1, categoryMark("教育")).patch).toMatchObject({ category: "教育" });
    expect(press(1, categoryMark("经济发展")).patch).toBeUndefined();
    expect(press(7, "zz").say[0]).toMatchObject({ kind: "answer", alert: true });
  });

  it("appends each paragraph of a section in the database and keeps the step; refuses text over the limit", () => {
    const state = at({ ...written, pending_step: "situation", pending_text: "一".repeat(20) });
    expect(transition(state, { kind: "text", text: "二二" }, limits)).toMatchObject({
      patch: { pending_step: "situation" },
      operation: { kind: "append-pending", text: "二二" },
    });
    const over = transition(state, { kind: "text", text: "三".repeat(20) }, limits);
    expect(over.operation).toBeUndefined();
    expect(over.say[0]).toMatchObject({ message: { key: "submit-body-too-long", vars: { room: 10 } } });
  });

  it("finishes a section only with the done button of that very step", () => {
    const state = at({ ...written, situation_done: 1, pending_step: "analysis", pending_text: "原因" });
    expect(
      transition(state, { kind: "press", press: { action: "done", step: "analysis" } }, limits).patch,
    ).toEqual({
      analysis: "原因",
      analysis_done: 1,
      pending_text: null,
      pending_step: null,
      editing: 0,
      edit_mode: null,
    });
    // A "done" of the step before, handled twice after a crash, is stale here.
    const again = transition(state, { kind: "press", press: { action: "done", step: "situation" } }, limits);
    expect(again.patch).toBeUndefined();
    expect(again.say).toEqual([{ kind: "answer", message: { key: "error-stale-button" }, alert: true }]);
  });

  it("adds an attachment once and no more than the limit", () => {
    const state = at(
      { ...written, situation_done: 1, analysis_done: 1, suggestions_done: 1 },
      { attachments: ["a"] },
    );
    const file = { kind: "photo", file_id: "f", file_unique_id: "b", file_name: null } as const;
    expect(transition(state, { kind: "file", file }, limits).operation).toEqual({
      kind: "add-attachment",
      file,
    });
    expect(
      transition(state, { kind: "file", file: { ...file, file_unique_id: "a" } }, limits).operation,
    ).toBeUndefined();
  });

  it("/cancel is a step of its own: the answer keeps, discards or goes back to where the person was", () => {
    const state = at({ ...written, pending_step: "situation", pending_text: "半截" });
    const ask = transition(state, { kind: "command", command: "cancel" }, limits);
    expect(ask.patch).toEqual({ confirming: "confirm-cancel" });
    const confirming = at({ ...state.draft, confirming: "confirm-cancel" });
    expect(currentStep(confirming.draft)).toBe("confirm-cancel");
    expect(transition(confirming, { kind: "text", text: "嗯" }, limits).say).toMatchObject([
      { message: { key: "submit-cancel-choose" } },
    ]);
    expect(
      transition(confirming, { kind: "press", press: { action: "cancel-discard" } }, limits).operation,
    ).toEqual({
      kind: "discard",
    });
    const back = transition(confirming, { kind: "press", press: { action: "cancel-continue" } }, limits);
    expect(back.patch).toEqual({ confirming: null });
    expect(currentStep({ ...confirming.draft, ...back.patch })).toBe("situation");
  });

  it("submitting with similar reports asks first; the confirmation submits", () => {
    const done = {
      ...written,
      situation: "s",
      suggestions: "x",
      situation_done: 1,
      analysis_done: 1,
      suggestions_done: 1,
      attachments_done: 1,
      coauthors_done: 1,
      urgent: 0,
    };
    const submit = { kind: "press", press: { action: "submit", anyway: false } } as const;
    expect(transition(at(done), { ...submit, similar: 2 }, limits).patch).toEqual({
      confirming: "confirm-submit",
    });
    expect(transition(at(done), { ...submit, similar: 0 }, limits).operation).toEqual({ kind: "submit" });
    const anyway = { kind: "press", press: { action: "submit", anyway: true } } as const;
    expect(transition(at({ ...done, confirming: "confirm-submit" }), anyway, limits)).toMatchObject({
      patch: { confirming: null },
      operation: { kind: "submit" },
    });
  });

  it("takes the first suggestions without a done button, and adds text sent at the preview to them", () => {
    const atSuggestions = at({ ...written, situation: "情况", situation_done: 1 });
    expect(transition(atSuggestions, { kind: "text", text: "建议一" }, limits).patch).toEqual({
      suggestions: "建议一",
      suggestions_done: 1,
      pending_text: null,
      pending_step: null,
      editing: 0,
      edit_mode: null,
    });
    const preview = at({ ...atSuggestions.draft, suggestions: "建议一", suggestions_done: 1 });
    expect(currentStep(preview.draft)).toBe("preview");
    const more = transition(preview, { kind: "text", text: "建议二" }, limits);
    expect(more).toMatchObject({
      operation: { kind: "append-suggestions", text: "建议二" },
      say: [{ kind: "reply", message: { key: "submit-suggestions-added", vars: { length: 7 } } }],
    });
    expect(more.patch).toBeUndefined();
    const over = transition(preview, { kind: "text", text: "长".repeat(30) }, limits);
    expect(over.operation).toBeUndefined();
    expect(over.say[0]).toMatchObject({ message: { key: "submit-body-too-long" } });
  });

  it("offers the optional parts on the preview: urgency toggles, a file attaches at any step", () => {
    const preview = at({
      ...written,
      situation: "情况",
      situation_done: 1,
      suggestions: "建议",
      suggestions_done: 1,
    });
    expect(
      transition(preview, { kind: "press", press: { action: "urgent", urgent: true } }, limits).patch,
    ).toEqual({ urgent: 1 });
    const file = { kind: "document", file_id: "f", file_unique_id: "u", file_name: "a.pdf" } as const;
    for (const state of [at({}), at({ title: written.title }), preview])
      expect(transition(state, { kind: "file", file }, limits).operation).toEqual({
        kind: "add-attachment",
        file,
      });
    expect(
      transition(preview, { kind: "press", press: { action: "edit", step: "analysis" } }, limits).patch,
    ).toEqual({ pending_step: "analysis", pending_text: null, editing: 1, edit_mode: null });
  });

  it("editing a written section appends what is sent, or replaces it when asked", () => {
    const editing = {
      ...written,
      situation: "原有一段",
      situation_done: 1,
      suggestions: "建",
      suggestions_done: 1,
    };
    const appendState = at({ ...editing, editing: 1, pending_step: "situation", pending_text: "新增" });
    const done = { action: "done", step: "situation" } as const;
    expect(transition(appendState, { kind: "press", press: done }, limits).patch).toMatchObject({
      situation: "原有一段\n新增",
    });
    const mode = transition(
      appendState,
      { kind: "press", press: { action: "mode", mode: "replace" } },
      limits,
    );
    expect(mode.patch).toEqual({ pending_step: "situation", edit_mode: "replace" });
    const replaceState = at({ ...appendState.draft, edit_mode: "replace" });
    expect(transition(replaceState, { kind: "press", press: done }, limits).patch).toMatchObject({
      situation: "新增",
    });
    // The limit counts what the section will hold: appended, the old text counts too.
    const long = "长".repeat(26);
    expect(
      transition(
        at({ ...editing, editing: 1, pending_step: "situation" }),
        { kind: "text", text: long },
        limits,
      ).operation,
    ).toBeUndefined();
    expect(
      transition(at({ ...replaceState.draft, pending_text: null }), { kind: "text", text: long }, limits)
        .operation,
    ).toMatchObject({
      kind: "append-pending",
    });
  });
});
