// How a chart becomes a picture, and where each runtime picks its renderer.
//
// A chart is built as SVG text by svg.ts (pure, safe on every runtime). Turning it into a PNG needs a
// rasteriser and a font with Chinese glyphs, which only the Node process has:
//   - Node (src/main.ts): pass `renderPng` from ./render-node as createBot's `renderChart` dependency; the stats
//     reply then sends the PNG with the text as its caption.
//   - Workers (src/worker.ts): pass nothing (`workerChartRenderer` is undefined); the stats reply is text only.
//     Never import ./render-node from code the Worker bundles: it loads a native addon and an 8 MB font.
//     @resvg/resvg-wasm would run there, but its wasm alone is ~930 KiB gzipped and a CJK font ~7 MB more,
//     far past the Worker's 1 MiB bundle budget.

/** Rasterises SVG text to PNG bytes `width` pixels wide (height follows the SVG's aspect ratio). */
export type ChartRenderer = (svg: string, width: number) => Promise<Uint8Array>;

/** The Worker has no renderer: callers check for `undefined` and send the text alone. */
export const workerChartRenderer: ChartRenderer | undefined = undefined;
