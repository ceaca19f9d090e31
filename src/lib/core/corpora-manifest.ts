// The bundled sample corpora's manifest (public/corpora/manifest.json), typed and checked: the one description of
// which categories ship, where each part's file is and how big it is uncompressed. Browser and Node loaders both
// read it through parseCorporaManifest, so a malformed manifest fails in one place with a field-named error.
// Example: findCorpusCategory(m, 'fr').parts.sample -> { file: 'fr.sample.txt.gz', bytes: 1300360, ... }

import { InputError } from './errors.ts';

/** The two disjoint parts of a category: "train" builds tokenizers in experiments, "sample" is what the attack reads. */
export type CorpusPartName = 'train' | 'sample';
export const CORPUS_PARTS: readonly CorpusPartName[] = ['train', 'sample'];

export interface CorpusPart {
  /** File name beside the manifest (gzip'd UTF-8 text). */
  file: string;
  /** Uncompressed UTF-8 bytes. */
  bytes: number;
  documents: number;
  /** sha256 of the uncompressed text, hex. */
  sha256: string;
}

export interface CorpusCategory {
  id: string;
  name: string;
  kind: 'language' | 'code';
  script: string;
  source: { registry: string; name: string; version: string }[];
  license: string;
  parts: Record<CorpusPartName, CorpusPart>;
}

export interface CorporaManifest {
  scriptVersion: string;
  built: string;
  categories: CorpusCategory[];
}

/**
 * Checks the fields the loaders rely on (ids unique, every part with a file and a positive size) and returns the
 * manifest typed. `where` names the file in errors.
 */
export function parseCorporaManifest(json: unknown, where = 'corpora manifest'): CorporaManifest {
  const obj = json as Partial<CorporaManifest> | null;
  if (typeof obj !== 'object' || obj === null || !Array.isArray(obj.categories)) {
    throw new InputError('expected an object with a "categories" array', where);
  }
  const seen = new Set<string>();
  obj.categories.forEach((c, i) => {
    const at = `${where} categories[${i}]`;
    if (typeof c?.id !== 'string' || c.id === '') throw new InputError('has no "id"', at);
    if (seen.has(c.id)) throw new InputError(`repeats the id "${c.id}"`, at);
    seen.add(c.id);
    if (c.kind !== 'language' && c.kind !== 'code') throw new InputError(`"kind" must be "language" or "code", got ${JSON.stringify(c.kind)}`, at);
    for (const part of CORPUS_PARTS) {
      const p = c.parts?.[part];
      if (typeof p?.file !== 'string' || !(typeof p.bytes === 'number' && p.bytes > 0)) {
        throw new InputError(`parts.${part} needs a "file" and a positive "bytes"`, at);
      }
      if (p.file.includes('/') || p.file.includes('\\')) throw new InputError(`parts.${part}.file must be a bare file name, got "${p.file}"`, at);
    }
  });
  return obj as CorporaManifest;
}

/** The category with this id, or an InputError listing the ids there are. */
export function findCorpusCategory(manifest: CorporaManifest, id: string): CorpusCategory {
  const c = manifest.categories.find((x) => x.id === id);
  if (!c) throw new InputError(`no bundled category "${id}"; bundled: ${manifest.categories.map((x) => x.id).join(', ')}`);
  return c;
}
