// A world for job tests: an in-memory database seeded row by row (dates chosen by the test), the fake Bot API
// behind an Api without auto-retry (as production jobs use), and a fake clock whose sleep records each wait and
// moves time on, so pacing and retries take no real time and can be asserted.
import { createI18n } from "../../src/bot/i18n";
import type { DB } from "../../src/db/database";
import type { Role } from "../../src/domain/roles";
import { createOutboxApi } from "../../src/jobs/outbox";
import type { JobDeps } from "../../src/jobs/registry";
import { createLogger } from "../../src/logger";
import { readLocales } from "../../src/node-runtime";
import { FakeTelegram } from "./fake-telegram";
import { memoryDatabase, TEST_TOKEN } from "./harness";

export class FakeClock {
  /** Every wait asked for, in order (ms). */
  readonly sleeps: number[] = [];
  private t: number;

  constructor(start: string | Date) {
    this.t = new Date(start).getTime();
  }

  readonly now = (): Date => new Date(this.t);

  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.t += ms;
  };

  set(at: string | Date): void {
    this.t = new Date(at).getTime();
  }
}

export interface JobWorld {
  db: DB;
  telegram: FakeTelegram;
  clock: FakeClock;
  deps: JobDeps;
}

const i18n = createI18n(readLocales());

export async function jobWorld(start: string | Date = "2026-06-01T01:00:00Z"): Promise<JobWorld> {
  const db = await memoryDatabase();
  const telegram = new FakeTelegram();
  const clock = new FakeClock(start);
  const deps: JobDeps = {
    db,
    api: createOutboxApi(TEST_TOKEN, { apiRoot: "http://fake-telegram.invalid", fetch: telegram.fetch }),
    log: createLogger(process.env.TEST_LOG === "1" ? "debug" : "silent"),
    i18n,
    delivery: { clock: clock.now, sleep: clock.sleep },
  };
  return { db, telegram, clock, deps };
}

const SEEDED_AT = "2025-12-01T00:00:00.000Z";

export async function addUnit(db: DB, name: string, type = "party"): Promise<number> {
  const row = await db
    .insertInto("units")
    .values({ name, type, created_at: SEEDED_AT })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface PersonSeed {
  name: string;
  role: Role;
  unitId?: number | null;
  telegramId?: number | null;
  language?: "zh" | "en";
  active?: boolean;
}

export async function addPerson(db: DB, seed: PersonSeed): Promise<number> {
  const row = await db
    .insertInto("people")
    .values({
      name: seed.name,
      role: seed.role,
      unit_id: seed.unitId ?? null,
      phone: null,
      telegram_id: seed.telegramId ?? null,
      telegram_username: null,
      invite_code: null,
      active: seed.active === false ? 0 : 1,
      bound_at: seed.telegramId ? SEEDED_AT : null,
      created_at: SEEDED_AT,
      updated_at: SEEDED_AT,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (seed.language && seed.telegramId)
    await db
      .insertInto("user_prefs")
      .values({ telegram_id: seed.telegramId, language: seed.language, updated_at: SEEDED_AT })
      .execute();
  return row.id;
}

export interface ReportSeed {
  authorId: number;
  coauthorIds?: number[];
  /** Defaults to the author's unit. */
  unitId?: number | null;
  submittedAt: string;
  status?: string;
  title?: string;
  urgent?: boolean;
  revision?: number;
  staffNotifiedAt?: string | null;
}

export async function addReport(db: DB, seed: ReportSeed): Promise<number> {
  const author = await db
    .selectFrom("people")
    .select("unit_id")
    .where("id", "=", seed.authorId)
    .executeTakeFirstOrThrow();
  const row = await db
    .insertInto("reports")
    .values({
      author_id: seed.authorId,
      unit_id: seed.unitId === undefined ? author.unit_id : seed.unitId,
      title: seed.title ?? "关于加强农村饮水安全管理的建议",
      category: "其他",
      situation: "情况",
      analysis: "",
      suggestions: "建议",
      urgent: seed.urgent ? 1 : 0,
      status: seed.status ?? "submitted",
      revision: seed.revision ?? 1,
      source_draft_id: null,
      submitted_at: seed.submittedAt,
      staff_notified_at: seed.staffNotifiedAt === undefined ? seed.submittedAt : seed.staffNotifiedAt,
      created_at: seed.submittedAt,
      updated_at: seed.submittedAt,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const authors = [seed.authorId, ...(seed.coauthorIds ?? [])];
  await db
    .insertInto("report_authors")
    .values(authors.map((person_id, position) => ({ report_id: row.id, person_id, position })))
    .execute();
  return row.id;
}

export async function addEvent(
  db: DB,
  reportId: number,
  kind: string,
  at: string,
  extra: { level?: string; mode?: string } = {},
): Promise<void> {
  await db
    .insertInto("report_events")
    .values({
      report_id: reportId,
      kind,
      actor_id: null,
      level: extra.level ?? null,
      mode: extra.mode ?? null,
      note: null,
      department: null,
      created_at: at,
    })
    .execute();
}

export async function bindGroup(
  db: DB,
  chatId: number,
  title: string,
  target: number | "all",
): Promise<void> {
  await db
    .insertInto("chats")
    .values({
      id: chatId,
      title,
      type: "supergroup",
      unit_id: target === "all" ? null : target,
      bind_all: target === "all" ? 1 : 0,
      bound_by: null,
      bound_at: SEEDED_AT,
      active: 1,
      updated_at: SEEDED_AT,
    })
    .execute();
}

export async function setSetting(db: DB, key: string, value: unknown): Promise<void> {
  await db
    .insertInto("settings")
    .values({ key, value: JSON.stringify(value), updated_at: SEEDED_AT })
    .onConflict((oc) => oc.column("key").doUpdateSet({ value: JSON.stringify(value) }))
    .execute();
}

/** Texts sent by sendMessage, per chat id. */
export function sentByChat(telegram: FakeTelegram): Map<number, string[]> {
  const out = new Map<number, string[]>();
  for (const call of telegram.callsOf("sendMessage")) {
    const chat = Number(call.payload.chat_id);
    out.set(chat, [...(out.get(chat) ?? []), String(call.payload.text)]);
  }
  return out;
}

/** A small committee: two units, one person of each writer role per unit, staff, a leader. */
export async function seedCommittee(db: DB) {
  const party = await addUnit(db, "民建县委会");
  const sector = await addUnit(db, "经济界", "sector");
  const office = await addUnit(db, "县政协办公室", "other");
  return {
    party,
    sector,
    office,
    standing: await addPerson(db, { name: "张明", role: "standing", unitId: party, telegramId: 101 }),
    member: await addPerson(db, {
      name: "李华",
      role: "member",
      unitId: party,
      telegramId: 102,
      language: "en",
    }),
    informant: await addPerson(db, { name: "王芳", role: "informant", unitId: sector, telegramId: 103 }),
    unbound: await addPerson(db, { name: "赵强", role: "member", unitId: sector }),
    staff: await addPerson(db, { name: "陈静", role: "staff", unitId: office, telegramId: 200 }),
    admin: await addPerson(db, {
      name: "刘洋",
      role: "admin",
      unitId: office,
      telegramId: 300,
      language: "en",
    }),
    leader: await addPerson(db, { name: "孙伟", role: "leader", unitId: office, telegramId: 400 }),
  };
}
