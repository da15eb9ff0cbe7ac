// The page shell: server-rendered HTML with one stylesheet and one small script, a navigation for the
// viewer's role, and the session's CSRF token for the script's calls. hono/html escapes every value.
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import { isAdmin, isLeader, isStaff } from "../domain/roles";
import { type ConsoleContext, type ConsoleOptions, translator } from "./env";

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const ASSET_VERSION = "1";

export function page(
  c: ConsoleContext,
  options: ConsoleOptions,
  content: { title: string; body: Html; scripts?: string[]; active?: string },
): Html {
  const t = translator(options, c.get("locale"));
  const viewer = c.get("viewer");
  const links: [string, string, string][] = [];
  if (viewer) {
    links.push(["home", "/web", t("web-nav-home")]);
    if (isLeader(viewer.role) || isStaff(viewer.role))
      links.push(["dashboard", "/web/dashboard", t("web-nav-dashboard")]);
    if (isStaff(viewer.role)) links.push(["queue", "/web/queue", t("web-nav-queue")]);
    if (isStaff(viewer.role)) links.push(["issue", "/web/issue", t("web-nav-issue")]);
    if (isStaff(viewer.role)) links.push(["roster", "/web/roster", t("web-nav-roster")]);
    links.push(["mine", "/web/mine", t("web-nav-mine")]);
    if (isAdmin(viewer.role)) links.push(["settings", "/web/settings", t("web-nav-settings")]);
  }
  return html`<!doctype html>
<html lang="${c.get("locale") === "en" ? "en" : "zh-CN"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
${viewer ? html`<meta name="csrf-token" content="${viewer.csrfToken}">` : ""}
<title>${content.title} · ${t("web-brand")}</title>
<link rel="stylesheet" href="/web/static/console.css?v=${ASSET_VERSION}">
<script src="/web/static/console.js?v=${ASSET_VERSION}" defer></script>
${(content.scripts ?? []).map((src) => html`<script src="${src}" defer></script>`)}
</head>
<body>
<header class="bar">
<span class="brand">${t("web-brand")}</span>
${
  viewer
    ? html`<nav>${links.map(
        ([key, href, label]) =>
          html`<a href="${href}"${content.active === key ? raw(' aria-current="page"') : ""}>${label}</a>`,
      )}</nav>
<form method="post" action="/web/sign-out" class="sign-out"><input type="hidden" name="_csrf" value="${viewer.csrfToken}"><button type="submit" class="link">${t("web-sign-out")}</button></form>`
    : ""
}
</header>
<main>
<h1>${content.title}</h1>
${content.body}
</main>
</body>
</html>`;
}

/** A page with one message: refusals, expired links, signed out. */
export function messagePage(
  c: ConsoleContext,
  options: ConsoleOptions,
  message: string,
  extra: { signInHint?: boolean; title?: string; back?: string } = {},
): Html {
  const t = translator(options, c.get("locale"));
  return page(c, options, {
    title: extra.title ?? t("web-brand"),
    body: html`<p class="notice" role="alert">${message}</p>${
      extra.signInHint ? html`<p>${t("web-sign-in-hint")}</p>` : ""
    }${extra.back ? html`<p><a href="${extra.back}" id="back">${t("web-back")}</a></p>` : ""}`,
  });
}

/**
 * A download's Content-Disposition: its name for browsers that read filename* (RFC 6266, any script), and an
 * ASCII name, when given, for older ones.
 */
export function attachmentDisposition(name: string, asciiName?: string): string {
  const ascii = asciiName === undefined ? "" : ` filename="${asciiName}";`;
  return `attachment;${ascii} filename*=UTF-8''${encodeURIComponent(name)}`;
}
