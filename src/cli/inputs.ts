// Reading the CLI's text inputs into word counts: each file streamed on its own (so a file's last line never runs
// into the next file's first), decoded as the playground decodes a dropped file (plain UTF-8, gzip'd, JSON Lines
// with a "text" field; a binary or UTF-16 file refused), then the counts added up in order of first appearance; in
// several threads when given a WordCountPool (the same result, exactly).

import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { InputError, isInputError } from '../lib/core/errors.ts';
import { checkDecodedText, noTextFile, skippedFileNote, textReadNotes } from '../lib/core/text-check.ts';
import { cutLinesNote, type WordPipeline } from '../lib/core/word-counts.ts';
import type { WordCounts } from '../lib/core/types.ts';
import { countSequentially, WordCountPool, type ChunkSource, type PoolCountOptions } from '../lib/node/count-threads.ts';
import { textFileChunks } from '../lib/node/read-file.ts';
import { positiveInt, type Parsed } from './args.ts';
import type { ReadProgress } from './progress.ts';
import { fileError } from './tokenizer-arg.ts';
import { stderrLine } from './terminal-text.ts';

export interface CountedInputs extends WordCounts {
  files: number;
  truncated: boolean;
  /** Cuts made in lines longer than MAX_LINE_CHARS. */
  cutLines: number;
  /** Threads that counted. */
  threads: number;
}

/** A text file to read; one found in a folder is left out (with a warning) when it is not text, a named one fails. */
export interface TextInput {
  path: string;
  inFolder?: boolean;
}

/**
 * Counts the words of every input file with the tokenizer's pipeline, within an optional total byte budget, in the
 * pool's threads when given one (the same result). `progress` is made once the files' total size is known (on disk:
 * a gzip'd file's text is larger). `label` names the inputs in messages and warnings on standard error (files left
 * out, invalid UTF-8): 'category "fr"'. `bytes` counts the decoded text.
 */
export async function countInputs(
  inputs: readonly (string | TextInput)[],
  counter: WordPipeline | WordCountPool,
  maxBytes = Infinity,
  progress?: (totalBytes: number) => ReadProgress,
  label = 'the input',
): Promise<CountedInputs> {
  if (inputs.length === 0) throw new InputError('no input files given: name one or more text files after the options');
  const files = inputs.map((i) => (typeof i === 'string' ? { path: i } : i));
  let size = 0;
  for (const { path } of files) {
    const info = await stat(path).catch((e) => { throw fileError(path, e); });
    if (!info.isFile()) throw new InputError(`"${path}" is not a file`);
    size += info.size;
  }
  const skipped: string[] = [];
  const shown = progress?.(Math.min(maxBytes, size));
  const words = await countSources(files.map((f) => fileSource(f, skipped)), counter, { maxBytes, expectedBytes: size, onProgress: shown?.update });
  shown?.done();
  if (skipped.length > 0 && skipped.length === files.length) throw new InputError(noTextFile(files.length, skipped[0]).message, label);
  try {
    checkDecodedText(words.invalidUtf8, words.chars);
  } catch (e) {
    throw isInputError(e) ? new InputError(`${label} ${e.message}`) : e;
  }
  const invalidIn = words.invalidUtf8 > 0 && files.length > 1 ? await filesWithInvalidUtf8(files, maxBytes) : [];
  for (const note of textReadNotes(skipped, words.invalidUtf8, invalidIn)) stderrLine(`warning: ${label}: ${note}`);
  const cut = cutLinesNote(words.cutLines);
  if (cut) stderrLine(`warning: ${label}: ${cut}`);
  return { ...words, files: words.files - skipped.length };
}

/**
 * The files that hold invalid UTF-8, of those the count read (in order, within the byte budget), so that the
 * warning can say which to convert, as the playground does. The count (in threads or not) keeps only the total, so
 * the files are read again, once, and only when that total is not 0: a rare case, a cheap pass.
 * Example: [a.txt (UTF-8), b.txt (with Latin-1 "é")] -> ["b.txt"].
 */
async function filesWithInvalidUtf8(files: readonly TextInput[], maxBytes: number): Promise<string[]> {
  const found: string[] = [];
  let left = maxBytes;
  for (const { path } of files) {
    if (left <= 0) break;
    let chunks: AsyncGenerator<Uint8Array>;
    try {
      chunks = await textFileChunks(path);
    } catch {
      continue; // left out as not text, already said
    }
    const decoder = new TextDecoder('utf-8', { fatal: true });
    let whole = true;
    try {
      for await (const chunk of chunks) {
        const part = chunk.length > left ? chunk.subarray(0, left) : chunk;
        left -= part.length;
        decoder.decode(part, { stream: true });
        if (left <= 0 && part.length < chunk.length) { whole = false; break; }
      }
      if (whole) decoder.decode(); // a sequence cut at the end of the file is invalid; one cut by the budget is not
    } catch {
      found.push(path);
    }
  }
  return found;
}

/** The same over any inputs (files, bundled corpus parts): `files` is the number of inputs read. */
export async function countSources(sources: ChunkSource[], counter: WordPipeline | WordCountPool, options: PoolCountOptions = {}): Promise<CountedInputs> {
  const { inputs, ...counts } = counter instanceof WordCountPool ? await counter.count(sources, options) : await countSequentially(sources, counter, options);
  return { ...counts, files: inputs };
}

/**
 * A file's text chunks (read-file.ts's textFileChunks), with a read error (gone, unreadable, a broken gzip stream)
 * reported as an InputError naming the file. A file found in a folder that is not text yields nothing and is listed
 * in `skipped`.
 */
function fileSource(input: TextInput, skipped: string[]): ChunkSource {
  return async function* () {
    try {
      let chunks: AsyncGenerator<Uint8Array>;
      try {
        chunks = await textFileChunks(input.path);
      } catch (e) {
        if (!input.inFolder || !isInputError(e)) throw e;
        skipped.push(skippedFileNote(e));
        return;
      }
      yield* chunks;
    } catch (e) {
      throw (e as NodeJS.ErrnoException)?.code ? fileError(input.path, e) : e;
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
