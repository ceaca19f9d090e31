import { describe, expect, it } from 'vitest';
import { expectedWordCounts, resampleWordCounts } from './resample-counts.ts';
import { seededRandom } from './random.ts';
import type { WordCounts } from './types.ts';

const small: WordCounts = { words: ['the', 'cat'], counts: Float64Array.from([3, 1]), bytes: 8, chars: 8, lines: 1, invalidUtf8: 0 };

/** k words with the same count c: their draws are k samples of one Poisson law. */
function uniformCounts(k: number, c: number): WordCounts {
  return { words: Array.from({ length: k }, (_, i) => `w${i}`), counts: new Float64Array(k).fill(c), bytes: k, chars: k, lines: 1, invalidUtf8: 0 };
}

function meanAndVariance(a: Float64Array): [number, number] {
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  return [mean, a.reduce((s, x) => s + (x - mean) ** 2, 0) / (a.length - 1)];
}

describe('resampleWordCounts', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = resampleWordCounts(small, 1000, seededRandom(1)).counts;
    expect(Array.from(resampleWordCounts(small, 1000, seededRandom(1)).counts)).toEqual(Array.from(a));
    expect(Array.from(resampleWordCounts(small, 1000, seededRandom(2)).counts)).not.toEqual(Array.from(a));
    expect(a.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
  });

  // Poisson: mean = variance = scale * count. With 20,000 draws the sample mean is within 4 standard errors
  // (4 * sqrt(mean / 20,000)) and the sample variance within 10% of the mean, for a small mean (the inversion
  // branch, below 10) and a large one (the PTRS branch).
  it.each([[0.5, 4], [2, 500]])('draws count %d x scale %d with Poisson mean and variance', (count, scale) => {
    const k = 20_000, mean = count * scale;
    const [m, v] = meanAndVariance(resampleWordCounts(uniformCounts(k, count), scale, seededRandom(7)).counts);
    expect(Math.abs(m - mean)).toBeLessThan(4 * Math.sqrt(mean / k));
    expect(v / mean).toBeGreaterThan(0.9);
    expect(v / mean).toBeLessThan(1.1);
  });

  it('keeps absent words at 0, the word list as it is, and scales the text sizes', () => {
    const wc: WordCounts = { ...small, words: ['a', 'b', 'c'], counts: Float64Array.from([0, 5, 0]) };
    const r = resampleWordCounts(wc, 1e6, seededRandom(3));
    expect(r.words).toBe(wc.words);
    expect(r.counts[0]).toBe(0);
    expect(r.counts[2]).toBe(0);
    expect(Math.abs(r.counts[1] - 5e6)).toBeLessThan(5 * Math.sqrt(5e6));
    expect([r.bytes, r.chars, r.lines]).toEqual([8e6, 8e6, 1e6]);
  });

  it('rejects a scale that is not a positive number', () => {
    for (const scale of [0, -1, Number.NaN, Infinity]) expect(() => resampleWordCounts(small, scale, seededRandom(1))).toThrow(RangeError);
    expect(() => expectedWordCounts(small, 0)).toThrow(/scale must be a positive number, got 0/);
  });
});

describe('expectedWordCounts', () => {
  it('gives the means themselves, with no noise and no rounding', () => {
    const e = expectedWordCounts({ ...small, counts: Float64Array.from([3, 1, 0]), words: ['the', 'cat', 'rare'] }, 1000.5);
    expect(Array.from(e.counts)).toEqual([3001.5, 1000.5, 0]);
    expect(e.bytes).toBe(8004);
  });
});
