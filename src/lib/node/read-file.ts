// Node-only adapters from files to the core's byte streams (kept out of src/lib/core so core stays browser-safe).
// Example: await countWordsInFile('fr.txt', pipeline, { maxBytes: 100e6 }) reads at most 100 MB, 1 MiB at a time.

import { createReadStream } from 'node:fs';
import { countWords, type CountWordsOptions, type StreamedWordCounts, type WordPipeline } from '../core/word-counts.ts';

/** The bytes of a file as Uint8Array chunks (1 MiB by default). Breaking out of the loop closes the file. */
export async function* fileChunks(path: string, chunkBytes = 1 << 20): AsyncGenerator<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes });
  try {
    for await (const chunk of stream) yield chunk as Buffer;
  } finally {
    stream.destroy();
  }
}

/** countWords over a file. */
export function countWordsInFile(
  path: string,
  pipeline: WordPipeline,
  options: CountWordsOptions = {},
): Promise<StreamedWordCounts> {
  return countWords(fileChunks(path), pipeline, options);
}
