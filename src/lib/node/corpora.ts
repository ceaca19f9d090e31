// The bundled sample corpora from Node (CLI, tests, benchmarks): the manifest read from public/corpora, and a
// category part streamed through gunzip into countWords, so a byte budget stops the reading (and the decompression)
// early. The browser reads the same files through DecompressionStream; only the byte source differs.
// Example: await countCorpusPart('fr', 'sample', pipeline, { maxBytes: 1e6 }) -> word counts of the first
//          1 MB of French (cut at a line boundary), bytes <= 1e6.

import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import { findCorpusCategory, parseCorporaManifest, type CorporaManifest, type CorpusPartName } from '../core/corpora-manifest.ts';
import { InputError } from '../core/errors.ts';
import { countWords, type CountWordsOptions, type StreamedWordCounts, type WordPipeline } from '../core/word-counts.ts';

/** public/corpora of this checkout. */
export const BUNDLED_CORPORA_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../../public/corpora');

const manifests = new Map<string, Promise<CorporaManifest>>();

/** The manifest of a corpora folder, read and checked once per process. */
export function readCorporaManifest(dir = BUNDLED_CORPORA_DIR): Promise<CorporaManifest> {
  let m = manifests.get(dir);
  if (!m) {
    const path = join(dir, 'manifest.json');
    m = readFile(path, 'utf8').then(
      (text) => {
        let json: unknown;
        try { json = JSON.parse(text); } catch (e) { throw new InputError(`not valid JSON: ${(e as Error).message}`, path); }
        return parseCorporaManifest(json, path);
      },
      (e) => { throw new InputError(`cannot read the corpora manifest: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, path); },
    );
    manifests.set(dir, m);
    m.catch(() => manifests.delete(dir));
  }
  return m;
}

/**
 * The uncompressed bytes of a category part, in chunks of about 64 KB. Breaking out of the loop destroys the file
 * and gunzip streams, so reading the first megabyte of a part costs about one megabyte of inflation.
 */
export async function* corpusPartChunks(id: string, part: CorpusPartName, dir = BUNDLED_CORPORA_DIR): AsyncGenerator<Uint8Array> {
  const category = findCorpusCategory(await readCorporaManifest(dir), id);
  const path = join(dir, category.parts[part].file);
  const file = createReadStream(path);
  const gunzip = createGunzip({ chunkSize: 1 << 16 });
  file.on('error', (e) => gunzip.destroy(e));
  file.pipe(gunzip);
  try {
    for await (const chunk of gunzip) yield chunk as Buffer;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read bundled corpus part: ${code ?? (e as Error).message}`, path);
  } finally {
    gunzip.destroy();
    file.destroy();
  }
}

/** countWords over a category part (the byte budget of options.maxBytes counts uncompressed bytes). */
export function countCorpusPart(
  id: string,
  part: CorpusPartName,
  pipeline: WordPipeline,
  options: CountWordsOptions & { dir?: string } = {},
): Promise<StreamedWordCounts> {
  return countWords(corpusPartChunks(id, part, options.dir), pipeline, options);
}
