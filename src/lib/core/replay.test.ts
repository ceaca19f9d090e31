import { describe, expect, it } from 'vitest';
import { replayMerges, type MergeColumns } from './replay.ts';
import { forEachChange, indexTrajectory, pairCountAt, pairCountsAt } from './trajectory.ts';
import { packPair } from './pair-key.ts';
import type { Trajectory, WordTable } from './types.ts';
import { seededRandom, testText } from '../../test-support/corpus.ts';
import { trainBpe } from './train.ts';
import { tokenizerWordTable } from './word-table.ts';
import { InputError } from './errors.ts';

// ---------------------------------------------------------------------------------------------------------------
// Helpers: tables from readable words, and the slow oracle (recount every pair of every word after each merge).

/** Words over single-letter symbols: 'a' -> 0, 'b' -> 1, ...; merges name their result as a number. */
function table(words: Record<string, number>): WordTable {
  const symbols: number[] = [];
  const offsets = [0];
  const counts: number[] = [];
  for (const [word, count] of Object.entries(words)) {
    for (const ch of word) symbols.push(ch.charCodeAt(0) - 97);
    offsets.push(symbols.length);
    counts.push(count);
  }
  return { symbols: Int32Array.from(symbols), offsets: Uint32Array.from(offsets), counts: Float64Array.from(counts) };
}

function merges(list: [number, number, number][]): MergeColumns {
  return {
    left: Int32Array.from(list.map((m) => m[0])),
    right: Int32Array.from(list.map((m) => m[1])),
    result: Int32Array.from(list.map((m) => m[2])),
  };
}

/** Changes of step t as { "left,right": newCount }. */
function stepChanges(tr: Trajectory, t: number): Record<string, number> {
  const out: Record<string, number> = {};
  forEachChange(tr, t, (p, c) => {
    const key = tr.pairKeys[p];
    out[`${Math.floor(key / tr.stride)},${key % tr.stride}`] = c;
  });
  return out;
}

function naiveMerge(ids: number[], a: number, b: number, r: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < ids.length; ) {
    if (i + 1 < ids.length && ids[i] === a && ids[i + 1] === b) {
      out.push(r);
      i += 2;
    } else out.push(ids[i++]);
  }
  return out;
}

function naiveCounts(words: number[][], counts: Float64Array): Map<string, number> {
  const m = new Map<string, number>();
  words.forEach((ids, w) => {
    for (let i = 0; i + 1 < ids.length; i++) {
      const k = `${ids[i]},${ids[i + 1]}`;
      m.set(k, (m.get(k) ?? 0) + counts[w]);
    }
  });
  return m;
}

/** Checks a trajectory against a from-scratch recount after every merge; returns the number of checks made. */
function checkAgainstOracle(tab: WordTable, ms: MergeColumns, tr: Trajectory): number {
  let words: number[][] = [];
  for (let w = 0; w + 1 < tab.offsets.length; w++) words.push(Array.from(tab.symbols.subarray(tab.offsets[w], tab.offsets[w + 1])));
  const index = indexTrajectory(tr);
  let checks = 0;
  let previous = pairCountsAt(tr, 0);
  for (let t = 0; t <= ms.left.length; t++) {
    const expected = naiveCounts(words, tab.counts);
    const actual = pairCountsAt(tr, t);
    // Every pair the oracle sees has the same count in the trajectory, every other pair is at 0.
    const wrong: string[] = [];
    for (const [k, c] of expected) {
      const [l, r] = k.split(',').map(Number);
      const p = index.pairOf.get(packPair(l, r, tr.stride));
      if (p === undefined || actual[p] !== c || index.countAt(p, t) !== c) wrong.push(`${k}: ${c} vs ${p === undefined ? 'missing' : actual[p]}`);
      checks++;
    }
    let nonzero = 0;
    for (let p = 0; p < actual.length; p++) if (actual[p] !== 0) nonzero++;
    if (nonzero !== expected.size) wrong.push(`${nonzero} nonzero pairs, expected ${expected.size}`);
    expect(wrong, `before merge ${t}`).toEqual([]);
    // Recorded changes are real changes.
    if (t > 0) forEachChange(tr, t - 1, (p, c) => {
      if (c === previous[p]) wrong.push(`merge ${t - 1} records pair ${p} unchanged`);
    });
    expect(wrong).toEqual([]);
    previous = actual;
    if (t < ms.left.length) words = words.map((ids) => naiveMerge(ids, ms.left[t], ms.right[t], ms.result[t]));
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------------------------

describe('replayMerges: worked examples', () => {
  it('aaab with (a,a)->X, (X,a)->Y', () => {
    // a=0, b=1, X=2, Y=3. Before: (a,a)=2 (a,b)=1. Merge 0 -> [X a b]: (a,a) 2->0, (X,a) 0->1.
    // Merge 1 -> [Y b]: (X,a) 1->0, (a,b) 1->0, (Y,b) 0->1.
    const tr = replayMerges(table({ aaab: 1 }), merges([[0, 0, 2], [2, 0, 3]]));
    expect(tr.merges).toBe(2);
    expect(stepChanges(tr, 0)).toEqual({ '0,0': 0, '2,0': 1 });
    expect(stepChanges(tr, 1)).toEqual({ '2,0': 0, '0,1': 0, '3,1': 1 });
    expect(tr.totalPairs).toBe(3);
    expect(tr.totalWords).toBe(1);
    expect(pairCountAt(tr, packPair(2, 0, tr.stride), 1)).toBe(1);
    expect(pairCountAt(tr, packPair(2, 0, tr.stride), 2)).toBe(0);
    expect(pairCountAt(tr, packPair(0, 0, tr.stride), 0)).toBe(2);
  });

  it('aaaa merges left to right into [aa, aa] (HF Word::merge), counts scale with word frequency', () => {
    // (a,a) occurs 3 times (overlapping) in a word seen 5 times: 15. After: [X, X] -> (X,X) = 5; (X,a) is made
    // and unmade within the word, so it does not change and is not recorded.
    const tr = replayMerges(table({ aaaa: 5 }), merges([[0, 0, 1]]));
    expect(Array.from(tr.initialCounts.subarray(0, 1))).toEqual([15]);
    expect(stepChanges(tr, 0)).toEqual({ '0,0': 0, '1,1': 5 });
  });

  it('aaa keeps the odd symbol: [aa, a]', () => {
    const tr = replayMerges(table({ aaa: 2 }), merges([[0, 0, 1], [1, 0, 2]]));
    expect(stepChanges(tr, 0)).toEqual({ '0,0': 0, '1,0': 2 });
    expect(stepChanges(tr, 1)).toEqual({ '1,0': 0 });
  });

  it('abab: the pair made between two merged occurrences', () => {
    // (a,b)=2, (b,a)=1 -> [X, X]: (a,b) 0, (b,a) 0, (X,X) 1.
    const tr = replayMerges(table({ abab: 1 }), merges([[0, 1, 2]]));
    expect(stepChanges(tr, 0)).toEqual({ '0,1': 0, '1,0': 0, '2,2': 1 });
  });

  it('a merge absent from the corpus and a merge whose parts never become adjacent change nothing', () => {
    // ab, cd; merges (e,f)->6 (absent), (a,b)->7, (7,c)->8 (7 and c sit in different words).
    const tr = replayMerges(table({ ab: 3, cd: 2 }), merges([[4, 5, 6], [0, 1, 7], [7, 2, 8]]));
    expect(stepChanges(tr, 0)).toEqual({});
    expect(stepChanges(tr, 1)).toEqual({ '0,1': 0 });
    expect(stepChanges(tr, 2)).toEqual({});
    expect(Array.from(tr.stepOffsets)).toEqual([0, 0, 1, 1]);
    expect(tr.totalPairs).toBe(5);
  });

  it('a merge producing the same token again (a redundant SentencePiece-style merge) keeps counting right', () => {
    // abc: (b,c)->X then (a,X)->Y; and (a,b)->Z then (Z,c)->Y again in another word where c was merged away.
    const tab = table({ abc: 1, abcd: 1 });
    const ms = merges([[2, 3, 10], [1, 2, 11], [0, 11, 12], [10, 3, 13], [0, 1, 14], [14, 13, 12]]);
    expect(checkAgainstOracle(tab, ms, replayMerges(tab, ms))).toBeGreaterThan(0);
  });

  it('maxMerges, bytes and progress', () => {
    const seen: number[] = [];
    const tr = replayMerges(table({ aaab: 1 }), merges([[0, 0, 2], [2, 0, 3]]), {
      maxMerges: 1,
      bytes: 4,
      onProgress: (done) => seen.push(done),
    });
    expect(tr.merges).toBe(1);
    expect(tr.stepOffsets.length).toBe(2);
    expect(tr.bytes).toBe(4);
    expect(seen).toEqual([0, 1]);
  });

  it('rejects a merge that yields one of its parts, and honours an aborted signal', () => {
    expect(() => replayMerges(table({ ab: 1 }), merges([[0, 1, 0]]))).toThrow(InputError);
    const ac = new AbortController();
    ac.abort();
    expect(() => replayMerges(table({ ab: 1 }), merges([[0, 1, 2]]), { signal: ac.signal })).toThrow();
  });
});

describe('replayMerges equals a full recount after every merge', () => {
  /** A random corpus: small alphabet, repeated words, long runs of one symbol. */
  function randomCorpus(rand: () => number): WordTable {
    const alphabet = 2 + Math.floor(rand() * 4);
    const words: Record<string, number> = {};
    const n = 1 + Math.floor(rand() * 30);
    for (let i = 0; i < n; i++) {
      let w = '';
      const len = 1 + Math.floor(rand() * 12);
      if (rand() < 0.2) w = String.fromCharCode(97 + Math.floor(rand() * alphabet)).repeat(len);
      else for (let k = 0; k < len; k++) w += String.fromCharCode(97 + Math.floor(rand() * alphabet));
      words[w] = (words[w] ?? 0) + 1 + Math.floor(rand() * 5);
    }
    return table(words);
  }

  /** Merges: mostly the currently most frequent pair, sometimes a random pair of known tokens (maybe absent). */
  function randomMerges(tab: WordTable, rand: () => number, count: number): MergeColumns {
    let words: number[][] = [];
    for (let w = 0; w + 1 < tab.offsets.length; w++) words.push(Array.from(tab.symbols.subarray(tab.offsets[w], tab.offsets[w + 1])));
    let next = 26;
    const tokens = new Set<number>(tab.symbols);
    const list: [number, number, number][] = [];
    for (let t = 0; t < count; t++) {
      const counts = [...naiveCounts(words, tab.counts)].sort((x, y) => y[1] - x[1]);
      let a: number, b: number;
      const known = [...tokens];
      if (counts.length === 0 || rand() < 0.25) {
        a = known[Math.floor(rand() * known.length)];
        b = known[Math.floor(rand() * known.length)];
      } else [a, b] = counts[Math.floor(rand() * Math.min(3, counts.length))][0].split(',').map(Number);
      // Occasionally re-use an existing result token (several merges yielding one token).
      const r = rand() < 0.1 && list.length > 0 ? list[Math.floor(rand() * list.length)][2] : next++;
      if (r === a || r === b) continue;
      list.push([a, b, r]);
      tokens.add(r);
      words = words.map((ids) => naiveMerge(ids, a, b, r));
    }
    return merges(list);
  }

  it('on 300 seeded random corpora', () => {
    const rand = seededRandom(20240601);
    let checks = 0;
    for (let trial = 0; trial < 300; trial++) {
      const tab = randomCorpus(rand);
      const ms = randomMerges(tab, rand, 1 + Math.floor(rand() * 25));
      checks += checkAgainstOracle(tab, ms, replayMerges(tab, ms));
    }
    expect(checks).toBeGreaterThan(5000);
  });

  it('on real text: merges trained on one sample, replayed on another', () => {
    const split = (text: string) => {
      const m = new Map<string, number>();
      for (const piece of text.match(/ ?[^\s]+|\s+/g) ?? []) m.set(piece, (m.get(piece) ?? 0) + 1);
      return { words: [...m.keys()], counts: Float64Array.from(m.values()), bytes: 0, chars: 0, lines: 0, invalidUtf8: 0 };
    };
    const trained = trainBpe(split(testText(40_000, 11)), { merges: 300 });
    const tokenToId = new Map(trained.vocab.map((tok, id) => [tok, id]));
    const { table: tab } = tokenizerWordTable(split(testText(8_000, 12)), { tokenToId, byteFallback: false });
    const ms = { left: trained.mergeLeft, right: trained.mergeRight, result: trained.mergeResult };
    const tr = replayMerges(tab, ms);
    expect(tr.changePair.length).toBeGreaterThan(1000);
    checkAgainstOracle(tab, ms, tr);
  });
});
