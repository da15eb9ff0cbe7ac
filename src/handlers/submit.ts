// Writing a report: the guided conversation (/new, /drafts), saved to the drafts table at every step so
// nothing typed is ever lost, and submitted exactly once. The conversation's replay log is only a cache of
// where the person is: the draft row is the truth, so a new conversation version resumes from it.
import { type Conversation, createConversation } from "@grammyjs/conversations";
import type { I18n } from "@grammyjs/i18n";
import { type Api, Composer, type Context, InlineKeyboard, type RawApi } from "grammy";
import type { Update } from "grammy/types";
import { callbackData, callbackParts, idArg } from "../bot/callback-data";
import type { BaseContext, BotDeps, MinyiContext } from "../bot/context";
import { allowRoles, refuse } from "../bot/guards";
import { renderReport, type Translate } from "../bot/render";
import {
  addDraftAttachment,
  appendToPendingText,
  clearDraftAttachments,
  createDraft,
  type DraftSession,
  deleteDraft,
  findDraft,
  findDraftInFlow,
  listOpenDrafts,
  loadDraftSession,
  searchCoauthors,
  setInFlow,
  submitDraft,
  setCoauthor,
  updateDraft,
} from "../db/drafts";
import { findSimilarReports } from "../db/similarity";
import { fnv1a } from "../domain/similarity";
import { findPersonWithUnit } from "../db/people";
import { loadSettings } from "../db/settings";
import { extractDocxText, isDocx } from "../docx";
import {
  appendToSection,
  checkBody,
  checkTitle,
  isSectionStep,
  isStep,
  MAX_ATTACHMENTS,
  nextStep,
  type SectionStep,
  type Step,
} from "../domain/draft";
import { formatLocalDate } from "../domain/dates";
import { canWriteReports } from "../domain/roles";
import type { Settings } from "../domain/settings";
import { splitMessage, TELEGRAM_MESSAGE_LIMIT, textLength, truncateText } from "../domain/text";
import { notifyStaffOfSubmission } from "../notify";

export const SUBMIT_CONVERSATION = "submit";
/** Bump when the conversation code changes incompatibly: stored replay logs are dropped, drafts stay. */
export const SUBMIT_CONVERSATION_VERSION = 1;

const SIMILAR_LOOKBACK_DAYS = 365;
const MAX_DOCX_BYTES = 5 * 1024 * 1024;

export interface SubmitArgs {
  draftId: number;
  locale: string;
  /** Take the update that entered the conversation as the first answer (resuming an interrupted flow). */
  resume: boolean;
}

export interface SubmitOptions {
  deps: BotDeps;
  /** The bot's own API, for messages to other people (not part of the conversation's replay). */
  api: Api<RawApi>;
  i18n: I18n<BaseContext>;
  downloadFile: (fileId: string) => Promise<Uint8Array>;
}

type Convo = Conversation<MinyiContext, Context>;

/** What a person sent, reduced to what the flow cares about. */
type Input =
  | { kind: "text"; text: string; messageId: number }
  | { kind: "command"; command: string }
  | { kind: "photo"; fileId: string; uniqueId: string; messageId: number }
  | {
      kind: "document";
      fileId: string;
      uniqueId: string;
      fileName: string | null;
      mimeType: string | undefined;
      size: number;
      messageId: number;
    }
  | {
      kind: "button";
      action: string;
      arg: string | undefined;
      draftId: number | undefined;
      callbackId: string;
    }
  | { kind: "edited" }
  | { kind: "other" };

function readInput(update: Update): Input {
  if (update.callback_query) {
    const parts = callbackParts(update.callback_query.data, "sub") ?? [];
    const draftId = idArg.safeParse(parts[0]);
    return {
      kind: "button",
      draftId: draftId.success ? draftId.data : undefined,
      action: parts[1] ?? "",
      arg: parts[2],
      callbackId: update.callback_query.id,
    };
  }
  if (update.edited_message) return { kind: "edited" };
  const message = update.message;
  if (!message) return { kind: "other" };
  if (message.text !== undefined) {
    if (message.entities?.[0]?.type === "bot_command" && message.entities[0].offset === 0) {
      return {
        kind: "command",
        command: message.text.slice(1, message.entities[0].length).split("@")[0]?.toLowerCase() ?? "",
      };
    }
    return { kind: "text", text: message.text, messageId: message.message_id };
  }
  if (message.photo && message.photo.length > 0) {
    const largest = message.photo[message.photo.length - 1]!;
    return {
      kind: "photo",
      fileId: largest.file_id,
      uniqueId: largest.file_unique_id,
      messageId: message.message_id,
    };
  }
  if (message.document) {
    const d = message.document;
    return {
      kind: "document",
      fileId: d.file_id,
      uniqueId: d.file_unique_id,
      fileName: d.file_name ?? null,
      mimeType: d.mime_type,
      size: d.file_size ?? 0,
      messageId: message.message_id,
    };
  }
  return { kind: "other" };
}

/** A few characters naming a category, so a button still means what it said after the list was changed. */
function categoryMark(category: string): string {
  return fnv1a(category).toString(36).slice(0, 4);
}

/** The category a button names: `<index>.<mark>`; one whose mark no longer matches is stale. */
function categoryPressed(categories: readonly string[], arg: string | undefined): string | undefined {
  const [index = "", mark] = (arg ?? "").split(".");
  const category = /^\d+$/.test(index) ? categories[Number(index)] : undefined;
  if (category === undefined || (mark !== undefined && mark !== categoryMark(category))) return undefined;
  return category;
}

/** Buttons of this flow carry the draft id, so a button of another draft or an old message is stale. */
function button(draftId: number, action: string, arg?: string | number): string {
  return arg === undefined ? callbackData("sub", draftId, action) : callbackData("sub", draftId, action, arg);
}

export function submitConversation(options: SubmitOptions) {
  const { deps, i18n } = options;
  const { db } = deps;

  return async function submit(conversation: Convo, ctx: Context, args: SubmitArgs): Promise<void> {
    const t: Translate = (key, variables) => i18n.t(args.locale, key, variables);
    const chatId = ctx.chat?.id;
    if (chatId === undefined) return;
    const send = (text: string, extra: { keyboard?: InlineKeyboard; html?: boolean } = {}) =>
      ctx.api.sendMessage(chatId, text, {
        ...(extra.keyboard ? { reply_markup: extra.keyboard } : {}),
        ...(extra.html ? { parse_mode: "HTML" as const } : {}),
        link_preview_options: { is_disabled: true },
      });
    const answer = (callbackId: string, text?: string, alert = false) =>
      ctx.api.answerCallbackQuery(callbackId, text ? { text, show_alert: alert } : {});

    const loaded = await conversation.external(() => loadDraftSession(db, args.draftId));
    if (!loaded) {
      await send(t("draft-not-found"));
      return;
    }
    let session: DraftSession = loaded;
    const settings: Settings = await conversation.external(() => loadSettings(db));
    const draftId = session.draft.id;
    const personId = session.draft.person_id;

    let carried: Context | undefined = args.resume ? ctx : undefined;
    /** The next update for this flow; buttons of other features pass through to them. */
    const nextInput = async (): Promise<Input> => {
      const update = carried ? carried.update : (await conversation.wait()).update;
      carried = undefined;
      if (update.callback_query && callbackParts(update.callback_query.data, "sub") === undefined) {
        await conversation.skip({ next: true });
      }
      return readInput(update);
    };
    /**
     * The next answer to a step's question. When the update in hand is used up, the flow ends here instead of
     * waiting: everything it knows is in the draft, and the next answer resumes it from there (see
     * `submitFeature`). Waiting would make the conversations plugin replay every earlier step on each update.
     */
    const stepInput = async (): Promise<Input> => {
      if (!carried) throw new Checkpoint();
      return nextInput();
    };
    /** A step's question, not asked again when the flow resumes with its answer in hand. */
    const ask = async (text: string, extra?: Parameters<typeof send>[1]): Promise<void> => {
      if (!carried) await send(text, extra);
    };
    const save = async (change: Parameters<typeof updateDraft>[2], messageId?: number) => {
      const draft = await conversation.external(() =>
        updateDraft(db, draftId, change, deps.now(), messageId),
      );
      if (!draft) throw new DraftGone();
      session = { ...session, draft };
    };
    const reload = async () => {
      const loaded = await conversation.external(() => loadDraftSession(db, draftId));
      if (!loaded) throw new DraftGone();
      session = loaded;
    };

    /**
     * Common answers for input no step accepts: "cancelled" when the person left the flow, "reprompt"
     * when they chose to continue after /cancel (the step asks again), otherwise "again".
     */
    const handleOther = async (input: Input, step: Step): Promise<"again" | "reprompt" | "cancelled"> => {
      switch (input.kind) {
        case "command":
          if (input.command === "cancel")
            return (await confirmCancel()) === "cancelled" ? "cancelled" : "reprompt";
          await send(t("submit-finish-or-cancel", { command: truncateText(`/${input.command}`, 64) }));
          return "again";
        case "button":
          await answer(input.callbackId, t("error-stale-button"), true);
          return "again";
        case "edited":
          await send(t("submit-edits-ignored"));
          return "again";
        default:
          await send(t(`submit-wrong-input-${isSectionStep(step) ? "section" : step}`));
          return "again";
      }
    };

    const confirmCancel = async (): Promise<"again" | "cancelled"> => {
      const keyboard = new InlineKeyboard()
        .text(t("submit-button-keep-draft"), button(draftId, "keep"))
        .text(t("submit-button-discard-draft"), button(draftId, "discard"))
        .row()
        .text(t("submit-button-continue"), button(draftId, "continue"));
      await send(t("submit-cancel-ask"), { keyboard });
      for (;;) {
        const input = await nextInput();
        if (input.kind === "button" && input.draftId === draftId) {
          if (input.action === "keep") {
            await conversation.external(() => setInFlow(db, draftId, false));
            await answer(input.callbackId);
            await send(t("submit-draft-kept"));
            return "cancelled";
          }
          if (input.action === "discard") {
            await conversation.external(() => deleteDraft(db, draftId));
            await answer(input.callbackId);
            await send(t("submit-draft-discarded"));
            return "cancelled";
          }
          if (input.action === "continue") {
            await answer(input.callbackId);
            return "again";
          }
        }
        if (input.kind === "button") await answer(input.callbackId, t("error-stale-button"), true);
        else await send(t("submit-cancel-choose"));
      }
    };

    // ---- the steps -------------------------------------------------------------------------------
    const editing = () => session.draft.editing === 1;
    const keepButton = (keyboard = new InlineKeyboard()) =>
      editing() ? keyboard.text(t("submit-button-keep"), button(draftId, "keep-as-is")) : keyboard;
    const isMine = (input: Input): input is Extract<Input, { kind: "button" }> =>
      input.kind === "button" && input.draftId === draftId;
    /**
     * "Done" names the step it finishes, so a press handled twice (redelivered after a crash that came after
     * its step was saved) is stale in the next step instead of finishing that one too. Buttons sent before
     * steps were named carry no step and finish the current one.
     */
    const isDone = (input: Extract<Input, { kind: "button" }>, step: Step): boolean =>
      input.action === "done" && (input.arg === undefined || input.arg === step);

    const askTitle = async (): Promise<"done" | "cancelled"> => {
      const current = session.draft.title;
      await ask(
        editing() && current
          ? `${t("submit-ask-title", { min: settings.titleMinLength, max: settings.titleMaxLength })}\n\n${t("submit-current", { text: current })}`
          : t("submit-ask-title", { min: settings.titleMinLength, max: settings.titleMaxLength }),
        { keyboard: keepButton() },
      );
      for (;;) {
        const input = await stepInput();
        if (input.kind === "text") {
          const check = checkTitle(input.text, settings);
          if (!check.ok) {
            await send(
              t(`submit-title-${check.reason}`, {
                length: check.length,
                min: settings.titleMinLength,
                max: settings.titleMaxLength,
              }),
            );
            continue;
          }
          await save({ title: check.title, pending_step: null, editing: 0 }, input.messageId);
          return "done";
        }
        if (isMine(input) && input.action === "keep-as-is" && editing()) {
          await answer(input.callbackId);
          await save({ pending_step: null, editing: 0 });
          return "done";
        }
        const other = await handleOther(input, "title");
        if (other !== "again") return other === "cancelled" ? "cancelled" : "done";
      }
    };

    const askCategory = async (): Promise<"done" | "cancelled"> => {
      const categoryKeyboard = () => {
        const keyboard = new InlineKeyboard();
        settings.categories.forEach((category, i) => {
          keyboard.text(category, button(draftId, "cat", `${i}.${categoryMark(category)}`));
          if (i % 2 === 1) keyboard.row();
        });
        return keepButton(keyboard.row());
      };
      await ask(t("submit-ask-category"), { keyboard: categoryKeyboard() });
      for (;;) {
        const input = await stepInput();
        const chosen =
          isMine(input) && input.action === "cat"
            ? categoryPressed(settings.categories, input.arg)
            : input.kind === "text"
              ? settings.categories.find((c) => c === input.text.trim())
              : undefined;
        if (chosen) {
          if (input.kind === "button") await answer(input.callbackId, chosen);
          await save(
            { category: chosen, pending_step: null, editing: 0 },
            input.kind === "text" ? input.messageId : undefined,
          );
          return "done";
        }
        if (isMine(input) && input.action === "keep-as-is" && editing()) {
          await answer(input.callbackId);
          await save({ pending_step: null, editing: 0 });
          return "done";
        }
        if (input.kind === "text") {
          await send(t("submit-category-unknown"));
          continue;
        }
        if (isMine(input) && input.action === "cat") {
          // The list changed since these buttons were sent: the new ones.
          await answer(input.callbackId, t("error-stale-button"), true);
          await send(t("submit-ask-category"), { keyboard: categoryKeyboard() });
          continue;
        }
        const other = await handleOther(input, "category");
        if (other !== "again") return other === "cancelled" ? "cancelled" : "done";
      }
    };

    const askSection = async (section: SectionStep): Promise<"done" | "cancelled"> => {
      const sectionKeyboard = () => {
        const keyboard = new InlineKeyboard().text(
          t("submit-button-section-done"),
          button(draftId, "done", section),
        );
        // Analysis may be left out: skipped when first asked, or cleared when edited from the preview.
        if (section === "analysis" && !editing())
          keyboard.text(t("submit-button-skip"), button(draftId, "skip"));
        else if (section === "analysis" && session.draft.analysis)
          keyboard.text(t("submit-button-clear-analysis"), button(draftId, "skip"));
        return keepButton(keyboard);
      };
      const current = session.draft[section];
      const intro = t(`submit-ask-${section}`, { max: settings.bodyMaxLength });
      const pendingNote = session.draft.pending_text
        ? `\n\n${t("submit-section-so-far", { length: textLength(session.draft.pending_text) })}`
        : "";
      const currentNote = editing() && current ? `\n\n${t("submit-current", { text: current })}` : "";
      if (`${intro}${currentNote}${pendingNote}`.length <= TELEGRAM_MESSAGE_LIMIT) {
        await ask(`${intro}${currentNote}${pendingNote}`, { keyboard: sectionKeyboard() });
      } else {
        // A long section being edited is shown on its own, in as many messages as it takes, before the question.
        if (!carried) for (const part of splitMessage(currentNote.trim())) await send(part);
        await ask(`${intro}${pendingNote}`, { keyboard: sectionKeyboard() });
      }
      if (session.draft.pending_step !== section) await save({ pending_step: section, pending_text: null });

      const accept = async (text: string, messageId: number, replace: boolean) => {
        const combined = replace ? text : appendToSection(session.draft.pending_text, text);
        const check = checkBody(session.draft, section, combined, settings.bodyMaxLength);
        if (!check.ok) {
          await send(
            t("submit-body-too-long", {
              max: settings.bodyMaxLength,
              // A .docx replaces what was typed; a message comes on top of it.
              room: replace ? check.room : check.room - textLength(session.draft.pending_text ?? ""),
            }),
          );
          return;
        }
        if (replace) await save({ pending_text: combined }, messageId);
        else {
          // Appended in the database, not from this conversation's copy of the draft, which may be older.
          const draft = await conversation.external(() =>
            appendToPendingText(db, draftId, text, deps.now(), messageId),
          );
          if (!draft) throw new DraftGone();
          session = { ...session, draft };
        }
        await send(
          t(replace ? "submit-section-imported" : "submit-section-saved", {
            length: textLength(session.draft.pending_text ?? ""),
            total: check.length,
            max: settings.bodyMaxLength,
          }),
          { keyboard: sectionKeyboard() },
        );
      };

      for (;;) {
        const input = await stepInput();
        if (input.kind === "text") {
          if (input.text.trim() === "") {
            await send(t("submit-wrong-input-section"));
            continue;
          }
          await accept(input.text, input.messageId, false);
          continue;
        }
        if (input.kind === "document" && isDocx(input.fileName ?? undefined, input.mimeType)) {
          if (input.size > MAX_DOCX_BYTES) {
            await send(t("submit-docx-too-big"));
            continue;
          }
          const extracted = await conversation.external(async () => {
            try {
              return {
                ok: true as const,
                text: await extractDocxText(await options.downloadFile(input.fileId)),
              };
            } catch (error) {
              deps.log.warn("docx extraction failed", { error });
              return { ok: false as const };
            }
          });
          if (!extracted.ok || extracted.text === "") {
            await send(t("submit-docx-unreadable"));
            continue;
          }
          await accept(extracted.text, input.messageId, true);
          continue;
        }
        if (isMine(input) && isDone(input, section)) {
          const text = session.draft.pending_text;
          if (!text) {
            if (editing() && current) {
              await answer(input.callbackId);
              await save({ pending_step: null, pending_text: null, editing: 0 });
              return "done";
            }
            await answer(input.callbackId, t("submit-section-empty"), true);
            continue;
          }
          await answer(input.callbackId);
          await save({
            [section]: text,
            [`${section}_done`]: 1,
            pending_step: null,
            pending_text: null,
            editing: 0,
          });
          return "done";
        }
        if (isMine(input) && input.action === "skip" && section === "analysis") {
          await answer(input.callbackId);
          await save({ analysis: "", analysis_done: 1, pending_step: null, pending_text: null, editing: 0 });
          return "done";
        }
        if (isMine(input) && input.action === "keep-as-is" && editing()) {
          await answer(input.callbackId);
          await save({ pending_step: null, pending_text: null, editing: 0 });
          return "done";
        }
        const other = await handleOther(input, section);
        if (other !== "again") return other === "cancelled" ? "cancelled" : "done";
      }
    };

    const askAttachments = async (): Promise<"done" | "cancelled"> => {
      const keyboard = () =>
        new InlineKeyboard()
          .text(
            t(
              session.attachments.length > 0
                ? "submit-button-attachments-done"
                : "submit-button-no-attachments",
            ),
            button(draftId, "done", "attachments"),
          )
          .text(t("submit-button-clear-attachments"), button(draftId, "clear"));
      await ask(t("submit-ask-attachments", { max: MAX_ATTACHMENTS, count: session.attachments.length }), {
        keyboard: keyboard(),
      });
      if (session.draft.pending_step !== "attachments") await save({ pending_step: "attachments" });
      for (;;) {
        const input = await stepInput();
        if (input.kind === "photo" || input.kind === "document") {
          const file = {
            kind: input.kind,
            file_id: input.fileId,
            file_unique_id: input.uniqueId,
            file_name: input.kind === "document" ? input.fileName : null,
          };
          const result = await conversation.external(() =>
            addDraftAttachment(db, draftId, file, MAX_ATTACHMENTS, deps.now()),
          );
          await reload();
          await send(
            t(`submit-attachment-${result}`, { count: session.attachments.length, max: MAX_ATTACHMENTS }),
            { keyboard: keyboard() },
          );
          continue;
        }
        if (isMine(input) && input.action === "clear") {
          await conversation.external(() => clearDraftAttachments(db, draftId, deps.now()));
          await reload();
          await answer(input.callbackId, t("submit-attachments-cleared"));
          continue;
        }
        if (isMine(input) && isDone(input, "attachments")) {
          await answer(input.callbackId);
          await save({ attachments_done: 1, pending_step: null, editing: 0 });
          return "done";
        }
        const other = await handleOther(input, "attachments");
        if (other !== "again") return other === "cancelled" ? "cancelled" : "done";
      }
    };

    const askCoauthors = async (): Promise<"done" | "cancelled"> => {
      const doneKeyboard = () =>
        new InlineKeyboard().text(
          t(session.coauthors.length > 0 ? "submit-button-coauthors-done" : "submit-button-no-coauthors"),
          button(draftId, "done", "coauthors"),
        );
      const chosen = () => session.coauthors.map((c) => c.name).join("、") || "—";
      await ask(t("submit-ask-coauthors", { chosen: chosen() }), { keyboard: doneKeyboard() });
      if (session.draft.pending_step !== "coauthors") await save({ pending_step: "coauthors" });
      for (;;) {
        const input = await stepInput();
        if (input.kind === "text") {
          const query = input.text.trim().slice(0, 20);
          const found = query ? await conversation.external(() => searchCoauthors(db, query, personId)) : [];
          if (found.length === 0) {
            await send(t("submit-coauthor-none", { query }), { keyboard: doneKeyboard() });
            continue;
          }
          const keyboard = new InlineKeyboard();
          for (const person of found) {
            const selected = session.coauthors.some((c) => c.id === person.id);
            keyboard
              .text(
                `${selected ? "✓ " : ""}${person.name}（${person.unit_name ?? "—"}）`,
                button(draftId, selected ? "co-" : "co+", person.id),
              )
              .row();
          }
          keyboard.text(t("submit-button-coauthors-done"), button(draftId, "done", "coauthors"));
          await send(t("submit-coauthor-pick"), { keyboard });
          continue;
        }
        if (isMine(input) && (input.action === "co+" || input.action === "co-")) {
          const id = idArg.safeParse(input.arg);
          const candidate = id.success
            ? await conversation.external(() => findPersonWithUnit(db, id.data))
            : undefined;
          if (candidate?.active !== 1 || candidate.telegram_id === null || candidate.id === personId) {
            await answer(input.callbackId, t("error-stale-button"), true);
            continue;
          }
          const want = input.action === "co+";
          const isNow = session.coauthors.some((c) => c.id === candidate.id);
          if (want !== isNow)
            await conversation.external(() => setCoauthor(db, draftId, candidate.id, want, deps.now()));
          await reload();
          await answer(
            input.callbackId,
            t(want ? "submit-coauthor-added" : "submit-coauthor-removed", { name: candidate.name }),
          );
          await send(t("submit-coauthors-now", { chosen: chosen() }), { keyboard: doneKeyboard() });
          continue;
        }
        if (isMine(input) && isDone(input, "coauthors")) {
          await answer(input.callbackId);
          await save({ coauthors_done: 1, pending_step: null, editing: 0 });
          return "done";
        }
        const other = await handleOther(input, "coauthors");
        if (other !== "again") return other === "cancelled" ? "cancelled" : "done";
      }
    };

    const askUrgent = async (): Promise<"done" | "cancelled"> => {
      const keyboard = new InlineKeyboard()
        .text(t("submit-button-urgent-yes"), button(draftId, "urgent", 1))
        .text(t("submit-button-urgent-no"), button(draftId, "urgent", 0));
      await ask(t("submit-ask-urgent"), { keyboard });
      for (;;) {
        const input = await stepInput();
        if (isMine(input) && input.action === "urgent" && (input.arg === "1" || input.arg === "0")) {
          await answer(input.callbackId);
          await save({ urgent: Number(input.arg), pending_step: null, editing: 0 });
          return "done";
        }
        const other = await handleOther(input, "urgent");
        if (other !== "again") return other === "cancelled" ? "cancelled" : "done";
      }
    };

    const showPreview = async () => {
      const person = await conversation.external(() => findPersonWithUnit(db, personId));
      const messages = renderReport(t, session.draft, {
        authors: [person?.name ?? "—", ...session.coauthors.map((c) => c.name)],
        unit: person?.unit_name ?? null,
        attachments: session.attachments.length,
      });
      await send(t(session.draft.report_id ? "submit-preview-revision" : "submit-preview-intro"));
      for (const message of messages) await send(message, { html: true });
      const keyboard = new InlineKeyboard()
        .text(t("submit-button-submit"), button(draftId, "submit"))
        .text(t("submit-button-edit"), button(draftId, "edit"))
        .row()
        .text(t("submit-button-save"), button(draftId, "save"))
        .text(t("submit-button-cancel"), button(draftId, "cancel"));
      await send(t("submit-preview-actions"), { keyboard });
    };

    const similarReports = async () => {
      const d = session.draft;
      const matches = await findSimilarReports(
        db,
        { title: d.title ?? "", body: `${d.situation ?? ""}\n${d.analysis ?? ""}\n${d.suggestions ?? ""}` },
        {
          since: new Date(deps.now().getTime() - SIMILAR_LOOKBACK_DAYS * 86_400_000),
          excludeReportId: d.report_id,
          excludeDraftId: draftId,
        },
      );
      return matches.map(({ id, title, status, submitted_at }) => ({ id, title, status, submitted_at }));
    };

    /** Preview and its actions; returns when the flow is over (submitted, saved, cancelled). */
    const preview = async (): Promise<"edit" | "over"> => {
      if (!carried) await showPreview();
      for (;;) {
        const input = await stepInput();
        if (isMine(input)) {
          switch (input.action) {
            case "submit":
            case "submit!": {
              if (input.action === "submit") {
                const similar = await conversation.external(similarReports);
                if (similar.length > 0) {
                  await answer(input.callbackId);
                  const lines = similar.map((s) =>
                    t("submit-similar-line", {
                      id: s.id,
                      title: s.title,
                      status: t(`status-${s.status}`),
                      date: formatLocalDate(s.submitted_at, settings.timeZone),
                    }),
                  );
                  const keyboard = new InlineKeyboard()
                    .text(t("submit-button-submit-anyway"), button(draftId, "submit!"))
                    .text(t("submit-button-back-to-preview"), button(draftId, "back"));
                  await send(`${t("submit-similar-found")}\n\n${lines.join("\n")}`, { keyboard });
                  continue;
                }
              }
              const result = await conversation.external(() => submitDraft(db, draftId, deps.now()));
              await answer(input.callbackId);
              if (result.kind === "submitted") {
                await send(
                  t(result.resubmitted ? "submit-resubmitted" : "submit-done", { id: result.reportId }),
                );
                if (settings.notifyStaff === "immediately") {
                  await conversation.external(() =>
                    notifyStaffOfSubmission({ db, i18n, log: deps.log }, result.reportId, deps.now()).catch(
                      (error) => {
                        deps.log.warn("staff notification failed", { error });
                        return 0;
                      },
                    ),
                  );
                }
                return "over";
              }
              if (result.kind === "already-submitted") {
                await send(t("submit-already", { id: result.reportId }));
                return "over";
              }
              await send(t(`submit-failed-${result.kind}`));
              return "over";
            }
            case "back":
              await answer(input.callbackId);
              await showPreview();
              continue;
            case "edit": {
              await answer(input.callbackId);
              const keyboard = new InlineKeyboard();
              (
                [
                  "title",
                  "category",
                  "situation",
                  "analysis",
                  "suggestions",
                  "attachments",
                  "coauthors",
                  "urgent",
                ] as const
              ).forEach((step, i) => {
                keyboard.text(t(`submit-step-${step}`), button(draftId, "edit", step));
                if (i % 2 === 1) keyboard.row();
              });
              keyboard.row().text(t("submit-button-back-to-preview"), button(draftId, "back"));
              if (input.arg === undefined) {
                await send(t("submit-edit-which"), { keyboard });
                continue;
              }
              if (!isStep(input.arg) || input.arg === "preview") {
                await answer(input.callbackId, t("error-stale-button"), true);
                continue;
              }
              await save({ pending_step: input.arg, pending_text: null, editing: 1 });
              return "edit";
            }
            case "save":
              await answer(input.callbackId);
              await conversation.external(() => setInFlow(db, draftId, false));
              await send(t("submit-saved"));
              return "over";
            case "cancel":
              await answer(input.callbackId);
              if ((await confirmCancel()) === "cancelled") return "over";
              await showPreview();
              continue;
          }
        }
        const other = await handleOther(input, "preview");
        if (other === "cancelled") return "over";
        if (other === "reprompt") await showPreview();
      }
    };

    const runStep = async (step: Step): Promise<"done" | "cancelled"> => {
      switch (step) {
        case "title":
          return askTitle();
        case "category":
          return askCategory();
        case "situation":
        case "analysis":
        case "suggestions":
          return askSection(step);
        case "attachments":
          return askAttachments();
        case "coauthors":
          return askCoauthors();
        case "urgent":
          return askUrgent();
        case "preview":
          return (await preview()) === "edit" ? "done" : "cancelled";
      }
    };
    try {
      while ((await runStep(nextStep(session.draft))) === "done") {
        // Each answered step is saved; the next one is derived from the draft.
      }
    } catch (error) {
      if (error instanceof Checkpoint) return;
      // The draft was deleted while its flow was open (from the /drafts list, or another device): the flow
      // ends with a word instead of failing every message that follows.
      if (!(error instanceof DraftGone)) throw error;
      await send(t("draft-not-found"));
    }
  };
}

/** The flow stops at a step's question; the draft holds everything needed to go on. */
class Checkpoint extends Error {
  constructor() {
    super("the flow waits for the next answer, which resumes it from the draft");
  }
}

class DraftGone extends Error {
  constructor() {
    super("the draft of this flow was deleted");
  }
}

export function submitFeature(options: SubmitOptions): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const { deps } = options;
  const writers = feature.chatType("private");

  // Someone who may no longer write (deactivated, or given a role that does not write) leaves a flow they had
  // open at their next update; its buttons are refused like any other action of theirs.
  writers.use(async (ctx, next) => {
    if (canWriteReports(ctx.role)) return next();
    if (ctx.conversation.active(SUBMIT_CONVERSATION) > 0) await ctx.conversation.exit(SUBMIT_CONVERSATION);
    // Their draft stays, out of the flow: back at work, they find it in /drafts.
    const left = ctx.deactivatedPerson && (await findDraftInFlow(deps.db, ctx.deactivatedPerson.id));
    if (left) await setInFlow(deps.db, left.id, false);
    if (callbackParts(ctx.callbackQuery?.data, "sub") !== undefined) return refuse(ctx);
    return next();
  });
  writers.use(createConversation(submitConversation(options), { id: SUBMIT_CONVERSATION }));

  const enter = async (ctx: MinyiContext, draftId: number, resume: boolean) => {
    const args: SubmitArgs = { draftId, locale: await ctx.i18n.getLocale(), resume };
    await ctx.conversation.enter(SUBMIT_CONVERSATION, args);
  };

  // The flow stops at each step's question (see `stepInput`), so the next answer continues it from the draft —
  // as it does after a restart, a new conversation version or a lost replay log: not a word is dropped. While
  // a report is being written, every message (commands included: /cancel) and its buttons belong to it.
  writers.use(async (ctx, next) => {
    if (!ctx.person || !canWriteReports(ctx.role) || ctx.conversation.active(SUBMIT_CONVERSATION) > 0)
      return next();
    const isOurButton = callbackParts(ctx.callbackQuery?.data, "sub") !== undefined;
    if (!ctx.message && !ctx.editedMessage && !isOurButton) return next();
    const draft = await findDraftInFlow(deps.db, ctx.person.id);
    if (!draft) return next();
    if (isOurButton) {
      const id = idArg.safeParse(callbackParts(ctx.callbackQuery?.data, "sub")?.[0]);
      if (!id.success || id.data !== draft.id) return next();
    }
    await enter(ctx, draft.id, true);
  });

  /**
   * A new report, or a draft opened from /drafts, while the flow still waits on something (the /cancel
   * question): that flow ends first, its draft kept as saved, so the person is in exactly one flow.
   */
  const leaveOpenFlow = async (ctx: MinyiContext) => {
    if (ctx.conversation.active(SUBMIT_CONVERSATION) > 0) await ctx.conversation.exit(SUBMIT_CONVERSATION);
  };

  const startNew = async (ctx: MinyiContext) => {
    await leaveOpenFlow(ctx);
    const draft = await createDraft(deps.db, ctx.person!.id, deps.now());
    await ctx.reply(ctx.t("submit-intro"));
    await enter(ctx, draft.id, false);
  };

  const listDrafts = async (ctx: MinyiContext) => {
    const [drafts, settings] = await Promise.all([listOpenDrafts(deps.db, ctx.person!.id), ctx.settings()]);
    if (drafts.length === 0) return void (await ctx.reply(ctx.t("drafts-none")));
    const keyboard = new InlineKeyboard();
    const lines = drafts.slice(0, 20).map((d, i) => {
      keyboard
        .text(`${i + 1}. ${ctx.t("drafts-button-open")}`, callbackData("dr", "open", d.id))
        .text("🗑", callbackData("dr", "del", d.id))
        .row();
      const title = d.title ?? ctx.t("report-untitled");
      return ctx.t(d.report_id ? "drafts-line-revision" : "drafts-line", {
        n: i + 1,
        title,
        step: ctx.t(`submit-step-${nextStep(d)}`),
        date: formatLocalDate(d.updated_at, settings.timeZone),
      });
    });
    await ctx.reply(`${ctx.t("drafts-title", { count: drafts.length })}\n\n${lines.join("\n")}`, {
      reply_markup: keyboard,
    });
  };

  writers.command("new", allowRoles(canWriteReports), startNew);
  writers.command("drafts", allowRoles(canWriteReports), listDrafts);
  // The main menu's buttons (see the /start welcome).
  writers.callbackQuery("menu:new", allowRoles(canWriteReports), async (ctx) => {
    await ctx.answerCallbackQuery();
    await startNew(ctx);
  });
  writers.callbackQuery("menu:drafts", allowRoles(canWriteReports), async (ctx) => {
    await ctx.answerCallbackQuery();
    await listDrafts(ctx);
  });

  writers.on("callback_query:data").filter(
    (ctx) => callbackParts(ctx.callbackQuery.data, "dr") !== undefined,
    allowRoles(canWriteReports),
    async (ctx) => {
      const [action, rawId] = callbackParts(ctx.callbackQuery.data, "dr") ?? [];
      const id = idArg.safeParse(rawId);
      const draft = id.success ? await findDraft(deps.db, id.data) : undefined;
      if (!draft || draft.person_id !== ctx.person!.id || draft.submitted_report_id !== null) {
        return void (await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true }));
      }
      if (action === "open") {
        await ctx.answerCallbackQuery();
        await leaveOpenFlow(ctx);
        await deps.db.transaction().execute(async (trx) => {
          await trx
            .updateTable("drafts")
            .set({ in_flow: 0 })
            .where("person_id", "=", draft.person_id)
            .execute();
          await trx.updateTable("drafts").set({ in_flow: 1 }).where("id", "=", draft.id).execute();
        });
        return enter(ctx, draft.id, false);
      }
      if (action === "del") {
        const keyboard = new InlineKeyboard().text(
          ctx.t("drafts-button-confirm-delete"),
          callbackData("dr", "del!", draft.id),
        );
        await ctx.answerCallbackQuery();
        return void (await ctx.reply(
          ctx.t("drafts-confirm-delete", { title: draft.title ?? ctx.t("report-untitled") }),
          { reply_markup: keyboard },
        ));
      }
      if (action === "del!") {
        await deleteDraft(deps.db, draft.id);
        // Deleting the draft being written (from an older /drafts list) ends its flow too.
        if (draft.in_flow === 1 && ctx.conversation.active(SUBMIT_CONVERSATION) > 0)
          await ctx.conversation.exit(SUBMIT_CONVERSATION);
        await ctx.answerCallbackQuery({ text: ctx.t("submit-draft-discarded") });
        return;
      }
      await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true });
    },
  );

  // Buttons of a flow that is over: Submit pressed again says where the report went.
  writers.on("callback_query:data", async (ctx, next) => {
    const parts = callbackParts(ctx.callbackQuery.data, "sub");
    if (!parts) return next();
    const id = idArg.safeParse(parts[0]);
    const draft = id.success && ctx.person ? await findDraft(deps.db, id.data) : undefined;
    if (draft && draft.person_id === ctx.person?.id && draft.submitted_report_id !== null) {
      return void (await ctx.answerCallbackQuery({
        text: ctx.t("submit-already", { id: draft.submitted_report_id }),
        show_alert: true,
      }));
    }
    await ctx.answerCallbackQuery({
      text: ctx.t(draft ? "submit-button-stale-draft" : "error-stale-button"),
      show_alert: true,
    });
  });

  return feature;
}
