// Group chats the bot is in, what they are bound to, and who has been seen in them.
import { type DB, nowIso } from "./database";
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
 * A sighting is refreshed at most once an hour: a committed write costs an fsync on the embedded database,
 * and groups talk a lot. Within the hour the upsert changes nothing, so it commits nothing to the disk.
 */
export const SIGHTING_REFRESH_MS = 3600_000;

export async function recordSighting(db: DB, chatId: number, telegramId: number, now: Date): Promise<void> {
  await db
    .insertInto("chat_sightings")
    .values({ chat_id: chatId, telegram_id: telegramId, last_seen_at: nowIso(now) })
    .onConflict((oc) =>
      oc
        .columns(["chat_id", "telegram_id"])
        .doUpdateSet({ last_seen_at: nowIso(now) })
        .where("chat_sightings.last_seen_at", "<", nowIso(new Date(now.getTime() - SIGHTING_REFRESH_MS))),
    )
    .execute();
}
