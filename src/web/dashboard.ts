// The leaders' dashboard: a period's figures with the change against the previous one, the monthly trend and the
// unit and people standings as charts (ECharts, drawn in the browser from /web/api/dashboard), a unit's people
// and reports, and the Excel bulletin. Every number comes from the functions /stats, /rank and /export use.
import { Hono } from "hono";
import { html } from "hono/html";
import { periodName, statusText } from "../bot/render";
import { translator as botTranslator } from "../bot/i18n";
import { unitReportsInPeriod } from "../db/console";
import { loadSettings } from "../db/settings";
import { bulletinData } from "../db/stats-bulletin";
import { monthlyTrend, statsForPeriod } from "../db/stats";
import { type RankedRow, rankingForPeriod } from "../db/stats-ranking";
import { findUnitById } from "../db/units";
import { parsePeriod, type Period, periodContaining, periodLabel, previousPeriod } from "../domain/periods";
import { isLeader, isStaff } from "../domain/roles";
import { levelsUp, roundPoints } from "../domain/scoring";
import type { Settings } from "../domain/settings";
import {
  adoptionRate,
  formatDelta,
  formatPercent,
  formatRateDelta,
  type PeriodCounts,
} from "../domain/stats";
import { bulletinDocx } from "../documents/bulletin";
import { bulletinFileName, bulletinXlsx } from "../export/bulletin";
import { type ConsoleContext, type ConsoleEnv, type ConsoleOptions, type T, translator } from "./env";
import { attachmentDisposition, type Html, messagePage, page } from "./layout";
import { requires } from "./security";

const CHART_TOP = 15;

export function dashboardRoutes(options: ConsoleOptions): Hono<ConsoleEnv> {
  const routes = new Hono<ConsoleEnv>();
  const readers = requires(options, (role) => isLeader(role) || isStaff(role));

  routes.get("/dashboard", readers, async (c) => {
    const t = translator(options, c.get("locale"));
    const settings = await loadSettings(options.db);
    const period = choosePeriod(c, settings, options.now());
    if (!period) return badPeriod(c, options, t);
    const stats = await statsForPeriod(options.db, period, settings, { top: 0 });
    const [units, people] = await Promise.all([
      rankingForPeriod(options.db, period, settings, { scope: "units" }),
      rankingForPeriod(options.db, period, settings, { scope: "people", limit: 50 }),
    ]);
    const label = periodLabel(period);
    return c.html(
      page(c, options, {
        title: t("web-dashboard-title", { committee: settings.name, period: periodName(t, period) }),
        active: "dashboard",
        scripts: ["/web/static/echarts.js"],
        body: html`${periodForm(t, label, "/web/dashboard", period, settings, options.now())}
<p class="muted">${t("stats-compare", { previous: periodName(t, stats.previous) })}</p>
${figures(t, stats.counts, stats.previousCounts, settings)}
<p class="row"><a class="button" id="export-xlsx" href="/web/export/bulletin.xlsx?period=${label}" download>${t("web-export-xlsx")}</a>
<a class="button" id="export-docx" href="/web/export/bulletin.docx?period=${label}" download>${t("web-export-docx")}</a></p>
<section id="dashboard" data-src="/web/api/dashboard?period=${label}" data-unit-href="/web/dashboard/units/{id}?period=${label}">
<h2>${t("web-chart-trend")}</h2>
<div class="chart" id="chart-trend" role="img" aria-label="${t("web-chart-trend")}"></div>
<h2>${t("stats-chart-units", { period: periodName(t, period) })}</h2>
<div class="chart" id="chart-units" role="img" aria-label="${t("stats-chart-units", { period: periodName(t, period) })}"></div>
<div class="scroll">${standingsTable(t, units.rows, "units", label)}</div>
<h2>${t("stats-chart-people", { period: periodName(t, period) })}</h2>
<div class="chart" id="chart-people" role="img" aria-label="${t("stats-chart-people", { period: periodName(t, period) })}"></div>
<div class="scroll">${standingsTable(t, people.rows, "people", label)}</div>
</section>
<p class="muted">${t("stats-definitions")}</p>`,
      }),
    );
  });

  routes.get("/dashboard/units/:id", readers, async (c) => {
    const t = translator(options, c.get("locale"));
    const settings = await loadSettings(options.db);
    const period = choosePeriod(c, settings, options.now());
    if (!period) return badPeriod(c, options, t);
    const unit = await findUnitById(options.db, Number(c.req.param("id")));
    if (!unit) return c.html(messagePage(c, options, t("web-error-not-found")), 404);
    const target = { kind: "unit" as const, id: unit.id, name: unit.name };
    const [stats, people, reports] = await Promise.all([
      statsForPeriod(options.db, period, settings, { target, top: 0 }),
      rankingForPeriod(options.db, period, settings, { scope: "people", unitId: unit.id }),
      unitReportsInPeriod(options.db, unit.id, period),
    ]);
    const label = periodLabel(period);
    return c.html(
      page(c, options, {
        title: t("web-unit-title", { unit: unit.name, period: periodName(t, period) }),
        active: "dashboard",
        body: html`${periodForm(t, label, `/web/dashboard/units/${unit.id}`, period, settings, options.now())}
<p><a href="/web/dashboard?period=${label}">${t("web-back-to-dashboard")}</a></p>
${figures(t, stats.counts, stats.previousCounts, settings)}
<h2>${t("web-unit-people")}</h2>
<div class="scroll">${standingsTable(t, people.rows, "people", label)}</div>
<h2>${t("web-unit-reports", { count: reports.length })}</h2>
${
  reports.length === 0
    ? html`<p class="muted">${t("stats-top-none")}</p>`
    : html`<div class="scroll"><table id="unit-reports"><thead><tr><th>#</th><th>${t("web-col-title")}</th><th>${t("web-col-author")}</th><th>${t("web-col-status")}</th></tr></thead><tbody>${reports.map(
        (r) =>
          html`<tr><td>${r.id}</td><td><a href="/web/reports/${r.id}">${r.title}</a></td><td>${r.author}</td><td><span class="status">${statusText(t, r.status, r.forwarded_level)}</span></td></tr>`,
      )}</tbody></table></div>`
}`,
      }),
    );
  });

  // The charts' data: the same functions as /stats (trend, standings) for the chosen period.
  routes.get("/api/dashboard", readers, async (c) => {
    const t = translator(options, c.get("locale"));
    const settings = await loadSettings(options.db);
    const period = choosePeriod(c, settings, options.now());
    if (!period)
      return c.json({ ok: false, error: t("stats-bad-period", { given: c.req.query("period") ?? "" }) }, 400);
    const [stats, trend, units, people] = await Promise.all([
      statsForPeriod(options.db, period, settings, { top: 0 }),
      monthlyTrend(options.db, period, settings),
      rankingForPeriod(options.db, period, settings, { scope: "units", limit: CHART_TOP }),
      rankingForPeriod(options.db, period, settings, { scope: "people", limit: CHART_TOP }),
    ]);
    const row = (r: RankedRow) => ({
      id: r.id,
      name: r.name,
      unit: r.unitName,
      rank: r.rank,
      points: roundPoints(r.counts.points),
      submitted: r.counts.submitted,
      adopted: r.counts.adopted,
    });
    return c.json({
      ok: true,
      period: { label: periodLabel(period), name: periodName(t, period) },
      previous: { label: periodLabel(stats.previous), name: periodName(t, stats.previous) },
      counts: stats.counts,
      previousCounts: stats.previousCounts,
      labels: {
        submitted: t("stats-chart-submitted"),
        adopted: t("stats-chart-adopted"),
        points: t("web-col-points"),
        empty: t("stats-chart-empty"),
      },
      trend: trend.map((m) => ({
        label: periodLabel(m.month),
        name: t("web-chart-month", { year: m.month.year, month: m.month.index }),
        submitted: m.submitted,
        adopted: m.adopted,
      })),
      units: units.rows.map(row),
      people: people.rows.map(row),
    });
  });

  // The committee's document, in Chinese whatever the reader's language, as /export sends it.
  routes.get("/export/bulletin.xlsx", readers, async (c) => {
    const t = translator(options, c.get("locale"));
    const settings = await loadSettings(options.db);
    const period = choosePeriod(c, settings, options.now());
    if (!period) return badPeriod(c, options, t);
    const data = await bulletinData(options.db, period, settings);
    const bytes = await bulletinXlsx(data, settings, botTranslator(options.i18n, "zh"), options.now());
    options.log.info("bulletin exported from the console", {
      by: c.get("viewer")?.personId,
      period: periodLabel(period),
      bytes: bytes.length,
    });
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": attachmentDisposition(
        bulletinFileName(botTranslator(options.i18n, "zh"), settings, period),
        `bulletin-${periodLabel(period)}.xlsx`,
      ),
    });
  });

  // The 通报 as a Word document, as `/export <period> word` sends it.
  routes.get("/export/bulletin.docx", readers, async (c) => {
    const t = translator(options, c.get("locale"));
    const settings = await loadSettings(options.db);
    const period = choosePeriod(c, settings, options.now());
    if (!period) return badPeriod(c, options, t);
    const data = await bulletinData(options.db, period, settings);
    const { bytes, fileName } = await bulletinDocx(
      botTranslator(options.i18n, "zh"),
      data,
      settings,
      options.now(),
    );
    options.log.info("bulletin document exported from the console", {
      by: c.get("viewer")?.personId,
      period: periodLabel(period),
      bytes: bytes.length,
    });
    return c.body(new Uint8Array(bytes), 200, {
      "Content-Type": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
      "Content-Disposition": attachmentDisposition(fileName, `bulletin-${periodLabel(period)}.docx`),
    });
  });

  return routes;
}

/** The period in the address (as /stats reads it), else the current year. */
function choosePeriod(c: ConsoleContext, settings: Settings, now: Date): Period | undefined {
  const given = (c.req.query("period") ?? "").trim();
  if (given === "") return periodContaining("year", now, settings.timeZone);
  return parsePeriod(given, now, settings.timeZone);
}

function badPeriod(c: ConsoleContext, options: ConsoleOptions, t: T) {
  return c.html(
    messagePage(c, options, t("stats-bad-period", { given: (c.req.query("period") ?? "").slice(0, 64) })),
    400,
  );
}

function periodForm(
  t: T,
  label: string,
  action: string,
  period: Period,
  settings: Settings,
  now: Date,
): Html {
  const zone = settings.timeZone;
  const year = periodContaining("year", now, zone);
  const quarter = periodContaining("quarter", now, zone);
  const month = periodContaining("month", now, zone);
  const quick: [string, Period][] = [
    [t("web-period-this-year"), year],
    [t("web-period-last-year"), previousPeriod(year, zone)],
    [t("web-period-this-quarter"), quarter],
    [t("web-period-last-quarter"), previousPeriod(quarter, zone)],
    [t("web-period-this-month"), month],
  ];
  return html`<form method="get" action="${action}" class="row period">
<label for="period" class="muted">${t("web-period-label")}</label>
<input id="period" name="period" value="${label}" class="narrow">
<button type="submit" class="secondary">${t("web-period-show")}</button>
</form>
<p class="row muted">${quick.map(([name, p]) =>
    periodLabel(p) === periodLabel(period)
      ? html`<b>${name}</b>`
      : html`<a href="${action}?period=${periodLabel(p)}">${name}</a>`,
  )}</p>`;
}

function figure(id: string, name: string, value: string, delta: string): Html {
  const direction = delta.startsWith("+")
    ? "up"
    : delta.startsWith("−") || delta.startsWith("-")
      ? "down"
      : "";
  return html`<div class="figure" id="figure-${id}"><span class="muted">${name}</span><b class="value">${value}</b><span class="delta ${direction}">${delta}</span></div>`;
}

function figures(t: T, now: PeriodCounts, before: PeriodCounts, settings: Settings): Html {
  const d = (key: keyof PeriodCounts) => formatDelta(now[key] as number, before[key] as number);
  const rate = adoptionRate(now);
  const previousRate = adoptionRate(before);
  const levels = settings.levels.filter(
    (level) => levelsUp(level, settings.ownLevel, settings.levels) !== undefined,
  );
  return html`<div class="figures">
${figure("submitted", t("web-fig-submitted"), String(now.submitted), d("submitted"))}
${figure("accepted", t("web-fig-accepted"), String(now.accepted), d("accepted"))}
${figure("returned", t("web-fig-returned"), String(now.returned), d("returned"))}
${figure("rejected", t("web-fig-rejected"), String(now.rejected), d("rejected"))}
${figure("adopted", t("web-fig-adopted"), String(now.adopted), d("adopted"))}
${figure("instructed", t("web-fig-instructed"), String(now.instructed), d("instructed"))}
${figure("read", t("web-fig-read"), String(now.read), d("read"))}
${figure("transferred", t("web-fig-transferred"), String(now.transferred), d("transferred"))}
${figure("points", t("web-fig-points"), String(roundPoints(now.points)), d("points"))}
${figure("rate", t("web-fig-rate"), formatPercent(rate), formatRateDelta(rate, previousRate))}
</div>
<div class="scroll"><table id="levels"><thead><tr><th>${t("web-col-level")}</th><th class="n">${t("web-col-single")}</th><th class="n">${t("web-col-combined")}</th></tr></thead><tbody>${levels.map(
    (level) =>
      html`<tr><td>${t(`level-${level}`)}</td><td class="n">${now.adoptedByLevel[level].single} <span class="muted">(${formatDelta(now.adoptedByLevel[level].single, before.adoptedByLevel[level].single)})</span></td><td class="n">${now.adoptedByLevel[level].combined} <span class="muted">(${formatDelta(now.adoptedByLevel[level].combined, before.adoptedByLevel[level].combined)})</span></td></tr>`,
  )}</tbody></table></div>`;
}

function standingsTable(t: T, rows: RankedRow[], scope: "units" | "people", label: string): Html {
  if (rows.length === 0) return html`<p class="muted">${t("stats-top-none")}</p>`;
  return html`<table id="standings-${scope}"><thead><tr><th class="n">${t("web-col-rank")}</th><th>${t(scope === "units" ? "web-col-unit" : "web-col-person")}</th><th class="n">${t("web-col-points")}</th><th class="n">${t("stats-chart-submitted")}</th><th class="n">${t("stats-chart-adopted")}</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr data-id="${r.id}"><td class="n">${r.rank}</td><td>${
        scope === "units"
          ? html`<a href="/web/dashboard/units/${r.id}?period=${label}">${r.name}</a>`
          : html`${r.name}${r.unitName ? html` <span class="muted">${r.unitName}</span>` : ""}`
      }</td><td class="n points">${roundPoints(r.counts.points)}</td><td class="n">${r.counts.submitted}</td><td class="n">${r.counts.adopted}</td></tr>`,
  )}</tbody></table>`;
}
