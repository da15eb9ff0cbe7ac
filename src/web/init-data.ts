// Telegram Mini App sign-in: the initData a Mini App receives is signed by Telegram with a key derived from the
// bot token (HMAC-SHA256 over the sorted fields, key HMAC-SHA256("WebAppData", token)). Web Crypto: Node and
// Workers alike. https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app

/** initData is accepted for this long after Telegram signed it (the Mini App was opened). */
export const INIT_DATA_MAX_AGE_MS = 5 * 60_000;

export type InitDataResult =
  | { ok: true; telegramId: number; languageCode: string | undefined; hash: string }
  | { ok: false; reason: "malformed" | "signature" | "stale" };

const encoder = new TextEncoder();

async function hmac(key: Uint8Array<ArrayBuffer>, data: string): Promise<Uint8Array<ArrayBuffer>> {
  const cryptoKey = await crypto.subtle.importKey("raw", key, { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", cryptoKey, encoder.encode(data)));
}

function hex(bytes: Uint8Array<ArrayBuffer>): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

function dataCheckString(params: URLSearchParams): string {
  return [...params.entries()]
    .filter(([key]) => key !== "hash")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => `${key}=${value}`)
    .join("\n");
}

/** Signs initData fields as Telegram does (tests and the browser test build Mini App sign-ins with it). */
export async function signInitData(fields: Record<string, string>, botToken: string): Promise<string> {
  const params = new URLSearchParams(fields);
  params.delete("hash");
  const secret = await hmac(encoder.encode("WebAppData"), botToken);
  params.set("hash", hex(await hmac(secret, dataCheckString(params))));
  return params.toString();
}

export async function validateInitData(
  initData: string,
  botToken: string,
  now: Date,
): Promise<InitDataResult> {
  if (initData.length > 8192) return { ok: false, reason: "malformed" };
  const params = new URLSearchParams(initData);
  const hash = params.get("hash");
  const authDate = Number(params.get("auth_date"));
  if (!hash || !/^[0-9a-f]{64}$/.test(hash) || !Number.isSafeInteger(authDate))
    return { ok: false, reason: "malformed" };
  const secret = await hmac(encoder.encode("WebAppData"), botToken);
  if (!sameText(hex(await hmac(secret, dataCheckString(params))), hash))
    return { ok: false, reason: "signature" };
  const age = now.getTime() - authDate * 1000;
  if (age > INIT_DATA_MAX_AGE_MS || age < -60_000) return { ok: false, reason: "stale" };
  let user: { id?: unknown; language_code?: unknown };
  try {
    user = JSON.parse(params.get("user") ?? "");
  } catch {
    return { ok: false, reason: "malformed" };
  }
  if (typeof user?.id !== "number" || !Number.isSafeInteger(user.id))
    return { ok: false, reason: "malformed" };
  return {
    ok: true,
    telegramId: user.id,
    languageCode: typeof user.language_code === "string" ? user.language_code : undefined,
    hash,
  };
}
