// The steps after review pressed on a card: each press asks what is missing (level, mode, text,
// confirmation) in the card's panel, or records the step.
import { InlineKeyboard } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { checkEvents, eventHistory, isStatus, lastTransferDepartment } from "../../db/events";
import { findReport } from "../../db/reports";
import type { Report } from "../../db/schema";
import type { Level } from "../../domain/settings";
import {
  cardButtons,
  isLeveled,
  type LeveledAction,
  type LeveledKind,
  STEP_KINDS,
  type StepPress,
} from "./callback-data";
import { showPanel } from "./panel";
import {
  alreadyHandled,
  checkSteps,
  levelName,
  record,
  refusalText,
  type StaffOptions,
  stale,
  tell,
} from "./recording";
import { askForText } from "./typed-reply";

/**
 * The levels to offer for a forwarding, adoption or instruction, or why none can be recorded. Levels
 * whose adoption is already recorded are left out (the own level after publication in the bulletin,
 * say, while the city may still adopt); other refusals, such as adoption above the own level before
 * forwarding, are explained once a level is chosen.
 */
async function levelChoices(
  ctx: MinyiContext,
  report: Report,
  kind: LeveledKind,
): Promise<{ ok: true; levels: Level[] } | { ok: false; text: string }> {
  if (!isStatus(report.status)) return { ok: false, text: ctx.t("error-stale-button") };
  const status = report.status;
  const settings = await ctx.settings();
  const history = await eventHistory(ctx.deps.db, report.id);
  const own = settings.levels.indexOf(settings.ownLevel);
  const candidates = settings.levels.filter((_, i) => (kind === "forwarded" ? i > own : i >= own));
  // The committee is at the top of its ladder: there is nowhere to forward to.
  if (candidates.length === 0) return { ok: false, text: ctx.t("refusal-no-level-above") };
  const verdicts = candidates.map((level) => ({
    level,
    checked: checkEvents(status, history, [{ kind, level, mode: "single" }], settings),
  }));
  const offered = verdicts.filter((v) => v.checked.ok || v.checked.reason !== "duplicate");
  // What the lifecycle says about the report as a whole (not accepted, rejected…) comes first.
  const first = verdicts[0]?.checked;
  if (first && !first.ok && first.reason !== "duplicate" && first.reason !== "not-forwarded")
    return { ok: false, text: refusalText(ctx, first.reason, status, verdicts[0]?.level) };
  if (offered.length === 0) return { ok: false, text: ctx.t("refusal-all-adopted") };
  return { ok: true, levels: offered.map((v) => v.level) };
}
/** One press on a step button: ask what is missing (level, mode, text, confirmation), or record it. */
export async function step(ctx: MinyiContext, options: StaffOptions, press: StepPress) {
  const { action, reportId, version } = press;
  const kind = STEP_KINDS[action];
  const report = await findReport(ctx.deps.db, reportId);
  if (!report) return stale(ctx);
  const settings = await ctx.settings();
  const level = "level" in press ? press.level : undefined;
  if (level !== undefined && !settings.levels.includes(level)) return stale(ctx);
  const mode = press.action === "ado" ? press.mode : undefined;

  // What the lifecycle says comes first: "a reply needs a transfer" explains more than "changed meanwhile".
  const choices = isLeveled(kind) && level === undefined ? await levelChoices(ctx, report, kind) : undefined;
  const check = choices ?? (await checkSteps(ctx, report, [{ kind, level: level ?? null }]));
  if (!check.ok) return tell(ctx, check.text);
  if (report.version !== version) {
    await alreadyHandled(ctx, reportId);
    await showPanel(ctx, reportId);
    return;
  }

  const title = report.title;
  switch (kind) {
    case "forwarded":
    case "adopted":
    case "instructed":
    case "read": {
      if (level === undefined) {
        const keyboard = new InlineKeyboard();
        for (const choice of choices?.ok ? choices.levels : [])
          keyboard.text(
            levelName(ctx, choice),
            cardButtons.encode({
              // The step's kind is leveled, so its action is one of the leveled steps'.
              action: action as LeveledAction,
              reportId,
              version,
              level: choice,
            }),
          );
        keyboard.row().text(ctx.t("button-back"), cardButtons.encode({ action: "panel", reportId }));
        await ctx.answerCallbackQuery();
        return showPanel(ctx, reportId, {
          question: ctx.t(`action-ask-level-${action}`, { id: reportId, title }),
          keyboard,
        });
      }
      if (kind === "instructed") {
        return askForText(
          ctx,
          options,
          { action: "instruct", reportId, version, level },
          ctx.t("action-ask-instruction", { level: levelName(ctx, level) }),
        );
      }
      if (kind === "read") {
        return askForText(
          ctx,
          options,
          { action: "read", reportId, version, level },
          ctx.t("action-ask-read", { level: levelName(ctx, level) }),
        );
      }
      if (kind === "adopted" && mode === undefined) {
        const keyboard = new InlineKeyboard()
          .text(
            ctx.t("mode-single"),
            cardButtons.encode({ action: "ado", reportId, version, level, mode: "single" }),
          )
          .text(
            ctx.t("mode-combined"),
            cardButtons.encode({ action: "ado", reportId, version, level, mode: "combined" }),
          )
          .row()
          .text(ctx.t("button-back"), cardButtons.encode({ action: "panel", reportId }));
        await ctx.answerCallbackQuery();
        return showPanel(ctx, reportId, {
          question: ctx.t("action-ask-mode", { id: reportId, level: levelName(ctx, level) }),
          keyboard,
        });
      }
      return record(ctx, options, report, version, [{ kind, level, mode: mode ?? null }]);
    }
    case "transferred":
      return askForText(
        ctx,
        options,
        { action: "transfer", reportId, version },
        ctx.t("action-ask-department"),
      );
    case "replied": {
      const department = await lastTransferDepartment(ctx.deps.db, reportId);
      return askForText(
        ctx,
        options,
        { action: "reply", reportId, version },
        ctx.t("action-ask-reply", { department: department ?? "—" }),
      );
    }
    case "closed":
      if (press.action !== "clo") return stale(ctx);
      if (!press.confirmed) {
        await ctx.answerCallbackQuery();
        return showPanel(ctx, reportId, {
          question: ctx.t("action-confirm-close", { id: reportId, title }),
          keyboard: new InlineKeyboard()
            .text(
              ctx.t("action-button-confirm-close"),
              cardButtons.encode({ action: "clo", reportId, version, confirmed: true }),
            )
            .text(ctx.t("button-back"), cardButtons.encode({ action: "panel", reportId })),
        });
      }
      return record(ctx, options, report, version, [{ kind }]);
  }
}
