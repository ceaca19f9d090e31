import { describe, expect, it } from 'vitest';
import { log10Mse, mergeApplications, randomShares, tcShares, teeShares, tokensAfter, uniformShares } from './baselines.ts';
import { replayMerges } from './replay.ts';
import { seededRandom } from './random.ts';
import type { Trajectory } from './types.ts';

/** Words over one-letter symbols a=0, b=1, ... and merges given as [left, right, result] ids. */
function replay(words: Record<string, number>, merges: [number, number, number][]): Trajectory {
  const list = Object.keys(words);
  const symbols: number[] = [], offsets = [0];
  for (const w of list) { for (const ch of w) symbols.push(ch.charCodeAt(0) - 97); offsets.push(symbols.length); }
  const table = { symbols: Int32Array.from(symbols), offsets: Uint32Array.from(offsets), counts: Float64Array.from(list, (w) => words[w]) };
  return replayMerges(table, columns(merges));
}
const columns = (merges: [number, number, number][]) => ({
  left: Int32Array.from(merges, (m) => m[0]), right: Int32Array.from(merges, (m) => m[1]), result: Int32Array.from(merges, (m) => m[2]),
});

/** The slow oracle: apply each merge left to right, non-overlapping, to each word; count the symbols left. */
function oracleTokens(words: Record<string, number>, merges: [number, number, number][], end: number): number {
  let total = 0;
  for (const [w, count] of Object.entries(words)) {
    let s = [...w].map((ch) => ch.charCodeAt(0) - 97);
    for (const [a, b, r] of merges.slice(0, end)) {
      const out: number[] = [];
      for (let i = 0; i < s.length; i++) {
        if (i + 1 < s.length && s[i] === a && s[i + 1] === b) { out.push(r); i++; } else out.push(s[i]);
      }
      s = out;
    }
    total += s.length * count;
  }
  return total;
}

describe('log10Mse, random and uniform', () => {
  it('computes the worked examples', () => {
    expect(log10Mse([1, 0], [0.9, 0.1])).toBeCloseTo(-2, 12);
    expect(log10Mse([0.5, 0.5], [0.6, 0.4])).toBeCloseTo(-2, 12);
    expect(Array.from(uniformShares(4))).toEqual([0.25, 0.25, 0.25, 0.25]);
  });

  it('draws seeded points uniformly from the simplex', () => {
    expect(Array.from(randomShares(5, 3))).toEqual(Array.from(randomShares(5, 3)));
    expect(Array.from(randomShares(5, 3))).not.toEqual(Array.from(randomShares(5, 4)));
    // Dirichlet(1,...,1) with n = 5: E[w_i] = 1/5, E[w_i^2] = 2 / (n (n + 1)) = 1/15. A draw from the cube,
    // normalised, would give E[w_i^2] ≈ 0.056 instead and fail.
    let mean = 0, square = 0;
    const draws = 20_000;
    for (let s = 0; s < draws; s++) {
      const w = randomShares(5, s);
      expect(w.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      mean += w[0] / draws; square += w[0] ** 2 / draws;
    }
    expect(mean).toBeCloseTo(0.2, 2);
    expect(square).toBeCloseTo(1 / 15, 3);
  });
});

describe('merge applications and tokens', () => {
  it('counts an overlapping pair once per application', () => {
    const tr = replay({ aaa: 1 }, [[0, 0, 5]]);
    expect(Array.from(mergeApplications(tr))).toEqual([1]);
    expect(tokensAfter(tr)).toBe(2);
    expect(tokensAfter(replay({ abab: 2 }, [[0, 1, 5]]))).toBe(4);
  });

  it('agrees with a merge-by-merge oracle on random words', () => {
    const rnd = seededRandom(5);
    for (let trial = 0; trial < 30; trial++) {
      const words: Record<string, number> = {};
      for (let w = 0; w < 20; w++) {
        let s = '';
        for (let j = 0, len = 1 + Math.floor(rnd() * 8); j < len; j++) s += 'abc'[Math.floor(rnd() * 3)];
        words[s] = (words[s] ?? 0) + 1 + Math.floor(rnd() * 5);
      }
      // Random merges over the growing vocabulary (ids 0..2 base, then 3, 4, ...).
      const merges: [number, number, number][] = [];
      for (let t = 0; t < 8; t++) merges.push([Math.floor(rnd() * (3 + t)), Math.floor(rnd() * (3 + t)), 3 + t]);
      const tr = replay(words, merges);
      for (const end of [0, 3, 8]) expect(tokensAfter(tr, end), `trial ${trial} end ${end}`).toBe(oracleTokens(words, merges, end));
    }
  });
});

describe('TC and TEE', () => {
  it('classifies tokens by relative frequency (the worked example)', () => {
    const merges: [number, number, number][] = [[0, 1, 5], [2, 3, 6]]; // (a,b)->X=5, (c,d)->Y=6
    const one = replay({ ab: 2, cd: 1 }, merges), two = replay({ cd: 1, ab: 1 }, merges);
    expect(Array.from(tcShares([one, two], columns(merges), 0, 2))).toEqual([0.5, 0.5]);
    // Scaling a sample up changes no relative frequency, so no share.
    const big = replay({ ab: 20, cd: 10 }, merges);
    expect(Array.from(tcShares([big, two], columns(merges), 0, 2))).toEqual([0.5, 0.5]);
    // Only the range's tokens are classified; a consumed token no longer counts.
    expect(Array.from(tcShares([one, two], columns(merges), 1, 2))).toEqual([0, 1]);
    const chain: [number, number, number][] = [[0, 1, 5], [5, 2, 6]]; // ab, then abc
    const x = replay({ abc: 3, ab: 1 }, chain), y = replay({ ab: 5, c: 5 }, chain);
    expect(Array.from(tcShares([x, y], columns(chain), 0, 2))).toEqual([0.5, 0.5]); // ab -> y (5/10 > 1/4), abc -> x
  });

  it('weights categories by the share of the best saving the tokenizer gets (the worked example)', () => {
    const s = teeShares([100, 100], [60, 95], [50, 50]);
    expect(s[0]).toBeCloseTo(0.8 / 0.9, 12);
    expect(s[1]).toBeCloseTo(0.1 / 0.9, 12);
    expect(Array.from(teeShares([10, 10], [10, 10], [10, 10]))).toEqual([0.5, 0.5]); // nothing to save anywhere
  });
});
