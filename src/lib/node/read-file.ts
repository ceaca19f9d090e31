// Node-only adapters from files to the core's byte streams (kept out of src/lib/core so core stays browser-safe).
// Example: await countWordsInFile('fr.txt', pipeline, { maxBytes: 100e6 }) reads at most 100 MB, 1 MiB at a time;
//          await textFileChunks('fr.jsonl.gz') -> the text of its records, read as the playground reads a dropped file.

import { createReadStream, openAsBlob } from 'node:fs';
import { countWords, type CountWordsOptions, type StreamedWordCounts, type WordPipeline } from '../core/word-counts.ts';
import { openCategoryFile } from '../core/text-check.ts';

/** The bytes of a file as Uint8Array chunks (1 MiB by default). Breaking out of the loop closes the file. */
export async function* fileChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

/**
 * A text file's text, decoded exactly as the playground decodes a category file (text-check.ts's openCategoryFile):
 * gunzip'd, JSON Lines records' "text" fields, refused with an InputError naming `path` when it is not text (NUL
 * bytes, UTF-16, mostly invalid UTF-8). The refusal comes here, before any chunk. The chunks are gathered to at
 * least `chunkBytes` (Blob streams give 64 KiB, JSON Lines one record each), so counting threads get few messages.
 */
export async function textFileChunks(path: string, chunkBytes = 1 << 20): Promise<AsyncGenerator<Uint8Array>> {
  const file = new File([await openAsBlob(path)], path); // read lazily; named as given, so messages name it as typed
  return gathered(await openCategoryFile(file), chunkBytes);
}

/** The same bytes in chunks of at least `min` bytes (the last may be shorter). Example: 3 x 1 byte, min 2 -> 2 + 1. */
export async function* gathered(chunks: AsyncIterable<Uint8Array>, min: number): AsyncGenerator<Uint8Array> {
  let parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of chunks) {
    if (size === 0 && chunk.length >= min) { yield chunk; continue; }
    parts.push(chunk);
    size += chunk.length;
    if (size >= min) { yield join(parts, size); parts = []; size = 0; }
  }
  if (size > 0) yield join(parts, size);
}

function join(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** countWords over a file. */
export function countWordsInFile(
  path: string,
  pipeline: WordPipeline,
  options: CountWordsOptions = {},
): Promise<StreamedWordCounts> {
  return countWords(fileChunks(path), pipeline, options);
}
