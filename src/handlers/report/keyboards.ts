// The buttons of each step of the report flow. Every button names its draft (and a "done" its step), so a
// press from another draft or an earlier step is recognised as stale.
import { InlineKeyboard } from "grammy";
import type { Translate } from "../../bot/render";
import type { FlowStep, Step } from "../../domain/draft";
import { categoryMark } from "../../domain/report-flow";
import type { FlowSession } from "../../db/draft-flow";
import { flowButton } from "./callback-data";

/**
 * The steps that can be edited from the preview, in the order of the edit menu. Attachments and urgency are
 * not steps to go to: files sent at any step are attached, and urgency is a toggle on the preview.
 */
const EDITABLE: readonly Step[] = ["title", "category", "situation", "analysis", "suggestions", "coauthors"];

export function stepKeyboard(
  t: Translate,
  session: FlowSession,
  step: FlowStep,
  categories: readonly string[],
): InlineKeyboard | undefined {
  const { draft } = session;
  const id = draft.id;
  const editing = draft.editing === 1;
  const keep = (keyboard: InlineKeyboard) =>
    editing ? keyboard.text(t("submit-button-keep"), flowButton(id, { action: "keep" })) : keyboard;
  switch (step) {
    case "title":
      return editing ? keep(new InlineKeyboard()) : undefined;
    case "category": {
      const keyboard = new InlineKeyboard();
      categories.forEach((category, index) => {
        keyboard.text(category, flowButton(id, { action: "category", index, mark: categoryMark(category) }));
        if (index % 2 === 1) keyboard.row();
      });
      return keep(keyboard.row());
    }
    case "situation":
    case "analysis":
    case "suggestions": {
      const keyboard = new InlineKeyboard().text(
        t("submit-button-section-done"),
        flowButton(id, { action: "done", step }),
      );
      // Analysis may be left out: skipped (a draft that reached it on the way before it was optional), or
      // cleared when edited from the preview.
      if (step === "analysis" && !editing)
        keyboard.text(t("submit-button-skip"), flowButton(id, { action: "skip" }));
      else if (step === "analysis" && draft.analysis)
        keyboard.text(t("submit-button-clear-analysis"), flowButton(id, { action: "skip" }));
      // A written section being edited: what is sent is appended to it (the default) or replaces it.
      if (editing && draft[step]) {
        const replace = draft.edit_mode === "replace";
        keyboard
          .row()
          .text(
            `${replace ? "" : "✓ "}${t("submit-button-mode-append")}`,
            flowButton(id, { action: "mode", mode: "append" }),
          )
          .text(
            `${replace ? "✓ " : ""}${t("submit-button-mode-replace")}`,
            flowButton(id, { action: "mode", mode: "replace" }),
          )
          .row();
      }
      return keep(keyboard);
    }
    case "attachments": {
      const keyboard = new InlineKeyboard().text(
        t(session.attachments.length > 0 ? "submit-button-attachments-done" : "submit-button-no-attachments"),
        flowButton(id, { action: "done", step: "attachments" }),
      );
      return session.attachments.length > 0
        ? keyboard.text(t("submit-button-clear-attachments"), flowButton(id, { action: "clear-attachments" }))
        : keyboard;
    }
    case "coauthors": {
      // Those chosen, each a tap to remove; another is found by typing part of the name.
      const keyboard = new InlineKeyboard();
      for (const person of session.coauthors)
        keyboard
          .text(`✓ ${person.name}`, flowButton(id, { action: "coauthor", personId: person.id, add: false }))
          .row();
      return keyboard.text(
        t(session.coauthors.length > 0 ? "submit-button-coauthors-done" : "submit-button-no-coauthors"),
        flowButton(id, { action: "done", step: "coauthors" }),
      );
    }
    case "urgent":
      return new InlineKeyboard()
        .text(t("submit-button-urgent-yes"), flowButton(id, { action: "urgent", urgent: true }))
        .text(t("submit-button-urgent-no"), flowButton(id, { action: "urgent", urgent: false }));
    case "preview": {
      // The optional parts are toggles here, not steps on the way.
      const urgent = draft.urgent === 1;
      const keyboard = new InlineKeyboard()
        .text(t("submit-button-submit"), flowButton(id, { action: "submit", anyway: false }))
        .row()
        .text(
          t(draft.analysis ? "submit-button-edit-analysis" : "submit-button-add-analysis"),
          flowButton(id, { action: "edit", step: "analysis" }),
        )
        .text(
          t("submit-button-coauthors", { count: session.coauthors.length }),
          flowButton(id, { action: "edit", step: "coauthors" }),
        )
        .row()
        .text(
          t(urgent ? "submit-button-urgent-on" : "submit-button-urgent-off"),
          flowButton(id, { action: "urgent", urgent: !urgent }),
        );
      if (session.attachments.length > 0)
        keyboard.text(t("submit-button-clear-attachments"), flowButton(id, { action: "clear-attachments" }));
      return keyboard
        .row()
        .text(t("submit-button-edit"), flowButton(id, { action: "edit" }))
        .text(t("submit-button-save"), flowButton(id, { action: "save" }))
        .text(t("submit-button-cancel"), flowButton(id, { action: "cancel" }));
    }
    case "confirm-cancel":
      return new InlineKeyboard()
        .text(t("submit-button-keep-draft"), flowButton(id, { action: "cancel-keep" }))
        .text(t("submit-button-discard-draft"), flowButton(id, { action: "cancel-discard" }))
        .row()
        .text(t("submit-button-continue"), flowButton(id, { action: "cancel-continue" }));
    case "confirm-submit":
      return new InlineKeyboard()
        .text(t("submit-button-submit-anyway"), flowButton(id, { action: "submit", anyway: true }))
        .text(t("submit-button-back-to-preview"), flowButton(id, { action: "back" }));
  }
}

export function editMenu(t: Translate, draftId: number): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  EDITABLE.forEach((step, i) => {
    keyboard.text(t(`submit-step-${step}`), flowButton(draftId, { action: "edit", step }));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard.row().text(t("submit-button-back-to-preview"), flowButton(draftId, { action: "back" }));
}

export function coauthorPicker(
  t: Translate,
  session: FlowSession,
  found: readonly { id: number; name: string; unit_name: string | null }[],
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const person of found) {
    const selected = session.coauthors.some((c) => c.id === person.id);
    keyboard
      .text(
        `${selected ? "✓ " : ""}${person.name}（${person.unit_name ?? "—"}）`,
        flowButton(session.draft.id, { action: "coauthor", personId: person.id, add: !selected }),
      )
      .row();
  }
  return keyboard.text(
    t("submit-button-coauthors-done"),
    flowButton(session.draft.id, { action: "done", step: "coauthors" }),
  );
}
