// Sign-in links, sessions and used Mini App initData of the web console (src/web). Tokens are random and only
// their SHA-256 is stored, so a copy of the database signs nobody in.
import type { Role } from "../domain/roles";
import { type DB, nowIso } from "./database";

export const SIGN_IN_LINK_TTL_MS = 10 * 60_000;
export const SESSION_TTL_MS = 7 * 24 * 60 * 60_000;
/** initData older than this is refused anyway, so its mark may go. */
const INIT_DATA_MEMORY_MS = 24 * 60 * 60_000;

export function newToken(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/** A new one-time sign-in link's token for the person, valid for ten minutes. */
export async function createSignInLink(db: DB, personId: number, now: Date): Promise<string> {
  const token = newToken();
  await db
    .insertInto("web_sign_in_links")
    .values({
      token_hash: await sha256Hex(token),
      person_id: personId,
      expires_at: nowIso(new Date(now.getTime() + SIGN_IN_LINK_TTL_MS)),
      used_at: null,
      created_at: nowIso(now),
    })
    .execute();
  // Links long expired are of no use to anyone.
  await db
    .deleteFrom("web_sign_in_links")
    .where("expires_at", "<", nowIso(new Date(now.getTime() - SIGN_IN_LINK_TTL_MS)))
    .execute();
  return token;
}

/** Uses a sign-in link: its person's id if it is unused, unexpired and the person active; it cannot be used again. */
export async function redeemSignInLink(db: DB, token: string, now: Date): Promise<number | undefined> {
  const row = await db
    .updateTable("web_sign_in_links")
    .set({ used_at: nowIso(now) })
    .where("token_hash", "=", await sha256Hex(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", nowIso(now))
    .returning("person_id")
    .executeTakeFirst();
  return row?.person_id;
}

/** Whether a sign-in link would still be accepted (shown before the person confirms). */
export async function signInLinkUsable(db: DB, token: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom("web_sign_in_links")
    .select("token_hash")
    .where("token_hash", "=", await sha256Hex(token))
    .where("used_at", "is", null)
    .where("expires_at", ">", nowIso(now))
    .executeTakeFirst();
  return row !== undefined;
}

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: DB,
  personId: number,
  via: "link" | "telegram",
  now: Date,
): Promise<NewSession> {
  const token = newToken();
  const csrfToken = newToken();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db
    .insertInto("web_sessions")
    .values({
      token_hash: await sha256Hex(token),
      person_id: personId,
      csrf_token: csrfToken,
      via,
      expires_at: nowIso(expiresAt),
      revoked_at: null,
      created_at: nowIso(now),
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

export interface SessionPerson {
  personId: number;
  name: string;
  role: Role;
  unitId: number | null;
  telegramId: number | null;
  language: string | null;
  csrfToken: string;
  via: "link" | "telegram";
}

/** The session's person, read fresh on every request: a role changed or a deactivation applies at once. */
export async function findSession(db: DB, token: string, now: Date): Promise<SessionPerson | undefined> {
  const row = await db
    .selectFrom("web_sessions")
    .innerJoin("people", "people.id", "web_sessions.person_id")
    .leftJoin("user_prefs", "user_prefs.telegram_id", "people.telegram_id")
    .select([
      "people.id as personId",
      "people.name as name",
      "people.role as role",
      "people.unit_id as unitId",
      "people.telegram_id as telegramId",
      "user_prefs.language as language",
      "web_sessions.csrf_token as csrfToken",
      "web_sessions.via as via",
    ])
    .where("web_sessions.token_hash", "=", await sha256Hex(token))
    .where("web_sessions.revoked_at", "is", null)
    .where("web_sessions.expires_at", ">", nowIso(now))
    .where("people.active", "=", 1)
    .executeTakeFirst();
  return row ?? undefined;
}

export async function endSession(db: DB, token: string, now: Date): Promise<void> {
  await db
    .updateTable("web_sessions")
    .set({ revoked_at: nowIso(now) })
    .where("token_hash", "=", await sha256Hex(token))
    .where("revoked_at", "is", null)
    .execute();
}

/** Signs the person out everywhere; how many sessions were open. */
export async function revokeSessionsOf(db: DB, personId: number, now: Date): Promise<number> {
  const result = await db
    .updateTable("web_sessions")
    .set({ revoked_at: nowIso(now) })
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", nowIso(now))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function countOpenSessions(db: DB, personId: number, now: Date): Promise<number> {
  const row = await db
    .selectFrom("web_sessions")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("person_id", "=", personId)
    .where("revoked_at", "is", null)
    .where("expires_at", ">", nowIso(now))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Marks a Mini App's initData as used; false if it was used before (a replay). */
export async function markInitDataUsed(db: DB, hash: string, now: Date): Promise<boolean> {
  await db
    .deleteFrom("web_init_data_used")
    .where("used_at", "<", nowIso(new Date(now.getTime() - INIT_DATA_MEMORY_MS)))
    .execute();
  const result = await db
    .insertInto("web_init_data_used")
    .values({ hash, used_at: nowIso(now) })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}
