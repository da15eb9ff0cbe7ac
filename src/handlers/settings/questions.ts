// Asking one question of the set-up or of a setting, and taking its answer: the waiting question is kept in the
// database (src/db/setup.ts), every change goes through changeSettingWith (validated as a whole, refused with the
// reason), and the statistics are recounted when a setting they are counted on changes.
import { InlineKeyboard, InputFile } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { settingsButton } from "../../bot/settings-callback";
import { changeSettingWith } from "../../db/settings";
import { askQuestion, endFlow, questionInFlow, type SetupProgress } from "../../db/setup";
import { isStatsBasisKey, requestStatsRecount } from "../../db/stats-recount";
import { isRole, WRITER_ROLES } from "../../domain/roles";
import { DEFAULT_SETTINGS, type SettingChange, type Settings } from "../../domain/settings";
import {
  kebab,
  type SettingItem,
  settingLabel,
  SCHEDULE_KEYS,
  settingWords,
  isScheduleKey,
} from "../../domain/settings-words";
import {
  defaultPart,
  type Flow,
  isDefaultChoice,
  nextQuestion,
  type Question,
  questionById,
  SETUP_FLOW,
} from "../../domain/setup";
import { splitMessage, truncateText } from "../../domain/text";
import { rosterTemplateXlsx } from "../../roster/template";

/** The setting item a question belongs to: its label names it in answers and refusals. */
export function itemOf(question: Question): SettingItem {
  const [head = "", tail = ""] = question.id.split(".");
  if ((head === "day" || head === "hour") && isScheduleKey(tail)) return tail;
  return question.key === "schedules" ? SCHEDULE_KEYS[0] : (question.key as SettingItem);
}

function questionText(
  ctx: MinyiContext,
  question: Question,
  settings: Settings,
  flow: Flow,
  pending?: string,
) {
  const [head = "", tail = ""] = question.id.split(".");
  let ask: string;
  if (head === "quota")
    ask = ctx.t(isRole(tail) && WRITER_ROLES.includes(tail) ? "setup-q-quota" : "setup-q-quota-optional", {
      role: ctx.t(`role-${tail}`),
    });
  else if (head === "day") ask = ctx.t("setup-q-day", { what: ctx.t(`words-job-${kebab(tail)}`) });
  else if (head === "hour")
    ask = ctx.t("setup-q-hour", {
      what: ctx.t(`words-job-${kebab(tail)}`),
      day: question.words(settings, ctx.t, pending ?? undefined),
    });
  else ask = ctx.t(`setup-q-${kebab(question.id)}`);
  const lines: string[] = [];
  if (flow === "setup")
    lines.push(ctx.t("setup-step", { step: SETUP_FLOW.indexOf(question.id) + 1, steps: SETUP_FLOW.length }));
  lines.push(ask);
  if (head !== "hour" && !(question.noDefault && settings[question.key] === questionDefaultName))
    lines.push(ctx.t("setup-now", { value: question.words(settings, ctx.t, pending ?? undefined) }));
  return lines.join("\n");
}

/** The committee's name before the set-up: not a value worth showing as "now". */
const questionDefaultName = DEFAULT_SETTINGS.name;

function keyboardOf(ctx: MinyiContext, question: Question, settings: Settings, flow: Flow): InlineKeyboard {
  type Button = ReturnType<typeof InlineKeyboard.text>;
  const rows: Button[][] = [];
  const choices = question.choices(ctx.t);
  // Two short choices a row, a long one alone.
  choices.forEach((choice, index) => {
    const label = isDefaultChoice(question, choice)
      ? `${choice.label}${ctx.t("setup-default-mark")}`
      : choice.label;
    const button = InlineKeyboard.text(
      truncateText(label, 60),
      settingsButton({ action: "choose", question: question.id, choice: index }),
    );
    const last = rows.at(-1);
    if (last && last.length === 1 && label.length <= 12 && (last[0]?.text.length ?? 0) <= 12)
      last.push(button);
    else rows.push([button]);
  });
  const tail: Button[] = [];
  if (defaultPart(question) !== undefined && !choices.some((choice) => isDefaultChoice(question, choice)))
    tail.push(
      InlineKeyboard.text(
        ctx.t("setup-button-default"),
        settingsButton({ action: "default", question: question.id }),
      ),
    );
  const hasValue = !(question.noDefault && settings[question.key] === questionDefaultName);
  if (hasValue && question.current(settings) !== undefined)
    tail.push(
      InlineKeyboard.text(
        ctx.t("setup-button-keep"),
        settingsButton({ action: "keep", question: question.id }),
      ),
    );
  if (tail.length > 0) rows.push(tail);
  if (flow !== "setup")
    rows.push([InlineKeyboard.text(ctx.t("setup-button-back"), settingsButton({ action: "list" }))]);
  return InlineKeyboard.from(rows);
}

/** Asks a question and remembers it as the one waiting, so a restart or a later visit asks it again. */
export async function ask(
  ctx: MinyiContext,
  flow: Flow,
  questionId: string,
  pending: string | null = null,
  /** The settings just written, when this update changed them (ctx.settings() holds them as they were). */
  changed?: Settings,
) {
  const question = questionById(questionId);
  if (!question) return;
  await askQuestion(ctx.deps.db, ctx.person!.id, flow, questionId, pending, ctx.deps.now());
  const settings = changed ?? (await ctx.settings());
  const keyboard = keyboardOf(ctx, question, settings, flow);
  // A question answered only by typing (the committee's name) has no buttons: Telegram refuses empty keyboards.
  const hasButtons = keyboard.inline_keyboard.some((row) => row.length > 0);
  await ctx.reply(
    questionText(ctx, question, settings, flow, pending ?? undefined),
    hasButtons ? { reply_markup: keyboard } : {},
  );
}

/** Asks the waiting question of a flow again (after a restart, or when the admin comes back). */
export async function askAgain(ctx: MinyiContext, progress: SetupProgress) {
  await ask(ctx, progress.flow as Flow, progress.question, progress.pending);
}

export type Answer = { kind: "part"; part: unknown } | { kind: "keep" };

/** Takes an answer to the waiting question `progress`, changes the setting, and asks what comes next. */
export async function answer(ctx: MinyiContext, progress: SetupProgress, given: Answer) {
  const question = questionById(progress.question);
  if (!question) return endFlow(ctx.deps.db, ctx.person!.id, progress.flow);
  const flow = progress.flow as Flow;
  let pending: string | null = null;
  let changed: Settings | undefined;
  // Keeping the hour after choosing a new day still writes the new day.
  if (given.kind === "keep" && progress.pending && question.id.startsWith("hour."))
    given = { kind: "part", part: question.current(await ctx.settings()) };
  if (given.kind === "keep") {
    // Keeping a schedule's day carries the day now in force to the hour's question.
    const outcome = question.apply(question.current(await ctx.settings()), await ctx.settings());
    if ("pending" in outcome) pending = outcome.pending;
  } else {
    const outcome = question.apply(given.part, await ctx.settings(), progress.pending ?? undefined);
    if ("pending" in outcome) pending = outcome.pending;
    else {
      const change = await changeSettingWith(ctx.deps.db, question.key, (current) => {
        const built = question.apply(given.part, current, progress.pending ?? undefined);
        return "raw" in built ? built.raw : "";
      });
      if (!change.ok) {
        await ctx.reply(refusalText(ctx, question, change));
        return ask(ctx, flow, question.id, progress.pending);
      }
      ctx.deps.log.info("setting changed", { key: question.key, question: question.id, by: ctx.person?.id });
      const item = itemOf(question);
      await ctx.reply(
        ctx.t("setup-changed", {
          label: settingLabel(item, ctx.t),
          value: truncateText(settingWords(item, change.settings, ctx.t), 3_000),
        }),
      );
      await recountIfBasis(ctx, question.key, change.settings);
      changed = change.settings;
    }
  }
  const next = nextQuestion(flow, question.id);
  if (next) return ask(ctx, flow, next, pending, changed);
  await endFlow(ctx.deps.db, ctx.person!.id, flow);
  if (flow === "setup") return finishSetup(ctx, changed ?? (await ctx.settings()));
  // A setting changed in the middle of the set-up: the set-up's question is asked again.
  const setup = await questionInFlow(ctx.deps.db, ctx.person!.id, "setup");
  if (setup) {
    await ctx.reply(ctx.t("setup-resume"));
    return askAgain(ctx, setup);
  }
  await ctx.reply(ctx.t("settings-item-done"), {
    reply_markup: new InlineKeyboard().text(ctx.t("setup-button-back"), settingsButton({ action: "list" })),
  });
}

function refusalText(ctx: MinyiContext, question: Question, change: SettingChange & { ok: false }) {
  return ctx.t("setup-refused", {
    label: settingLabel(itemOf(question), ctx.t),
    reason: truncateText(
      ctx.t(`settings-reason-${change.refusal.code}`, { detail: change.refusal.detail }),
      1_000,
    ),
  });
}

/**
 * Counted per period in the time zone, at the own level: recounted from now on, in batches in the background
 * (not in a leader's first /stats, and without holding the bot up).
 */
export async function recountIfBasis(ctx: MinyiContext, key: string, settings: Settings) {
  if (!isStatsBasisKey(key)) return;
  if (await requestStatsRecount(ctx.deps.db, settings, ctx.deps.now()))
    await ctx.reply(ctx.t("settings-stats-recounting"));
}

/** The set-up's end: what was set, then the roster template to fill in and send back. */
async function finishSetup(ctx: MinyiContext, settings: Settings) {
  await ctx.reply(ctx.t("setup-done", { committee: settings.name }));
  await ctx.replyWithDocument(
    new InputFile(await rosterTemplateXlsx(settings.name), ctx.t("roster-template-file-name")),
    { caption: ctx.t("setup-done-template") },
  );
}

/** Starts the set-up, or asks its waiting question again. */
export async function startSetup(ctx: MinyiContext) {
  const waiting = await questionInFlow(ctx.deps.db, ctx.person!.id, "setup");
  if (waiting) {
    await ctx.reply(ctx.t("setup-resume"));
    return askAgain(ctx, waiting);
  }
  await ctx.reply(ctx.t("setup-intro", { steps: SETUP_FLOW.length }));
  await ask(ctx, "setup", SETUP_FLOW[0]!);
}

/** Every setting by its name with its value in words, and a button for each. */
export async function showList(ctx: MinyiContext, items: readonly SettingItem[]) {
  const settings = await ctx.settings();
  const lines = items.map((item) =>
    ctx.t("settings-line", { label: settingLabel(item, ctx.t), value: settingWords(item, settings, ctx.t) }),
  );
  const keyboard = new InlineKeyboard();
  items.forEach((item, index) => {
    keyboard.text(settingLabel(item, ctx.t), settingsButton({ action: "open", item }));
    if (index % 2 === 1) keyboard.row();
  });
  const chunks = splitMessage(
    `${ctx.t("settings-list-title")}\n\n${lines.join("\n")}\n\n${ctx.t("settings-list-hint")}`,
  );
  for (const [index, chunk] of chunks.entries())
    await ctx.reply(chunk, index === chunks.length - 1 ? { reply_markup: keyboard } : {});
}
