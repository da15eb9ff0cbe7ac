// The chart renderer's thread: a long-lived worker thread that holds the fonts (read and parsed once, see
// font-subset.ts) and turns SVG into PNG (or raw pixels) one picture at a time. Everything heavy happens here,
// off the bot's event loop: subsetting, rasterising and PNG encoding (resvg's asPng is synchronous).
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { Resvg } from "@resvg/resvg-js";
import { type FontSubsetter, fontLoads, loadFontSubsetter, svgCodePoints } from "./font-subset";
import { type RenderJob, type RenderReply, renderOptions, type ThreadData } from "./render-node";

const { fontFiles, scratchDir } = workerData as ThreadData;
let subsetter: Promise<FontSubsetter> | undefined;

/** Font files for this picture: the given ones as they are, else the chart fonts cut to the SVG's characters. */
async function fontsFor(job: RenderJob): Promise<{ files: string[]; written: string[] }> {
  if (job.fontFiles) return { files: job.fontFiles, written: [] };
  subsetter ??= loadFontSubsetter(fontFiles);
  const fonts = (await subsetter).subset(svgCodePoints(job.svg));
  // resvg-js on Node takes fonts by path only: the subsets are written for this picture and removed after it.
  const written = fonts.map((font, i) => {
    const file = join(scratchDir, `${job.id}-${i}.otf`);
    writeFileSync(file, font);
    return file;
  });
  return { files: written, written };
}

async function render(job: RenderJob): Promise<RenderReply> {
  const { files, written } = await fontsFor(job);
  try {
    const image = new Resvg(job.svg, renderOptions(job.width, files)).render();
    // Copies in memory this thread owns, so they can be transferred (resvg's buffers are external).
    const bytes = new Uint8Array(job.output === "png" ? image.asPng() : image.pixels);
    return { id: job.id, ok: true, width: image.width, height: image.height, bytes, fontLoads };
  } finally {
    for (const file of written) rmSync(file, { force: true });
  }
}

parentPort!.on("message", (job: RenderJob) => {
  render(job).then(
    (reply) => parentPort!.postMessage(reply, reply.ok ? [reply.bytes.buffer as ArrayBuffer] : []),
    (error: unknown) =>
      parentPort!.postMessage({
        id: job.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
      } satisfies RenderReply),
  );
});
