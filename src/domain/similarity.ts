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
