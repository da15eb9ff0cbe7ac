// Node only: SVG → PNG with resvg (a native addon from npm) and the Noto Sans S Chinese font shipped by the
// @embedpdf/fonts-sc package (SIL OFL 1.1; Regular and Bold, ~8.5 MB each). System fonts are never loaded,
// so a chart renders the same on every machine, with or without fonts installed. See types.ts for where
// this renderer is chosen (never in the Worker). Pictures are drawn in one long-lived thread that reads the
// fonts once and gives resvg only the glyphs each picture uses (render-thread.ts, font-subset.ts).
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { ResvgRenderOptions } from "@resvg/resvg-js";
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

// ---- the renderer's thread -------------------------------------------------------------------------------

/** What the main thread asks of the renderer's thread. */
export interface RenderJob {
  id: number;
  svg: string;
  width: number;
  output: "png" | "rgba";
  /** Fonts to render with as they are; by default the chart fonts, cut to the picture's characters. */
  fontFiles?: string[];
}

export type RenderReply =
  | { id: number; ok: true; width: number; height: number; bytes: Uint8Array; fontLoads: number }
  | { id: number; ok: false; message: string };

/** Given to the thread when it starts. */
export interface ThreadData {
  fontFiles: string[];
  /** Where the thread writes each picture's font subsets (resvg-js reads fonts from files only). */
  scratchDir: string;
}

const THREAD_ENTRY = fileURLToPath(new URL("./render-thread.mjs", import.meta.url));

/**
 * One long-lived thread for every chart: it reads the fonts once and renders one picture at a time (charts are
 * rare; more wait their turn). It does not keep the process alive while idle, and a thread that died is
 * replaced on the next picture.
 */
class RenderThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(reply: RenderReply): void; reject(e: Error): void }>();
  private nextId = 1;
  private readonly scratchDir = mkdtempSync(join(tmpdir(), "minyi-chart-fonts-"));
  private readonly removeScratch = () => rmSync(this.scratchDir, { recursive: true, force: true });
  /** Font files the thread has read so far (from its last answer). */
  fontLoads = 0;

  constructor(onGone: () => void) {
    const data: ThreadData = { fontFiles: chartFontFiles(), scratchDir: this.scratchDir };
    process.once("exit", this.removeScratch);
    this.worker = new Worker(THREAD_ENTRY, { workerData: data });
    this.worker.unref();
    this.worker.on("message", (reply: RenderReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.ok) this.fontLoads = reply.fontLoads;
      waiting.resolve(reply);
    });
    const gone = (error: Error) => {
      onGone();
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      process.off("exit", this.removeScratch);
      this.removeScratch();
    };
    this.worker.on("error", gone);
    this.worker.on("exit", (code) => gone(new Error(`the chart renderer's thread exited (${code})`)));
  }

  render(job: Omit<RenderJob, "id">): Promise<RenderReply & { ok: true }> {
    const id = this.nextId++;
    return new Promise<RenderReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // Referenced while a picture is pending, so a script awaiting one does not exit under it.
      this.worker.ref();
      this.worker.postMessage({ ...job, id } satisfies RenderJob);
    }).then((reply) => {
      if (!reply.ok) throw new Error(`chart rendering failed: ${reply.message}`);
      return reply;
    });
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

let thread: RenderThread | undefined;

function renderThread(): RenderThread {
  if (!thread) {
    const created = new RenderThread(() => {
      if (thread === created) thread = undefined;
    });
    thread = created;
  }
  return thread;
}

/** How many font files the renderer's thread has read since it started (0 before its first picture). */
export function chartFontLoads(): number {
  return thread?.fontLoads ?? 0;
}

const WARM_UP_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><text y="8" font-size="8">民</text></svg>';

/**
 * Starts the renderer's thread and has it read the fonts now (about half a second), so the first /stats after
 * start does not wait for that. src/main.ts calls it once the bot is up.
 */
export async function warmChartRenderer(): Promise<void> {
  await renderThread().render({ svg: WARM_UP_SVG, width: 8, output: "png" });
}

/** Stops the renderer's thread (the next picture starts a new one). */
export async function closeChartRenderer(): Promise<void> {
  await thread?.close();
}

export interface RgbaImage {
  width: number;
  height: number;
  /** Row-major RGBA, 4 bytes a pixel. */
  pixels: Uint8Array;
}

/**
 * Raw pixels instead of a PNG (for checks). `fontFiles` renders with those files as they are instead of the
 * chart fonts cut to the picture's characters (tests: the full fonts, or none).
 */
export async function renderRgba(svg: string, width: number, fontFiles?: string[]): Promise<RgbaImage> {
  const reply = await renderThread().render({
    svg,
    width,
    output: "rgba",
    ...(fontFiles ? { fontFiles } : {}),
  });
  return { width: reply.width, height: reply.height, pixels: reply.bytes };
}

/** SVG text → PNG bytes, `width` pixels wide. Pass twice the chart's width for a sharper picture. */
export const renderPng: ChartRenderer = async (svg, width) =>
  (await renderThread().render({ svg, width, output: "png" })).bytes;
