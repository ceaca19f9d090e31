// Synthetic categories for solver tests: seeded Zipf-like word counts over a chosen alphabet, and the pipeline
// "train on a known mixture, replay each category, lay the trajectories side by side" in one call.
// Example: syntheticCategory('abc', 1) -> Map { "ab" => 10000, "cba" => 5000, ... } (the same for the same seed).

import { prepareMixture, type MixtureData } from '../lib/core/mixture-data.ts';
import { replayMerges } from '../lib/core/replay.ts';
import { trainBpe } from '../lib/core/train.ts';
import type { WordCounts } from '../lib/core/types.ts';
import { tokenizerWordTable } from '../lib/core/word-table.ts';
import { seededRandom } from './corpus.ts';

/**
 * A "language": distinctWords seeded random words over `letters` with Zipf-like counts. With a sampleSeed, each
 * count is redrawn around its expectation (±20% noise, like an independent sample of the same language).
 */
export function syntheticCategory(letters: string, seed: number, distinctWords = 3000, sampleSeed?: number): Map<string, number> {
  const rnd = seededRandom(seed);
  const noise = sampleSeed === undefined ? () => 1 : ((r) => () => 0.8 + 0.4 * r())(seededRandom(sampleSeed));
  const words = new Map<string, number>();
  for (let w = 0; w < distinctWords; w++) {
    const len = 2 + Math.floor(rnd() * 7);
    let s = '';
    for (let j = 0; j < len; j++) s += letters[Math.floor(rnd() ** 1.5 * letters.length)];
    const count = Math.max(1, Math.round((10_000 / (w + 1)) * noise()));
    words.set(s, (words.get(s) ?? 0) + count);
  }
  return words;
}

export function toWordCounts(words: Map<string, number>): WordCounts {
  const list = [...words.keys()];
  let bytes = 0;
  for (const w of list) bytes += new TextEncoder().encode(w).length * words.get(w)!;
  return { words: list, counts: Float64Array.from(list, (w) => words.get(w)!), bytes, chars: 0, lines: 0, invalidUtf8: 0 };
}

/** Trains on sum_i weights[i] * train[i] (integer weights), replays each sample, and returns the solver's input. */
export function mixtureInstance(train: Map<string, number>[], weights: number[], samples: Map<string, number>[], merges: number): { data: MixtureData; trueShare: number[] } {
  const mix = new Map<string, number>();
  train.forEach((c, i) => c.forEach((n, w) => mix.set(w, (mix.get(w) ?? 0) + weights[i] * n)));
  const trained = trainBpe(toWordCounts(mix), { merges });
  const tokenToId = new Map(trained.vocab.map((t, i) => [t, i] as const));
  const trajectories = samples.map((s) => {
    const wc = toWordCounts(s);
    const { table } = tokenizerWordTable(wc, { tokenToId, byteFallback: false });
    return replayMerges(table, { left: trained.mergeLeft, right: trained.mergeRight, result: trained.mergeResult }, { bytes: wc.bytes });
  });
  const data = prepareMixture(trajectories, { left: trained.mergeLeft, right: trained.mergeRight }, 0, trained.mergeLeft.length);
  const raw = train.map((c, i) => weights[i] * toWordCounts(c).bytes);
  const sum = raw.reduce((a, b) => a + b, 0);
  return { data, trueShare: raw.map((x) => x / sum) };
}
