// The guided report: its steps in order, which one comes next, and the limits on what is typed. Pure.
import { textLength } from "./text";

export const STEPS = [
  "title",
  "category",
  "situation",
  "analysis",
  "suggestions",
  "attachments",
  "coauthors",
  "urgent",
  "preview",
] as const;
export type Step = (typeof STEPS)[number];

/**
 * Questions that stand between two steps: leaving the flow (keep or discard the draft) and submitting although
 * similar reports exist. A draft at one of them remembers it (drafts.confirming), so the answer still counts
 * after a restart, and the step it interrupted follows.
 */
export const CONFIRM_STEPS = ["confirm-cancel", "confirm-submit"] as const;
export type ConfirmStep = (typeof CONFIRM_STEPS)[number];
export type FlowStep = Step | ConfirmStep;

export function isConfirmStep(value: string | null | undefined): value is ConfirmStep {
  return (CONFIRM_STEPS as readonly (string | null | undefined)[]).includes(value);
}

export const SECTION_STEPS = ["situation", "analysis", "suggestions"] as const;
export type SectionStep = (typeof SECTION_STEPS)[number];

export const MAX_ATTACHMENTS = 10;

export function isStep(value: string | null | undefined): value is Step {
  return (STEPS as readonly (string | null | undefined)[]).includes(value);
}

export function isSectionStep(value: string | null | undefined): value is SectionStep {
  return (SECTION_STEPS as readonly (string | null | undefined)[]).includes(value);
}

/** What a draft holds, as far as the flow is concerned (a subset of the drafts table). */
export interface DraftState {
  title: string | null;
  category: string | null;
  situation: string | null;
  analysis: string | null;
  suggestions: string | null;
  urgent: number | null;
  situation_done: number;
  analysis_done: number;
  suggestions_done: number;
  attachments_done: number;
  coauthors_done: number;
  pending_step: string | null;
  pending_text: string | null;
}

/** Where the flow is: a pending question, else the first step not answered yet. */
export function currentStep(draft: DraftState & { confirming: string | null }): FlowStep {
  return isConfirmStep(draft.confirming) ? draft.confirming : nextStep(draft);
}

/**
 * The first step not answered yet; "preview" when everything is. A section being written comes first. Only
 * what every report needs is on the way (title, category, situation, suggestions); analysis, attachments,
 * co-authors and urgency are optional, offered on the preview (and a file sent at any step is attached).
 */
export function nextStep(draft: DraftState): Step {
  if (isStep(draft.pending_step)) return draft.pending_step;
  if (!draft.title) return "title";
  if (!draft.category) return "category";
  if (!draft.situation_done) return "situation";
  if (!draft.suggestions_done) return "suggestions";
  return "preview";
}

/** Steps on the way to the preview, numbered in the questions ("第 n 步"). */
export const STEPS_ON_THE_WAY = ["title", "category", "situation", "suggestions"] as const;

/** How text sent while a written section is edited joins it: added after it, or put in its place. */
export const EDIT_MODES = ["append", "replace"] as const;
export type EditMode = (typeof EDIT_MODES)[number];

export function editModeOf(value: string | null | undefined): EditMode {
  return value === "replace" ? "replace" : "append";
}

export type TitleCheck =
  | { ok: true; title: string }
  | { ok: false; reason: "too-short" | "too-long" | "multiline"; length: number };

export function checkTitle(
  text: string,
  limits: { titleMinLength: number; titleMaxLength: number },
): TitleCheck {
  const title = text.trim();
  const length = textLength(title);
  if (/[\r\n]/.test(title)) return { ok: false, reason: "multiline", length };
  if (length < limits.titleMinLength) return { ok: false, reason: "too-short", length };
  if (length > limits.titleMaxLength) return { ok: false, reason: "too-long", length };
  return { ok: true, title };
}

/** A section spanning several messages: each one is a paragraph of its own. */
export function appendToSection(current: string | null, addition: string): string {
  return current ? `${current}\n${addition}` : addition;
}

/** Length of the whole body if `section` held `text` (the others as stored). */
export function bodyLengthWith(draft: DraftState, section: SectionStep, text: string): number {
  return SECTION_STEPS.reduce(
    (sum, step) => sum + textLength(step === section ? text : (draft[step] ?? "")),
    0,
  );
}

export type BodyCheck = { ok: true; length: number } | { ok: false; length: number; room: number };

/** Refuses text that would take the whole body over the limit; `room` says how much still fits. */
export function checkBody(
  draft: DraftState,
  section: SectionStep,
  text: string,
  bodyMaxLength: number,
): BodyCheck {
  const length = bodyLengthWith(draft, section, text);
  if (length <= bodyMaxLength) return { ok: true, length };
  const others = bodyLengthWith(draft, section, "");
  return { ok: false, length, room: Math.max(0, bodyMaxLength - others) };
}
