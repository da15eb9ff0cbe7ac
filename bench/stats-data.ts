// The dataset of section 2 (stats at scale): a county committee grown to 100,000 people in 200 units with
// 1,000,000 reports over 2025–2026 and about 3,000,000 events, every report's history consistent with its
// status (src/domain/lifecycle.ts). Generated once into an embedded file and cached in os.tmpdir() under a
// key of the generator version, the sizes and the schema, because it takes minutes.
//
// How: the rows are drawn in JavaScript with a seeded PRNG (the same data every time) and sent in batches of
// thousands as one JSON parameter that SQLite expands with json_each, inside one transaction; the live stats
// triggers are dropped while the base tables fill and the counters are then built by `rebuildStats`, the
// replay through the same trigger code that the 0007 migration runs on existing data. Report texts are short
// (about 130 characters) so the file stays around a gigabyte; real reports are ten times longer, which only
// matters to queries that read report rows, and /stats, /rank and the standings read none.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { type Client, createClient, type Transaction } from "@libsql/client";
import { openDatabase } from "../src/db/database";
import { MIGRATIONS, migrateToLatest } from "../src/db/migrations";
import { rebuildStats, statsStoreDdl } from "../src/db/stats-store";
import { EVENT_KINDS, type EventKind } from "../src/domain/lifecycle";
import { DEFAULT_SETTINGS } from "../src/domain/settings";
import { seededRandom } from "./measure";
import { progress } from "./support";

/** Bump when the generated data changes: a cached database of another version is not used. */
export const GENERATOR_VERSION = 1;

/** The bench's "now": late in 2026, so 2026 is the current year and 2026Q3 the quarter just ended. */
export const BENCH_NOW = new Date("2026-11-20T02:00:00.000Z");
/** 2025-01-01 00:00 in Shanghai. */
const DATA_START = Date.parse("2024-12-31T16:00:00.000Z");
/** Submissions stop two days before now; steps after now are not recorded. */
const DATA_END = BENCH_NOW.getTime() - 2 * 86_400_000;
const DAY = 86_400_000;

export interface DatasetSize {
  people: number;
  reports: number;
  units: number;
}

export const FULL_SIZE: DatasetSize = { people: 100_000, reports: 1_000_000, units: 200 };
export const QUICK_SIZE: DatasetSize = { people: 2_000, reports: 20_000, units: 40 };

/** The accounts that ask: bound, in the office unit. */
export const LEADER_TELEGRAM_ID = 900_000_001;
export const STAFF_TELEGRAM_ID = 900_000_002;

export interface Dataset {
  /** The database file (checkpointed, no WAL): copy it before writing to it. */
  file: string;
  size: DatasetSize;
  rows: { units: number; people: number; reports: number; authors: number; events: number; buckets: number };
  /** Events by kind. */
  kinds: Record<string, number>;
  /** Reports by status. */
  statuses: Record<string, number>;
  /** Drawing and inserting the base rows. */
  insertMs: number;
  /** rebuildStats over them (the counters). */
  rebuildMs: number;
  bytes: number;
  generatedAt: string;
  /** True when this run generated it, false when it came from the cache. */
  fresh: boolean;
}

// ---- names and texts -------------------------------------------------------------------------------

const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
const GIVEN =
  "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彬鹏辉斌宇浩凯健俊帆帅旭宁龙林欣佳颖晨雪琳晶";
const HAN =
  "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质";

const PARTIES = [
  "民革县委会",
  "民盟县委会",
  "民建县委会",
  "民进县委会",
  "农工党县委会",
  "致公党县委会",
  "九三学社县委会",
  "台盟县支部",
];
const COMMITTEES = [
  "提案委员会",
  "经济委员会",
  "农业和农村委员会",
  "人口资源环境委员会",
  "教科卫体委员会",
  "社会和法制委员会",
  "民族宗教委员会",
  "港澳台侨和外事委员会",
  "文化文史和学习委员会",
  "委员联络委员会",
];
const SECTORS = [
  "中共界",
  "经济界",
  "农业界",
  "教育界",
  "科技界",
  "医药卫生界",
  "文化艺术界",
  "体育界",
  "新闻出版界",
  "社会福利界",
  "妇联界",
  "青联界",
  "工会界",
  "少数民族界",
  "宗教界",
];
const DEPARTMENTS = [
  "县住建局",
  "县教育局",
  "县卫健委",
  "县交通运输局",
  "县农业农村局",
  "县生态环境局",
  "县民政局",
  "县市场监管局",
  "县水利局",
  "县城管局",
];
const TOPICS = [
  "农村饮水安全",
  "老旧小区改造",
  "校园周边交通",
  "养老服务",
  "乡村道路养护",
  "农贸市场管理",
  "基层医疗",
  "垃圾分类",
  "河道治理",
  "停车难",
  "小微企业融资",
  "农村电商",
  "托育服务",
  "新就业形态劳动者权益",
  "文旅融合",
  "耕地保护",
  "社区食堂",
  "电动自行车充电",
  "背街小巷整治",
  "防汛排涝",
];

function hanText(random: () => number, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += HAN[Math.floor(random() * HAN.length)];
  return `${out}。`;
}

function personName(id: number): string {
  const g = GIVEN.length;
  const s = SURNAMES[id % SURNAMES.length]!;
  const rest = Math.floor(id / SURNAMES.length);
  // Two given characters plus, beyond the combinations they give, a number: names stay unique.
  const name = `${s}${GIVEN[rest % g]}${GIVEN[Math.floor(rest / g) % g]}`;
  const round = Math.floor(rest / (g * g));
  return round === 0 ? name : `${name}${round}`;
}

// ---- the cache -------------------------------------------------------------------------------------

async function schemaKey(): Promise<string> {
  const names = Object.keys(MIGRATIONS).join(",");
  return createHash("sha256").update(names).update(statsStoreDdl().join(";")).digest("hex").slice(0, 10);
}

const CACHE_PREFIX = "minyi-bench-stats-";

/** The generated database for `size`, from the cache when it holds one for this generator and schema. */
export async function loadDataset(size: DatasetSize): Promise<Dataset> {
  const key = `${CACHE_PREFIX}g${GENERATOR_VERSION}-${size.people}p-${size.reports}r-${await schemaKey()}`;
  const dir = join(os.tmpdir(), key);
  const infoFile = join(dir, "dataset.json");
  const file = join(dir, "minyi.db");
  if (existsSync(infoFile) && existsSync(file)) {
    const info = JSON.parse(readFileSync(infoFile, "utf8")) as Dataset;
    progress(`stats: using the cached dataset ${dir}`);
    return { ...info, file, fresh: false };
  }
  // Other versions of the same size take a gigabyte each: keep one.
  for (const entry of readdirSync(os.tmpdir()))
    if (entry.startsWith(CACHE_PREFIX) && entry.includes(`-${size.people}p-${size.reports}r-`))
      rmSync(join(os.tmpdir(), entry), { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const dataset = await generate(file, size);
  writeFileSync(infoFile, JSON.stringify(dataset, null, 2));
  return dataset;
}

// ---- generation ------------------------------------------------------------------------------------

// Events are generated as indexes into the event kinds, in their order.
const KINDS = EVENT_KINDS;
type Kind = EventKind;
const K = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<Kind, number>;
const LEVEL_NAMES = [null, "county", "city", "province", "national"] as const;
const MODE_NAMES = [null, "single", "combined"] as const;

/** Events of all reports in columns; sorted by time before insertion, so ids follow time as in production. */
class EventColumns {
  length = 0;
  report = new Uint32Array(0);
  seq = new Uint8Array(0);
  kind = new Uint8Array(0);
  level = new Uint8Array(0);
  mode = new Uint8Array(0);
  actor = new Uint32Array(0);
  extra = new Uint8Array(0);
  time = new Float64Array(0);

  constructor(capacity: number) {
    this.grow(capacity);
  }

  private grow(capacity: number) {
    const copy = <T extends Uint8Array | Uint32Array | Float64Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.report = copy(this.report, (n) => new Uint32Array(n));
    this.seq = copy(this.seq, (n) => new Uint8Array(n));
    this.kind = copy(this.kind, (n) => new Uint8Array(n));
    this.level = copy(this.level, (n) => new Uint8Array(n));
    this.mode = copy(this.mode, (n) => new Uint8Array(n));
    this.actor = copy(this.actor, (n) => new Uint32Array(n));
    this.extra = copy(this.extra, (n) => new Uint8Array(n));
    this.time = copy(this.time, (n) => new Float64Array(n));
  }

  push(
    report: number,
    seq: number,
    kind: number,
    time: number,
    actor: number,
    level = 0,
    mode = 0,
    extra = 0,
  ) {
    if (this.length === this.report.length) this.grow(this.length * 2);
    const i = this.length++;
    this.report[i] = report;
    this.seq[i] = seq;
    this.kind[i] = kind;
    this.level[i] = level;
    this.mode[i] = mode;
    this.actor[i] = actor;
    this.extra[i] = extra;
    this.time[i] = time;
  }
}

interface Step {
  kind: number;
  time: number;
  actor: number;
  level?: number;
  mode?: number;
  extra?: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

async function insertJson(tx: Transaction, sql: string, rows: unknown[][]): Promise<void> {
  if (rows.length > 0) await tx.execute({ sql, args: [JSON.stringify(rows)] });
}

/** INSERT … SELECT value->>0, value->>1, … FROM json_each(?) for the columns given. */
function jsonInsert(table: string, columns: readonly string[]): string {
  return `INSERT INTO ${table} (${columns.join(", ")}) SELECT ${columns
    .map((_, i) => `value->>${i}`)
    .join(", ")} FROM json_each(?)`;
}

const BATCH = 10_000;
const LIVE_TRIGGERS = ["stats_reports_insert", "stats_authors_insert", "stats_events_insert"];

async function generate(file: string, size: DatasetSize): Promise<Dataset> {
  const started = performance.now();
  const random = seededRandom(20260815);
  const client: Client = createClient({ url: `file:${file}` });
  await client.execute("PRAGMA journal_mode = WAL");
  // Generation only: the measured runs reopen the file as production does.
  await client.execute("PRAGMA synchronous = OFF");
  await client.execute("PRAGMA cache_size = -1000000");
  const db = openDatabase(client);
  await migrateToLatest(db);
  for (const trigger of LIVE_TRIGGERS) await client.execute(`DROP TRIGGER ${trigger}`);

  const tx = await client.transaction("write");
  const created = iso(DATA_START - 30 * DAY);

  // Units: parties, the federation, special committees, sectors, township offices, and the office last.
  const unitRows: unknown[][] = [];
  const add = (name: string, type: string) => unitRows.push([unitRows.length + 1, name, type, created]);
  for (const name of PARTIES) add(name, "party");
  add("县工商联", "federation");
  for (const name of COMMITTEES) add(name, "committee");
  for (const name of SECTORS) add(name, "sector");
  while (unitRows.length < size.units - 1) add(`第${unitRows.length + 1}镇街政协工作室`, "township");
  add("县政协办公室", "other");
  const officeUnit = unitRows.length;
  await insertJson(tx, jsonInsert("units", ["id", "name", "type", "created_at"]), unitRows);

  // People: office staff and leaders first, then writers spread over the other units. Each writer gets a
  // weight: informants (a report a month) write most, standing members more than members, and within a
  // role activity is skewed; one writer in six sends nothing at all.
  const office = { staff: 20, leader: 5, admin: 1 };
  const roles: string[] = [];
  for (const [role, n] of Object.entries(office)) for (let i = 0; i < n; i++) roles.push(role);
  const staffIds = roles.flatMap((role, i) => (role === "staff" ? [i + 1] : []));
  const unitOf = new Uint32Array(size.people + 1);
  const weight = new Float64Array(size.people + 1);
  const writersOfUnit: number[][] = Array.from({ length: size.units + 1 }, () => []);
  const peopleRows: unknown[][] = [];
  const flush = async (force = false) => {
    if (peopleRows.length >= BATCH || (force && peopleRows.length > 0)) {
      await insertJson(
        tx,
        jsonInsert("people", [
          "id",
          "name",
          "role",
          "unit_id",
          "phone",
          "telegram_id",
          "invite_code",
          "active",
          "bound_at",
          "created_at",
          "updated_at",
        ]),
        peopleRows,
      );
      peopleRows.length = 0;
    }
  };
  for (let id = 1; id <= size.people; id++) {
    let role = roles[id - 1];
    let unit = officeUnit;
    if (role === undefined) {
      const r = random();
      role = r < 0.1 ? "informant" : r < 0.25 ? "standing" : "member";
      unit = 1 + Math.floor(random() * (size.units - 1));
      const base = role === "informant" ? 4 : role === "standing" ? 2 : 1;
      const activity = random() < 1 / 6 ? 0 : -Math.log(1 - random());
      weight[id] = base * activity * activity;
      writersOfUnit[unit]!.push(id);
    }
    unitOf[id] = unit;
    const telegramId =
      role === "leader" && id === office.staff + 1
        ? LEADER_TELEGRAM_ID
        : role === "staff" && id === 1
          ? STAFF_TELEGRAM_ID
          : unit === officeUnit || random() < 0.75
            ? 7_000_000_000 + id
            : null;
    peopleRows.push([
      id,
      personName(id),
      role,
      unit,
      `138${String(id).padStart(8, "0")}`,
      telegramId,
      telegramId === null ? `inv${id.toString(36)}x${Math.floor(random() * 1e9).toString(36)}` : null,
      unit === officeUnit || random() >= 0.02 ? 1 : 0,
      telegramId === null ? null : created,
      created,
      created,
    ]);
    await flush();
  }
  await flush(true);

  // Authors are drawn by weight (binary search over the cumulative weights).
  const cumulative = new Float64Array(size.people + 1);
  for (let id = 1; id <= size.people; id++) cumulative[id] = cumulative[id - 1]! + weight[id]!;
  const totalWeight = cumulative[size.people]!;
  const drawAuthor = () => {
    const x = random() * totalWeight;
    let lo = 1;
    let hi = size.people;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  // Submission times, sorted: report ids follow time, as they do in production.
  const times = new Float64Array(size.reports);
  for (let i = 0; i < size.reports; i++) times[i] = DATA_START + random() * (DATA_END - DATA_START);
  times.sort();

  const situations = Array.from({ length: 64 }, () => hanText(random, 40 + Math.floor(random() * 30)));
  const analyses = Array.from({ length: 64 }, () => hanText(random, 20 + Math.floor(random() * 20)));
  const suggestionTexts = Array.from({ length: 64 }, () => hanText(random, 30 + Math.floor(random() * 30)));
  const reasons = DEFAULT_SETTINGS.rejectReasons;
  const categories = DEFAULT_SETTINGS.categories;
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const between = (min: number, max: number) => (min + random() * (max - min)) * DAY;

  const events = new EventColumns(size.reports * 4);
  const statuses: Record<string, number> = {};
  const reportRows: unknown[][] = [];
  const authorRows: unknown[][] = [];
  const reportColumns = [
    "id",
    "author_id",
    "unit_id",
    "title",
    "category",
    "situation",
    "analysis",
    "suggestions",
    "urgent",
    "status",
    "version",
    "revision",
    "submitted_at",
    "staff_notified_at",
    "created_at",
    "updated_at",
  ];
  const flushReports = async (force = false) => {
    if (reportRows.length >= BATCH || (force && reportRows.length > 0)) {
      await insertJson(tx, jsonInsert("reports", reportColumns), reportRows);
      await insertJson(tx, jsonInsert("report_authors", ["report_id", "person_id", "position"]), authorRows);
      reportRows.length = 0;
      authorRows.length = 0;
    }
  };

  for (let i = 0; i < size.reports; i++) {
    const id = i + 1;
    const submittedAt = times[i]!;
    const author = drawAuthor();
    const unit = unitOf[author]!;
    const authors = [author];
    const extra = random();
    const colleagues = writersOfUnit[unit]!;
    for (let n = extra < 0.02 ? 2 : extra < 0.12 ? 1 : 0; n > 0 && colleagues.length > authors.length; ) {
      const other = pick(colleagues);
      if (!authors.includes(other)) {
        authors.push(other);
        n--;
      }
    }
    const staff = pick(staffIds);

    // The history, each step after the one it needs.
    const steps: Step[] = [];
    let firstSubmitted = submittedAt;
    if (random() < 0.03) {
      firstSubmitted = submittedAt - between(4, 12);
      steps.push({ kind: K.submitted, time: firstSubmitted, actor: author });
      steps.push({ kind: K.returned, time: firstSubmitted + between(1, 3), actor: staff, extra: 1 });
      steps.push({ kind: K.resubmitted, time: submittedAt, actor: author });
    } else steps.push({ kind: K.submitted, time: submittedAt, actor: author });
    const decided = submittedAt + between(0.2, 6);
    const decision = random();
    if (decision < 0.05) {
      // still waiting for review
    } else if (decision < 0.15) steps.push({ kind: K.rejected, time: decided, actor: staff, extra: 2 });
    else if (decision < 0.2) steps.push({ kind: K.returned, time: decided, actor: staff, extra: 1 });
    else {
      steps.push({ kind: K.accepted, time: decided, actor: staff });
      const single = () => (random() < 0.65 ? 1 : 2);
      if (random() < 0.45) {
        const adopted = decided + between(1, 20);
        steps.push({ kind: K.adopted, time: adopted, actor: staff, level: 1, mode: single() });
        if (random() < 0.04)
          steps.push({
            kind: K.instructed,
            time: adopted + between(2, 30),
            actor: staff,
            level: 1,
            extra: 3,
          });
      }
      if (random() < 0.4) {
        const forwarded = decided + between(2, 10);
        steps.push({ kind: K.forwarded, time: forwarded, actor: staff, level: 2 });
        for (const [level, share, from, to] of [
          [2, 0.45, 10, 60],
          [3, 0.12, 20, 90],
          [4, 0.006, 30, 150],
        ] as const) {
          if (random() >= share) continue;
          const adopted = forwarded + between(from, to);
          steps.push({ kind: K.adopted, time: adopted, actor: staff, level, mode: single() });
          if (random() < 0.06)
            steps.push({ kind: K.instructed, time: adopted + between(3, 40), actor: staff, level, extra: 3 });
        }
      }
      if (random() < 0.15) {
        const transferred = decided + between(12, 40);
        const department = 1 + Math.floor(random() * DEPARTMENTS.length);
        steps.push({ kind: K.transferred, time: transferred, actor: staff, extra: department });
        if (random() < 0.75) {
          const replied = transferred + between(10, 60);
          steps.push({ kind: K.replied, time: replied, actor: staff, extra: department });
          if (random() < 0.6) steps.push({ kind: K.closed, time: replied + between(1, 10), actor: staff });
        }
      }
    }
    // Nothing after now; the status is where the recorded steps lead.
    const kept = steps.filter((s) => s.time < BENCH_NOW.getTime()).sort((a, b) => a.time - b.time);
    const has = (kind: number) => kept.some((s) => s.kind === kind);
    const last = kept.at(-1)!;
    const status = has(K.rejected)
      ? "rejected"
      : kept.findLast((s) => s.kind === K.returned || s.kind === K.resubmitted)?.kind === K.returned
        ? "returned"
        : has(K.closed)
          ? "closed"
          : has(K.transferred)
            ? "transferred"
            : has(K.forwarded)
              ? "forwarded"
              : has(K.accepted)
                ? "accepted"
                : "submitted";
    statuses[status] = (statuses[status] ?? 0) + 1;
    for (const [seq, s] of kept.entries())
      events.push(id, seq, s.kind, s.time, s.actor, s.level ?? 0, s.mode ?? 0, s.extra ?? 0);

    const topic = pick(TOPICS);
    reportRows.push([
      id,
      author,
      unit,
      `关于${topic}的建议`,
      pick(categories),
      pick(situations),
      pick(analyses),
      pick(suggestionTexts),
      random() < 0.03 ? 1 : 0,
      status,
      kept.length,
      firstSubmitted === submittedAt ? 1 : 2,
      iso(submittedAt),
      iso(submittedAt + 60_000),
      iso(firstSubmitted),
      iso(last.time),
    ]);
    for (const [position, person] of authors.entries()) authorRows.push([id, person, position]);
    await flushReports();
    if (id % 200_000 === 0) progress(`stats: ${id.toLocaleString("en-US")} reports drawn and inserted`);
  }
  await flushReports(true);

  // Events in time order (then report, then step): ids grow with time as in production.
  const order = new Uint32Array(events.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort(
    (a, b) =>
      events.time[a]! - events.time[b]! ||
      events.report[a]! - events.report[b]! ||
      events.seq[a]! - events.seq[b]!,
  );
  const kinds: Record<string, number> = {};
  const eventSql = jsonInsert("report_events", [
    "report_id",
    "kind",
    "actor_id",
    "level",
    "mode",
    "note",
    "department",
    "created_at",
  ]);
  let eventRows: unknown[][] = [];
  for (const i of order) {
    const kind = KINDS[events.kind[i]!]!;
    kinds[kind] = (kinds[kind] ?? 0) + 1;
    const extra = events.extra[i]!;
    const note =
      kind === "returned"
        ? "请补充具体数据和典型案例后再报"
        : kind === "rejected"
          ? reasons[(events.report[i]! * 7) % reasons.length]!
          : kind === "instructed"
            ? "请有关部门认真研究，提出办理意见"
            : kind === "replied"
              ? "已研究办理，具体答复如下：已列入年度计划。"
              : null;
    const department = kind === "transferred" || kind === "replied" ? DEPARTMENTS[extra - 1]! : null;
    eventRows.push([
      events.report[i],
      kind,
      events.actor[i],
      LEVEL_NAMES[events.level[i]!],
      MODE_NAMES[events.mode[i]!],
      note,
      department,
      iso(events.time[i]!),
    ]);
    if (eventRows.length >= BATCH) {
      await insertJson(tx, eventSql, eventRows);
      eventRows = [];
    }
  }
  await insertJson(tx, eventSql, eventRows);
  await tx.commit();
  tx.close();
  for (const statement of statsStoreDdl())
    if (LIVE_TRIGGERS.some((name) => statement.startsWith(`CREATE TRIGGER ${name} `)))
      await client.execute(statement);
  const insertMs = performance.now() - started;
  progress(`stats: base rows inserted in ${(insertMs / 1000).toFixed(0)} s; building the counters`);

  const rebuildStarted = performance.now();
  await db
    .transaction()
    .execute((trx) =>
      rebuildStats(
        trx,
        { timeZone: DEFAULT_SETTINGS.timeZone, ownLevel: DEFAULT_SETTINGS.ownLevel },
        BENCH_NOW,
      ),
    );
  const rebuildMs = performance.now() - rebuildStarted;
  progress(`stats: counters built in ${(rebuildMs / 1000).toFixed(0)} s`);

  const count = async (table: string) =>
    Number((await client.execute(`SELECT COUNT(*) AS n FROM ${table}`)).rows[0]!.n);
  const rows = {
    units: await count("units"),
    people: await count("people"),
    reports: await count("reports"),
    authors: await count("report_authors"),
    events: await count("report_events"),
    buckets: await count("stats_buckets"),
  };
  await client.execute("PRAGMA wal_checkpoint(TRUNCATE)");
  await db.destroy();
  client.close();
  return {
    file,
    size,
    rows,
    kinds,
    statuses,
    insertMs,
    rebuildMs,
    bytes: statSync(file).size,
    generatedAt: new Date().toISOString(),
    fresh: true,
  };
}
