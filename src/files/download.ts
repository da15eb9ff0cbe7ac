// Downloads a file a user sent, capped by the bytes actually read: Telegram's file_size is optional and the
// Content-Length header can be absent, so neither is trusted alone. Web streams only: Node and Workers alike.
import type { Api } from "grammy";

export class FileTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`file larger than ${limitBytes} bytes`);
    this.name = "FileTooLarge";
  }
}

export interface DownloaderOptions {
  api: Pick<Api, "getFile">;
  token: string;
  /** Without a trailing slash. */
  apiRoot: string;
  fetch: typeof globalThis.fetch;
}

export function fileDownloader(options: DownloaderOptions) {
  // Called unbound: workerd's fetch throws "Illegal invocation" when `this` is the options object.
  const { fetch } = options;
  return async (fileId: string, maxBytes: number): Promise<Uint8Array> => {
    const file = await options.api.getFile(fileId);
    if (file.file_size !== undefined && file.file_size > maxBytes) throw new FileTooLarge(maxBytes);
    if (!file.file_path) throw new Error("Telegram returned no file_path");
    const response = await fetch(`${options.apiRoot}/file/bot${options.token}/${file.file_path}`);
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`file download failed with HTTP ${response.status}`);
    }
    const declared = Number(response.headers.get("content-length") ?? Number.NaN);
    if (declared > maxBytes) {
      await response.body?.cancel();
      throw new FileTooLarge(maxBytes);
    }
    return readAtMost(response.body, maxBytes);
  };
}

/** The whole body, or FileTooLarge as soon as more than `maxBytes` have arrived (the rest is not read). */
export async function readAtMost(
  body: ReadableStream<Uint8Array> | null,
  maxBytes: number,
): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    length += value.length;
    if (length > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new FileTooLarge(maxBytes);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
