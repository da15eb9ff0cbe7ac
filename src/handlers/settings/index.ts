// /settings and /setup for admins: every setting in words with a button that asks its question, the guided set-up
// of a new committee (questions in order, each answered by a button or typed words, resumable: the waiting
// question lives in the database), and `/settings set <key> <value>` for those who prefer typing.
import { Composer } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { allowRoles } from "../../bot/guards";
import { isSettingsButton, readSettingsButton } from "../../bot/settings-callback";
import { changeSetting } from "../../db/settings";
import { endFlow, latestQuestion, waitingQuestion } from "../../db/setup";
import { isAdmin } from "../../domain/roles";
import { isSettingKey, SETTING_KEYS, type Settings } from "../../domain/settings";
import { SETTING_ITEMS } from "../../domain/settings-words";
import { defaultPart, itemFlow, questionById, readTyped } from "../../domain/setup";
import { truncateText } from "../../domain/text";
import { answer, ask, askAgain, recountIfBasis, showList, startSetup } from "./questions";

export function settingsFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  const privateChat = feature.chatType("private");

  privateChat.command("settings", allowRoles(isAdmin), async (ctx) => {
    const [first = "", second = "", ...rest] = ctx.match.trim().split(/\s+/);
    if (first === "") return showList(ctx, SETTING_ITEMS);
    if (first === "set") {
      const rawValue = ctx.match
        .trim()
        .slice(ctx.match.trim().indexOf(second) + second.length)
        .trim();
      if (second === "" || rawValue === "") return void (await ctx.reply(ctx.t("settings-usage")));
      const change = await changeSetting(ctx.deps.db, second, rawValue);
      if (!change.ok)
        return void (await ctx.reply(
          ctx.t("settings-refused", {
            key: truncateText(change.refusal.path, 64),
            reason: truncateText(
              ctx.t(`settings-reason-${change.refusal.code}`, { detail: change.refusal.detail }),
              1_000,
            ),
          }),
        ));
      ctx.deps.log.info("setting changed", { key: second, by: ctx.person?.id });
      await ctx.reply(
        ctx.t("settings-changed", {
          key: second,
          value: formatValue(change.settings[second as keyof Settings]),
        }),
      );
      await recountIfBasis(ctx, second, change.settings);
      return;
    }
    if (isSettingKey(first) && rest.length === 0 && second === "") {
      const settings = await ctx.settings();
      return void (await ctx.reply(`${first} = ${formatValue(settings[first], true)}`));
    }
    await ctx.reply(
      ctx.t("settings-unknown-key", { key: truncateText(first, 64), keys: SETTING_KEYS.join(", ") }),
    );
  });

  privateChat.command("setup", allowRoles(isAdmin), (ctx) => startSetup(ctx));

  // Every press is checked here, whoever sent it: only admins change settings.
  privateChat.on("callback_query:data").filter(
    (ctx) => isSettingsButton(ctx.callbackQuery.data),
    allowRoles(isAdmin),
    async (ctx) => {
      const press = readSettingsButton(ctx.callbackQuery.data);
      if (!press) {
        ctx.deps.log.warn("unreadable settings button", { data: ctx.callbackQuery.data, from: ctx.from.id });
        return void (await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true }));
      }
      const personId = ctx.person!.id;
      switch (press.action) {
        case "setup":
          await ctx.answerCallbackQuery();
          return startSetup(ctx);
        case "list":
          await ctx.answerCallbackQuery();
          return showList(ctx, SETTING_ITEMS);
        case "open":
          await ctx.answerCallbackQuery();
          return ask(ctx, press.item, itemFlow(press.item)[0]!);
      }
      // An answer counts only for the question waiting in one of the presser's flows.
      const waiting = await waitingQuestion(ctx.deps.db, personId, press.question);
      const question = questionById(press.question);
      if (!waiting || !question)
        return void (await ctx.answerCallbackQuery({ text: ctx.t("error-stale-button"), show_alert: true }));
      await ctx.answerCallbackQuery();
      if (press.action === "keep") return answer(ctx, waiting, { kind: "keep" });
      if (press.action === "default") {
        const part = defaultPart(question);
        return part === undefined ? askAgain(ctx, waiting) : answer(ctx, waiting, { kind: "part", part });
      }
      const choice = question.choices(ctx.t)[press.choice];
      if (!choice) return askAgain(ctx, waiting);
      return answer(ctx, waiting, { kind: "part", part: choice.part });
    },
  );

  // /cancel leaves the question waiting; what was answered before stays.
  privateChat.command("cancel", async (ctx, next) => {
    if (!isAdmin(ctx.role)) return next();
    const waiting = await latestQuestion(ctx.deps.db, ctx.person!.id);
    if (!waiting) return next();
    await endFlow(ctx.deps.db, ctx.person!.id, waiting.flow);
    await ctx.reply(ctx.t(waiting.flow === "setup" ? "setup-stopped" : "setup-cancelled"));
  });

  // An admin coming back finds the question they left: /start answers first, then asks it again.
  privateChat.command("start", async (ctx, next) => {
    await next();
    if (!isAdmin(ctx.role) || ctx.match.trim() !== "") return;
    const waiting = await latestQuestion(ctx.deps.db, ctx.person!.id);
    if (waiting) await askAgain(ctx, waiting);
  });

  // Typed words answer the question waiting; commands and files pass on to other features.
  privateChat.on("message:text", async (ctx, next) => {
    if (!isAdmin(ctx.role) || ctx.message.text.startsWith("/")) return next();
    const waiting = await latestQuestion(ctx.deps.db, ctx.person!.id);
    const question = waiting && questionById(waiting.question);
    if (!waiting || !question) return next();
    const typed = readTyped(question, ctx.message.text, ctx.t);
    if (!typed.ok) {
      await ctx.reply(ctx.t(typed.hint));
      return askAgain(ctx, waiting);
    }
    return answer(ctx, waiting, { kind: "part", part: typed.part });
  });

  return feature;
}

function formatValue(value: unknown, pretty = false): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, pretty ? 1 : undefined);
}
