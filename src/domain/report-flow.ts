// The guided report as a step machine: what one input does to a draft at its current step. Pure: the caller
// reads the draft, applies `transition`, and writes the change and the one side operation it names, in one
// transaction; then says what `say` lists. Inputs that need I/O first (a .docx read, a co-author looked up, the
// similar reports found) arrive already resolved.
import {
  appendToSection,
  checkBody,
  checkTitle,
  type ConfirmStep,
  currentStep,
  type DraftState,
  type EditMode,
  editModeOf,
  isSectionStep,
  MAX_ATTACHMENTS,
  type SectionStep,
  type Step,
} from "./draft";
import { fnv1a } from "./similarity";
import { textLength } from "./text";

/** A button of the flow, as its typed callback data reads (src/handlers/report/callback-data.ts). */
export type FlowPress =
  | { action: "category"; index: number; mark: string }
  /** Names the step it finishes, so a press handled twice is stale at the next step. */
  | { action: "done"; step: Step }
  | { action: "skip" }
  | { action: "keep" }
  | { action: "clear-attachments" }
  | { action: "coauthor"; personId: number; add: boolean }
  | { action: "urgent"; urgent: boolean }
  | { action: "submit"; anyway: boolean }
  | { action: "back" }
  | { action: "edit"; step?: Step }
  /** While a written section is edited: what is sent is appended to it, or replaces it. */
  | { action: "mode"; mode: EditMode }
  | { action: "save" }
  | { action: "cancel" }
  | { action: "cancel-keep" }
  | { action: "cancel-discard" }
  | { action: "cancel-continue" };

export interface AttachmentFile {
  kind: "photo" | "document";
  file_id: string;
  file_unique_id: string;
  file_name: string | null;
}

export type FlowInput =
  | { kind: "text"; text: string }
  /** A Word file sent at a section step, read to text… */
  | { kind: "docx"; text: string }
  /** …or not: over a bound (the refusal's key and the bound), or unreadable (no refusal). */
  | { kind: "docx-failed"; refusal?: { key: string; limit: number } }
  | { kind: "file"; file: AttachmentFile }
  | {
      kind: "press";
      press: FlowPress;
      /** For a co-author press: the person, if they may co-author (bound, active, not the author). */
      candidate?: { name: string } | undefined;
      /** For Submit: how many similar reports were found (they are listed by the caller). */
      similar?: number;
    }
  | { kind: "command"; command: string }
  | { kind: "edited" }
  | { kind: "other" };

export interface FlowDraft extends DraftState {
  editing: number;
  confirming: string | null;
  edit_mode: string | null;
}

export interface FlowState {
  draft: FlowDraft;
  /** file_unique_id of each attachment, in order. */
  attachments: readonly string[];
  coauthors: readonly number[];
}

export interface FlowLimits {
  categories: readonly string[];
  titleMinLength: number;
  titleMaxLength: number;
  bodyMaxLength: number;
}

export type DraftPatch = Partial<
  DraftState & { editing: number; confirming: string | null; edit_mode: string | null }
>;

/** What the transaction does beside writing the draft row. */
export type FlowOperation =
  | { kind: "append-pending"; text: string }
  /** Text sent at the preview: a further paragraph of the suggestions (the last section written). */
  | { kind: "append-suggestions"; text: string }
  | { kind: "add-attachment"; file: AttachmentFile }
  | { kind: "clear-attachments" }
  | { kind: "set-coauthor"; personId: number; add: boolean }
  | { kind: "submit" }
  | { kind: "leave" }
  | { kind: "discard" };

export interface Message {
  key: string;
  vars?: Record<string, string | number>;
}

/**
 * What the person is told, in order. The flow keeps one live message (the current question, the report so far
 * and the buttons): a `reply` is a line shown at its top, and the live message always ends on the question of
 * the step the draft is at afterwards, unless a view below takes its place or the flow ended.
 */
export type Say =
  /** The answer to the button pressed (every press gets one; without a `say` of this kind, an empty one). */
  | { kind: "answer"; message?: Message; text?: string; alert?: boolean }
  | { kind: "reply"; message: Message }
  /** The question of the step the draft is at afterwards, with its buttons. */
  | { kind: "ask" }
  | { kind: "edit-menu" }
  | { kind: "similar" }
  | { kind: "search-coauthors"; query: string }
  /** The outcome of the submit operation, which the caller reports. */
  | { kind: "submitted" };

export interface Transition {
  patch?: DraftPatch;
  operation?: FlowOperation;
  say: Say[];
}

const stale = (): Transition => ({
  say: [{ kind: "answer", message: { key: "error-stale-button" }, alert: true }],
});
const reply = (key: string, vars?: Message["vars"]): Extract<Say, { kind: "reply" }> => ({
  kind: "reply",
  message: { key, vars },
});
/** A step answered: the draft moves on (back to the preview when the step was edited from there). */
const finished = (patch: DraftPatch): Transition => ({
  patch: { ...patch, pending_step: null, editing: 0, edit_mode: null },
  say: [{ kind: "ask" }],
});

/** A few characters naming a category, so a button still means what it said after the list was changed. */
export function categoryMark(category: string): string {
  return fnv1a(category).toString(36).slice(0, 4);
}

export function transition(state: FlowState, input: FlowInput, limits: FlowLimits): Transition {
  const step = currentStep(state.draft);
  // A photo or file sent at any step is attached; the step stays where it was.
  if (input.kind === "file") return addAttachment(state, input.file);
  if (step === "confirm-cancel" || step === "confirm-submit") return confirming(step, input);
  if (input.kind === "command") {
    if (input.command === "cancel")
      return { patch: { confirming: "confirm-cancel" }, say: [{ kind: "ask" }] };
    return { say: [reply("submit-finish-or-cancel", { command: `/${input.command}`.slice(0, 64) })] };
  }
  if (input.kind === "edited") return { say: [reply("submit-edits-ignored")] };
  if (input.kind === "press" && input.press.action === "keep" && state.draft.editing === 1) {
    return {
      patch: { pending_step: null, pending_text: null, editing: 0, edit_mode: null },
      say: [{ kind: "ask" }],
    };
  }
  const result = atStep(state, step, input, limits);
  if (result) return result;
  if (input.kind === "press") return stale();
  return { say: [reply(`submit-wrong-input-${isSectionStep(step) ? "section" : step}`)] };
}

/** The step's own answers; undefined for input it does not take. */
function atStep(state: FlowState, step: Step, input: FlowInput, limits: FlowLimits): Transition | undefined {
  const press = input.kind === "press" ? input.press : undefined;
  switch (step) {
    case "title": {
      if (input.kind !== "text") return undefined;
      const check = checkTitle(input.text, limits);
      if (!check.ok)
        return {
          say: [
            reply(`submit-title-${check.reason}`, {
              length: check.length,
              min: limits.titleMinLength,
              max: limits.titleMaxLength,
            }),
          ],
        };
      return finished({ title: check.title });
    }
    case "category": {
      if (press?.action === "category") {
        const category = limits.categories[press.index];
        if (category === undefined || categoryMark(category) !== press.mark)
          return { say: [...stale().say, { kind: "ask" }] };
        const done = finished({ category });
        return { ...done, say: [{ kind: "answer", text: category }, ...done.say] };
      }
      if (input.kind === "text") {
        const category = limits.categories.find((c) => c === input.text.trim());
        return category ? finished({ category }) : { say: [reply("submit-category-unknown")] };
      }
      return undefined;
    }
    case "situation":
    case "analysis":
    case "suggestions":
      return atSection(state, step, input, limits);
    case "attachments": {
      if (press?.action === "clear-attachments")
        return {
          operation: { kind: "clear-attachments" },
          say: [{ kind: "answer", message: { key: "submit-attachments-cleared" } }],
        };
      if (press?.action === "done" && press.step === "attachments") return finished({ attachments_done: 1 });
      return undefined;
    }
    case "coauthors": {
      if (input.kind === "text")
        return { say: [{ kind: "search-coauthors", query: input.text.trim().slice(0, 20) }] };
      if (press?.action === "coauthor") {
        if (input.kind !== "press" || !input.candidate) return stale();
        const isNow = state.coauthors.includes(press.personId);
        return {
          ...(isNow !== press.add
            ? { operation: { kind: "set-coauthor", personId: press.personId, add: press.add } as const }
            : {}),
          say: [
            {
              kind: "answer",
              message: {
                key: press.add ? "submit-coauthor-added" : "submit-coauthor-removed",
                vars: { name: input.candidate.name },
              },
            },
            { kind: "ask" },
          ],
        };
      }
      if (press?.action === "done" && press.step === "coauthors") return finished({ coauthors_done: 1 });
      return undefined;
    }
    case "urgent":
      if (press?.action === "urgent") return finished({ urgent: press.urgent ? 1 : 0 });
      return undefined;
    case "preview":
      return atPreview(state, input, limits);
  }
}

function atSection(
  state: FlowState,
  section: SectionStep,
  input: FlowInput,
  limits: FlowLimits,
): Transition | undefined {
  const { draft } = state;
  const editing = draft.editing === 1;
  // A written section being edited: what is sent is added after it, or replaces it (the person chooses).
  const current = editing ? draft[section] || null : null;
  const mode = editModeOf(draft.edit_mode);
  const joined = (pending: string | null) =>
    current && mode === "append" && pending ? appendToSection(current, pending) : pending;
  if (input.kind === "text" || input.kind === "docx") {
    const replace = input.kind === "docx";
    if (input.text.trim() === "") return { say: [reply("submit-wrong-input-section")] };
    const pending = replace ? input.text : appendToSection(draft.pending_text, input.text);
    const check = checkBody(draft, section, joined(pending) ?? "", limits.bodyMaxLength);
    if (!check.ok)
      return {
        say: [
          reply("submit-body-too-long", {
            max: limits.bodyMaxLength,
            // A .docx replaces what was typed; a message comes on top of it.
            room: replace ? check.room : check.room - textLength(joined(draft.pending_text) ?? ""),
          }),
        ],
      };
    // The suggestions, first written, need no "done": what is sent next is added to them at the preview.
    if (section === "suggestions" && !editing)
      return finished({ suggestions: pending, suggestions_done: 1, pending_text: null });
    const saved = reply(replace ? "submit-section-imported" : "submit-section-saved", {
      length: textLength(pending),
      total: check.length,
      max: limits.bodyMaxLength,
    });
    // Text typed at a section step belongs to it until "done": the step is remembered with the text, and a
    // message is appended in the database, so text stored meanwhile is never overwritten by this copy.
    const stay = { pending_step: section };
    return replace
      ? { patch: { ...stay, pending_text: pending }, say: [saved] }
      : { patch: stay, operation: { kind: "append-pending", text: input.text }, say: [saved] };
  }
  if (input.kind === "docx-failed")
    return {
      say: [
        input.refusal
          ? reply(input.refusal.key, { limit: input.refusal.limit })
          : reply("submit-docx-unreadable"),
        reply("file-draft-kept"),
      ],
    };
  if (input.kind !== "press") return undefined;
  const { press } = input;
  if (press.action === "mode" && current)
    return {
      patch: { pending_step: section, edit_mode: press.mode },
      say: [{ kind: "answer" }, { kind: "ask" }],
    };
  if (press.action === "done" && press.step === section) {
    const text = joined(draft.pending_text);
    if (!text) {
      if (editing && draft[section]) return finished({ pending_text: null });
      return { say: [{ kind: "answer", message: { key: "submit-section-empty" }, alert: true }] };
    }
    return finished({ [section]: text, [`${section}_done`]: 1, pending_text: null });
  }
  if (press.action === "skip" && section === "analysis")
    return finished({ analysis: "", analysis_done: 1, pending_text: null });
  return undefined;
}

function addAttachment(state: FlowState, file: AttachmentFile): Transition {
  const count = state.attachments.length;
  if (state.attachments.includes(file.file_unique_id))
    return { say: [reply("submit-attachment-duplicate", { count, max: MAX_ATTACHMENTS })] };
  if (count >= MAX_ATTACHMENTS)
    return { say: [reply("submit-attachment-full", { count, max: MAX_ATTACHMENTS })] };
  return {
    operation: { kind: "add-attachment", file },
    say: [reply("submit-attachment-added", { count: count + 1, max: MAX_ATTACHMENTS })],
  };
}

function atPreview(state: FlowState, input: FlowInput, limits: FlowLimits): Transition | undefined {
  if (input.kind === "text") {
    // Text sent at the preview is one more paragraph of the suggestions, the section written last.
    if (input.text.trim() === "") return undefined;
    const suggestions = appendToSection(state.draft.suggestions || null, input.text);
    const check = checkBody(state.draft, "suggestions", suggestions, limits.bodyMaxLength);
    if (!check.ok)
      return {
        say: [
          reply("submit-body-too-long", {
            max: limits.bodyMaxLength,
            room: check.room - textLength(state.draft.suggestions ?? ""),
          }),
        ],
      };
    return {
      operation: { kind: "append-suggestions", text: input.text },
      say: [
        reply("submit-suggestions-added", {
          length: textLength(suggestions),
          total: check.length,
          max: limits.bodyMaxLength,
        }),
      ],
    };
  }
  if (input.kind !== "press") return undefined;
  const { press } = input;
  switch (press.action) {
    case "urgent":
      return { patch: { urgent: press.urgent ? 1 : 0 }, say: [{ kind: "answer" }, { kind: "ask" }] };
    case "clear-attachments":
      return {
        operation: { kind: "clear-attachments" },
        say: [{ kind: "answer", message: { key: "submit-attachments-cleared" } }, { kind: "ask" }],
      };
    case "submit":
      if (!press.anyway && (input.similar ?? 0) > 0)
        return { patch: { confirming: "confirm-submit" }, say: [{ kind: "answer" }, { kind: "similar" }] };
      return { operation: { kind: "submit" }, say: [{ kind: "answer" }, { kind: "submitted" }] };
    case "back":
      return { say: [{ kind: "answer" }, { kind: "ask" }] };
    case "edit":
      if (press.step === undefined) return { say: [{ kind: "answer" }, { kind: "edit-menu" }] };
      if (press.step === "preview") return stale();
      return {
        patch: { pending_step: press.step, pending_text: null, editing: 1, edit_mode: null },
        say: [{ kind: "answer" }, { kind: "ask" }],
      };
    case "save":
      return { operation: { kind: "leave" }, say: [{ kind: "answer" }, reply("submit-saved")] };
    case "cancel":
      return { patch: { confirming: "confirm-cancel" }, say: [{ kind: "answer" }, { kind: "ask" }] };
    default:
      return undefined;
  }
}

/** The answer to a question that interrupted a step; any other input asks it again. */
function confirming(step: ConfirmStep, input: FlowInput): Transition {
  const press = input.kind === "press" ? input.press : undefined;
  if (step === "confirm-cancel") {
    switch (press?.action) {
      case "cancel-keep":
        return {
          patch: { confirming: null },
          operation: { kind: "leave" },
          say: [{ kind: "answer" }, reply("submit-draft-kept")],
        };
      case "cancel-discard":
        return { operation: { kind: "discard" }, say: [{ kind: "answer" }, reply("submit-draft-discarded")] };
      case "cancel-continue":
        return { patch: { confirming: null }, say: [{ kind: "answer" }, { kind: "ask" }] };
    }
  } else {
    switch (press?.action) {
      case "submit":
        return {
          patch: { confirming: null },
          operation: { kind: "submit" },
          say: [{ kind: "answer" }, { kind: "submitted" }],
        };
      case "back":
        return { patch: { confirming: null }, say: [{ kind: "answer" }, { kind: "ask" }] };
    }
    if (input.kind === "command" && input.command === "cancel")
      return { patch: { confirming: "confirm-cancel" }, say: [{ kind: "ask" }] };
  }
  if (press) return stale();
  if (input.kind === "command" && step === "confirm-cancel" && input.command === "cancel")
    return { say: [{ kind: "ask" }] };
  return { say: [reply(step === "confirm-cancel" ? "submit-cancel-choose" : "submit-wrong-input-preview")] };
}
