import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobChunks, countWords, MAX_LINE_CHARS, type WordPipeline } from './word-counts.ts';
import { countWordsInFile } from '../node/read-file.ts';
import { seededRandom, testText } from '../../test-support/corpus.ts';

const spaces: WordPipeline = { preTokenizer: (s) => s.match(/\S+|\s+/g) ?? [] };
const wholeLines: WordPipeline = { preTokenizer: (s) => [s] };
const enc = (s: string) => new TextEncoder().encode(s);

function asObject(wc: { words: string[]; counts: Float64Array }): Record<string, number> {
  return Object.fromEntries(wc.words.map((w, i) => [w, wc.counts[i]]));
}

/** Splits bytes at the given offsets. */
function chunked(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const c of [...cuts, bytes.length]) {
    out.push(bytes.subarray(prev, c));
    prev = c;
  }
  return out;
}

describe('countWords', () => {
  it('counts pieces per line, keeping each newline, in first-appearance order', async () => {
    const wc = await countWords([enc('hi hi\nhi')], spaces);
    expect(wc.words).toEqual(['hi', ' ', '\n']);
    expect(Array.from(wc.counts)).toEqual([3, 1, 1]);
    expect([wc.lines, wc.bytes, wc.chars, wc.invalidUtf8, wc.truncated]).toEqual([2, 8, 8, 0, false]);
    // Lines are pre-tokenised separately: a piece never spans a newline.
    const lines = await countWords([enc('a\n\nb\r\n')], wholeLines);
    expect(asObject(lines)).toEqual({ 'a\n': 1, '\n': 1, 'b\r\n': 1 });
  });

  it('applies the normalizer before the pre-tokenizer', async () => {
    const wc = await countWords([enc('Ab aB\n')], { normalizer: (s) => s.toLowerCase(), preTokenizer: spaces.preTokenizer });
    expect(asObject(wc)).toEqual({ ab: 2, ' ': 1, '\n': 1 });
  });

  it('counts invalid UTF-8 sequences, not real U+FFFD characters, and keeps a BOM like HF does', async () => {
    // a, FF (invalid), b, EF BF BD (a real U+FFFD), E2 82 (truncated), \n, C3 (truncated at the end).
    const bytes = Uint8Array.from([0xef, 0xbb, 0xbf, 0x61, 0xff, 0x62, 0xef, 0xbf, 0xbd, 0xe2, 0x82, 0x0a, 0xc3]);
    const wc = await countWords([bytes], wholeLines);
    expect(wc.invalidUtf8).toBe(3);
    expect(wc.words).toEqual(['\ufeffa\ufffdb\ufffd\ufffd\n', '\ufffd']);
    expect(wc.bytes).toBe(13);
    expect(wc.chars).toBe(8);
  });

  it('gives the same result for every way of cutting the input into chunks', async () => {
    // Multi-byte characters (2, 3 and 4 bytes), CRLF, invalid bytes and real U+FFFD around chunk boundaries.
    const text = 'é€😀 a\r\nb\ufffd\r\n\r\nx😀y\n';
    const bytes = new Uint8Array([...enc(text), 0xf0, 0x9f, 0x0a, 0xef, 0xbf, 0xbd, 0xe2, 0x0a, 0x41]);
    const whole = await countWords([bytes], spaces);
    expect(whole.invalidUtf8).toBe(2);
    for (let i = 0; i <= bytes.length; i++) {
      for (let j = i; j <= bytes.length; j++) {
        const wc = await countWords(chunked(bytes, [i, j]), spaces);
        expect(wc, `cuts at ${i}, ${j}`).toEqual(whole);
      }
    }
    // One byte at a time.
    expect(await countWords(chunked(bytes, [...bytes.keys()].slice(1)), spaces)).toEqual(whole);
  });

  it('matches decoding everything at once on real text cut at random places', async () => {
    const text = testText(200_000, 5);
    const bytes = enc(text);
    const rand = seededRandom(99);
    const cuts: number[] = [];
    for (let c = 0; c < bytes.length; c += 1 + Math.floor(rand() * 5000)) cuts.push(c);
    const wc = await countWords(chunked(bytes, cuts.slice(1)), spaces);
    const expected = new Map<string, number>();
    const lines = text.split(/(?<=\n)/);
    for (const line of lines) for (const p of spaces.preTokenizer(line)) expected.set(p, (expected.get(p) ?? 0) + 1);
    expect(wc.words).toEqual([...expected.keys()]);
    expect(Array.from(wc.counts)).toEqual([...expected.values()]);
    expect(wc.lines).toBe(lines.length);
    expect(wc.bytes).toBe(bytes.length);
    expect(wc.chars).toBe([...text].length);
  });

  it('stops at the last line boundary within the byte budget', async () => {
    const input = [enc('ab\nc'), enc('d\nef')];
    const at = async (maxBytes: number) => {
      const wc = await countWords(input, wholeLines, { maxBytes });
      return [wc.words, wc.bytes, wc.lines, wc.truncated];
    };
    expect(await at(2)).toEqual([[], 0, 0, true]);
    expect(await at(5)).toEqual([['ab\n'], 3, 1, true]);
    expect(await at(6)).toEqual([['ab\n', 'cd\n'], 6, 2, true]);
    expect(await at(8)).toEqual([['ab\n', 'cd\n', 'ef'], 8, 3, false]);
  });

  it('stops reading the stream once the budget is spent', async () => {
    let pulled = 0;
    async function* chunks() {
      for (let i = 0; i < 100; i++) {
        pulled++;
        yield enc('word word\n');
      }
    }
    const wc = await countWords(chunks(), spaces, { maxBytes: 35 });
    expect(wc.lines).toBe(3);
    expect(pulled).toBe(4);
  });

  it('handles empty input', async () => {
    const wc = await countWords([], spaces);
    expect(wc).toEqual({ words: [], counts: new Float64Array(0), bytes: 0, chars: 0, lines: 0, invalidUtf8: 0, cutLines: 0, truncated: false });
    expect((await countWords([new Uint8Array(0)], spaces)).lines).toBe(0);
  });

  it('rejects when aborted, before or during reading', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(countWords([enc('a\n')], spaces, { signal: ac.signal })).rejects.toThrow('stop');
    const ac2 = new AbortController();
    const progress: number[] = [];
    async function* chunks() {
      yield enc('a\n');
      ac2.abort(new Error('cancelled'));
      yield enc('b\n');
    }
    await expect(countWords(chunks(), spaces, { signal: ac2.signal, onProgress: (b) => progress.push(b) })).rejects.toThrow('cancelled');
    expect(progress).toEqual([2]);
  });

  it('cuts a line longer than MAX_LINE_CHARS after whitespace, losing no piece', async () => {
    const line = 'abc '.repeat((MAX_LINE_CHARS >> 2) * 2 + 10);
    const wc = await countWords([enc(line)], spaces);
    expect(wc.cutLines).toBe(2);
    expect(wc.lines).toBe(3);
    expect(asObject(wc)).toEqual({ abc: (MAX_LINE_CHARS >> 2) * 2 + 10, ' ': (MAX_LINE_CHARS >> 2) * 2 + 10 });
    expect(wc.bytes).toBe(line.length);
  });

  it('reads Blobs and files', async () => {
    const text = 'un deux\ntrois 😀\n';
    const expected = await countWords([enc(text)], spaces);
    expect(await countWords(blobChunks(new Blob([text])), spaces)).toEqual(expected);
    const dir = mkdtempSync(join(tmpdir(), 'mergeprint-'));
    try {
      writeFileSync(join(dir, 'a.txt'), text);
      expect(await countWordsInFile(join(dir, 'a.txt'), spaces)).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
