// `--tokenizer` for the CLI: a preset name (from js-tiktoken's bundled ranks) or files on disk, read whole (a
// tokenizer file is at most tens of MB) and handed to the core's format detection.
// Examples: "cl100k", "path/tokenizer.json", "merges.txt,vocab.json", "o200k_base.tiktoken".

import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../lib/core/errors.ts';
import { loadJsTiktoken, type JsTiktokenRanks } from '../lib/core/load-tiktoken.ts';
import { loadTokenizer } from '../lib/core/load-tokenizer.ts';
import type { Tokenizer } from '../lib/core/types.ts';

/** Preset name -> js-tiktoken rank module. gpt2 and r50k are the same ranks. */
const TIKTOKEN_PRESETS: Record<string, () => Promise<{ default: JsTiktokenRanks }>> = {
  gpt2: () => import('js-tiktoken/ranks/gpt2'),
  r50k: () => import('js-tiktoken/ranks/r50k_base'),
  p50k: () => import('js-tiktoken/ranks/p50k_base'),
  cl100k: () => import('js-tiktoken/ranks/cl100k_base'),
  o200k: () => import('js-tiktoken/ranks/o200k_base'),
};

export const TOKENIZER_ARG_HELP =
  `a preset (${Object.keys(TIKTOKEN_PRESETS).join(', ')}), a tokenizer.json, a tiktoken rank file, ` +
  'a merges.txt, or "merges.txt,vocab.json"';

export async function loadTokenizerArg(arg: string): Promise<Tokenizer> {
  const preset = TIKTOKEN_PRESETS[arg.replace(/_base$/, '')];
  if (preset) return loadJsTiktoken((await preset()).default, arg);
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
