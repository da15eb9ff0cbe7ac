// Stands in for @deno/shim-deno in the Worker bundle (wrangler.toml [alias]). @grammyjs/i18n's npm build
// imports that shim only to read locale files from disk; the Worker hands it locale sources instead, so no
// Deno API is ever called, and the real shim would drag Node's fs, child_process and dns into the bundle.
export const Deno = {};
