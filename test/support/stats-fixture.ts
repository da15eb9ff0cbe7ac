// A committee's first half of 2026, small enough to count by hand: 3 units, 8 people, 13 reports with returns,
// rejections, co-authors (two and three), adoptions at every level as single and combined pieces (one raised
// from combined to single), instructions at three levels, transfers, and dates on quarter boundaries in
// Shanghai. The expected numbers for 2026Q2 (and Q1, the previous period) are worked out in EXPECTED below.
import type { DB } from "../../src/db/database";
import { type EventInput, recordEvents } from "../../src/db/events";
import { LEVELS } from "../../src/domain/settings";
import type { ChatUser, Harness } from "./harness";
import { reportRow } from "./report-rows";

export const STATS_ROSTER = `姓名,身份,单位,单位类型,手机
张明,常委,民建县委会,民主党派,13800000001
李华,委员,民建县委会,民主党派,13800000002
王芳,特邀信息员,经济界,界别,13800000003
赵强,委员,经济界,界别,13800000004
周敏,常委,经济界,界别,13800000007
陈静,工作人员,县政协办公室,其他,13800000005
刘洋,管理员,县政协办公室,其他,13800000006
孙伟,领导,县政协办公室,其他,
`;

/** 10:00 in Shanghai on a 2026 date ("04-03"). */
const day = (monthDay: string) => `2026-${monthDay}T02:00:00.000Z`;

export interface StatsWorld {
  ids: Record<string, number>;
  units: Record<string, number>;
  reports: Record<string, number>;
}

async function idsOf(db: DB, table: "people" | "units"): Promise<Record<string, number>> {
  const rows = await db.selectFrom(table).select(["id", "name"]).execute();
  return Object.fromEntries(rows.map((r) => [r.name, r.id]));
}

/** Writes the reports and their histories into a database whose roster is STATS_ROSTER. */
export async function seedStatsReports(db: DB): Promise<StatsWorld> {
  const ids = await idsOf(db, "people");
  const units = await idsOf(db, "units");
  const A = units.民建县委会!;
  const B = units.经济界!;
  const C = units.县政协办公室!;
  const staff = ids.陈静!;
  const report = (authors: string[], unit: number, submittedAt: string) =>
    reportRow(
      db,
      authors.map((name) => ids[name]!),
      unit,
      { submittedAt },
    );
  const step = async (reportId: number, at: string, events: EventInput[]) => {
    const { version } = await db
      .selectFrom("reports")
      .select("version")
      .where("id", "=", reportId)
      .executeTakeFirstOrThrow();
    const result = await recordEvents(db, {
      reportId,
      version,
      actorId: staff,
      events,
      ownLevel: "county",
      levels: LEVELS,
      now: new Date(at),
    });
    if (result.kind !== "recorded") throw new Error(`step refused: ${JSON.stringify(result)}`);
  };
  const r: Record<string, number> = {};

  // The first quarter (the previous period of 2026Q2).
  r.R1 = await report(["张明"], A, day("01-10"));
  await step(r.R1, day("01-12"), [
    { kind: "accepted" },
    { kind: "adopted", level: "county", mode: "single" },
  ]);
  await step(r.R1, day("04-25"), [{ kind: "forwarded", level: "city" }]);
  await step(r.R1, day("05-05"), [{ kind: "adopted", level: "city", mode: "single" }]);
  r.R2 = await report(["王芳"], B, day("02-05"));
  await step(r.R2, day("02-06"), [{ kind: "rejected", note: "属于镇街层面可以解决的问题" }]);
  // Submitted at 23:00 on 31 March, accepted at 00:30 on 1 April (Shanghai): Q1, then Q2.
  r.R3 = await report(["李华"], A, "2026-03-31T15:00:00.000Z");
  await step(r.R3, "2026-03-31T16:30:00.000Z", [{ kind: "accepted" }]);
  await step(r.R3, day("04-02"), [{ kind: "adopted", level: "county", mode: "combined" }]);

  // The second quarter.
  r.R4 = await report(["张明", "李华"], A, day("04-03"));
  await step(r.R4, day("04-05"), [
    { kind: "accepted" },
    { kind: "adopted", level: "county", mode: "single" },
  ]);
  await step(r.R4, day("04-06"), [{ kind: "forwarded", level: "city" }]);
  await step(r.R4, day("04-20"), [{ kind: "adopted", level: "city", mode: "combined" }]);
  await step(r.R4, day("05-10"), [{ kind: "adopted", level: "city", mode: "single" }]);
  await step(r.R4, day("05-12"), [{ kind: "instructed", level: "county", note: "县长批示" }]);
  await step(r.R4, day("05-15"), [{ kind: "instructed", level: "city", note: "市长批示" }]);
  await step(r.R4, day("05-20"), [{ kind: "transferred", department: "县水利局" }]);
  r.R5 = await report(["王芳"], B, day("04-10"));
  await step(r.R5, day("04-11"), [
    { kind: "accepted" },
    { kind: "adopted", level: "county", mode: "combined" },
  ]);
  await step(r.R5, day("04-15"), [{ kind: "forwarded", level: "province" }]);
  await step(r.R5, day("06-01"), [{ kind: "adopted", level: "province", mode: "single" }]);
  // Returned, then resubmitted without its co-author (as the submit flow does), then accepted.
  r.R6 = await report(["赵强", "周敏"], B, day("04-12"));
  await step(r.R6, day("04-13"), [{ kind: "returned", note: "请补充数据" }]);
  await db
    .updateTable("reports")
    .set((eb) => ({ status: "submitted", submitted_at: day("04-20"), version: eb("version", "+", 1) }))
    .where("id", "=", r.R6)
    .execute();
  await db.deleteFrom("report_authors").where("report_id", "=", r.R6).where("position", ">", 0).execute();
  await db
    .insertInto("report_events")
    .values({
      report_id: r.R6,
      kind: "resubmitted",
      actor_id: ids.赵强!,
      level: null,
      mode: null,
      note: null,
      department: null,
      created_at: day("04-20"),
    })
    .execute();
  await step(r.R6, day("04-21"), [{ kind: "accepted" }]);
  r.R7 = await report(["周敏"], B, day("05-01"));
  await step(r.R7, day("05-02"), [{ kind: "rejected", note: "与已有信息重复" }]);
  r.R8 = await report(["周敏", "王芳", "赵强"], B, day("05-05"));
  await step(r.R8, day("05-06"), [
    { kind: "accepted" },
    { kind: "adopted", level: "county", mode: "single" },
  ]);
  await step(r.R8, day("05-07"), [{ kind: "forwarded", level: "national" }]);
  await step(r.R8, day("06-15"), [{ kind: "adopted", level: "national", mode: "combined" }]);
  await step(r.R8, day("06-20"), [{ kind: "instructed", level: "province", note: "省领导批示" }]);
  // 23:59 on 30 June in Shanghai (Q2) and 00:00 on 1 July (Q3).
  r.R9 = await report(["李华"], A, "2026-06-30T15:59:00.000Z");
  r.R10 = await report(["张明"], A, "2026-06-30T16:00:00.000Z");
  r.R11 = await report(["孙伟"], C, day("05-20"));
  await step(r.R11, day("05-21"), [{ kind: "accepted" }]);
  await step(r.R11, day("05-22"), [{ kind: "transferred", department: "县住建局" }]);
  r.R12 = await report(["张明"], A, day("06-02"));
  r.R13 = await report(["李华"], A, day("06-05"));
  await step(r.R13, day("06-06"), [{ kind: "returned", note: "一事一报" }]);
  return { ids, units, reports: r };
}

/** Imports the roster, binds 李华 (member, 102), 陈静 (staff, 200), 刘洋 (admin, 300), 孙伟 (leader, 400). */
export async function seedStatsHarness(h: Harness) {
  await h.importRosterCsv(STATS_ROSTER);
  const bind = async (id: number, name: string): Promise<ChatUser> => {
    const user = h.user(id, { firstName: name });
    await user.send(`/start ${await h.inviteCodeOf(name)}`);
    return user;
  };
  const users = {
    member: await bind(102, "李华"),
    staff: await bind(200, "陈静"),
    admin: await bind(300, "刘洋"),
    leader: await bind(400, "孙伟"),
  };
  const world = await seedStatsReports(h.db);
  return { ...users, world };
}

/**
 * The hand count for 2026Q2, previous period 2026Q1 (points: county single 5 / combined 2, city 10 / 5,
 * province 20 / 10, national 30 / 15; instructions 5 / 10 / 15 / 30; transfer 1):
 * - R1 city single 10 · R3 county combined 2 · R4 5 + max(5, 10) + 5 + 10 + 1 = 31 (张明 15.5, 李华 15.5)
 *   · R5 2 + 20 = 22 · R8 5 + 15 + 15 = 35 (周敏, 王芳, 赵强 35/3 each) · R11 1 → 101 in all.
 * - Units: 经济界 22 + 35 = 57, 民建县委会 10 + 2 + 31 = 43, 县政协办公室 1.
 * - Quota for a quarter: member 1 (1 a year, rounded up), standing 1 (2 a year), informant 3 (1 a month).
 *   Q2: 张明 2 (R4, R12) ✓, 李华 3 (R4, R9, R13) ✓, 王芳 2 (R5, R8) ✗, 赵强 2 (R6, R8) ✓, 周敏 1 (R8; R7 was
 *   rejected) ✓ → 4 of 5. Q1: 张明 (R1) ✓, 李华 (R3) ✓, 王芳 (R2 rejected) ✗, 赵强 ✗, 周敏 ✗ → 2 of 5.
 */
export const EXPECTED_Q2_ZH = [
  "📊 政协2026年第二季度社情民意信息统计",
  "括号内为与上期（2026年第一季度）相比的变化。",
  "",
  "报送信息：9篇（+6）",
  "审核：录用6篇（+5），退回修改2篇（+2），不予录用1篇（±0）",
  "采用：5篇（+4）",
  "· 县级：单篇2篇（+1），综合2篇（+2）",
  "· 市级：单篇2篇（+2），综合0篇（±0）",
  "· 省级：单篇1篇（+1），综合0篇（±0）",
  "· 全国：单篇0篇（±0），综合1篇（+1）",
  "领导批示：3件（+3）",
  "领导阅批：0件（±0）",
  "转办：2篇（+2）",
  "采用率：33%（上期33%，变化±0个百分点）",
  "完成报送任务：4／5人（80%；上期2／5人）",
  "积分：101分（+96）",
  "",
  "单位积分前5名：",
  "1. 经济界 — 57分（报送4，采用2）",
  "2. 民建县委会 — 43分（报送4，采用3）",
  "3. 县政协办公室 — 1分（报送1，采用0）",
  "",
  "个人积分前5名：",
  "1. 王芳（经济界）— 33.67分（报送2，采用2）",
  "2. 张明（民建县委会）— 25.5分（报送2，采用2）",
  "3. 李华（民建县委会）— 17.5分（报送3，采用2）",
  "4. 赵强（经济界）— 11.67分（报送2，采用1）",
  "4. 周敏（经济界）— 11.67分（报送2，采用1）",
  "",
  "说明：报送按提交时间统计；录用、退回、采用、批示、转办和积分按办理时间统计；采用率为本期报送的信息中到期末已被采用的比例；完成任务按各自的报送任务折算到本期计算。",
  "发送 /rank 2026Q2 查看完整排名，/export 2026Q2 导出 Excel 通报。",
].join("\n");

export const EXPECTED_RANK_UNITS_ZH = [
  "🏆 2026年第二季度单位积分排名（第1–3名，共3个单位）",
  "",
  "1. 经济界 — 57分：报送4，采用2，批示1，采用率50%",
  "2. 民建县委会 — 43分：报送4，采用3，批示2，采用率25%",
  "3. 县政协办公室 — 1分：报送1，采用0，批示0，采用率0%",
].join("\n");

export const EXPECTED_RANK_PEOPLE_ZH = [
  "🏆 2026年第二季度个人积分排名（第1–6名，共6人）",
  "",
  "1. 王芳（经济界）— 33.67分：报送2，采用2，批示1，采用率100%",
  "2. 张明（民建县委会）— 25.5分：报送2，采用2，批示2，采用率50%",
  "3. 李华（民建县委会）— 17.5分：报送3，采用2，批示2，采用率33%",
  "4. 赵强（经济界）— 11.67分：报送2，采用1，批示1，采用率50%",
  "4. 周敏（经济界）— 11.67分：报送2，采用1，批示1，采用率50%",
  "6. 孙伟（县政协办公室）— 1分：报送1，采用0，批示0，采用率0%",
].join("\n");
