// Adding up word counts from several inputs (the files of one category): words keep their order of first
// appearance across the inputs, so the sum is deterministic for a given input order.
// Example: [{the: 2, cat: 1}, {dog: 1, the: 3}] -> {the: 5, cat: 1, dog: 1}.

import type { WordCounts } from './types.ts';

export function addWordCounts(parts: readonly WordCounts[]): WordCounts {
  if (parts.length === 1) return parts[0];
  const index = new Map<string, number>();
  const words: string[] = [];
  const counts: number[] = [];
  let bytes = 0, chars = 0, lines = 0, invalidUtf8 = 0;
  for (const part of parts) {
    for (let w = 0; w < part.words.length; w++) {
      const word = part.words[w];
      const at = index.get(word);
      if (at === undefined) { index.set(word, words.length); words.push(word); counts.push(part.counts[w]); }
      else counts[at] += part.counts[w];
    }
    bytes += part.bytes; chars += part.chars; lines += part.lines; invalidUtf8 += part.invalidUtf8;
  }
  return { words, counts: Float64Array.from(counts), bytes, chars, lines, invalidUtf8 };
}
