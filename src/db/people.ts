// People on the roster: lookup, invite binding, role/unit changes, deactivation, invite codes.
import { sql } from "kysely";
import { inviteCodeFromBytes, isWellFormedInviteCode } from "../domain/invite";
import type { Role } from "../domain/roles";
import { type DB, nowIso } from "./database";
import { prepareQuery } from "./prepared";
import { findLanguage } from "./prefs";
import type { Person } from "./schema";

export function newInviteCode(): string {
  return inviteCodeFromBytes(crypto.getRandomValues(new Uint8Array(16)));
}

export async function findPersonByTelegramId(db: DB, telegramId: number): Promise<Person | undefined> {
  return db.selectFrom("people").selectAll().where("telegram_id", "=", telegramId).executeTakeFirst();
}

/** The person bound to a Telegram account, if any, and the account's saved language: one query for a bound one. */
/** Run for every update: prepared (./prepared.ts). */
const accountQuery = prepareQuery((db, telegramId: number) =>
  db
    .selectFrom("people")
    .selectAll("people")
    .select((eb) =>
      eb
        .selectFrom("user_prefs")
        .select("language")
        .where("user_prefs.telegram_id", "=", telegramId)
        .as("saved_language"),
    )
    .where("people.telegram_id", "=", telegramId),
);

/** The roster entry bound to a Telegram account, and the language they chose with /lang. */
export interface Account {
  person: Person | undefined;
  language: string | undefined;
}

export async function findAccount(db: DB, telegramId: number): Promise<Account> {
  const row = await accountQuery.first(db, telegramId);
  if (!row) return { person: undefined, language: await findLanguage(db, telegramId) };
  const { saved_language, ...person } = row;
  return { person, language: saved_language ?? undefined };
}

export async function findPersonById(db: DB, id: number): Promise<Person | undefined> {
  return db.selectFrom("people").selectAll().where("id", "=", id).executeTakeFirst();
}

export interface PersonWithUnit extends Person {
  unit_name: string | null;
}

export async function findPersonWithUnit(db: DB, id: number): Promise<PersonWithUnit | undefined> {
  return personWithUnitQuery.first(db, id);
}

const personWithUnitQuery = prepareQuery((db, id: number) =>
  db
    .selectFrom("people")
    .leftJoin("units", "units.id", "people.unit_id")
    .selectAll("people")
    .select("units.name as unit_name")
    .where("people.id", "=", id),
);

export async function listPeople(
  db: DB,
  options: { search?: string; offset: number; limit: number },
): Promise<{ people: PersonWithUnit[]; total: number }> {
  let query = db.selectFrom("people").leftJoin("units", "units.id", "people.unit_id");
  const search = options.search?.trim();
  if (search) query = query.where(nameContains("people.name", search));
  const [people, count] = await Promise.all([
    query
      .selectAll("people")
      .select("units.name as unit_name")
      .orderBy("people.active", "desc")
      .orderBy("units.name")
      .orderBy("people.name")
      .orderBy("people.id")
      .offset(options.offset)
      .limit(options.limit)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { people, total: Number(count.n) };
}

/** `column LIKE '%text%'` with the text taken literally (% and _ are not wildcards here). */
export function nameContains(column: "people.name", text: string) {
  const pattern = `%${text.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  return sql<boolean>`${sql.ref(column)} like ${pattern} escape '\\'`;
}

export type BindResult =
  | { kind: "bound"; person: Person }
  | { kind: "malformed" }
  | { kind: "unknown" }
  | { kind: "used" }
  | { kind: "already-yours"; person: Person }
  | { kind: "account-taken"; person: Person };

/** Binds a Telegram account through an invite code; every refusal leaves the database unchanged. */
export async function bindByInviteCode(
  db: DB,
  code: string,
  account: { telegramId: number; username?: string | undefined },
  now: Date,
): Promise<BindResult> {
  if (!isWellFormedInviteCode(code)) return { kind: "malformed" };
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("people")
      .selectAll()
      .where("invite_code", "=", code)
      .executeTakeFirst();
    if (person?.active !== 1) return { kind: "unknown" } as const;
    if (person.telegram_id === account.telegramId) return { kind: "already-yours", person } as const;
    if (person.telegram_id !== null) return { kind: "used" } as const;
    const holder = await trx
      .selectFrom("people")
      .selectAll()
      .where("telegram_id", "=", account.telegramId)
      .executeTakeFirst();
    if (holder) return { kind: "account-taken", person: holder } as const;
    const updated = await trx
      .updateTable("people")
      .set({
        telegram_id: account.telegramId,
        telegram_username: account.username ?? null,
        bound_at: nowIso(now),
        updated_at: nowIso(now),
      })
      .where("id", "=", person.id)
      .where("telegram_id", "is", null)
      .returningAll()
      .executeTakeFirst();
    return updated ? ({ kind: "bound", person: updated } as const) : ({ kind: "used" } as const);
  });
}

export async function reissueInviteCode(db: DB, personId: number, now: Date): Promise<string | undefined> {
  const code = newInviteCode();
  const result = await db
    .updateTable("people")
    .set({ invite_code: code, updated_at: nowIso(now) })
    .where("id", "=", personId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? code : undefined;
}

/** Unbinding frees the account and, with a new code, lets the person bind again (e.g. a new phone). */
export async function unbindAccount(db: DB, personId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("people")
    .set({
      telegram_id: null,
      telegram_username: null,
      bound_at: null,
      invite_code: newInviteCode(),
      updated_at: nowIso(now),
    })
    .where("id", "=", personId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function setPersonRole(db: DB, personId: number, role: Role, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("people")
    .set({ role, updated_at: nowIso(now) })
    .where("id", "=", personId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export type UnitChange = "changed" | "not-found" | "name-taken";

export async function setPersonUnit(
  db: DB,
  personId: number,
  unitId: number,
  now: Date,
): Promise<UnitChange> {
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom("people")
      .select(["id", "name"])
      .where("id", "=", personId)
      .executeTakeFirst();
    const unit = await trx.selectFrom("units").select("id").where("id", "=", unitId).executeTakeFirst();
    if (!person || !unit) return "not-found";
    const clash = await trx
      .selectFrom("people")
      .select("id")
      .where("unit_id", "=", unitId)
      .where("name", "=", person.name)
      .where("id", "!=", personId)
      .executeTakeFirst();
    if (clash) return "name-taken";
    await trx
      .updateTable("people")
      .set({ unit_id: unitId, updated_at: nowIso(now) })
      .where("id", "=", personId)
      .execute();
    return "changed";
  });
}

export async function setPersonActive(
  db: DB,
  personId: number,
  active: boolean,
  now: Date,
): Promise<boolean> {
  const result = await db
    .updateTable("people")
    .set({ active: active ? 1 : 0, updated_at: nowIso(now) })
    .where("id", "=", personId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Bootstrap admins (ADMIN_TELEGRAM_IDS) get a roster entry the first time they write. */
export async function ensureBootstrapAdmin(
  db: DB,
  account: { telegramId: number; name: string; username?: string | undefined },
  now: Date,
): Promise<Person> {
  const existing = await findPersonByTelegramId(db, account.telegramId);
  if (existing) return existing;
  return db
    .insertInto("people")
    .values({
      name: account.name.slice(0, 50) || String(account.telegramId),
      role: "admin",
      unit_id: null,
      phone: null,
      telegram_id: account.telegramId,
      telegram_username: account.username ?? null,
      invite_code: null,
      bound_at: nowIso(now),
      created_at: nowIso(now),
      updated_at: nowIso(now),
    })
    .onConflict((oc) => oc.column("telegram_id").doNothing())
    .returningAll()
    .executeTakeFirstOrThrow()
    .catch(async () => (await findPersonByTelegramId(db, account.telegramId))!);
}

export async function listStaffAccounts(db: DB): Promise<{ telegram_id: number; role: Role }[]> {
  const rows = await db
    .selectFrom("people")
    .select(["telegram_id", "role"])
    .where("active", "=", 1)
    .where("telegram_id", "is not", null)
    .where("role", "in", ["staff", "admin", "leader"])
    .execute();
  return rows.filter((r): r is { telegram_id: number; role: Role } => r.telegram_id !== null);
}

export async function listUnboundInvites(
  db: DB,
): Promise<{ id: number; name: string; unit_name: string | null; invite_code: string }[]> {
  const rows = await db
    .selectFrom("people")
    .leftJoin("units", "units.id", "people.unit_id")
    .select(["people.id", "people.name", "units.name as unit_name", "people.invite_code"])
    .where("people.active", "=", 1)
    .where("people.telegram_id", "is", null)
    .orderBy("units.name")
    .orderBy("people.name")
    .execute();
  return rows.filter((r): r is typeof r & { invite_code: string } => r.invite_code !== null);
}

/** A person who blocked the bot (a 403): staff see them as unreachable until a message reaches them again. */
export async function markPersonUnreachable(db: DB, telegramId: number, at: Date): Promise<void> {
  await db
    .updateTable("people")
    .set({ unreachable_at: nowIso(at) })
    .where("telegram_id", "=", telegramId)
    .where("unreachable_at", "is", null)
    .execute();
}

/** People who just got a message are reachable again (they unblocked the bot). */
export async function markPeopleReachable(db: DB, telegramIds: readonly number[]): Promise<void> {
  for (let i = 0; i < telegramIds.length; i += 500)
    await db
      .updateTable("people")
      .set({ unreachable_at: null })
      .where("telegram_id", "in", telegramIds.slice(i, i + 500))
      .where("unreachable_at", "is not", null)
      .execute();
}
