import { describe, expect, it } from 'vitest';
import { applyMerges, LONG_PIECE, PairRanks, slowApplyMerges } from './bpe.ts';
import { seededRandom } from '../../test-support/corpus.ts';

/** Merges given as [left, right, result] id triples. */
function table(merges: [number, number, number][]) {
  return {
    mergeLeft: Int32Array.from(merges, (m) => m[0]),
    mergeRight: Int32Array.from(merges, (m) => m[1]),
    mergeResult: Int32Array.from(merges, (m) => m[2]),
  };
}

function run(symbols: number[], t: ReturnType<typeof table>): number[] {
  const s = Int32Array.from(symbols);
  const n = applyMerges(s, s.length, new PairRanks(t.mergeLeft, t.mergeRight), t.mergeResult, new Int32Array(s.length));
  return [...s.subarray(0, n)];
}

describe('applyMerges', () => {
  // a=0 b=1 c=2; ab=3 (rank 0), abc=4 (rank 1), bc=5 (rank 2)
  const abc = table([[0, 1, 3], [3, 2, 4], [1, 2, 5]]);

  it('merges the lowest rank first: "abcbc" -> abc bc', () => {
    expect(run([0, 1, 2, 1, 2], abc)).toEqual([4, 5]);
  });

  it('takes the leftmost pair on ties: "aaa" with a+a -> [aa, a], "aaaa" -> [aaaa]', () => {
    const aa = table([[0, 0, 1], [1, 1, 2]]);
    expect(run([0, 0, 0], aa)).toEqual([1, 0]);
    expect(run([0, 0, 0, 0], aa)).toEqual([2]);
    expect(run([0, 0, 0, 0, 0], aa)).toEqual([2, 0]);
  });

  it('a repeated pair takes its last rank, as HF\'s BPE model does', () => {
    // b+c is listed at rank 0 and again at rank 2 (both -> 5): a+b (rank 1) now fires first on "abc".
    const t = table([[1, 2, 5], [0, 1, 3], [1, 2, 5]]);
    expect(new PairRanks(t.mergeLeft, t.mergeRight).rank(1, 2)).toBe(2);
    expect(run([0, 1, 2], t)).toEqual([3, 2]);
  });

  it('long pieces (heap version) give the same result as short ones on the same runs', () => {
    const aa = table([[0, 0, 1], [1, 1, 2], [2, 2, 3]]);
    const n = LONG_PIECE + 13; // 61 a's -> 7 x aaaaaaaa, then aaaa, a
    expect(run(new Array(n).fill(0), aa)).toEqual([...new Array(7).fill(3), 2, 0]);
  });

  it('agrees with the slow rescanning twin on random merge tables and pieces, short and long', () => {
    const r = seededRandom(42);
    for (let trial = 0; trial < 300; trial++) {
      // Random merge list over an alphabet of 4 symbols; results get fresh ids; parts drawn from existing ids
      // (including ones made by later merges half the time, to exercise out-of-order lists).
      const alphabet = 4;
      const merges: [number, number, number][] = [];
      const nMerges = 1 + Math.floor(r() * 25);
      for (let t = 0; t < nMerges; t++) {
        const pool = alphabet + (r() < 0.5 ? t : nMerges);
        merges.push([Math.floor(r() * pool), Math.floor(r() * pool), alphabet + t]);
      }
      const tt = table(merges);
      const len = r() < 0.3 ? LONG_PIECE + 1 + Math.floor(r() * 200) : 1 + Math.floor(r() * LONG_PIECE);
      const piece = Array.from({ length: len }, () => Math.floor(r() * (r() < 0.8 ? 2 : alphabet)));
      expect(run(piece, tt), `trial ${trial}`).toEqual(slowApplyMerges(piece, tt));
    }
  });
});
