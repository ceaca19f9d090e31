import { describe, expect, it } from 'vitest';
import { categoryTokenizer, replayCategory } from '../core/category-run.ts';
import { loadTokenizerJson } from '../core/load-tokenizer-json.ts';
import { TrajectoryCache } from './trajectory-cache.ts';

// Node has no IndexedDB: the store must then degrade to "no cache" with a note, as in a browser window that refuses
// storage, and never fail a run.
describe('TrajectoryCache without IndexedDB', () => {
  it('keeps nothing, says why, and never throws', async () => {
    const cache = new TrajectoryCache(undefined);
    expect(await cache.ready()).toBe(false);
    expect(cache.unavailable).toMatch(/does not allow storage \(no IndexedDB\), so trajectories are kept for this page only/);
    const tok = categoryTokenizer(loadTokenizerJson(JSON.stringify({ model: { type: 'BPE', vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] } })), 1);
    const replay = await replayCategory([new TextEncoder().encode('ab ab\n')], tok);
    expect(await cache.put('k', replay)).toBe(cache.unavailable);
    expect(await cache.get('k')).toBeNull();
    expect(await cache.stats()).toEqual({ count: 0, bytes: 0 });
    await expect(cache.clear()).resolves.toBeUndefined();
  });
});
