// Text helpers for chat output and user-facing limits: splitting long messages to Telegram's size,
// escaping for HTML parse mode, and counting characters the way people count them.

/** Telegram's limit for one message, in UTF-16 code units. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/**
 * Splits text into chunks of at most `limit` UTF-16 code units (as Telegram counts), breaking
 * after the last newline that fits; a line longer than the limit is cut hard, never inside a
 * surrogate pair. The newline at a break stays at the end of its chunk, so `chunks.join("")`
 * is exactly the text. Empty text gives no chunks; a chunk is blank only where the text holds a
 * run of whitespace longer than the limit. Split before adding markup that spans lines: a chunk
 * boundary knows nothing of HTML tags.
 */
export function splitMessage(text: string, limit = TELEGRAM_MESSAGE_LIMIT): string[] {
  if (!Number.isInteger(limit) || limit < 2) throw new RangeError("limit must be an integer of at least 2");
  const chunks: string[] = [];
  let start = 0;
  while (text.length - start > limit) {
    const newline = text.lastIndexOf("\n", start + limit - 1);
    let end: number;
    // A chunk of nothing but blank lines cannot be sent: cut the next line instead.
    if (newline >= start && text.slice(start, newline).trim() !== "") {
      end = newline + 1;
    } else {
      end = start + limit;
      if (isHighSurrogate(text.charCodeAt(end - 1))) end -= 1;
    }
    chunks.push(text.slice(start, end));
    start = end;
  }
  if (start < text.length) chunks.push(text.slice(start));
  return chunks;
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/** Escapes text for Telegram's HTML parse mode, attribute values included. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c]!);
}

/** Length in Unicode code points: what a person counts as characters (a CJK character or an emoji is 1). */
export function textLength(text: string): number {
  // Counted in UTF-16 units, less one per surrogate pair: iterating the string made a string of each character
  // (a section's text is counted at every step).
  let count = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

/** Shortens text to at most `max` code points, ending with `ellipsis` when something was cut. */
export function truncateText(text: string, max: number, ellipsis = "…"): string {
  if (textLength(text) <= max) return text;
  const room = Math.max(0, max - textLength(ellipsis));
  return Array.from(text).slice(0, room).join("") + ellipsis;
}

/**
 * Compares strings in Unicode code point order, which is the order of their UTF-8 bytes and so SQLite's
 * default (BINARY) collation. JavaScript's `<` compares UTF-16 code units instead, which puts characters
 * beyond U+FFFF (rare CJK characters in names among them) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–U+DFFF) stand for code points above U+FFFF: move them above U+E000–U+FFFF.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
