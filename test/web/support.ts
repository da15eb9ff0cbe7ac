// Drives the web console through the app, as a browser would: sign-in link from /web, the session cookie, the
// CSRF token of the page, the Origin header.
import { expect } from "vitest";
import type { ChatUser, Harness } from "../support/harness";
import { TEST_PUBLIC_URL } from "../support/harness";

export const ORIGIN = new URL(TEST_PUBLIC_URL).origin;

export class Browser {
  cookie = "";
  constructor(readonly harness: Harness) {}

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookie) headers.set("cookie", this.cookie);
    const response = await this.harness.app.request(`${TEST_PUBLIC_URL}${path}`, { ...init, headers });
    const set = response.headers.get("set-cookie");
    if (set) {
      const [pair] = set.split(";");
      this.cookie = /=$/.test(pair ?? "") || /Max-Age=0/i.test(set) ? "" : (pair ?? "");
    }
    await this.harness.courier.idle();
    return response;
  }

  get(path: string): Promise<Response> {
    return this.request(path);
  }

  /** A form posted from the console's own page: its Origin and, when signed in, the page's CSRF token. */
  async postForm(path: string, fields: Record<string, string>, options: { csrf?: string | false } = {}) {
    const body = new URLSearchParams(fields);
    const csrf = options.csrf === undefined ? await this.csrf() : options.csrf;
    if (csrf) body.set("_csrf", csrf);
    return this.request(path, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: ORIGIN },
      body: body.toString(),
    });
  }

  async postJson(path: string, json: unknown, headers: Record<string, string> = {}) {
    return this.request(path, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        origin: ORIGIN,
        "x-csrf-token": await this.csrf(),
        ...headers,
      },
      body: JSON.stringify(json),
    });
  }

  /** The CSRF token the home page carries for this session. */
  async csrf(): Promise<string> {
    if (!this.cookie) return "";
    const headers = new Headers({ cookie: this.cookie });
    const html = await (await this.harness.app.request(`${TEST_PUBLIC_URL}/web`, { headers })).text();
    return /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1] ?? "";
  }
}

/** The sign-in link the bot last sent this user in answer to /web. */
export async function requestLink(user: ChatUser): Promise<string> {
  await user.send("/web");
  const match = /https:\/\/console\.test(\/web\/sign-in\?t=[\w%-]+)/.exec(user.lastText());
  expect(match, user.lastText()).not.toBeNull();
  return match![1]!;
}

/** Signs the user in by the link /web sends, as a browser: opens it, then presses the button. */
export async function signIn(h: Harness, user: ChatUser): Promise<Browser> {
  const browser = new Browser(h);
  const path = await requestLink(user);
  const page = await browser.get(path);
  expect(page.status).toBe(200);
  const token = new URL(`${ORIGIN}${path}`).searchParams.get("t")!;
  const answer = await browser.postForm("/web/sign-in", { t: token }, { csrf: false });
  expect(answer.status).toBe(303);
  expect(browser.cookie).toMatch(/^minyi_session=/);
  return browser;
}
