import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { categorySets } from './category-sets.ts';
import { parseCorporaManifest } from './corpora-manifest.ts';

describe('categorySets', () => {
  it('derives "10 languages", "code" and both from the bundled manifest', () => {
    const m = parseCorporaManifest(JSON.parse(readFileSync('public/corpora/manifest.json', 'utf8')));
    const [langs, code, both] = categorySets(m);
    expect(langs.label).toBe('10 languages');
    expect(langs.ids).toHaveLength(10);
    expect(langs.ids[0]).toBe('en');
    expect(code.ids).toContain('python');
    expect(code.ids.every((id) => m.categories.find((c) => c.id === id)?.kind === 'code')).toBe(true);
    expect(both.ids).toEqual([...langs.ids, ...code.ids]);
  });
});
