import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parseCorporaManifest } from '../core/corpora-manifest.ts';
import { BUNDLED_CORPORA_DIR, corpusPartChunks, countCorpusPart, readCorporaManifest } from './corpora.ts';

// A pipeline simple enough to recount by hand: each line split at spaces, pieces kept with their newline.
const pipeline = { preTokenizer: (line: string) => line.split(' ') };

function oracle(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split(/(?<=\n)/)) for (const piece of line.split(' ')) counts.set(piece, (counts.get(piece) ?? 0) + 1);
  return counts;
}

describe('bundled corpora from Node', () => {
  it('streams a whole part into the same word counts as the inflated text', async () => {
    const manifest = await readCorporaManifest();
    const el = manifest.categories.find((c) => c.id === 'el')!;
    const text = gunzipSync(readFileSync(join(BUNDLED_CORPORA_DIR, el.parts.sample.file))).toString('utf8');
    const got = await countCorpusPart('el', 'sample', pipeline);
    expect(got.bytes).toBe(el.parts.sample.bytes);
    expect(got.truncated).toBe(false);
    expect(got.invalidUtf8).toBe(0);
    const expected = oracle(text);
    expect(got.words.length).toBe(expected.size);
    got.words.forEach((w, i) => expect(got.counts[i], w).toBe(expected.get(w)));
  });

  it('stops at the last line boundary within the byte budget', async () => {
    const manifest = await readCorporaManifest();
    const go = manifest.categories.find((c) => c.id === 'go')!;
    const bytes = gunzipSync(readFileSync(join(BUNDLED_CORPORA_DIR, go.parts.train.file)));
    const got = await countCorpusPart('go', 'train', pipeline, { maxBytes: 300_000 });
    expect(got.truncated).toBe(true);
    expect(got.bytes).toBeLessThanOrEqual(300_000);
    expect(got.bytes).toBeGreaterThan(299_000);
    expect(bytes[got.bytes - 1]).toBe(0x0a); // a whole line ends exactly there
    expect(bytes.subarray(got.bytes, 300_001).includes(0x0a)).toBe(false); // and no later line fits
    const expected = oracle(bytes.subarray(0, got.bytes).toString('utf8'));
    expect(got.words.length).toBe(expected.size);
  });

  it('closes the streams when the reader stops early', async () => {
    let chunks = 0;
    for await (const chunk of corpusPartChunks('python', 'sample')) {
      expect(chunk.length).toBeGreaterThan(0);
      if (++chunks === 2) break;
    }
    expect(chunks).toBe(2);
  });

  it('names the bundled ids when asked for one that does not exist', async () => {
    await expect(countCorpusPart('klingon', 'sample', pipeline)).rejects.toThrow(/no bundled category "klingon"; bundled: en, de, fr/);
  });
});

describe('parseCorporaManifest', () => {
  const part = { file: 'x.txt.gz', bytes: 10, documents: 1, sha256: '' };
  const category = { id: 'x', name: 'X', kind: 'language', script: 'Latin', source: [], license: '', parts: { train: part, sample: part } };
  it('accepts the bundled manifest', async () => {
    expect((await readCorporaManifest()).categories.length).toBeGreaterThanOrEqual(16);
  });
  it.each([
    ['not an object', null, /"categories" array/],
    ['a repeated id', { categories: [category, category] }, /categories\[1\]: repeats the id "x"/],
    ['a bad kind', { categories: [{ ...category, kind: 'prose' }] }, /"kind" must be/],
    ['a part without bytes', { categories: [{ ...category, parts: { train: part, sample: { file: 'y' } } }] }, /parts.sample needs a "file" and a positive "bytes"/],
    ['a path as a file name', { categories: [{ ...category, parts: { train: part, sample: { ...part, file: '../etc/passwd' } } }] }, /bare file name/],
  ])('rejects %s', (_, json, message) => {
    expect(() => parseCorporaManifest(json, 'm.json')).toThrow(message);
  });
});
