// Group chats the bot is in, what they are bound to, and who has been seen in them.
import { sql } from "kysely";
import { type DB, nowIso } from "./database";
import { UNSYNCED } from "./durability";
import { prepareQuery } from "./prepared";
import type { Chat } from "./schema";

export async function recordChat(
  db: DB,
  chat: { id: number; title?: string; type: string },
  active: boolean,
  now: Date,
) {
  await db
    .insertInto("chats")
    .values({
      id: chat.id,
      title: chat.title ?? null,
      type: chat.type,
      active: active ? 1 : 0,
      updated_at: nowIso(now),
    })
    .onConflict((oc) =>
      oc.column("id").doUpdateSet({
        title: chat.title ?? null,
        type: chat.type,
        active: active ? 1 : 0,
        updated_at: nowIso(now),
      }),
    )
    .execute();
}

export async function findChat(db: DB, chatId: number): Promise<Chat | undefined> {
  return db.selectFrom("chats").selectAll().where("id", "=", chatId).executeTakeFirst();
}

export async function bindChat(
  db: DB,
  chat: { id: number; title?: string; type: string },
  target: { unitId: number } | "all",
  boundBy: number,
  now: Date,
): Promise<void> {
  const binding = {
    unit_id: target === "all" ? null : target.unitId,
    bind_all: target === "all" ? 1 : 0,
    bound_by: boundBy,
    bound_at: nowIso(now),
  };
  await db
    .insertInto("chats")
    .values({
      id: chat.id,
      title: chat.title ?? null,
      type: chat.type,
      active: 1,
      updated_at: nowIso(now),
      ...binding,
    })
    .onConflict((oc) =>
      oc
        .column("id")
        .doUpdateSet({ ...binding, active: 1, title: chat.title ?? null, updated_at: nowIso(now) }),
    )
    .execute();
}

export async function unbindChat(db: DB, chatId: number, now: Date): Promise<boolean> {
  const result = await db
    .updateTable("chats")
    .set({ unit_id: null, bind_all: 0, bound_by: null, bound_at: null, updated_at: nowIso(now) })
    .where("id", "=", chatId)
    .where((eb) => eb.or([eb("unit_id", "is not", null), eb("bind_all", "=", 1)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * A sighting is refreshed at most once an hour, so most of a group's talk writes nothing. It is bookkeeping, not
 * synced by itself (UNSYNCED): lost with the power, the person is seen again the next time they talk.
 */
export const SIGHTING_REFRESH_MS = 3600_000;

/**
 * When this process last wrote each sighting, per database: talk in a group comes in bursts from the same people,
 * and within the hour the statement would only find the sighting fresh. One found fresh but written before (by a
 * process before a restart) is asked about again until this process refreshes it.
 */
const writtenHere = new WeakMap<DB, Map<string, number>>();
const WRITTEN_REMEMBERED = 20_000;

export async function recordSighting(db: DB, chatId: number, telegramId: number, now: Date): Promise<void> {
  const at = now.getTime();
  const key = `${chatId}:${telegramId}`;
  const written = writtenHere.get(db) ?? new Map<string, number>();
  const last = written.get(key);
  if (last !== undefined && at >= last && at - last < SIGHTING_REFRESH_MS) return;
  const refreshBefore = nowIso(new Date(at - SIGHTING_REFRESH_MS));
  const result = await sightingQuery.execute(db, chatId, telegramId, nowIso(now), refreshBefore);
  if (!result.numAffectedRows) return;
  if (written.size >= WRITTEN_REMEMBERED) written.clear();
  written.set(key, at);
  writtenHere.set(db, written);
}

/** Run for every group message: prepared (./prepared.ts). */
const sightingQuery = prepareQuery(
  (_db, chatId: number, telegramId: number, at: string, refreshBefore: string) =>
    sql`${sql.raw(UNSYNCED)} insert into chat_sightings (chat_id, telegram_id, last_seen_at)
      values (${chatId}, ${telegramId}, ${at})
      on conflict (chat_id, telegram_id) do update set last_seen_at = excluded.last_seen_at
      where chat_sightings.last_seen_at < ${refreshBefore}`,
);

/**
 * A group upgraded to a supergroup gets a new id (Telegram says so with `migrate_to_chat_id`): its binding, its
 * sightings and the messages still waiting for it move to the new id, so it keeps getting progress and standings.
 * Idempotent: the service messages of both chats, and a refused send, may each report the same move.
 */
export async function migrateGroup(db: DB, fromId: number, toId: number, now: Date): Promise<void> {
  const at = nowIso(now);
  await db.transaction().execute(async (trx) => {
    const old = await trx.selectFrom("chats").selectAll().where("id", "=", fromId).executeTakeFirst();
    if (old) {
      const moved = await trx.selectFrom("chats").selectAll().where("id", "=", toId).executeTakeFirst();
      const bound = old.unit_id !== null || old.bind_all === 1;
      const binding = bound
        ? { unit_id: old.unit_id, bind_all: old.bind_all, bound_by: old.bound_by, bound_at: old.bound_at }
        : {};
      if (!moved) {
        await trx
          .insertInto("chats")
          .values({ ...old, ...binding, id: toId, type: "supergroup", active: 1, updated_at: at })
          .execute();
      } else if (bound && moved.unit_id === null && moved.bind_all === 0) {
        await trx
          .updateTable("chats")
          .set({ ...binding, active: 1, updated_at: at })
          .where("id", "=", toId)
          .execute();
      }
      await trx
        .updateTable("chats")
        .set({ unit_id: null, bind_all: 0, bound_by: null, bound_at: null, active: 0, updated_at: at })
        .where("id", "=", fromId)
        .execute();
    }
    await sql`INSERT OR IGNORE INTO chat_sightings (chat_id, telegram_id, last_seen_at)
      SELECT ${toId}, telegram_id, last_seen_at FROM chat_sightings WHERE chat_id = ${fromId}`.execute(trx);
    await trx.deleteFrom("chat_sightings").where("chat_id", "=", fromId).execute();
    await trx
      .updateTable("outbox")
      .set({ chat_id: toId })
      .where("chat_id", "=", fromId)
      .where("status", "=", "pending")
      .execute();
  });
}

/** A group that removed the bot: it gets no more messages until the bot is back in it. */
export async function deactivateChat(db: DB, chatId: number, now: Date): Promise<void> {
  await db
    .updateTable("chats")
    .set({ active: 0, updated_at: nowIso(now) })
    .where("id", "=", chatId)
    .execute();
}
