// The ready-made selections of bundled categories the page offers, derived from the manifest (never a second list
// of ids): "10 languages" is the first ten natural languages in manifest order, "code" every programming language.
// Example: with en, de, ..., ko and python, c, ...: categorySets(m)[1] -> { id: 'code', label: 'code', ids: ['python', 'c', ...] }

import type { CorporaManifest } from './corpora-manifest.ts';

export interface CategorySet {
  id: string;
  label: string;
  ids: string[];
}

export function categorySets(manifest: CorporaManifest): CategorySet[] {
  const languages = manifest.categories.filter((c) => c.kind === 'language').slice(0, 10).map((c) => c.id);
  const code = manifest.categories.filter((c) => c.kind === 'code').map((c) => c.id);
  return [
    { id: 'languages', label: `${languages.length} languages`, ids: languages },
    { id: 'code', label: 'code', ids: code },
    { id: 'languages-code', label: 'languages and code', ids: [...languages, ...code] },
  ];
}
