// Fluent translations: zh (default) and en. Sources are passed in, so Node reads files and the Worker
// imports them as text modules; there is no filesystem access here.
import { type I18nFlavor, I18n } from "@grammyjs/i18n";
import type { MiddlewareFn } from "grammy";
import type { BaseContext } from "./context";

export const LOCALES = ["zh", "en"] as const;
export type Locale = (typeof LOCALES)[number];
export type LocaleSources = Record<Locale, string>;

/** A translation bound to one language: what code that sends to someone else (jobs, exports) uses. */
export type Translate = (key: string, variables?: Record<string, string | number>) => string;

export function translator(i18n: I18n<BaseContext>, locale: Locale): Translate {
  return (key, variables) => i18n.t(locale, key, variables);
}

export function isLocale(value: string | undefined): value is Locale {
  return (LOCALES as readonly (string | undefined)[]).includes(value);
}

/** The member's saved choice, else Telegram's language, else Chinese. */
export function negotiateLocale(saved: string | undefined, telegramLanguage: string | undefined): Locale {
  if (isLocale(saved)) return saved;
  if (telegramLanguage?.toLowerCase().startsWith("zh")) return "zh";
  if (telegramLanguage?.toLowerCase().startsWith("en")) return "en";
  return "zh";
}

export function createI18n(sources: LocaleSources): I18n<BaseContext> {
  const i18n = new I18n<BaseContext>({
    defaultLocale: "zh",
    fluentBundleOptions: { useIsolating: false },
  });
  for (const locale of LOCALES)
    i18n.loadLocaleSync(locale, { source: sources[locale], isDefault: locale === "zh" });
  rememberMatchedBundles(i18n.fluent);
  const translate = i18n.fluent.translate.bind(i18n.fluent);
  // A message without variables reads the same every time: buttons and questions are formatted once.
  const plain = new Map<string, string>();
  i18n.fluent.translate = (locale, path, context) => {
    // Numbers are ids, counts and limits: "#1234", never "#1,234" as Fluent's locale formatting would write.
    if (context && hasKeys(context)) return translate(locale, path, stringifyNumbers(context));
    const key = `${locale}\u0000${path}`;
    let text = plain.get(key);
    if (text === undefined) {
      text = translate(locale, path);
      if (plain.size < MAX_PLAIN_KEPT) plain.set(key, text);
    }
    return text;
  };
  return i18n;
}

/** Messages without variables kept formatted: more than the locales hold, as a bound on paths made from data. */
const MAX_PLAIN_KEPT = 4096;

function hasKeys(record: Record<string, unknown>): boolean {
  for (const _ in record) return true;
  return false;
}

/**
 * The plugin negotiates the bundles for a locale with @fluent/langneg on every message it formats (a tenth of a
 * millisecond per question shown); the bundles never change once loaded, so each locale's are kept.
 */
function rememberMatchedBundles(fluent: I18n<BaseContext>["fluent"]): void {
  const plugin = fluent as unknown as { matchBundles(locales: string[]): Set<unknown> };
  const match = plugin.matchBundles.bind(plugin);
  const matched = new Map<string, Set<unknown>>();
  plugin.matchBundles = (locales) => {
    const key = locales.join("\u0000");
    let bundles = matched.get(key);
    if (!bundles) {
      bundles = match(locales);
      if (matched.size < 64) matched.set(key, bundles);
    }
    return bundles;
  };
}

function stringifyNumbers<T extends Record<string, unknown>>(context: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(context))
    out[key] = typeof value === "number" ? String(value) : value;
  return out as T;
}

type Fluent = I18n<BaseContext>["fluent"];

/** One update's language: ctx.i18n as the plugin defines it. */
class UpdateLocale implements Omit<I18nFlavor["i18n"], "fluent"> {
  constructor(
    readonly fluent: Fluent,
    private readonly ctx: BaseContext,
    public locale: string,
  ) {}

  useLocale(locale: string): void {
    this.locale = locale;
  }

  async getLocale(): Promise<string> {
    return negotiateLocale(this.ctx.savedLanguage, this.ctx.from?.language_code);
  }

  async renegotiateLocale(): Promise<void> {
    this.locale = await this.getLocale();
  }

  async setLocale(): Promise<void> {
    throw new Error("no session keeps a language: save it (src/db/prefs.ts), then useLocale");
  }
}

/**
 * The plugin's middleware with less made per update: ctx.i18n, ctx.t and ctx.translate in the language the
 * member saved, else Telegram's (negotiateLocale). The plugin's made six closures, an object given by
 * Object.defineProperty and three awaits for every update, and copied the variables of every message it
 * formatted: 6% of what the bot allocated in the webhook bench.
 */
export function i18nMiddleware(i18n: I18n<BaseContext>): MiddlewareFn<BaseContext> {
  const fluent = i18n.fluent;
  return (ctx, next) => {
    const locale = new UpdateLocale(fluent, ctx, negotiateLocale(ctx.savedLanguage, ctx.from?.language_code));
    ctx.i18n = locale as I18nFlavor["i18n"];
    ctx.t = (key, variables) => fluent.translate(locale.locale, key, variables);
    ctx.translate = ctx.t;
    return next();
  };
}
