// The chart fonts cut down to the characters one picture uses, with HarfBuzz's subsetter (hb-subset, the wasm
// build the harfbuzzjs package ships). resvg parses every font it is given for every picture: the two Noto Sans
// SC files (8.5 MB each, ~65,000 glyphs, large layout tables) cost about 100–250 ms of CPU a chart. Here they are
// read into the wasm heap once, and each picture gets two fonts of ~45 KB holding only its glyphs, in a few ms.
// A subset keeps every name (so resvg matches the family and weights as before), the layout tables of the kept
// glyphs and their outlines as they were: the picture comes out pixel for pixel the same
// (test/charts/render.test.ts). Node only, used by render-thread.ts.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

/** The hb-subset exports used here (the C API; pointers are offsets into `memory`). */
interface HarfBuzz {
  memory: WebAssembly.Memory;
  _initialize(): void;
  malloc(size: number): number;
  free(pointer: number): void;
  hb_blob_create(data: number, length: number, mode: number, user: number, destroy: number): number;
  hb_blob_destroy(blob: number): void;
  hb_blob_get_data(blob: number, length: number): number;
  hb_blob_get_length(blob: number): number;
  hb_face_create(blob: number, index: number): number;
  hb_face_destroy(face: number): void;
  hb_face_reference_blob(face: number): number;
  hb_set_add(set: number, value: number): void;
  hb_set_clear(set: number): void;
  hb_set_invert(set: number): void;
  hb_subset_input_create_or_fail(): number;
  hb_subset_input_destroy(input: number): void;
  hb_subset_input_set(input: number, which: number): number;
  hb_subset_input_unicode_set(input: number): number;
  hb_subset_or_fail(face: number, input: number): number;
}

const HB_MEMORY_MODE_READONLY = 1;
const HB_SUBSET_SETS_NAME_ID = 4;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;

export interface FontSubsetter {
  /** One font per file given to `loadFontSubsetter`, in that order, holding the code points' glyphs. */
  subset(codePoints: Iterable<number>): Uint8Array[];
}

/** How many times font files were read and parsed in this thread (a test checks that it happens once). */
export let fontLoads = 0;

/** Reads HarfBuzz and the fonts once; the faces stay in the wasm heap for every later subset. */
export async function loadFontSubsetter(fontFiles: readonly string[]): Promise<FontSubsetter> {
  const wasmFile = createRequire(import.meta.url).resolve("harfbuzzjs/dist/harfbuzz-subset.wasm");
  const { instance } = await WebAssembly.instantiate(await readFile(wasmFile));
  const hb = instance.exports as unknown as HarfBuzz;
  hb._initialize();
  const faces: number[] = [];
  for (const file of fontFiles) {
    const bytes = await readFile(file);
    fontLoads++;
    const data = hb.malloc(bytes.byteLength);
    new Uint8Array(hb.memory.buffer).set(bytes, data);
    // The bytes stay allocated for the life of the thread: the face reads its tables from them.
    const blob = hb.hb_blob_create(data, bytes.byteLength, HB_MEMORY_MODE_READONLY, 0, 0);
    faces.push(hb.hb_face_create(blob, 0));
    hb.hb_blob_destroy(blob);
  }
  return { subset: (codePoints) => subsetFaces(hb, faces, [...codePoints]) };
}

function subsetFaces(hb: HarfBuzz, faces: readonly number[], codePoints: readonly number[]): Uint8Array[] {
  return faces.map((face) => {
    const input = hb.hb_subset_input_create_or_fail();
    if (input === 0) throw new Error("hb_subset_input_create_or_fail failed");
    let subset = 0;
    try {
      const unicodes = hb.hb_subset_input_unicode_set(input);
      for (const codePoint of codePoints) hb.hb_set_add(unicodes, codePoint);
      // Keep every name (the typographic family and subfamily among them) and every layout feature.
      for (const which of [HB_SUBSET_SETS_NAME_ID, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG]) {
        const set = hb.hb_subset_input_set(input, which);
        hb.hb_set_clear(set);
        hb.hb_set_invert(set);
      }
      subset = hb.hb_subset_or_fail(face, input);
    } finally {
      hb.hb_subset_input_destroy(input);
    }
    if (subset === 0) throw new Error("hb_subset_or_fail failed");
    const blob = hb.hb_face_reference_blob(subset);
    try {
      const at = hb.hb_blob_get_data(blob, 0);
      const length = hb.hb_blob_get_length(blob);
      if (length === 0) throw new Error("hb-subset made an empty font");
      // A copy: the wasm memory may grow (and its buffer move) on the next call.
      return new Uint8Array(hb.memory.buffer, at, length).slice();
    } finally {
      hb.hb_blob_destroy(blob);
      hb.hb_face_destroy(subset);
    }
  });
}

/**
 * The code points an SVG's text can draw: every character of the source (markup included, which is ASCII and
 * kept anyway) and those written as character references (&#20154; or &#x4eba;). Printable ASCII is always
 * kept, so the five named entities need no decoding.
 */
export function svgCodePoints(svg: string): Set<number> {
  const points = new Set<number>();
  for (let c = 0x20; c < 0x7f; c++) points.add(c);
  for (const ch of svg) points.add(ch.codePointAt(0)!);
  for (const match of svg.matchAll(/&#(x[0-9a-fA-F]+|[0-9]+);/g)) {
    const value = match[1]!;
    const codePoint = value.startsWith("x") ? Number.parseInt(value.slice(1), 16) : Number(value);
    if (codePoint <= 0x10ffff) points.add(codePoint);
  }
  return points;
}
