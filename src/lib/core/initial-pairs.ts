// The starting point shared by the replay and the trainer: every adjacent pair of every word counted, and for
// each pair the distinct words holding it, each list laid out in one exactly-sized chunk.

import type { PairTable } from './pair-table.ts';
import { growInt32 } from './pair-table.ts';
import type { WorkingWords } from './word-merge.ts';
import { WordLists } from './word-lists.ts';

/**
 * Counts every adjacent pair of every word into `pairs` (word frequency times occurrences) and builds, per pair,
 * the list of distinct words holding it (list id = pair index), each list in one exactly-sized chunk.
 * Cost: two passes over the symbols.
 * Example: words [a b a b] x2, [b a] x1 -> pairs (a,b)=4 (b,a)=3, lists (a,b): [0], (b,a): [0, 1].
 */
export function countInitialPairs(words: WorkingWords, pairs: PairTable): WordLists {
  const sym = words.symbols;
  let holders = new Int32Array(pairs.left.length); // distinct words per pair
  let lastWord = new Int32Array(pairs.left.length).fill(-1);
  let totalHolders = 0;
  for (let w = 0; w < words.size; w++) {
    const start = words.start[w];
    const end = start + words.len[w];
    const freq = words.counts[w];
    for (let i = start; i + 1 < end; i++) {
      const p = pairs.intern(sym[i], sym[i + 1]);
      if (p >= holders.length) {
        holders = growInt32(holders, p + 1);
        lastWord = growInt32(lastWord, p + 1, -1);
      }
      pairs.count[p] += freq;
      if (lastWord[p] !== w) {
        lastWord[p] = w;
        holders[p]++;
        totalHolders++;
      }
    }
  }
  const lists = new WordLists(totalHolders + 3 * pairs.size + 1024, pairs.size);
  lists.ensureLists(pairs.size);
  for (let p = 0; p < pairs.size; p++) lists.reserve(p, holders[p]);
  for (let w = 0; w < words.size; w++) {
    const start = words.start[w];
    const end = start + words.len[w];
    for (let i = start; i + 1 < end; i++) lists.append(pairs.find(sym[i], sym[i + 1]), w);
  }
  return lists;
}
