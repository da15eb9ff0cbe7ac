// The conversations plugin's state (its replay log) in libSQL, so a restart or a new Worker isolate
// continues a conversation exactly where it was.
import type { VersionedStateStorage } from "@grammyjs/conversations";
import { type DB, nowIso } from "./database";

export function conversationStorage<S>(db: DB): VersionedStateStorage<string, S> {
  return {
    async read(key) {
      const row = await db
        .selectFrom("conversation_states")
        .select("value")
        .where("key", "=", key)
        .executeTakeFirst();
      return row ? JSON.parse(row.value) : undefined;
    },
    async write(key, state) {
      const value = JSON.stringify(state);
      await db
        .insertInto("conversation_states")
        .values({ key, value, updated_at: nowIso() })
        .onConflict((oc) => oc.column("key").doUpdateSet({ value, updated_at: nowIso() }))
        .execute();
    },
    async delete(key) {
      await db.deleteFrom("conversation_states").where("key", "=", key).execute();
    },
  };
}
