// The fetch every Bot API call and file download goes through on Node. Node 20's global fetch ignores
// HTTPS_PROXY, so this one routes through undici's EnvHttpProxyAgent, which reads the standard variables:
// HTTPS_PROXY / https_proxy for https:// addresses (api.telegram.org), HTTP_PROXY / http_proxy for http:// ones
// (a self-hosted Bot API server), NO_PROXY / no_proxy for hosts reached directly. The Worker does not use this:
// Cloudflare's fetch goes out from Cloudflare's network, where no proxy is needed or possible.
//
// A Bot API call with a JSON body (nearly all of them) goes through undici's request() instead of fetch: fetch
// builds WHATWG Request, Response and stream objects, and grammY's non-native signal makes Node 20 throw and
// catch an error inside it, for every call; request() costs about a third of the CPU (docs/benchmarks.md).
// grammY reads only `json()` of the answer. Uploads (streamed bodies) and file downloads keep fetch.
import { type Dispatcher, EnvHttpProxyAgent, request, fetch as undiciFetch } from "undici";

export interface Outbound {
  fetch: typeof globalThis.fetch;
  /** The proxies in use, credentials cut out, for the start-up log. */
  proxies: { https?: string; http?: string; noProxy?: string };
  /** Proxy passwords, for the logger to keep out of its lines. */
  secrets: string[];
}

function first(env: Record<string, string | undefined>, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** A proxy URL without its user and password (http://proxy.example:3128). */
function shown(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.toString().replace(/\/$/, "");
  } catch {
    return "(not a URL)";
  }
}

function password(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const parsed = new URL(url);
    return [parsed.password, decodeURIComponent(parsed.password)].filter((s) => s.length > 0);
  } catch {
    return [];
  }
}

export function outboundFetch(env: Record<string, string | undefined> = process.env): Outbound {
  const https = first(env, "https_proxy", "HTTPS_PROXY");
  const http = first(env, "http_proxy", "HTTP_PROXY");
  const noProxy = first(env, "no_proxy", "NO_PROXY");
  const proxies = {
    ...(https ? { https: shown(https) } : {}),
    ...(http ? { http: shown(http) } : {}),
    ...(noProxy ? { noProxy } : {}),
  };
  const secrets = [...password(https), ...password(http)];
  if (!https && !http) return { fetch: wrap(jsonViaRequest(globalThis.fetch)), proxies, secrets };
  const dispatcher = new EnvHttpProxyAgent({
    ...(http ? { httpProxy: http } : {}),
    ...(https ? { httpsProxy: https } : {}),
    noProxy: noProxy ?? "",
  });
  const viaProxy = ((input: RequestInfo | URL, init: RequestInit = {}) => {
    // grammY's signals come from the abort-controller package, which undici's fetch does not accept; its
    // uploads are Node streams, which undici takes as a half-duplex body.
    const signal = nativeSignal(init.signal);
    const streamed =
      init.body !== undefined &&
      init.body !== null &&
      typeof init.body !== "string" &&
      !(init.body instanceof Uint8Array) &&
      !(init.body instanceof ArrayBuffer);
    return undiciFetch(
      input as never,
      {
        ...(init as object),
        ...(signal ? { signal } : {}),
        ...(streamed ? { duplex: "half" } : {}),
        dispatcher,
      } as never,
    );
  }) as unknown as typeof fetch;
  return { fetch: wrap(jsonViaRequest(viaProxy, dispatcher)), proxies, secrets };
}

/** The part of a fetch Response that grammY and wrap() read. */
type AnswerLike = Pick<Response, "ok" | "status" | "statusText" | "json"> & {
  headers: Pick<Headers, "get">;
  body: Pick<ReadableStream, "cancel"> | null;
};

/** POSTs with a string body through undici's request(); anything else through `full`. */
function jsonViaRequest(full: typeof globalThis.fetch, dispatcher?: Dispatcher): typeof globalThis.fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    if (typeof init?.body !== "string" || input instanceof Request) return full(input, init);
    const answer = await request(String(input), {
      method: (init.method ?? "POST") as Dispatcher.HttpMethod,
      headers: init.headers as Record<string, string>,
      body: init.body,
      ...(init.signal ? { signal: init.signal } : {}),
      ...(dispatcher ? { dispatcher } : {}),
    });
    const { statusCode, headers, body } = answer;
    const like: AnswerLike = {
      ok: statusCode >= 200 && statusCode < 300,
      status: statusCode,
      statusText: "",
      headers: {
        get: (name: string) => {
          const value = headers[name.toLowerCase()];
          return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
        },
      },
      json: () => body.json(),
      body: { cancel: () => body.dump() },
    };
    return like as Response;
  }) as typeof globalThis.fetch;
}

function nativeSignal(given: AbortSignal | null | undefined): AbortSignal | undefined {
  if (!given || given instanceof AbortSignal) return given ?? undefined;
  const signal = given as Pick<AbortSignal, "aborted" | "addEventListener">;
  const controller = new AbortController();
  if (signal.aborted) controller.abort();
  else signal.addEventListener("abort", () => controller.abort(), { once: true });
  return controller.signal;
}

/**
 * A proxy or gateway answering instead of the Bot API (a 502 page, a 407) is reported with its status: grammY
 * would only say the body is not JSON.
 */
function wrap(inner: typeof globalThis.fetch): typeof globalThis.fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const response = await inner(input, init);
    const type = response.headers.get("content-type") ?? "";
    if (!response.ok && !type.includes("json")) {
      await response.body?.cancel().catch(() => undefined);
      const origin = new URL(input instanceof Request ? input.url : String(input)).origin;
      throw new Error(
        `HTTP ${response.status} ${response.statusText} from ${origin}, which is not a Bot API answer ` +
          "(a proxy or gateway in between?)",
      );
    }
    return response;
  }) as typeof globalThis.fetch;
}
