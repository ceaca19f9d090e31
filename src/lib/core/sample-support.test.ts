import { describe, expect, it } from 'vitest';
import { replayMerges } from './replay.ts';
import { leadingNote, pooledApplications, rareStartEnd, sampleSupport, suggestedMerges, supportNote, SUPPORT_BLOCK, SUPPORT_MIN_COUNT, type SampleSupport } from './sample-support.ts';
import type { Trajectory } from './types.ts';
import { seededRandom } from '../../test-support/corpus.ts';

/** Words over one-letter symbols a=0, b=1, ... replayed with merges [left, right, result]. */
function replay(words: Record<string, number>, merges: [number, number, number][]): Trajectory {
  const list = Object.keys(words);
  const symbols: number[] = [], offsets = [0];
  for (const w of list) { for (const ch of w) symbols.push(ch.charCodeAt(0) - 97); offsets.push(symbols.length); }
  const table = { symbols: Int32Array.from(symbols), offsets: Uint32Array.from(offsets), counts: Float64Array.from(list, (w) => words[w]) };
  return replayMerges(table, { left: Int32Array.from(merges, (m) => m[0]), right: Int32Array.from(merges, (m) => m[1]), result: Int32Array.from(merges, (m) => m[2]) });
}

/** Supports given as runs [value, length]. */
const runs = (...r: [number, number][]) => Float64Array.from(r.flatMap(([v, len]) => Array<number>(len).fill(v)));

describe('pooledApplications', () => {
  it('adds up how often each merge of the range was applied in every sample', () => {
    // (a,b)->X=3 then (X,c)->Y=4. A: "abc" x2 applies both twice; B: "ab" x3 + "abab" x1 applies (a,b) 5 times, (X,c) never.
    const merges: [number, number, number][] = [[0, 1, 3], [3, 2, 4]];
    const a = replay({ abc: 2 }, merges), b = replay({ ab: 3, abab: 1 }, merges);
    expect(Array.from(pooledApplications([a, b], { start: 0, end: 2 }))).toEqual([7, 2]);
    expect(Array.from(pooledApplications([a, b], { start: 1, end: 2 }))).toEqual([2]);
  });

  it('counts overlapping occurrences as BPE applies them (aaa holds (a,a) twice but merges it once)', () => {
    const t = replay({ aaa: 10, aaaa: 1 }, [[0, 0, 1]]);
    expect(Array.from(pooledApplications([t], { start: 0, end: 1 }))).toEqual([12]);
  });
});

describe('sampleSupport', () => {
  it('computes the worked example: supported up to the first block whose median is below the minimum', () => {
    expect(sampleSupport(runs([500, 200], [50, 50]), 100, 100)).toEqual({ analysed: 250, supportedFrom: 0, supported: 200, suggested: 200, minCount: 100, lastMedian: 50 });
  });

  it('judges blocks by their median, so a few rare merges inside a block do not end the support', () => {
    const s = runs([500, 40], [3, 20], [500, 40], [20, 100]); // block 0: 20 rare merges among 80 at 500, median 500
    expect(sampleSupport(s, 100, 100).supported).toBe(100);
  });

  it('ends the support at the first weak block even when a later block is strong again', () => {
    const s = runs([500, 100], [10, 100], [500, 100]);
    const r = sampleSupport(s, 100, 100);
    expect(r.supported).toBe(100);
    expect(r.lastMedian).toBe(500);
  });

  it('calls every merge supported when no block falls below the minimum, and none when the first block does', () => {
    expect(sampleSupport(runs([SUPPORT_MIN_COUNT, 350])).supported).toBe(350);
    expect(sampleSupport(runs([SUPPORT_MIN_COUNT - 1, 350])).supported).toBe(0);
    expect(sampleSupport(new Float64Array(0))).toEqual({ analysed: 0, supportedFrom: 0, supported: 0, suggested: 0, minCount: SUPPORT_MIN_COUNT, lastMedian: 0 });
  });

  it('measures from the first supported block: a leading run of rare merges (Gemma 3\'s hand-added whitespace) does not end the support', () => {
    // Gemma 3 against en, fr, python: its first 90 merges are hand-added runs of whitespace that no sample holds,
    // so the first block's median is 0; the blocks after it have medians in the hundreds.
    const gemmaLike = runs([0, 90], [600, 10], [900, 100], [700, 100], [600, 100], [554, 100]);
    const r = sampleSupport(gemmaLike);
    expect(r).toMatchObject({ analysed: 500, supportedFrom: 100, supported: 500, suggested: 500, lastMedian: 554 });
    expect(supportNote(r)).toBeNull(); // nothing to gain from fewer merges
    expect(leadingNote(r)).toMatch(/^the first 100 of the 500 merges analysed occur fewer than 20 times in all samples together/);
    // with a weak tail as well, the supported run is 100..300 and the suggestion keeps it whole
    const tail = sampleSupport(runs([0, 100], [900, 200], [5, 300]));
    expect(tail).toMatchObject({ supportedFrom: 100, supported: 300, suggested: 300 });
    expect(supportNote(tail)).toMatch(/^only merges 100\.\.300 of the 600 merges analysed occur at least 20 times .*the first 100 are rare as well/);
  });

  it('never suggests a range less supported than the one analysed (property over seeded random block profiles)', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 300; trial++) {
      const blocks = 1 + Math.floor(random() * 8);
      const medians = Array.from({ length: blocks }, () => Math.floor(random() < 0.5 ? random() * SUPPORT_MIN_COUNT : SUPPORT_MIN_COUNT + random() * 500));
      const r = sampleSupport(runs(...medians.map((m): [number, number] => [m, SUPPORT_BLOCK])));
      const t = suggestedMerges(r);
      expect(t > 0 && t % SUPPORT_BLOCK === 0 && t <= r.analysed).toBe(true);
      const kept = medians.slice(0, t / SUPPORT_BLOCK);
      if (medians.some((m) => m >= SUPPORT_MIN_COUNT)) {
        // the kept merges hold the first supported run whole; the advice only drops merges after it
        const from = medians.findIndex((m) => m >= SUPPORT_MIN_COUNT);
        expect(r.supportedFrom).toBe(from * SUPPORT_BLOCK);
        expect(kept.slice(from).every((m) => m >= SUPPORT_MIN_COUNT)).toBe(true);
        if (t < r.analysed) expect(medians[t / SUPPORT_BLOCK]).toBeLessThan(SUPPORT_MIN_COUNT);
      } else {
        expect(Math.max(...kept)).toBe(Math.max(...medians)); // the best-supported block is kept
      }
    }
  });

  it('with no supported block, suggests up to the best-supported block, not a rarer first one', () => {
    expect(sampleSupport(runs([5, 100], [3, 200]))).toMatchObject({ supported: 0, suggested: 100 }); // the usual fall along the list
    const r = sampleSupport(runs([0, 100], [15, 100], [8, 100], [2, 100]));
    expect(r).toMatchObject({ supportedFrom: 400, supported: 0, suggested: 200 });
    expect(supportNote(r)).toMatch(/^no block of 100 of the 400 merges analysed occurs at least 20 times .*best-supported block ends at merge 200/);
    expect(leadingNote(r)).toBeNull();
  });

  it('takes the median of an even-sized or short last block', () => {
    expect(sampleSupport(runs([500, 100], [10, 1], [30, 1]), 100, 100).lastMedian).toBe(20);
  });
});

/** A support supported from the start of the range. */
const support = (s: Omit<SampleSupport, 'supportedFrom' | 'suggested'>): SampleSupport => ({ ...s, supportedFrom: 0, suggested: s.supported });

describe('supportNote', () => {
  it('stays quiet while the unsupported merges are few (under a tenth, or under two blocks)', () => {
    expect(supportNote(support({ analysed: 3000, supported: 3000, minCount: 100, lastMedian: 250 }))).toBeNull();
    expect(supportNote(support({ analysed: 30_000, supported: 28_000, minCount: 100, lastMedian: 90 }))).toBeNull();
    expect(supportNote(support({ analysed: 1000, supported: 850, minCount: 100, lastMedian: 90 }))).toBeNull();
  });

  it('says where the support ends, with the numbers', () => {
    const note = supportNote(support({ analysed: 30_000, supported: 5_900, minCount: 100, lastMedian: 9.4 }))!;
    expect(note).toMatch(/^only the first 5,900 of the 30,000 merges analysed occur at least 100 times in all samples together/);
    expect(note).toContain(`the last ${SUPPORT_BLOCK}: 9)`);
    expect(note).toMatch(/counting noise/);
    expect(supportNote({ analysed: 1000, supportedFrom: 1000, supported: 0, suggested: 100, minCount: 100, lastMedian: 3 })).toMatch(/^even the first 100 of the 1,000 merges analysed occur fewer than 100 times/);
  });
});

describe('rareStartEnd', () => {
  it('ends a rare start at the hand-added run that explains it, else at the block boundary', () => {
    const s = sampleSupport(Float64Array.from([...Array(100).fill(3), ...Array(400).fill(500)]), 20, 100);
    expect(rareStartEnd(s, 0)).toEqual({ end: 100, byHand: false });
    expect(rareStartEnd(s, 0, 90)).toEqual({ end: 90, byHand: true });
    // Two rare blocks: a run ending in the first one leaves the second unexplained.
    const two = sampleSupport(Float64Array.from([...Array(200).fill(3), ...Array(300).fill(500)]), 20, 100);
    expect(rareStartEnd(two, 0, 40)).toEqual({ end: 200, byHand: false });
    expect(rareStartEnd(two, 0, 190)).toEqual({ end: 190, byHand: true });
    expect(rareStartEnd(sampleSupport(Float64Array.from(Array(300).fill(500)), 20, 100), 0, 90)).toBeNull();
  });
});
