// /settings for admins: show all settings, show one, change one. Every change is validated as a whole.
import { Composer } from "grammy";
import type { MinyiContext } from "../bot/context";
import { allowRoles } from "../bot/guards";
import { changeSetting } from "../db/settings";
import { ensureStatsCurrent, isStatsBasisKey } from "../db/stats";
import { isAdmin } from "../domain/roles";
import { isSettingKey, SETTING_KEYS, type Settings } from "../domain/settings";
import { splitMessage, truncateText } from "../domain/text";

export function settingsFeature(): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();
  feature.chatType("private").command("settings", allowRoles(isAdmin), async (ctx) => {
    const [first = "", second = "", ...rest] = ctx.match.trim().split(/\s+/);
    if (first === "") return showAll(ctx, await ctx.settings());
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
      if (isStatsBasisKey(second)) {
        // Counted per period in the time zone, at the own level: recounted now, not in a leader's first /stats.
        await ctx.reply(ctx.t("settings-stats-recounting"));
        await ensureStatsCurrent(ctx.deps.db, change.settings, ctx.deps.now());
        await ctx.reply(ctx.t("settings-stats-recounted"));
      }
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

  return feature;
}

async function showAll(ctx: MinyiContext, settings: Settings) {
  const lines = SETTING_KEYS.map((key) => `${key} = ${formatValue(settings[key])}`);
  const text = `${ctx.t("settings-title")}\n\n${lines.join("\n")}\n\n${ctx.t("settings-usage")}`;
  for (const chunk of splitMessage(text)) await ctx.reply(chunk);
}

function formatValue(value: unknown, pretty = false): string {
  if (typeof value === "string") return value;
  return JSON.stringify(value, null, pretty ? 1 : undefined);
}
