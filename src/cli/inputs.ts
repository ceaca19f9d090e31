// Reading the CLI's text inputs into word counts: each file streamed on its own (so a file's last line never runs
// into the next file's first), then the counts added up in order of first appearance; in several threads when
// given a WordCountPool (the same result, exactly).

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { InputError } from '../lib/core/errors.ts';
import type { WordPipeline } from '../lib/core/word-counts.ts';
import type { WordCounts } from '../lib/core/types.ts';
import { countSequentially, WordCountPool, type ChunkSource, type PoolCountOptions } from '../lib/node/count-threads.ts';
import { fileChunks } from '../lib/node/read-file.ts';
import { positiveInt, type Parsed } from './args.ts';
import type { ReadProgress } from './progress.ts';
import { fileError } from './tokenizer-arg.ts';

export interface CountedInputs extends WordCounts {
  files: number;
  truncated: boolean;
  /** Threads that counted. */
  threads: number;
}

/**
 * Counts the words of every input file with the tokenizer's pipeline, within an optional total byte budget, in the
 * pool's threads when given one (the same result). `progress` is made once the files' total size is known.
 */
export async function countInputs(
  paths: string[],
  counter: WordPipeline | WordCountPool,
  maxBytes = Infinity,
  progress?: (totalBytes: number) => ReadProgress,
): Promise<CountedInputs> {
  if (paths.length === 0) throw new InputError('no input files given: name one or more text files after the options');
  let size = 0;
  for (const path of paths) {
    const info = await stat(path).catch((e) => { throw fileError(path, e); });
    if (!info.isFile()) throw new InputError(`"${path}" is not a file`);
    size += info.size;
  }
  const shown = progress?.(Math.min(maxBytes, size));
  const words = await countSources(paths.map(fileSource), counter, { maxBytes, expectedBytes: size, onProgress: shown?.update });
  shown?.done();
  return words;
}

/** The same over any inputs (files, bundled corpus parts): `files` is the number of inputs read. */
export async function countSources(sources: ChunkSource[], counter: WordPipeline | WordCountPool, options: PoolCountOptions = {}): Promise<CountedInputs> {
  const { inputs, cutLines: _, ...counts } = counter instanceof WordCountPool ? await counter.count(sources, options) : await countSequentially(sources, counter, options);
  return { ...counts, files: inputs };
}

/** A file's chunks, with a read error (gone, unreadable) reported as an InputError naming the file. */
function fileSource(path: string): ChunkSource {
  return async function* () {
    try {
      yield* fileChunks(path);
    } catch (e) {
      throw (e as NodeJS.ErrnoException)?.code ? fileError(path, e) : e;
    }
  };
}

/** The help of --threads, its second line indented to `column`. */
export function threadsArgHelp(column: number): string {
  return `count words in N threads, with the same result for any N (default: one per core,\n${' '.repeat(column)}here ${availableParallelism()}, for inputs of 8 MB or more)`;
}

/** --threads N as the pool's settings: given, always N threads; absent, one per core, for big inputs only. */
export function threadsArg(args: Parsed): { threads: number; minBytes?: number } {
  const threads = positiveInt(args, 'threads');
  return threads === undefined ? { threads: availableParallelism() } : { threads, minBytes: 0 };
}
