// Near-duplicate detection for reports (与已有信息重复): character-bigram Dice similarity,
// which works for Chinese without word segmentation and well enough for other scripts.

/** NFKC, lower case, without whitespace, punctuation (Chinese included) or symbols. */
export function normalizeText(text: string): string {
  return text
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, "");
}

function bigrams(normalized: string): Map<string, number> {
  const chars = Array.from(normalized);
  const grams = new Map<string, number>();
  // A single character has no bigram; let it stand for itself so "水" still equals "水".
  if (chars.length === 1) grams.set(chars[0]!, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = chars[i]! + chars[i + 1]!;
    grams.set(gram, (grams.get(gram) ?? 0) + 1);
  }
  return grams;
}

function dice(a: Map<string, number>, b: Map<string, number>): number {
  let sizeA = 0;
  let sizeB = 0;
  let shared = 0;
  for (const count of a.values()) sizeA += count;
  for (const [gram, count] of b) {
    sizeB += count;
    shared += Math.min(count, a.get(gram) ?? 0);
  }
  return sizeA + sizeB === 0 ? 0 : (2 * shared) / (sizeA + sizeB);
}

/** Dice coefficient of the texts' character bigrams, 0..1; 0 when either text is empty. */
export function similarity(a: string, b: string): number {
  return dice(bigrams(normalizeText(a)), bigrams(normalizeText(b)));
}

/**
 * A title without the customary frame「关于……的建议」, which every report shares and which would
 * otherwise make short unrelated titles look alike.
 */
export function titleCore(title: string): string {
  const normalized = normalizeText(title);
  const core = normalized.replace(/^关于/u, "").replace(/的?(?:对策建议|建议|意见|对策|思考|提案)$/u, "");
  return core === "" ? normalized : core;
}

export interface SimilarityOptions {
  titleThreshold?: number;
  bodyThreshold?: number;
}

export interface SimilarMatch {
  id: number;
  /** The larger of the two scores. */
  score: number;
  titleScore: number;
  bodyScore: number;
}

/** Other reports whose title or body is at least as similar as its threshold, most similar first. */
export function findSimilar(
  candidate: { title: string; body: string },
  others: readonly { id: number; title: string; body: string }[],
  { titleThreshold = 0.6, bodyThreshold = 0.5 }: SimilarityOptions = {},
): SimilarMatch[] {
  const title = bigrams(titleCore(candidate.title));
  const body = bigrams(normalizeText(candidate.body));
  const matches: SimilarMatch[] = [];
  for (const other of others) {
    const titleScore = dice(title, bigrams(titleCore(other.title)));
    const bodyScore = dice(body, bigrams(normalizeText(other.body)));
    if (titleScore >= titleThreshold || bodyScore >= bodyThreshold) {
      matches.push({ id: other.id, score: Math.max(titleScore, bodyScore), titleScore, bodyScore });
    }
  }
  return matches.sort((a, b) => b.score - a.score || a.id - b.id);
}

// ---- signatures: narrowing the search before the exact comparison -----------------------------------------
//
// Comparing a new report with every report of the year costs ~150 µs each (bigrams rebuilt from the text),
// seconds per submit at 10,000 reports a year. A MinHash signature per text (computed once per report and
// stored) estimates the Jaccard similarity of two bigram sets from SIGNATURE_SIZE numbers; only reports
// whose estimate could reach a threshold are compared exactly with `findSimilar`.

export const SIGNATURE_SIZE = 64;

/** 32-bit FNV-1a of a string. */
/** FNV-1a, 32 bits: a quick, stable hash of a string. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** A 32-bit mixer (murmur3's finalizer): the i-th hash function is mix(h ^ seed_i). */
function mix(value: number): number {
  let h = value;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const SEEDS = Array.from({ length: SIGNATURE_SIZE }, (_, i) => mix(0x9e3779b9 + i * 0x632be5ab));

/** The MinHash signature of a normalized text's bigram set; all 0xffffffff for an empty text. */
function signatureOf(normalized: string): Uint32Array {
  const signature = new Uint32Array(SIGNATURE_SIZE).fill(0xffffffff);
  for (const gram of bigrams(normalized).keys()) {
    const h = fnv1a(gram);
    for (let i = 0; i < SIGNATURE_SIZE; i++) {
      const v = mix(h ^ SEEDS[i]!);
      if (v < signature[i]!) signature[i] = v;
    }
  }
  return signature;
}

export interface TextSignatures {
  title: Uint32Array;
  body: Uint32Array;
}

/** Signatures of a report's title (without its customary frame) and body, as `findSimilar` compares them. */
export function reportSignatures(report: { title: string; body: string }): TextSignatures {
  return { title: signatureOf(titleCore(report.title)), body: signatureOf(normalizeText(report.body)) };
}

/** A report's or a draft's text as the check compares it: the title, and the three sections as one body. */
export function comparedText(report: {
  title: string | null;
  situation: string | null;
  analysis: string | null;
  suggestions: string | null;
}): { title: string; body: string } {
  return {
    title: report.title ?? "",
    body: `${report.situation ?? ""}\n${report.analysis ?? ""}\n${report.suggestions ?? ""}`,
  };
}

/** A text with its signatures: a draft checked before it is submitted gives the report these (signatures cost). */
export interface SignedText {
  title: string;
  body: string;
  signatures: TextSignatures;
}

export function signText(text: { title: string; body: string }): SignedText {
  return { title: text.title, body: text.body, signatures: reportSignatures(text) };
}

/** The signatures of `text`: those of `signed` when it is the same text, else made now. */
export function signaturesFor(text: { title: string; body: string }, signed?: SignedText): TextSignatures {
  return signed && signed.title === text.title && signed.body === text.body
    ? signed.signatures
    : reportSignatures(text);
}

/** Estimated Jaccard similarity of the two bigram sets, 0..1. */
export function estimateJaccard(a: Uint32Array, b: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < SIGNATURE_SIZE; i++) if (a[i] === b[i]) same++;
  return same / SIGNATURE_SIZE;
}

/**
 * The Jaccard estimate below which a pair cannot plausibly reach a Dice threshold. Dice d of two sets is
 * Jaccard d / (2 − d); the estimate from 64 hashes has a standard deviation of at most 0.0625, so 0.15 is
 * subtracted (about 2.5 deviations at the thresholds used), and repeated bigrams — which `findSimilar`
 * counts and the sets do not — are left room by the same margin.
 */
export function jaccardCutoff(diceThreshold: number): number {
  return Math.max(0, diceThreshold / (2 - diceThreshold) - 0.15);
}

/** Whether a report with these signatures may be similar enough to be compared exactly. */
export function maySimilar(
  candidate: TextSignatures,
  other: TextSignatures,
  { titleThreshold = 0.6, bodyThreshold = 0.5 }: SimilarityOptions = {},
): boolean {
  return (
    estimateJaccard(candidate.title, other.title) >= jaccardCutoff(titleThreshold) ||
    estimateJaccard(candidate.body, other.body) >= jaccardCutoff(bodyThreshold)
  );
}

// ---- bands: finding the reports that may be alike without reading every signature -------------------------
//
// Locality-sensitive hashing over the same signatures: BANDS bands of ROWS_PER_BAND hashes each. Two texts
// share a band with probability J^2 (J their Jaccard similarity), so at least one of 32 bands with
// 1 − (1 − J²)^32: 97.7% at J = 1/3 (a body exactly at Dice 0.5), 99.9% at the title's threshold (J = 0.43),
// certain above; for unrelated texts (J ≈ 0.03) 3%. The reports sharing a band are then checked with
// `maySimilar` and compared exactly, as before.

export const BANDS = 32;
const ROWS_PER_BAND = SIGNATURE_SIZE / BANDS;

/** A signature of an empty text (no bigrams): it is like nothing, and is given no bands. */
function isEmpty(signature: Uint32Array): boolean {
  return signature.every((v) => v === 0xffffffff);
}

/**
 * The band keys of a report's signatures: for the title (kind 0) and the body (kind 1), each band's index and
 * a 32-bit hash of its values, as one integer below 2^38 (exact in a double and in SQLite's INTEGER).
 */
export function bandKeys(signatures: TextSignatures): number[] {
  const keys: number[] = [];
  for (const [kind, signature] of [signatures.title, signatures.body].entries()) {
    if (isEmpty(signature)) continue;
    for (let band = 0; band < BANDS; band++) {
      let h = 0x2545f491 ^ band;
      for (let r = 0; r < ROWS_PER_BAND; r++) h = mix(h ^ signature[band * ROWS_PER_BAND + r]!);
      keys.push((kind * BANDS + band) * 2 ** 32 + h);
    }
  }
  return keys;
}
