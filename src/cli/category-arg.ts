// `--category NAME=PATH[,PATH...]` for infer: a category's sample text from files, folders (every file under them,
// recursively, in sorted path order, hidden ones skipped) or the bundled corpus ("NAME=bundled" reads the bundled
// category NAME's sample part). A path list that exists whole is one path (a name with a comma).
// Example: "fr=bundled" -> public/corpora/fr.sample.txt.gz; "mine=notes.txt,docs/" -> notes.txt, docs/a.txt, docs/b/c.txt.

import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError } from '../lib/core/errors.ts';
import { counted } from '../lib/core/words.ts';
import type { WordPipeline } from '../lib/core/word-counts.ts';
import type { WordCounts } from '../lib/core/types.ts';
import type { WordCountPool } from '../lib/node/count-threads.ts';
import { findCorpusCategory } from '../lib/core/corpora-manifest.ts';
import { corpusPartChunks, readCorporaManifest } from '../lib/node/corpora.ts';
import { countInputs, countSources, type TextInput } from './inputs.ts';
import type { ReadProgress } from './progress.ts';
import { fileError } from './tokenizer-arg.ts';
import { splitPathList } from './path-list.ts';

export interface CategoryArg {
  name: string;
  /** 'bundled', or the paths as given. */
  source: 'bundled' | string[];
}

/**
 * Splits NAME=PATH[,PATH...]; a path list that exists as one file or folder whole ("a/x,y.txt") is that one path,
 * so names with commas can be given. `exists` checks the file system (replaced in tests).
 * Examples: "en=a.txt,b" -> { name: 'en', source: ['a.txt', 'b'] }; "en=x,y.txt" with a file "x,y.txt" ->
 * { name: 'en', source: ['x,y.txt'] }.
 */
export function parseCategoryArg(arg: string, exists: (path: string) => boolean = existsSync): CategoryArg {
  const eq = arg.indexOf('=');
  const name = eq < 0 ? '' : arg.slice(0, eq).trim();
  const rest = eq < 0 ? '' : arg.slice(eq + 1);
  if (name === '' || rest === '') throw new InputError(`--category "${arg}" must be NAME=PATH[,PATH...] or NAME=bundled`);
  if (rest === 'bundled') return { name, source: 'bundled' };
  const paths = splitPathList(rest, exists);
  if (paths.length === 0) throw new InputError(`--category "${arg}" names no file`);
  return { name, source: paths };
}

/**
 * The files a path stands for: itself, or every non-hidden file under the folder, sorted by path; those found in a
 * folder may be left out when they are not text (countInputs).
 */
export async function listTextInputs(path: string): Promise<TextInput[]> {
  const info = await stat(path).catch((e) => { throw fileError(path, e); });
  if (info.isFile()) return [{ path }];
  if (!info.isDirectory()) throw new InputError(`"${path}" is neither a file nor a folder`);
  const entries = (await readdir(path, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  // Sorted by name in code-unit order (not locale order), so every machine reads the files in the same order.
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const files: TextInput[] = [];
  for (const e of entries) {
    const child = join(path, e.name);
    if (e.isDirectory()) files.push(...(await listTextInputs(child)));
    else if (e.isFile()) files.push({ path: child, inFolder: true });
  }
  return files;
}

/** How many hidden entries (names starting with ".") a folder holds, anywhere below it; 0 for a file. */
async function hiddenEntries(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info?.isDirectory()) return 0;
  let n = 0;
  for (const e of await readdir(path, { withFileTypes: true })) {
    if (e.name.startsWith('.')) n++;
    else if (e.isDirectory()) n += await hiddenEntries(join(path, e.name));
  }
  return n;
}

/**
 * Counts a category's words within maxBytes (its text; bundled: the uncompressed sample part), in the pool's threads
 * when given one; `progress` is made for the size of the category's files (bundled parts are small and show none).
 * Its files are read as the playground reads them (inputs.ts): a named file that is not text fails, one found in a
 * folder is left out with a warning on standard error naming the category, as are invalid UTF-8 sequences.
 */
export async function countCategory(
  arg: CategoryArg,
  counter: WordPipeline | WordCountPool,
  maxBytes = Infinity,
  progress?: (totalBytes: number) => ReadProgress,
): Promise<WordCounts & { files: number; truncated: boolean }> {
  if (arg.source === 'bundled') {
    const expectedBytes = findCorpusCategory(await readCorporaManifest(), arg.name).parts.sample.bytes;
    return countSources([() => corpusPartChunks(arg.name, 'sample')], counter, { maxBytes, expectedBytes });
  }
  const files: TextInput[] = [];
  for (const path of arg.source) files.push(...(await listTextInputs(path)));
  if (files.length === 0) {
    const hidden = (await Promise.all(arg.source.map(hiddenEntries))).reduce((a, b) => a + b, 0);
    const skipped = hidden > 0 ? ` (only ${counted(hidden, 'hidden name')} starting with ".", which are skipped)` : '';
    throw new InputError(`category "${arg.name}" has no text: ${arg.source.join(', ')} holds no file${skipped}`);
  }
  return countInputs(files, counter, maxBytes, progress, `category "${arg.name}"`);
}
