import { describe, expect, it } from 'vitest';
import { replayMerges } from './replay.ts';
import { sameSamples, sameSamplesNote } from './same-samples.ts';
import type { Trajectory } from './types.ts';

/** Words over one-letter symbols a=0, b=1, ... (in this order of first appearance) replayed with merges [left, right, result]. */
function replay(words: [string, number][], merges: [number, number, number][] = [[0, 1, 5]]): Trajectory {
  const symbols: number[] = [], offsets = [0];
  for (const [w] of words) { for (const ch of w) symbols.push(ch.charCodeAt(0) - 97); offsets.push(symbols.length); }
  const table = { symbols: Int32Array.from(symbols), offsets: Uint32Array.from(offsets), counts: Float64Array.from(words, ([, c]) => c) };
  return replayMerges(table, { left: Int32Array.from(merges, (m) => m[0]), right: Int32Array.from(merges, (m) => m[1]), result: Int32Array.from(merges, (m) => m[2]) });
}

describe('sameSamples', () => {
  it('finds the same text given twice, and a text beside itself repeated', () => {
    const text: [string, number][] = [['abc', 3], ['cab', 1], ['bd', 2]];
    const twice = text.map(([w, c]): [string, number] => [w, 2 * c]);
    const other: [string, number][] = [['abc', 3], ['cab', 1], ['bd', 3]]; // the same words, other proportions
    const trajectories = [replay(text), replay(other), replay(text), replay(twice)];
    expect(sameSamples(trajectories)).toEqual([[0, 2], [0, 3], [2, 3]]);
  });

  it('tells apart texts that share every word but not its order of first appearance or its counts', () => {
    expect(sameSamples([replay([['ab', 1], ['cd', 1]]), replay([['cd', 1], ['ab', 1]])])).toEqual([]);
    expect(sameSamples([replay([['ab', 1]]), replay([['ab', 1], ['cd', 1]])])).toEqual([]);
  });
});

describe('sameSamplesNote', () => {
  it('names each pair, as the user named the categories', () => {
    expect(sameSamplesNote(['English', 'French', '<b>en</b>.txt'], [[0, 2]])).toBe('The samples of "English" and "<b>en</b>.txt" have the same ' +
      'pair counts (up to scale): the estimate cannot tell them apart, so how it splits their share between them is arbitrary. ' +
      'Leave one of each out, or give each its own text.');
    expect(sameSamplesNote(['a', 'b'], [])).toBeNull();
  });
});
