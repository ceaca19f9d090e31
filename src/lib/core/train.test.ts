import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Tokenizer } from 'tokenizers';
import { trainBpe, savedMergeOrder, writeTokenizerJson, type TrainedBpe } from './train.ts';
import { countWords, type WordPipeline } from './word-counts.ts';
import type { PreTokenizerSpec, WordCounts } from './types.ts';
import { seededRandom, testText } from '../../test-support/corpus.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from './presets.ts';
import { makePreTokenizer } from './pre-tokenize.ts';
import { makeNormalizer } from './normalize.ts';

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-train-'));
afterAll(() => rmSync(dir, { recursive: true }));

function words(obj: Record<string, number>): WordCounts {
  return { words: Object.keys(obj), counts: Float64Array.from(Object.values(obj)), bytes: 0, chars: 0, lines: 0, invalidUtf8: 0 };
}

/** Merges as "left right" strings, in the order HF's model keeps them. */
function mergeStrings(t: TrainedBpe): string[] {
  return savedMergeOrder(t).map((i) => `${t.vocab[t.mergeLeft[i]]} ${t.vocab[t.mergeRight[i]]}`);
}

/** Trains HF tokenizers (default BpeTrainer: vocab 30,000) on a file with the given pre-tokenizer. */
function trainHf(text: string, preTokenizer: PreTokenizerSpec, name: string): { json: any; tokenizer: Tokenizer } {
  const file = join(dir, `${name}.txt`);
  writeFileSync(file, text);
  const empty = {
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab: {}, merges: [] },
  };
  const tokenizer = Tokenizer.fromString(JSON.stringify(empty));
  tokenizer.train([file]);
  tokenizer.save(join(dir, `${name}.json`), false);
  return { json: JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')), tokenizer };
}

/** The first index where two merge lists differ, or -1. */
/** id -> token of a saved vocab object (Object.keys would put integer-like tokens such as "103" first). */
function vocabById(vocab: Record<string, number>): string[] {
  const out: string[] = [];
  for (const [token, id] of Object.entries(vocab)) out[id] = token;
  return out;
}

function firstDivergence(ours: string[], theirs: string[]): number {
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) if (ours[i] !== theirs[i]) return i;
  return -1;
}

describe('trainBpe: worked examples', () => {
  it('merges the most frequent pair first; the merged pair never counts again', () => {
    // abab x2, ab, ba: (a,b) = 2*2 + 1 = 5, (b,a) = 2 + 1 = 3. Merge a+b: abab -> [ab, ab], so (b,a) drops by 2
    // to 1 and (ab,ab) = 2. Then ab+ab (2), then b+a (1), then nothing is left.
    const t = trainBpe(words({ abab: 2, ab: 1, ba: 1 }));
    expect(t.vocab).toEqual(['a', 'b', 'ab', 'abab', 'ba']);
    expect(Array.from(t.mergeLeft)).toEqual([0, 2, 1]);
    expect(Array.from(t.mergeRight)).toEqual([1, 2, 0]);
    expect(Array.from(t.mergeResult)).toEqual([2, 3, 4]);
    expect(Array.from(t.mergeCounts)).toEqual([5, 2, 1]);
  });

  it('breaks ties by the smallest (left id, right id), ids in code-point order', () => {
    // Alphabet sorted by code point: A(0) a(1) b(2) c(3) é(4) 😀(5). All pairs occur once.
    const t = trainBpe(words({ ca: 1, 'é😀': 1, bc: 1, ab: 1, Ac: 1 }));
    expect(t.vocab.slice(0, 6)).toEqual(['A', 'a', 'b', 'c', 'é', '😀']);
    expect(mergeStrings(t)).toEqual(['A c', 'a b', 'b c', 'c a', 'é 😀']);
  });

  it('stops at the requested number of merges, the vocabulary size or min frequency', () => {
    const wc = words({ abcd: 3, bcd: 2, cd: 1 });
    expect(trainBpe(wc, { merges: 2 }).mergeLeft.length).toBe(2);
    expect(trainBpe(wc, { vocabSize: 5 }).vocab.length).toBe(5);
    // (c,d)=6 -> [a,b,cd] x3, [b,cd] x2: (b,cd)=5; then (a,bcd)=3 is below 5.
    expect(Array.from(trainBpe(wc, { minFrequency: 5 }).mergeCounts)).toEqual([6, 5]);
    expect(trainBpe(words({ a: 4 })).mergeLeft.length).toBe(0);
  });

  it('equals a recount-everything trainer (argmax, smallest pair on ties) on 200 seeded corpora', () => {
    const rand = seededRandom(77);
    let checked = 0;
    for (let trial = 0; trial < 200; trial++) {
      const alphabet = 'abcde'.slice(0, 2 + Math.floor(rand() * 4));
      const wc: Record<string, number> = {};
      for (let i = Math.floor(rand() * 15); i >= 0; i--) {
        let w = '';
        for (let c = 1 + Math.floor(rand() * 10); c > 0; c--) {
          const ch = alphabet[Math.floor(rand() * alphabet.length)];
          w += rand() < 0.3 ? ch.repeat(1 + Math.floor(rand() * 4)) : ch;
        }
        wc[w] = (wc[w] ?? 0) + 1 + Math.floor(rand() * 4);
      }
      const t = trainBpe(words(wc));
      // The oracle: words as token-string arrays, all pairs recounted before every merge.
      let ws = Object.keys(wc).map((w) => [...w]);
      const cs = Object.values(wc);
      const id = new Map(t.vocab.slice(0, t.alphabetSize).map((tok, i) => [tok, i]));
      const expected: string[] = [];
      for (;;) {
        const counts = new Map<string, number>();
        ws.forEach((w, k) => {
          for (let i = 0; i + 1 < w.length; i++) counts.set(w[i] + '\u0000' + w[i + 1], (counts.get(w[i] + '\u0000' + w[i + 1]) ?? 0) + cs[k]);
        });
        let best: string[] | null = null;
        let bestCount = 0;
        for (const [k, c] of counts) {
          const pair = k.split('\u0000');
          const better = c > bestCount || (c === bestCount && best !== null &&
            (id.get(pair[0])! < id.get(best[0])! || (pair[0] === best[0] && id.get(pair[1])! < id.get(best[1])!)));
          if (better) [best, bestCount] = [pair, c];
        }
        if (best === null) break;
        const [a, b] = best;
        expected.push(`${a} ${b}`);
        if (!id.has(a + b)) id.set(a + b, id.size);
        ws = ws.map((w) => {
          const out: string[] = [];
          for (let i = 0; i < w.length; ) {
            if (i + 1 < w.length && w[i] === a && w[i + 1] === b) (out.push(a + b), (i += 2));
            else out.push(w[i++]);
          }
          return out;
        });
      }
      expect(mergeStrings(t), `trial ${trial}: ${JSON.stringify(wc)}`).toEqual(expected);
      // The best count never rises: new pairs are at most as frequent as the pair just merged.
      for (let i = 1; i < t.mergeCounts.length; i++) expect(t.mergeCounts[i]).toBeLessThanOrEqual(t.mergeCounts[i - 1]);
      checked += expected.length;
    }
    expect(checked).toBeGreaterThan(1500);
  });
});

describe('trainBpe equals HuggingFace tokenizers', () => {
  it('on 150 random small corpora trained to exhaustion', () => {
    const rand = seededRandom(4242);
    const split: PreTokenizerSpec = { type: 'WhitespaceSplit' };
    let merges = 0;
    for (let trial = 0; trial < 150; trial++) {
      const alphabet = 'abcdxyz'.slice(0, 2 + Math.floor(rand() * 5));
      const lines: string[] = [];
      const nLines = 1 + Math.floor(rand() * 20);
      for (let l = 0; l < nLines; l++) {
        const ws: string[] = [];
        for (let k = Math.floor(rand() * 8); k >= 0; k--) {
          let w = '';
          for (let c = 1 + Math.floor(rand() * 10); c > 0; c--) w += alphabet[Math.floor(rand() * alphabet.length)];
          ws.push(w);
        }
        lines.push(ws.join(' '));
      }
      const text = lines.join('\n') + '\n';
      const wc = new Map<string, number>();
      for (const w of text.split(/\s+/).filter(Boolean)) wc.set(w, (wc.get(w) ?? 0) + 1);
      const ours = trainBpe({ ...words({}), words: [...wc.keys()], counts: Float64Array.from(wc.values()) });
      const hf = trainHf(text, split, `random-${trial}`).json;
      const theirs = hf.model.merges.map((m: string[]) => m.join(' '));
      const i = firstDivergence(mergeStrings(ours), theirs);
      expect(i, `trial ${trial}, text ${JSON.stringify(text)}: ours ${mergeStrings(ours)[i]}, HF ${theirs[i]}`).toBe(-1);
      expect(vocabById(hf.model.vocab)).toEqual(ours.vocab);
      merges += ours.mergeLeft.length;
    }
    expect(merges).toBeGreaterThan(3000);
  });

  /** HF trains on a file; we stream the same bytes through countWords with our own normalizer + pre-tokenizer. */
  async function compareOnText(preset: PresetName, megabytes: number, seed: number): Promise<void> {
    const { normalizer, preTokenizer } = PRESET_PRETOKENIZERS[preset];
    const text = testText(megabytes * 1_000_000, seed);
    const hf = trainHf(text, preTokenizer, preset);
    const pipeline: WordPipeline = { normalizer: makeNormalizer(normalizer), preTokenizer: makePreTokenizer(preTokenizer) };
    const bytes = new TextEncoder().encode(text);
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 1 << 16) chunks.push(bytes.subarray(i, i + (1 << 16)));
    const wc = await countWords(chunks, pipeline);
    expect(wc.bytes).toBe(bytes.length);
    const ours = trainBpe(wc);
    const oursMerges = mergeStrings(ours);
    const theirs: string[] = hf.json.model.merges.map((m: string[]) => m.join(' '));
    expect(theirs.length).toBeGreaterThan(5000);
    const i = firstDivergence(oursMerges, theirs);
    const at = savedMergeOrder(ours)[i];
    expect(i, `first divergence at merge ${i}: ours ${JSON.stringify(oursMerges[i])} (count ${ours.mergeCounts[at]}), HF ${JSON.stringify(theirs[i])}`).toBe(-1);
    expect(vocabById(hf.json.model.vocab)).toEqual(ours.vocab);

    // Our tokenizer.json loads in tokenizers and encodes exactly like HF's own trained tokenizer.
    const mine = Tokenizer.fromString(writeTokenizerJson(ours, { normalizer, preTokenizer }));
    const sample = testText(300_000, seed + 1).split(/(?<=\n)/).slice(0, 3000);
    const a = await mine.encodeBatch(sample);
    const b = await hf.tokenizer.encodeBatch(sample);
    let tokens = 0;
    for (let k = 0; k < sample.length; k++) {
      expect(a[k].getIds(), `line ${k}: ${JSON.stringify(sample[k])}`).toEqual(b[k].getIds());
      tokens += a[k].getLength();
    }
    expect(tokens).toBeGreaterThan(10_000);
    expect(await mine.decode(a[5].getIds(), false)).toBe(sample[5]);
  }

  it('on 5 MB of mixed text with the GPT-2 ByteLevel pre-tokenizer, read through countWords', () => compareOnText('gpt2', 5, 17));
  it('on 2 MB of mixed text with the cl100k Split + ByteLevel pre-tokenizer', () => compareOnText('cl100k', 2, 23));
});
