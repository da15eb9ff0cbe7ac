// The console's guards: the session cookie, the role check of each page and call, CSRF on state-changing
// requests, and the headers every answer carries (Content-Security-Policy first).
import type { Role } from "../domain/roles";
import type { MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { findSession, type NewSession } from "../db/web-sessions";
import { type ConsoleContext, type ConsoleEnv, type ConsoleOptions, localeFor, translator } from "./env";
import { messagePage } from "./layout";

export const SESSION_COOKIE = "minyi_session";
export const CONSOLE_PATH = "/web";

/** Scripts, styles and data only from this origin; style attributes are allowed for the charts' tooltips. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  // Telegram Web shows Mini Apps in a frame; nobody else may.
  "frame-ancestors 'self' https://web.telegram.org",
].join("; ");

export function securityHeaders(): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    await next();
    c.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    c.header("X-Content-Type-Options", "nosniff");
    // Sign-in links carry their token in the address: never pass it to another site.
    c.header("Referrer-Policy", "same-origin");
    if (!c.res.headers.has("Cache-Control")) c.header("Cache-Control", "no-store");
  };
}

/** Reads the session cookie; the person behind it (active, with the current role) or none. */
export function loadViewer(options: ConsoleOptions): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    const session = token ? await findSession(options.db, token, options.now()) : undefined;
    c.set("viewer", session && token ? { ...session, sessionToken: token } : undefined);
    c.set("locale", localeFor(session?.language, c.req.header("accept-language")));
    await next();
  };
}

function isSafeMethod(method: string): boolean {
  return method === "GET" || method === "HEAD" || method === "OPTIONS";
}

/** Origins a form or call may come from: the public address and the one the request reached. */
function originAllowed(origin: string, options: ConsoleOptions, requestUrl: string): boolean {
  return origin === new URL(options.publicUrl).origin || origin === new URL(requestUrl).origin;
}

/**
 * State-changing requests must come from the console's own pages: the Origin (or Fetch Metadata) says so, and
 * a signed-in request also carries the session's CSRF token (header X-CSRF-Token or form field _csrf).
 */
export function csrfProtection(
  options: ConsoleOptions,
  withoutSession: string[],
): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    if (isSafeMethod(c.req.method)) return next();
    const t = translator(options, c.get("locale"));
    // Fetch Metadata (every current browser) and the Origin header must agree where present; one is required.
    const site = c.req.header("sec-fetch-site");
    const origin = c.req.header("origin");
    const hasOrigin = origin !== undefined && origin !== "null";
    const fromHere =
      (site === undefined || site === "same-origin") &&
      (hasOrigin ? originAllowed(origin, options, c.req.url) : site !== undefined);
    if (!fromHere) return forbidden(c, options, t("web-error-csrf"));
    if (withoutSession.includes(c.req.path)) return next();
    const viewer = c.get("viewer");
    if (!viewer) return unauthorized(c, options, t("web-error-signed-out"));
    // Header (script calls), query (file uploads: checked before their body is read), or form field.
    let token = c.req.header("x-csrf-token") ?? c.req.query("_csrf");
    if (!token) {
      const type = c.req.header("content-type") ?? "";
      if (type.startsWith("application/x-www-form-urlencoded")) {
        const form = await c.req.parseBody();
        token = typeof form._csrf === "string" ? form._csrf : undefined;
      }
    }
    if (token !== viewer.csrfToken) return forbidden(c, options, t("web-error-csrf"));
    return next();
  };
}

function wantsJson(path: string): boolean {
  return path.startsWith(`${CONSOLE_PATH}/api/`);
}

function unauthorized(c: ConsoleContext, options: ConsoleOptions, message: string) {
  if (wantsJson(c.req.path)) return c.json({ ok: false, error: message }, 401);
  return c.html(messagePage(c, options, message, { signInHint: true }), 401);
}

function forbidden(c: ConsoleContext, options: ConsoleOptions, message: string) {
  if (wantsJson(c.req.path)) return c.json({ ok: false, error: message }, 403);
  return c.html(messagePage(c, options, message), 403);
}

/** Lets the request through only for a signed-in person whose current role passes `allowed`. */
export function requires(
  options: ConsoleOptions,
  allowed: (role: Role | undefined) => boolean = () => true,
): MiddlewareHandler<ConsoleEnv> {
  return async (c, next) => {
    const t = translator(options, c.get("locale"));
    const viewer = c.get("viewer");
    if (!viewer) return unauthorized(c, options, t("web-error-signed-out"));
    if (!allowed(viewer.role)) return forbidden(c, options, t("error-not-allowed"));
    return next();
  };
}

export function setSessionCookie(c: ConsoleContext, options: ConsoleOptions, session: NewSession): void {
  setCookie(c, SESSION_COOKIE, session.token, {
    path: CONSOLE_PATH,
    httpOnly: true,
    sameSite: "Strict",
    secure: options.publicUrl.startsWith("https:"),
    expires: session.expiresAt,
  });
}

export function clearSessionCookie(c: ConsoleContext, options: ConsoleOptions): void {
  deleteCookie(c, SESSION_COOKIE, {
    path: CONSOLE_PATH,
    httpOnly: true,
    sameSite: "Strict",
    secure: options.publicUrl.startsWith("https:"),
  });
}
