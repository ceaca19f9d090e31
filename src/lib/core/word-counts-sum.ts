// Adding up word counts from several inputs (the files of one category, or the segments of one file counted in
// several threads): words keep their order of first appearance across the inputs, so the sum is deterministic for a
// given input order.
// Example: [{the: 2, cat: 1}, {dog: 1, the: 3}] -> {the: 5, cat: 1, dog: 1}.

import type { WordCounts } from './types.ts';

export function addWordCounts(parts: readonly WordCounts[]): WordCounts {
  if (parts.length === 1) return parts[0];
  const sum = new WordCountsSum();
  for (const part of parts) sum.add(part);
  return sum.result();
}

/** addWordCounts one part at a time, so the parts need not be held together (memory: the distinct words only). */
export class WordCountsSum {
  private readonly index = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly counts: number[] = [];
  private bytes = 0;
  private chars = 0;
  private lines = 0;
  private invalidUtf8 = 0;

  add(part: WordCounts): void {
    const { index, words, counts } = this;
    for (let w = 0; w < part.words.length; w++) {
      const word = part.words[w];
      const at = index.get(word);
      if (at === undefined) { index.set(word, words.length); words.push(word); counts.push(part.counts[w]); }
      else counts[at] += part.counts[w];
    }
    this.bytes += part.bytes; this.chars += part.chars; this.lines += part.lines; this.invalidUtf8 += part.invalidUtf8;
  }

  result(): WordCounts {
    const { words, bytes, chars, lines, invalidUtf8 } = this;
    return { words, counts: Float64Array.from(this.counts), bytes, chars, lines, invalidUtf8 };
  }
}
