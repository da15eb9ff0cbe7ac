// One-time invite codes for binding a Telegram account to a person on the roster.

/** No 0/o/1/l/i: codes are sometimes read aloud or typed by hand. */
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export const INVITE_CODE_LENGTH = 12;
const CODE_PATTERN = new RegExp(`^[${ALPHABET}]{${INVITE_CODE_LENGTH}}$`);

/** Builds a code from random bytes (crypto.getRandomValues in callers, so this stays pure). */
export function inviteCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length < INVITE_CODE_LENGTH) throw new Error("not enough random bytes for an invite code");
  let code = "";
  for (let i = 0; i < INVITE_CODE_LENGTH; i++) code += ALPHABET[(bytes[i] ?? 0) % ALPHABET.length];
  return code;
}

export function isWellFormedInviteCode(text: string): boolean {
  return CODE_PATTERN.test(text);
}

export function inviteLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${code}`;
}
