// Node only: SVG → PNG with resvg (a native addon from npm) and the Noto Sans S Chinese font shipped by the
// @embedpdf/fonts-sc package (SIL OFL 1.1; Regular and Bold, ~8.5 MB each). System fonts are never loaded,
// so a chart renders the same on every machine, with or without fonts installed. See types.ts for where
// this renderer is chosen (never in the Worker).
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type ResvgRenderOptions, renderAsync } from "@resvg/resvg-js";
import { CHART_FONT_FAMILY } from "./svg";
import type { ChartRenderer } from "./types";

const FONT_PACKAGE = "@embedpdf/fonts-sc";
const FONT_FILES = ["NotoSansHans-Regular.otf", "NotoSansHans-Bold.otf"];

let fontPaths: string[] | undefined;

/**
 * Absolute paths of the chart fonts. The package exports only its JS entry (dist/index.cjs), not the font
 * files, so they are found next to it, in ../fonts.
 */
export function chartFontFiles(): string[] {
  if (fontPaths) return fontPaths;
  const entry = createRequire(import.meta.url).resolve(FONT_PACKAGE);
  const paths = FONT_FILES.map((file) => join(dirname(entry), "..", "fonts", file));
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length > 0)
    throw new Error(`Chart font missing (reinstall ${FONT_PACKAGE}): ${missing.join(", ")}`);
  fontPaths = paths;
  return paths;
}

/** The resvg options every chart is rendered with; `fontFiles` may be replaced (tests render without CJK). */
export function renderOptions(width: number, fontFiles: string[] = chartFontFiles()): ResvgRenderOptions {
  return {
    fitTo: { mode: "width", value: Math.max(1, Math.round(width)) },
    background: "#ffffff",
    font: {
      loadSystemFonts: false,
      fontFiles,
      defaultFontFamily: CHART_FONT_FAMILY,
      sansSerifFamily: CHART_FONT_FAMILY,
      serifFamily: CHART_FONT_FAMILY,
      monospaceFamily: CHART_FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    logLevel: "off",
  };
}

export interface RgbaImage {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes a pixel. */
  pixels: Uint8Array;
}

/** Raw pixels instead of a PNG (for checks); rendering runs on libuv's thread pool, off the event loop. */
export async function renderRgba(svg: string, width: number, fontFiles?: string[]): Promise<RgbaImage> {
  const image = await renderAsync(svg, renderOptions(width, fontFiles));
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/** SVG text → PNG bytes, `width` pixels wide. Pass twice the chart's width for a sharper picture. */
export const renderPng: ChartRenderer = async (svg, width) => {
  const image = await renderAsync(svg, renderOptions(width));
  return image.asPng();
};
