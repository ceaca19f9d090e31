// One category: read its text (bundled part, or the user's files: text, gzip'd text or JSON Lines, checked to be
// UTF-8 text) and replay the merges; the trajectory's typed arrays are transferred back, not copied.
// The page cancels by terminating this worker.
import * as Comlink from 'comlink';
import { gunzipIfNeeded, replayCategory, streamChunks, trajectoryBuffers } from '../src/lib/core/category-run.ts';
import { categoryDocuments } from '../src/lib/core/text-check.ts';
import type { TextDocument } from '../src/lib/core/word-counts.ts';
import type { CategoryWorkerApi, CategorySource } from './worker-types.ts';

async function open(source: CategorySource, skipped: string[]): Promise<AsyncIterable<Uint8Array> | { documents: AsyncIterable<TextDocument> }> {
  if (source.kind === 'files') return { documents: categoryDocuments(source.files, skipped) };
  const res = await fetch(source.url);
  if (!res.ok || !res.body) throw new Error(`could not fetch ${source.url}: HTTP ${res.status}`);
  return streamChunks(await gunzipIfNeeded(res.body));
}

const api: CategoryWorkerApi = {
  async replay(tok, source, maxBytes, onProgress) {
    const skippedFiles: string[] = [];
    const result = { ...(await replayCategory(await open(source, skippedFiles), tok, { maxBytes, onProgress })), skippedFiles };
    return Comlink.transfer(result, trajectoryBuffers(result.trajectory));
  },
};

Comlink.expose(api);
