// Reading the CLI's text inputs into word counts: each file streamed on its own (so a file's last line never runs
// into the next file's first), then the counts added up in order of first appearance.

import { stat } from 'node:fs/promises';
import { InputError } from '../lib/core/errors.ts';
import { addWordCounts } from '../lib/core/word-counts-sum.ts';
import type { StreamedWordCounts, WordPipeline } from '../lib/core/word-counts.ts';
import type { WordCounts } from '../lib/core/types.ts';
import { countWordsInFile } from '../lib/node/read-file.ts';
import { fileError } from './tokenizer-arg.ts';

export interface CountedInputs extends WordCounts {
  files: number;
  truncated: boolean;
}

/** Counts the words of every input file with the tokenizer's pipeline, within an optional total byte budget. */
export async function countInputs(paths: string[], pipeline: WordPipeline, maxBytes = Infinity): Promise<CountedInputs> {
  if (paths.length === 0) throw new InputError('no input files given: name one or more text files after the options');
  for (const path of paths) {
    const info = await stat(path).catch((e) => { throw fileError(path, e); });
    if (!info.isFile()) throw new InputError(`"${path}" is not a file`);
  }
  const parts: StreamedWordCounts[] = [];
  let budget = maxBytes, truncated = false;
  for (const path of paths) {
    if (budget <= 0) { truncated = true; break; }
    const wc = await countWordsInFile(path, pipeline, { maxBytes: budget }).catch((e) => { throw (e as NodeJS.ErrnoException)?.code ? fileError(path, e) : e; });
    parts.push(wc);
    budget -= wc.bytes;
    truncated ||= wc.truncated;
  }
  return { ...addWordCounts(parts), files: parts.length, truncated };
}
