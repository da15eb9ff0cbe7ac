// /stats and /rank in chat: every number of a hand-counted quarter, the previous period, units and people, bad
// periods and names, who may ask where, paging by buttons, and the chart picture on Node.
import { beforeEach, describe, expect, it } from "vitest";
import { renderPng, renderRgba } from "../../src/charts/render-node";
import { changeSetting } from "../../src/db/settings";
import { loadStandings, type Tally } from "../../src/jobs/standings";
import { loadRangeStats } from "../support/range-stats";
import { loadSettings } from "../../src/db/settings";
import { fullStandings, topStandings } from "../../src/db/stats-standings";
import { rankingForPeriod } from "../../src/db/stats-ranking";
import { statsForPeriod } from "../../src/db/stats";
import { makePeriod } from "../../src/domain/periods";
import { roundPoints } from "../../src/domain/scoring";
import { RANK_PAGE_SIZE } from "../../src/handlers/stats";
import { rankButtons } from "../../src/handlers/stats/callback-data";
import { Harness } from "../support/harness";
import { personRow, reportRow } from "../support/report-rows";
import {
  EXPECTED_Q2_ZH,
  EXPECTED_RANK_PEOPLE_ZH,
  EXPECTED_RANK_UNITS_ZH,
  seedStatsHarness,
} from "../support/stats-fixture";

const NOW = new Date("2026-07-15T02:00:00Z");

async function setup(options: Parameters<typeof Harness.create>[0] = {}) {
  const h = await Harness.create(options);
  h.clock = NOW;
  return { h, ...(await seedStatsHarness(h)) };
}

describe("/stats", () => {
  let s: Awaited<ReturnType<typeof setup>>;
  beforeEach(async () => {
    s = await setup();
  });

  it("shows every number of the quarter against the previous one, with the best units and people", async () => {
    await s.leader.send("/stats 2026Q2");
    expect(s.leader.texts().slice(-1).join("\n")).toBe(EXPECTED_Q2_ZH);
    // The same with words, from staff.
    await s.staff.send("/stats 上季度");
    expect(s.staff.lastText()).toBe(EXPECTED_Q2_ZH);
    await s.admin.send("/stats last quarter");
    expect(s.admin.lastText()).toBe(EXPECTED_Q2_ZH);
  });

  it("without a period shows this year; the boundary reports fall on the right side", async () => {
    await s.leader.send("/stats");
    const text = s.leader.lastText();
    expect(text.split("\n")[0]).toBe("📊 政协2026年社情民意信息统计");
    // All 13 reports were submitted in 2026 (Shanghai); nothing in 2025.
    expect(text).toContain("报送信息：13篇（+13）");
    await s.leader.send("/stats 2026Q3");
    expect(s.leader.lastText()).toContain("报送信息：1篇（−8）");
    await s.leader.send("/stats 2026-04");
    // April: R4, R5, R6 (resubmitted on the 20th); March (previous month): R3 at 23:00 on the 31st.
    expect(s.leader.lastText()).toContain("报送信息：3篇（+2）");
  });

  it("for a unit and for a person", async () => {
    await s.leader.send("/stats 2026Q2 经济界");
    const unit = s.leader.lastText().split("\n");
    expect(unit[0]).toBe("📊 经济界 · 2026年第二季度社情民意信息统计");
    expect(unit).toContain("报送信息：4篇（+3）");
    expect(unit).toContain("采用：2篇（+2）");
    expect(unit).toContain("积分：57分（+57）");
    // 王芳 misses (2 of 3), 赵强 and 周敏 made it; in Q1 nobody in the unit did.
    expect(unit).toContain("完成报送任务：2／3人（67%；上期0／3人）");
    expect(unit).not.toContain("单位积分前5名：");
    expect(unit.slice(unit.indexOf("个人积分前5名：") + 1, unit.indexOf("个人积分前5名：") + 4)).toEqual([
      "1. 王芳（经济界）— 33.67分（报送2，采用2）",
      "2. 赵强（经济界）— 11.67分（报送2，采用1）",
      "2. 周敏（经济界）— 11.67分（报送2，采用1）",
    ]);

    await s.leader.send("/stats 上季度 张明");
    const person = s.leader.lastText().split("\n");
    expect(person[0]).toBe("📊 张明（民建县委会）· 2026年第二季度社情民意信息统计");
    expect(person).toContain("报送信息：2篇（+1）");
    expect(person).toContain("积分：25.5分（+20.5）");
    expect(person).toContain("完成报送任务：1／1人（100%；上期1／1人）");
    expect(person.some((line) => line.includes("积分前"))).toBe(false);
  });

  it("explains a bad period, an unknown name and an ambiguous one", async () => {
    await s.leader.send("/stats 2026Q5");
    expect(s.leader.lastText()).toContain("无法识别时间段“2026Q5”");
    expect(s.leader.lastText()).toContain("/stats 2026Q3");
    await s.leader.send("/stats 下下季度");
    expect(s.leader.lastText()).toContain("无法识别时间段“下下季度”");
    await s.leader.send("/stats 2026Q2 不存在的单位");
    expect(s.leader.lastText()).toBe(
      "没有找到名为“不存在的单位”的单位或人员。请检查名称；时间段写在前面，例如：/stats 2026Q3 不存在的单位",
    );
    await s.leader.send("/stats 2026 县");
    expect(s.leader.lastText()).toContain("“县”对应多个单位或人员");
    expect(s.leader.lastText()).toContain("民建县委会（单位）");
    expect(s.leader.lastText()).toContain("县政协办公室（单位）");
  });

  it("speaks English to those who chose it", async () => {
    await s.leader.send("/lang en");
    await s.leader.send("/stats last quarter");
    const text = s.leader.lastText().split("\n");
    expect(text[0]).toBe("📊 政协: public-opinion reports, 2026 Q2");
    expect(text).toContain("Submitted: 9 (+6)");
    expect(text).toContain("Quota met: 4 of 5 people (80%; previous period 2 of 5)");
  });

  it("the top of the standings is the head of the full standings, with everyone counted", async () => {
    const settings = await loadSettings(s.h.db);
    for (const period of [
      makePeriod("quarter", 2026, 2, settings.timeZone),
      makePeriod("year", 2026, 1, settings.timeZone),
    ]) {
      for (const scope of ["units", "people"] as const) {
        const full = await fullStandings(s.h.db, period, settings, scope);
        expect(full.length).toBeGreaterThan(2);
        for (const limit of [1, 2, full.length - 1, full.length, full.length + 5]) {
          const top = await topStandings(s.h.db, period, settings, scope, limit);
          expect(top).toEqual({ rows: full.slice(0, limit), total: full.length });
        }
      }
    }
  });

  it("agrees with the quarterly standings job and with the pure scoring method", async () => {
    const settings = await loadSettings(s.h.db);
    const q2 = makePeriod("quarter", 2026, 2, settings.timeZone);
    const standings = await loadStandings(s.h.db, settings, q2);
    const units = await rankingForPeriod(s.h.db, q2, settings, { scope: "units" });
    const people = await rankingForPeriod(s.h.db, q2, settings, { scope: "people" });
    const stats = await statsForPeriod(s.h.db, q2, settings);
    const levelsOf = (counts: (typeof units.rows)[number]["counts"]) =>
      Object.fromEntries(
        Object.entries(counts.adoptedByLevel)
          .map(([level, c]) => [level, c.single + c.combined])
          .filter(([, n]) => n !== 0),
      );
    const mine = (rows: typeof units.rows) =>
      rows.map((r) => ({
        id: r.id,
        rank: r.rank,
        points: roundPoints(r.counts.points),
        submitted: r.counts.submitted,
        adopted: r.counts.adopted,
        instructed: r.counts.instructed,
        submittedAdopted: r.counts.submittedAdopted,
        levels: levelsOf(r.counts),
      }));
    const theirs = (rows: typeof standings.units) =>
      rows.map((r) => ({
        id: r.id,
        rank: r.rank,
        points: roundPoints(r.tally.points),
        submitted: r.tally.submitted,
        adopted: r.tally.adopted,
        instructed: r.tally.instructed,
        submittedAdopted: r.tally.submittedAdopted,
        levels: r.tally.adoptedByLevel,
      }));
    expect(mine(units.rows)).toEqual(theirs(standings.units));
    expect(mine(people.rows)).toEqual(theirs(standings.people));
    expect(roundPoints(stats.counts.points)).toBe(roundPoints(standings.total.points));
    expect(stats.counts.submitted).toBe(standings.total.submitted);
    expect(stats.counts.adopted).toBe(standings.total.adopted);
    expect(stats.counts.submittedAdopted).toBe(standings.total.submittedAdopted);
    // The standings now read the same counters; the per-row computation (loadRangeStats, for /me) is the
    // independent check.
    const range = await loadRangeStats(s.h.db, settings, q2);
    const tallies = (map: Map<number, Tally>, rows: typeof units.rows) =>
      rows.map((r) => {
        const tally = map.get(r.id);
        return {
          id: r.id,
          points: roundPoints(tally?.points ?? 0),
          submitted: tally?.submitted ?? 0,
          adopted: tally?.adopted ?? 0,
          instructed: tally?.instructed ?? 0,
          submittedAdopted: tally?.submittedAdopted ?? 0,
          levels: tally?.adoptedByLevel ?? {},
        };
      });
    const without = (rows: ReturnType<typeof mine>) => rows.map(({ rank: _, ...rest }) => rest);
    expect(without(mine(units.rows))).toEqual(tallies(range.units, units.rows));
    expect(without(mine(people.rows))).toEqual(tallies(range.people, people.rows));
    expect(people.rows.map((r) => r.id).sort()).toEqual(
      [...range.people]
        .filter(([, t]) => t.submitted > 0 || t.points > 0)
        .map(([id]) => id)
        .sort(),
    );
  });
});

/** A /rank button's data, as the keyboard writes it. */
function rank(period: string, scope: "u" | "p", offset: number): string {
  return rankButtons.encode({ action: "page", period, scope, offset });
}

describe("/rank", () => {
  it("lists the units, then the people, with buttons", async () => {
    const s = await setup();
    await s.leader.send("/rank 2026Q2");
    expect(s.leader.lastText()).toBe(EXPECTED_RANK_UNITS_ZH);
    expect(s.leader.lastButtons()).toEqual([["👤 个人排名", rank("2026Q2", "p", 0)]]);
    await s.leader.press(rank("2026Q2", "p", 0));
    expect(s.leader.lastMessageText()).toBe(EXPECTED_RANK_PEOPLE_ZH);
    // The page is edited in place; the press's answer follows in the webhook's response.
    expect(s.h.telegram.calls.slice(-2).map((c) => c.method)).toEqual([
      "editMessageText",
      "answerCallbackQuery",
    ]);
    expect(s.leader.lastButtons()).toEqual([["🏢 单位排名", rank("2026Q2", "u", 0)]]);
  });

  it("pages through ties that cross a page, re-checking the role on every press", async () => {
    const s = await setup();
    const unit = s.world.units.经济界!;
    // 25 more people with one report each in Q3, no points: all share rank 1 after 张明's R10 … by id.
    for (let i = 0; i < 25; i++) {
      const person = await personRow(s.h.db, `新委员${String(i).padStart(2, "0")}`, unit);
      await reportRow(s.h.db, [person], unit, { submittedAt: "2026-07-02T02:00:00.000Z" });
    }
    await s.staff.send("/rank 本季度");
    await s.staff.press(rank("2026Q3", "p", 0));
    const first = s.staff.lastText().split("\n");
    expect(first[0]).toBe("🏆 2026年第三季度个人积分排名（第1–20名，共26人）");
    expect(first.slice(2).every((line) => line.startsWith("1. "))).toBe(true);
    expect(s.staff.lastButtons()).toEqual([
      ["下一页 »", rank("2026Q3", "p", RANK_PAGE_SIZE)],
      ["🏢 单位排名", rank("2026Q3", "u", 0)],
    ]);
    await s.staff.press(rank("2026Q3", "p", RANK_PAGE_SIZE));
    const second = s.staff.lastText().split("\n");
    expect(second[0]).toBe("🏆 2026年第三季度个人积分排名（第21–26名，共26人）");
    expect(second.slice(2)).toHaveLength(6);
    expect(second.slice(2).every((line) => line.startsWith("1. "))).toBe(true);

    // A member pressing the same button (forwarded, or forged) is refused.
    const calls = s.h.telegram.calls.length;
    await s.member.press(rank("2026Q3", "p", 0));
    const answer = s.h.telegram.calls.slice(calls).find((c) => c.method === "answerCallbackQuery");
    expect(answer?.payload).toMatchObject({ text: "抱歉，您没有权限进行此操作。", show_alert: true });
    expect(s.h.telegram.calls.slice(calls).some((c) => c.method === "editMessageText")).toBe(false);
    // Malformed data is refused too.
    await s.staff.press(rank("2026Q9", "p", 0));
    expect(s.staff.lastText()).toBe("这个按钮已失效，请重新打开相应的菜单。");
    await s.staff.press(rank("2026Q3", "p", 7));
    expect(s.staff.lastText()).toBe("这个按钮已失效，请重新打开相应的菜单。");
  });

  it("explains a bad period", async () => {
    const s = await setup();
    await s.leader.send("/rank 第五季度");
    expect(s.leader.lastText()).toContain("无法识别时间段“第五季度”");
  });
});

describe("who may see statistics", () => {
  it("refuses members and people not on the roster in private chats", async () => {
    const s = await setup();
    await s.member.send("/stats");
    expect(s.member.lastText()).toBe("抱歉，您没有权限进行此操作。");
    await s.member.send("/rank");
    expect(s.member.lastText()).toBe("抱歉，您没有权限进行此操作。");
    const stranger = s.h.user(999);
    await stranger.send("/stats");
    expect(stranger.lastText()).toBe("您还没有绑定身份。请使用工作人员发给您的邀请链接加入。");
  });

  it("in a group: leaders only, when the setting allows it, in a bound group", async () => {
    const s = await setup();
    const group = s.h.group(-100123, "全体委员群");
    await group.addBot(s.staff);
    await group.send(s.leader, "/stats 2026Q2");
    expect(group.texts().at(-1)).toBe(
      "本群没有开启统计查询。请在与我的私聊中发送 /stats（管理员可以用 /settings set statsInGroups true 开启）。",
    );
    expect((await changeSetting(s.h.db, "statsInGroups", "true")).ok).toBe(true);
    await group.send(s.leader, "/stats 2026Q2");
    expect(group.texts().at(-1)).toBe(
      "本群还没有绑定到单位，不能在这里查看统计。信息工作人员可以用 /bind 绑定。",
    );
    await group.send(s.staff, "/bind all");
    await group.send(s.leader, "/stats 2026Q2");
    expect(group.texts().at(-1)).toBe(EXPECTED_Q2_ZH);
    await group.send(s.leader, "/rank 2026Q2");
    expect(group.texts().at(-1)).toBe(EXPECTED_RANK_UNITS_ZH);
    await group.send(s.staff, "/stats 2026Q2");
    expect(group.texts().at(-1)).toBe("在群里只有领导可以查看统计。请在与我的私聊中发送 /stats。");
    await group.send(s.member, "/stats");
    expect(group.texts().at(-1)).toBe("抱歉，您没有权限进行此操作。");
  });
});

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("the chart", () => {
  it("is a PNG of the standings and the monthly trend, sent with the numbers", async () => {
    const s = await setup({ renderChart: renderPng });
    await s.leader.send("/stats 2026Q2");
    const photo = s.h.telegram.callsOf("sendPhoto").at(-1);
    expect(photo).toBeDefined();
    const png = photo!.files.photo!.bytes;
    // 720 wide drawn at twice the size; the header (committee, period), three unit bars (34 px a row) above
    // the trend (430 px with the years under the months).
    const size = pngSize(png);
    expect(size.width).toBe(1440);
    expect(size.height).toBe(2 * (48 + 24 + 22 + 22 + 3 * 34 + 24 + 430));
    // The text fits in a caption (1,024 characters): one message, the picture with the numbers.
    expect(photo!.payload.caption).toBe(EXPECTED_Q2_ZH);
    expect(s.h.telegram.calls.at(-1)?.method).toBe("sendPhoto");
  }, 30_000);

  it("sends a longer text after the picture, with a short caption", async () => {
    const s = await setup({ renderChart: renderPng });
    await s.leader.send("/lang en");
    await s.leader.send("/stats 2026Q2");
    const calls = s.h.telegram.calls.filter((c) => Number(c.payload.chat_id) === s.leader.id);
    const photo = calls.findLast((c) => c.method === "sendPhoto")!;
    const text = String(calls.at(-1)!.payload.text);
    expect(calls.at(-1)!.method).toBe("sendMessage");
    expect(text.length).toBeGreaterThan(1024);
    expect(photo.payload.caption).toBe(text.split("\n")[0]);
    expect(photo.payload.caption).toBe("📊 政协: public-opinion reports, 2026 Q2");
  }, 30_000);

  it("sends the picture with the text as caption for a person: the trend alone", async () => {
    const s = await setup({ renderChart: renderPng });
    await s.leader.send("/stats 2026Q2 张明");
    const photo = s.h.telegram.callsOf("sendPhoto").at(-1)!;
    const caption = String(photo.payload.caption);
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(caption.split("\n")[0]).toBe("📊 张明（民建县委会）· 2026年第二季度社情民意信息统计");
    expect(pngSize(photo.files.photo!.bytes)).toEqual({ width: 1440, height: 2 * (48 + 430) });
  }, 30_000);

  it("draws Chinese with real glyphs, not tofu boxes", async () => {
    const svg = (text: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="120"><text x="10" y="95" font-size="90">${text}</text></svg>`;
    const ink = async (text: string) => {
      const { pixels } = await renderRgba(svg(text), 400);
      const mask: boolean[] = [];
      for (let i = 0; i < pixels.length; i += 4)
        mask.push(pixels[i]! + pixels[i + 1]! + pixels[i + 2]! < 384);
      return mask;
    };
    const [words, tofu] = await Promise.all([ink("社情民意"), ink("\ue000\ue000\ue000\ue000")]);
    const inked = (m: boolean[]) => m.filter(Boolean).length;
    expect(inked(words)).toBeGreaterThan(2000);
    let differ = 0;
    let either = 0;
    words.forEach((dark, i) => {
      if (dark || tofu[i]) either++;
      if (dark !== tofu[i]) differ++;
    });
    expect(differ / either).toBeGreaterThan(0.5);
  }, 30_000);

  it("is left out where there is no renderer (Workers): text only", async () => {
    const s = await setup();
    await s.leader.send("/stats 2026Q2");
    expect(s.h.telegram.callsOf("sendPhoto")).toHaveLength(0);
    expect(s.leader.lastText()).toBe(EXPECTED_Q2_ZH);
  });
});
