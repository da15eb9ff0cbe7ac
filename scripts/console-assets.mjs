// Copies the web console's large static files (ECharts) into dist-assets/, which wrangler.toml's [assets] serves
// on Workers before the Worker runs: they stay out of the Worker bundle. On Node they come from node_modules.
import { copyFileSync, mkdirSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const assets = { "web/static/echarts.js": "echarts/dist/echarts.common.min.js" };

for (const [target, module] of Object.entries(assets)) {
  const to = join(root, "dist-assets", target);
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(require.resolve(module), to);
}
