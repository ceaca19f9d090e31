// Word counts of a bigger text of the same kind, emulated from a smaller one: the small text's word frequencies are
// taken as the true distribution, and a text `scale` times longer is drawn from it. Each word's count is an
// independent Poisson draw with mean scale * count (exact, PTRS, from the `random` package), seeded, so the same
// seed gives the same counts. The draw adds counting noise of the right size for the bigger text; it adds no new
// words (a real bigger text has a long tail the small one lacks), so it emulates sampling noise, not vocabulary.
// Used to measure the attack and its LP at the paper's data scale (1 GB samples, 10 GB training) on bundled text.
// Example: {the: 3, cat: 1}, scale 1000 -> {the: 3045, cat: 943} (seed 1); expectedWordCounts at scale 1000.5 -> {the: 3001.5, cat: 1000.5}.

import { Random } from 'random';
import type { WordCounts } from './types.ts';

/** Counts drawn as for a text `scale` times longer (Poisson, seeded by `rnd`); bytes, chars and lines scale too. */
export function resampleWordCounts(wc: WordCounts, scale: number, rnd: () => number): WordCounts {
  checkScale(scale);
  const random = new Random(rnd);
  const counts = new Float64Array(wc.counts.length);
  for (let w = 0; w < counts.length; w++) {
    const mean = wc.counts[w] * scale;
    counts[w] = mean > 0 ? random.poisson(mean)() : 0;
  }
  return scaled(wc, counts, scale);
}

/**
 * The mean counts of resampleWordCounts, not rounded: the bigger text with no counting noise at all, so counts drawn
 * this way for several texts add up exactly (a rounded count would be off by up to half an occurrence).
 */
export function expectedWordCounts(wc: WordCounts, scale: number): WordCounts {
  checkScale(scale);
  return scaled(wc, wc.counts.map((c) => c * scale), scale);
}

function checkScale(scale: number): void {
  if (!(scale > 0 && Number.isFinite(scale))) throw new RangeError(`scale must be a positive number, got ${scale}`);
}

function scaled(wc: WordCounts, counts: Float64Array, scale: number): WordCounts {
  return {
    words: wc.words, counts,
    bytes: Math.round(wc.bytes * scale), chars: Math.round(wc.chars * scale), lines: Math.round(wc.lines * scale),
    invalidUtf8: Math.round(wc.invalidUtf8 * scale),
  };
}
