// The period's 通报 as a Word document in the office's layout: the title (<committee>关于<period>社情民意信息
// 工作情况的通报), the period's figures in words, the units' and the people's tables, the reports adopted or
// instructed in the period, and the 落款 (the committee's office) over the date. Every number comes from
// bulletinData, as in /stats and the Excel bulletin. Words come from locales/ (callers pass the Chinese
// translator: the document is the committee's).
import type { Translate } from "../bot/i18n";
import type { BulletinData, BulletinReport } from "../db/stats-bulletin";
import { chineseNumeral } from "../domain/numerals";
import { localDateParts, type Period } from "../domain/periods";
import { roundPoints } from "../domain/scoring";
import type { Settings } from "../domain/settings";
import { adoptionRate, type PeriodCounts } from "../domain/stats";
import {
  type Block,
  documentBytes,
  docxFileName,
  heading,
  line,
  paragraph,
  signature,
  table,
  title,
} from "./layout";

/** People listed by name in the document; everyone is in the Excel bulletin. */
export const DOCUMENT_PEOPLE = 300;

/** "2026年第三季度", "2026年5月", "2026年": periods as the office writes them. */
export function documentPeriod(t: Translate, period: Pick<Period, "kind" | "year" | "index">): string {
  // Fluent's variants cannot match a number given as text (the bot's translator passes numbers as text): "q3".
  return t("doc-period", {
    kind: period.kind,
    year: period.year,
    index: period.index,
    quarter: `q${period.index}`,
  });
}

export function bulletinTitle(t: Translate, settings: Pick<Settings, "name">, period: Period): string {
  return t("doc-bulletin-title", { committee: settings.name, period: documentPeriod(t, period) });
}

/** Points with at most two decimals and no trailing zeros: 29, 12.5. */
const points = (n: number): string => String(roundPoints(n));

function percent(share: number | undefined): string {
  return share === undefined ? "" : `${Math.round(share * 1000) / 10}%`;
}

function summary(t: Translate, data: BulletinData, settings: Pick<Settings, "levels">): Block[] {
  const c = data.counts;
  const levels = settings.levels
    .map((level) => ({ level, n: c.adoptedByLevel[level].single + c.adoptedByLevel[level].combined }))
    .filter((x) => x.n > 0)
    .map((x) => t("doc-bulletin-level-count", { level: t(`level-${x.level}`), count: x.n }));
  const rate = adoptionRate(c);
  const sentences = [
    t("doc-bulletin-summary", {
      period: documentPeriod(t, data.period),
      submitted: c.submitted,
      accepted: c.accepted,
      returned: c.returned,
      rejected: c.rejected,
    }),
    t("doc-bulletin-adopted", {
      adopted: c.adopted,
      levels: levels.length > 0 ? t("doc-bulletin-levels", { levels: levels.join("、") }) : "",
      instructed: c.instructed,
      transferred: c.transferred,
    }),
    rate === undefined ? "" : t("doc-bulletin-rate", { rate: percent(rate) }),
    data.quota.total > 0
      ? t("doc-bulletin-quota", {
          met: data.quota.met,
          total: data.quota.total,
          share: percent(data.quota.met / data.quota.total),
        })
      : "",
  ];
  return [paragraph(sentences.join(""))];
}

function countCells(c: PeriodCounts): string[] {
  return [c.submitted, c.accepted, c.adopted, c.instructed].map(String).concat(points(c.points));
}

/** What became of a report in the period: adoptions and instructions by level, in the order they happened. */
function outcomes(t: Translate, report: BulletinReport): string[] {
  return report.events
    .filter((e) => e.kind === "adopted" || e.kind === "instructed")
    .map((e) =>
      e.kind === "adopted"
        ? t("doc-bulletin-outcome-adopted", {
            level: e.level ? t(`level-${e.level}`) : "",
            mode: e.mode ? t(`mode-${e.mode}`) : "",
          })
        : t("doc-bulletin-outcome-instructed", { level: e.level ? t(`level-${e.level}`) : "" }),
    );
}

export function bulletinBlocks(
  t: Translate,
  data: BulletinData,
  settings: Pick<Settings, "name" | "levels" | "timeZone">,
  now: Date,
): Block[] {
  const blocks: Block[] = [title(bulletinTitle(t, settings, data.period)), line(t("doc-bulletin-to"))];
  blocks.push(...summary(t, data, settings));

  const countHeaders = [
    "doc-col-submitted",
    "doc-col-accepted",
    "doc-col-adopted",
    "doc-col-instructed",
    "doc-col-points",
  ].map((key) => t(key));
  const numbers: ("left" | "center" | "right")[] = ["center", "center", "center", "center", "center"];
  let section = 0;
  const next = (key: string) => heading(1, `${chineseNumeral(++section)}、${t(key)}`);

  blocks.push(next("doc-bulletin-units"));
  if (data.units.length === 0) blocks.push(paragraph(t("doc-bulletin-none")));
  else
    blocks.push(
      table(
        [t("doc-col-rank"), t("doc-col-unit"), ...countHeaders],
        [
          ...data.units.map((u) => [String(u.rank), u.name, ...countCells(u.counts)]),
          ["", t("doc-total"), ...countCells(data.counts)],
        ],
        { widths: [2, 7, 2, 2, 2, 2, 2.5], align: ["center", "left", ...numbers] },
      ),
    );

  blocks.push(next("doc-bulletin-people"));
  const people = data.people.slice(0, DOCUMENT_PEOPLE);
  if (people.length === 0) blocks.push(paragraph(t("doc-bulletin-none")));
  else
    blocks.push(
      table(
        [t("doc-col-rank"), t("doc-col-name"), t("doc-col-unit"), ...countHeaders],
        people.map((p) => [String(p.rank), p.name, p.unitName ?? "", ...countCells(p.counts)]),
        { widths: [2, 3, 5, 2, 2, 2, 2, 2.5], align: ["center", "left", "left", ...numbers] },
      ),
    );
  if (data.people.length > people.length)
    blocks.push(paragraph(t("doc-bulletin-people-more", { count: data.people.length - people.length })));

  blocks.push(next("doc-bulletin-outcomes"));
  const outstanding = data.reports
    .map((report) => ({ report, outcomes: outcomes(t, report) }))
    .filter((r) => r.outcomes.length > 0);
  if (outstanding.length === 0) blocks.push(paragraph(t("doc-bulletin-none")));
  else
    blocks.push(
      table(
        [t("doc-col-number"), t("doc-col-title"), t("doc-col-authors"), t("doc-col-outcome")],
        outstanding.map(({ report, outcomes }, i) => [
          String(i + 1),
          t("doc-quoted-title", { title: report.title }),
          report.unitName
            ? t("doc-person-unit", { name: report.authors.join("、"), unit: report.unitName })
            : report.authors.join("、"),
          outcomes.join("；"),
        ]),
        { widths: [1.5, 8, 5, 5], align: ["center", "left", "left", "left"] },
      ),
    );

  const today = localDateParts(now, settings.timeZone);
  blocks.push(line(""), signature(t("doc-bulletin-office", { committee: settings.name }), today));
  return blocks;
}

export async function bulletinDocx(
  t: Translate,
  data: BulletinData,
  settings: Pick<Settings, "name" | "levels" | "timeZone">,
  now: Date,
) {
  const name = bulletinTitle(t, settings, data.period);
  return {
    bytes: await documentBytes(bulletinBlocks(t, data, settings, now), {
      title: name,
      creator: settings.name,
    }),
    fileName: docxFileName(name),
  };
}
