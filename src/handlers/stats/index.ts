// "/stats [period] [unit | person]" and "/rank [period]" for leaders and staff: the period's numbers against the
// previous period, the best units and people, the full standings page by page, and (on Node) the standings and
// monthly trend as a picture. In private chats for leaders and staff; in a bound group for leaders, when the
// statsInGroups setting allows it. Numbers come from src/db/stats.ts; their definitions are in the README.
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { MinyiContext } from "../../bot/context";
import { refuse } from "../../bot/guards";
import { answerStale, pressesOf, readPress } from "../../bot/presses";
import type { Translate } from "../../bot/render";
import { stackCharts } from "../../charts/stack";
import { type ChartSvg, standingsChartSvg, trendChartSvg } from "../../charts/svg";
import type { ChartRenderer } from "../../charts/types";
import { findChat } from "../../db/chats";
import {
  bestOfPeriod,
  findStatsTargets,
  monthlyTrend,
  type PeriodStats,
  statsForPeriod,
} from "../../db/stats";
import { type RankedRow, rankingForPeriod } from "../../db/stats-ranking";
import type { StatsTarget } from "../../db/stats-query";
import { statsRecounting } from "../../db/stats-recount";
import { type Period, parsePeriod, periodContaining, periodLabel } from "../../domain/periods";
import { levelsUp, roundPoints } from "../../domain/scoring";
import type { Settings } from "../../domain/settings";
import {
  adoptionRate,
  formatDelta,
  formatPercent,
  formatRateDelta,
  looksLikePeriod,
  type PeriodCounts,
  readStatsArgs,
  statsAccess,
} from "../../domain/stats";
import { splitMessage, truncateText } from "../../domain/text";
import { periodName } from "../../bot/render";
import { rankButtons } from "./callback-data";

/** Telegram's limit for a photo caption. */
export const CAPTION_LIMIT = 1024;
const TOP_IN_TEXT = 5;
const TOP_IN_CHART = 10;
export const RANK_PAGE_SIZE = 20;

export interface StatsOptions {
  /** Draws the charts as PNG (Node); without it (Workers) the numbers are sent as text only. */
  renderChart?: ChartRenderer | undefined;
}

export function statsFeature(options: StatsOptions = {}): Composer<MinyiContext> {
  const feature = new Composer<MinyiContext>();

  feature.command("stats", async (ctx) => {
    if (!(await mayUseStats(ctx))) return;
    if (await saidRecounting(ctx)) return;
    const settings = await ctx.settings();
    const chosen = await choosePeriodAndTarget(ctx, ctx.match, settings);
    if (!chosen) return;
    // The picture first: its few reads, then it is drawn on the renderer's thread while this one reads the
    // text's figures, so the two take about as long as the longer of them, not their sum.
    const render = options.renderChart;
    const failed = (error: unknown) => {
      ctx.deps.log.warn("stats chart failed; sending the text alone", { error });
      return undefined;
    };
    const picture = render
      ? await statsChart(ctx, chosen.period, chosen.target, settings).catch(failed)
      : undefined;
    const chart = render && picture ? render(picture.svg, picture.width * 2).catch(failed) : undefined;
    const stats = await statsForPeriod(ctx.deps.db, chosen.period, settings, {
      top: TOP_IN_TEXT,
      ...(chosen.target ? { target: chosen.target } : {}),
    });
    const text = statsText(ctx.t, stats, settings);
    await sendWithChart(ctx, text, await chart);
  });

  feature.command("rank", async (ctx) => {
    if (!(await mayUseStats(ctx))) return;
    if (await saidRecounting(ctx)) return;
    const settings = await ctx.settings();
    const now = ctx.deps.now();
    const given = ctx.match.trim();
    const period =
      given === ""
        ? periodContaining("year", now, settings.timeZone)
        : parsePeriod(given, now, settings.timeZone);
    if (!period) return void (await ctx.reply(ctx.t("stats-bad-period", { given: truncateText(given, 64) })));
    await showRank(ctx, period, "u", 0, "reply");
  });

  feature.on("callback_query:data").filter(pressesOf(rankButtons), async (ctx) => {
    // The role is checked on every press: the message may be old, or forwarded, or the data forged.
    if (!(await mayUseStats(ctx))) return;
    const press = await readPress(ctx, rankButtons);
    if (!press) return;
    const settings = await ctx.settings();
    const period = parsePeriod(press.period, ctx.deps.now(), settings.timeZone);
    if (!period || periodLabel(period) !== press.period || press.offset % RANK_PAGE_SIZE !== 0) {
      ctx.deps.log.warn("stale or malformed callback", { from: ctx.from.id, data: ctx.callbackQuery.data });
      return void (await answerStale(ctx));
    }
    await ctx.answerCallbackQuery();
    await showRank(ctx, period, press.scope, press.offset, "edit");
  });

  return feature;
}

/** While the counters are recounted after a settings change, says so instead of incomplete figures. */
async function saidRecounting(ctx: MinyiContext): Promise<boolean> {
  const progress = await statsRecounting(ctx.deps.db);
  if (progress === undefined) return false;
  await ctx.reply(ctx.t("stats-recounting", { percent: `${Math.min(99, Math.floor(progress * 100))}%` }));
  return true;
}

/** Whether the sender may see statistics in this chat; refuses with the reason otherwise. */
export async function mayUseStats(ctx: MinyiContext): Promise<boolean> {
  const chat = ctx.chat;
  // A press on a message shared inline has no chat: the standings are never shown there.
  if (!chat) {
    await refuse(ctx);
    return false;
  }
  const isPrivate = chat.type === "private";
  const settings = await ctx.settings();
  const bound = isPrivate
    ? false
    : await findChat(ctx.deps.db, chat.id).then((c) => !!c && (c.unit_id !== null || c.bind_all === 1));
  const verdict = statsAccess(ctx.role, { private: isPrivate, bound }, settings.statsInGroups);
  if (verdict.ok) return true;
  ctx.deps.log.warn("refused: stats not allowed here", {
    from: ctx.from?.id,
    chat: chat.id,
    role: ctx.role ?? null,
    reason: verdict.reason,
  });
  if (verdict.reason === "role") {
    await refuse(ctx);
    return false;
  }
  const text = ctx.t(`stats-refused-${verdict.reason}`);
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text);
  return false;
}

/** Reads "[period] [unit | person]"; explains and returns undefined when it cannot. */
async function choosePeriodAndTarget(
  ctx: MinyiContext,
  text: string,
  settings: Settings,
): Promise<{ period: Period; target: StatsTarget | undefined } | undefined> {
  const now = ctx.deps.now();
  const args = readStatsArgs(text, now, settings.timeZone);
  const period = args.ok ? args.period : periodContaining("year", now, settings.timeZone);
  const words = args.target.trim();
  if (words === "") return { period, target: undefined };
  const targets = await findStatsTargets(ctx.deps.db, words);
  if (targets.length === 1) return { period, target: targets[0] };
  if (targets.length === 0) {
    // Nothing named so: most likely a period written wrongly (unless a period came first).
    const key = !args.ok && looksLikePeriod(words) ? "stats-bad-period" : "stats-unknown-target";
    await ctx.reply(ctx.t(key, { given: truncateText(words, 64) }));
    return undefined;
  }
  const names = targets.map((target) => targetName(ctx.t, target)).join(ctx.t("job-list-separator"));
  await ctx.reply(ctx.t("stats-choose-target", { given: truncateText(words, 64), names }));
  return undefined;
}

function targetName(t: Translate, target: StatsTarget): string {
  return target.kind === "unit"
    ? t("stats-target-unit", { name: target.name })
    : t("stats-target-person", { name: target.name, unit: target.unitName ?? "—" });
}

function points(value: number): number {
  return roundPoints(value);
}

/** Levels from the committee's own level up, in the configured order. */
function levelsShown(settings: Pick<Settings, "levels" | "ownLevel">) {
  return settings.levels.filter((level) => levelsUp(level, settings.ownLevel, settings.levels) !== undefined);
}

/** The /stats reply as plain text: every number with its change against the previous period. */
export function statsText(t: Translate, stats: PeriodStats, settings: Settings): string {
  const period = periodName(t, stats.period);
  const now: PeriodCounts = stats.counts;
  const before: PeriodCounts = stats.previousCounts;
  const d = (key: keyof PeriodCounts) => formatDelta(now[key] as number, before[key] as number);
  const target = stats.target;
  const lines = [
    target === undefined
      ? t("stats-title", { committee: settings.name, period })
      : target.kind === "unit"
        ? t("stats-title-unit", { unit: target.name, period })
        : t("stats-title-person", { name: target.name, unit: target.unitName ?? "—", period }),
    t("stats-compare", { previous: periodName(t, stats.previous) }),
    "",
    t("stats-submitted", { count: now.submitted, delta: d("submitted") }),
    t("stats-decisions", {
      accepted: now.accepted,
      acceptedDelta: d("accepted"),
      returned: now.returned,
      returnedDelta: d("returned"),
      rejected: now.rejected,
      rejectedDelta: d("rejected"),
    }),
    t("stats-adopted", { count: now.adopted, delta: d("adopted") }),
  ];
  for (const level of levelsShown(settings)) {
    const counts = now.adoptedByLevel[level];
    const earlier = before.adoptedByLevel[level];
    lines.push(
      t("stats-adopted-level", {
        level: t(`level-${level}`),
        single: counts.single,
        singleDelta: formatDelta(counts.single, earlier.single),
        combined: counts.combined,
        combinedDelta: formatDelta(counts.combined, earlier.combined),
      }),
    );
  }
  const rate = adoptionRate(now);
  const previousRate = adoptionRate(before);
  lines.push(
    t("stats-instructed", { count: now.instructed, delta: d("instructed") }),
    t("stats-read", { count: now.read, delta: d("read") }),
    t("stats-transferred", { count: now.transferred, delta: d("transferred") }),
    rate === undefined
      ? t("stats-rate-none")
      : previousRate === undefined
        ? t("stats-rate-no-previous", { rate: formatPercent(rate) })
        : t("stats-rate", {
            rate: formatPercent(rate),
            previous: formatPercent(previousRate),
            delta: formatRateDelta(rate, previousRate),
          }),
    stats.quota.total === 0 && stats.previousQuota.total === 0
      ? t("stats-quota-none")
      : t("stats-quota", {
          met: stats.quota.met,
          total: stats.quota.total,
          percent: formatPercent(stats.quota.total === 0 ? undefined : stats.quota.met / stats.quota.total),
          previousMet: stats.previousQuota.met,
          previousTotal: stats.previousQuota.total,
        }),
    t("stats-points", { points: points(now.points), delta: formatDelta(now.points, before.points) }),
  );
  if (target === undefined) {
    lines.push("", t("stats-top-units", { count: TOP_IN_TEXT }));
    pushTop(lines, t, stats.topUnits, "stats-top-unit-line");
  }
  if (target?.kind !== "person") {
    lines.push("", t("stats-top-people", { count: TOP_IN_TEXT }));
    pushTop(lines, t, stats.topPeople, "stats-top-person-line");
  }
  lines.push("", t("stats-definitions"));
  if (target === undefined) lines.push(t("stats-more", { period: periodLabel(stats.period) }));
  return lines.join("\n");
}

function pushTop(lines: string[], t: Translate, rows: RankedRow[], key: string): void {
  const shown = rows.slice(0, TOP_IN_TEXT);
  if (shown.length === 0) lines.push(t("stats-top-none"));
  for (const row of shown)
    lines.push(
      t(key, {
        rank: row.rank,
        name: row.name,
        unit: row.unitName ?? "—",
        points: points(row.counts.points),
        submitted: row.counts.submitted,
        adopted: row.counts.adopted,
      }),
    );
}

/** The standings (units, or a unit's people) and the monthly trend, one under the other, as SVG. */
async function statsChart(
  ctx: MinyiContext,
  chosenPeriod: Period,
  target: StatsTarget | undefined,
  settings: Settings,
): Promise<ChartSvg> {
  const t = ctx.t;
  const period = periodName(t, chosenPeriod);
  const charts: ChartSvg[] = [];
  const emptyText = t("stats-chart-empty");
  if (target?.kind !== "person") {
    const scope = target === undefined ? "units" : "people";
    const rows = await bestOfPeriod(ctx.deps.db, chosenPeriod, settings, scope, TOP_IN_CHART, target);
    charts.push(
      standingsChartSvg({
        title: t(target === undefined ? "stats-chart-units" : "stats-chart-people", { period }),
        rows: rows.map((row) => ({ label: row.name, value: points(row.counts.points) })),
        maxRows: TOP_IN_CHART,
        emptyText,
      }),
    );
  }
  const trend = await monthlyTrend(ctx.deps.db, chosenPeriod, settings, target);
  const chosen = (month: Period) =>
    month.start.getTime() >= chosenPeriod.start.getTime() &&
    month.end.getTime() <= chosenPeriod.end.getTime();
  charts.push(
    trendChartSvg({
      title: t("stats-chart-trend"),
      months: trend.map((m) => ({
        label: t("stats-chart-month", { month: m.month.index }),
        group: t("stats-chart-year", { year: m.month.year }),
        highlight: chosen(m.month),
        series: { submitted: m.submitted, adopted: m.adopted },
      })),
      seriesLabels: { submitted: t("stats-chart-submitted"), adopted: t("stats-chart-adopted") },
      emptyText,
    }),
  );
  const who = target ? `${settings.name} · ${target.name}` : settings.name;
  return stackCharts(charts, t("stats-chart-header", { committee: who, period }));
}

/** The picture with the text as its caption when it fits; otherwise a short caption and the text after it. */
async function sendWithChart(ctx: MinyiContext, text: string, png: Uint8Array | undefined): Promise<void> {
  if (!png) {
    for (const chunk of splitMessage(text)) await ctx.reply(chunk);
    return;
  }
  const photo = new InputFile(png, "stats.png");
  if (text.length <= CAPTION_LIMIT) return void (await ctx.replyWithPhoto(photo, { caption: text }));
  const title = text.split("\n", 1)[0] ?? "";
  await ctx.replyWithPhoto(photo, { caption: title.slice(0, CAPTION_LIMIT) });
  for (const chunk of splitMessage(text)) await ctx.reply(chunk);
}

async function showRank(
  ctx: MinyiContext,
  period: Period,
  scope: "u" | "p",
  offset: number,
  mode: "reply" | "edit",
): Promise<void> {
  const settings = await ctx.settings();
  const label = periodLabel(period);
  const ranking = await rankingForPeriod(ctx.deps.db, period, settings, {
    scope: scope === "u" ? "units" : "people",
    offset,
    limit: RANK_PAGE_SIZE,
  });
  const name = periodName(ctx.t, period);
  const lines: string[] = [];
  if (ranking.rows.length === 0) {
    lines.push(ctx.t(scope === "u" ? "rank-empty-units" : "rank-empty-people", { period: name }));
  } else {
    lines.push(
      ctx.t(scope === "u" ? "rank-title-units" : "rank-title-people", {
        period: name,
        from: offset + 1,
        to: offset + ranking.rows.length,
        total: ranking.total,
      }),
      "",
    );
    for (const row of ranking.rows)
      lines.push(
        ctx.t(scope === "u" ? "rank-unit-line" : "rank-person-line", {
          rank: row.rank,
          name: row.name,
          unit: row.unitName ?? "—",
          points: points(row.counts.points),
          submitted: row.counts.submitted,
          adopted: row.counts.adopted,
          instructed: row.counts.instructed,
          rate: formatPercent(adoptionRate(row.counts)),
        }),
      );
  }
  const keyboard = new InlineKeyboard();
  if (offset > 0)
    keyboard.text(
      ctx.t("button-previous"),
      rankButtons.encode({
        action: "page",
        period: label,
        scope,
        offset: Math.max(0, offset - RANK_PAGE_SIZE),
      }),
    );
  if (offset + RANK_PAGE_SIZE < ranking.total)
    keyboard.text(
      ctx.t("button-next"),
      rankButtons.encode({ action: "page", period: label, scope, offset: offset + RANK_PAGE_SIZE }),
    );
  keyboard
    .row()
    .text(
      ctx.t(scope === "u" ? "rank-button-people" : "rank-button-units"),
      rankButtons.encode({ action: "page", period: label, scope: scope === "u" ? "p" : "u", offset: 0 }),
    );
  const text = lines.join("\n");
  if (mode === "edit") await ctx.editMessageText(text, { reply_markup: keyboard });
  else await ctx.reply(text, { reply_markup: keyboard });
}
