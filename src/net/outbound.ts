// The fetch every Bot API call and file download goes through on Node. Node 20's global fetch ignores
// HTTPS_PROXY, so this one routes through undici's EnvHttpProxyAgent, which reads the standard variables:
// HTTPS_PROXY / https_proxy for https:// addresses (api.telegram.org), HTTP_PROXY / http_proxy for http:// ones
// (a self-hosted Bot API server), NO_PROXY / no_proxy for hosts reached directly. The Worker does not use this:
// Cloudflare's fetch goes out from Cloudflare's network, where no proxy is needed or possible.
import { EnvHttpProxyAgent, fetch as undiciFetch } from "undici";

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
  if (!https && !http) return { fetch: wrap(globalThis.fetch), proxies, secrets };
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
  return { fetch: wrap(viaProxy), proxies, secrets };
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
