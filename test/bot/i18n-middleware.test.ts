// The per-update translation middleware (src/bot/i18n.ts): the language a member saved, else Telegram's, else
// Chinese; a language chosen mid-update applies to what follows; numbers stay unformatted. Messages without
// variables are formatted once (createI18n): the same text as formatted afresh, never one formatted with them.
import { Api, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { BaseContext } from "../../src/bot/context";
import { createI18n, i18nMiddleware } from "../../src/bot/i18n";
import { readLocales } from "../../src/node-runtime";

const i18n = createI18n(readLocales());
const middleware = i18nMiddleware(i18n);

function contextOf(languageCode: string | undefined, savedLanguage?: string): BaseContext {
  const update: Update = {
    update_id: 1,
    message: {
      message_id: 1,
      date: 0,
      chat: { id: 7, type: "private", first_name: "张明" },
      from: {
        id: 7,
        is_bot: false,
        first_name: "张明",
        ...(languageCode ? { language_code: languageCode } : {}),
      },
      text: "/help",
    },
  };
  const ctx = new Context(update, new Api("0:test"), { id: 1 } as UserFromGetMe) as BaseContext;
  ctx.savedLanguage = savedLanguage;
  return ctx;
}

async function translated(ctx: BaseContext, during?: (ctx: BaseContext) => void): Promise<string[]> {
  const seen: string[] = [];
  await middleware(ctx, async () => {
    seen.push(ctx.t("lang-changed"));
    during?.(ctx);
    seen.push(ctx.translate("lang-changed"));
  });
  return seen;
}

describe("i18nMiddleware", () => {
  const zh = i18n.t("zh", "lang-changed");
  const en = i18n.t("en", "lang-changed");

  it("speaks the saved language, else Telegram's, else Chinese", async () => {
    expect(zh).not.toBe(en);
    expect(await translated(contextOf("en"))).toEqual([en, en]);
    expect(await translated(contextOf("zh-hans"))).toEqual([zh, zh]);
    expect(await translated(contextOf("de"))).toEqual([zh, zh]);
    expect(await translated(contextOf(undefined))).toEqual([zh, zh]);
    expect(await translated(contextOf("en", "zh"))).toEqual([zh, zh]);
    expect(await translated(contextOf("zh-hans", "en"))).toEqual([en, en]);
  });

  it("switches mid-update when a language is chosen, and says which it uses", async () => {
    const ctx = contextOf("zh-hans");
    expect(await translated(ctx, (c) => c.i18n.useLocale("en"))).toEqual([zh, en]);
    ctx.savedLanguage = "en";
    await ctx.i18n.renegotiateLocale();
    expect(ctx.t("lang-changed")).toBe(en);
    expect(await ctx.i18n.getLocale()).toBe("en");
  });

  it("writes numbers as they are: ids and counts, never grouped", async () => {
    const ctx = contextOf("en");
    await middleware(ctx, async () => undefined);
    expect(ctx.t("submit-done", { id: 12345 })).toContain("#12345.");
  });
});

describe("createI18n's translations", () => {
  const sources = readLocales();
  const ids = (source: string) => [...source.matchAll(/^([a-z][\w-]*) *=/gm)].map((m) => m[1]!);
  // A message that needs variables refuses to be formatted without them.
  const outcome = (format: () => string) => {
    try {
      return format();
    } catch (error) {
      return `refused: ${(error as Error).message}`;
    }
  };

  it("formats every message without variables the same on each call as a translator made afresh", () => {
    const cached = createI18n(sources);
    for (const locale of ["zh", "en"] as const) {
      const fresh = createI18n(sources);
      expect(ids(sources[locale]).length).toBeGreaterThan(300);
      for (const id of ids(sources[locale])) {
        const first = outcome(() => cached.t(locale, id));
        expect(outcome(() => cached.t(locale, id))).toBe(first);
        expect(outcome(() => fresh.t(locale, id))).toBe(first);
      }
    }
  });

  it("never answers a message with variables from the formatted one without", () => {
    expect(outcome(() => i18n.t("zh", "error-unknown-command"))).toMatch(/^refused/);
    expect(i18n.t("zh", "error-unknown-command", { command: "/nope" })).toContain("/nope");
    expect(i18n.t("en", "error-unknown-command", { command: "/again" })).toContain("/again");
    expect(i18n.t("zh", "lang-changed", {})).toBe(i18n.t("zh", "lang-changed"));
  });
});
