import { describe, expect, it } from 'vitest';
import { categoryTokenizer, replayCategory } from '../core/category-run.ts';
import { loadTokenizerJson } from '../core/load-tokenizer-json.ts';
import { bundledSourceId, filesSourceId, replayBytes, servingKey, splitTrajectoryKey, tokenizerHash, trajectoryKey } from './cache-key.ts';

const json = (merges: string[], normalizer: unknown = null) =>
  JSON.stringify({ normalizer, model: { type: 'BPE', vocab: { a: 0, b: 1, c: 2, ab: 3, bc: 4, abc: 5 }, merges } });

describe('trajectory cache keys', () => {
  it('hash the tokenizer by content: a renamed file hashes the same, another merge order or normalizer does not', async () => {
    const base = await tokenizerHash(categoryTokenizer(loadTokenizerJson(json(['a b', 'ab c'])), 2));
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(await tokenizerHash(categoryTokenizer(loadTokenizerJson(json(['a b', 'ab c']), 'other.json'), 2))).toBe(base);
    expect(await tokenizerHash(categoryTokenizer(loadTokenizerJson(json(['b c', 'a bc'])), 2))).not.toBe(base);
    expect(await tokenizerHash(categoryTokenizer(loadTokenizerJson(json(['a b', 'ab c'], { type: 'Lowercase' })), 2))).not.toBe(base);
  });

  it('tell sources apart by file name, folder path, size, modification time, the ends of the text and the manifest\'s checksum', async () => {
    const file = (text: string, o: { name?: string; lastModified?: number; path?: string } = {}) =>
      new File([text], o.name ?? 'a.txt', { lastModified: o.lastModified ?? 1 }) as File & { webkitRelativePath: string };
    const withPath = (f: File, path: string) => Object.assign(f, { webkitRelativePath: path });
    const id = async (...files: File[]) => filesSourceId(files);
    expect(await id(file('hello'))).toBe(await id(file('hello')));
    expect(await id(file('hello'))).not.toBe(await id(file('hello', { lastModified: 2 })));
    expect(await id(file('hello'))).not.toBe(await id(file('hello', { name: 'b.txt' })));
    // Same name, size and time: the pieces of two texts cut alike (split -b, copied with their times kept).
    expect(await id(file('hello'))).not.toBe(await id(file('jello')));
    expect(await id(withPath(file('hello'), 'shard/en/a.txt'))).not.toBe(await id(withPath(file('hello'), 'shard/fr/a.txt')));
    const big = 'x'.repeat(300_000);
    expect(await id(file(`a${big}`))).not.toBe(await id(file(`b${big}`))); // the first 64 KB differ
    expect(await id(file(`${big}a`))).not.toBe(await id(file(`${big}b`))); // the last 64 KB differ
    expect(bundledSourceId({ file: 'en.gz', bytes: 5, sha256: 'aa' })).not.toBe(bundledSourceId({ file: 'en.gz', bytes: 5, sha256: 'bb' }));
    expect(trajectoryKey({ tokenizer: 'h', source: 's', budget: 100, end: 7 })).not.toBe(trajectoryKey({ tokenizer: 'h', source: 's', budget: 100, end: 8 }));
  });

  it('split into the last merge and what a longer replay must share (a file name may hold the separator)', () => {
    const key = (end: number, budget = 100) => trajectoryKey({ tokenizer: 'h', source: 'files:a|b.txt:10:1', budget, end });
    expect(splitTrajectoryKey(key(1000))).toEqual({ prefix: 'h|files:a|b.txt:10:1|100', end: 1000 });
    expect(splitTrajectoryKey(key(500)).prefix).toBe(splitTrajectoryKey(key(1000)).prefix);
    expect(splitTrajectoryKey(key(500, 200)).prefix).not.toBe(splitTrajectoryKey(key(1000)).prefix);
  });

  it('find the replay that serves a run: the same prefix, its merges or more, the shortest such', () => {
    const key = (end: number, budget = 100) => trajectoryKey({ tokenizer: 'h', source: 'files:a|b.txt:10:1', budget, end });
    const keys = [key(5000), key(2000), key(3000, 200)];
    expect(servingKey(keys, key(500))).toBe(key(2000));
    expect(servingKey(keys, key(2000))).toBe(key(2000));
    expect(servingKey(keys, key(2500))).toBe(key(5000));
    expect(servingKey(keys, key(6000))).toBeNull();
    expect(servingKey(keys, key(500, 300))).toBeNull(); // another budget
  });

  it('a replay survives the structured clone IndexedDB applies, typed arrays included, and its size is counted', async () => {
    const ct = categoryTokenizer(loadTokenizerJson(json(['a b', 'ab c'])), 2);
    const replay = await replayCategory([new TextEncoder().encode('abc abc ab bc\n')], ct);
    const copy = structuredClone(replay);
    expect(copy.trajectory.changeCount).toBeInstanceOf(Float64Array);
    expect(copy).toEqual(replay);
    const t = replay.trajectory;
    expect(replayBytes(copy)).toBe(8 * t.pairKeys.length + 8 * t.initialCounts.length + 4 * t.stepOffsets.length + 4 * t.changePair.length + 8 * t.changeCount.length);
  });
});
