// Callback data is a tiny codec: "<feature>:<action>:<arg>…". Every button's data is parsed and checked
// on the server: it may be forged, so it is only ever a request, never a permission.
import { z } from "zod";

export const CALLBACK_DATA_MAX_BYTES = 64;

export function callbackData(...parts: (string | number)[]): string {
  const data = parts.map(String).join(":");
  if (new TextEncoder().encode(data).length > CALLBACK_DATA_MAX_BYTES)
    throw new Error(`callback data too long: ${data}`);
  return data;
}

export const idArg = z.coerce.number().int().positive();

/** Cuts a string to fit into the bytes left over in callback data, on a character boundary. */
export function fitBytes(text: string, maxBytes: number): string {
  let out = "";
  let used = 0;
  for (const ch of text) {
    const size = new TextEncoder().encode(ch).length;
    if (used + size > maxBytes) break;
    out += ch;
    used += size;
  }
  return out;
}
