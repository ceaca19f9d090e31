// Big text for the scale benchmarks, from the bundled corpora only (no network, nothing outside the repository): a
// category's train and sample parts, then the same lines shuffled again (seeded) until the target size.
// Repetition adds no new words, so the distinct words (and the memory they take) stay fewer than in as much real text.
// Example: await writeRepeatedCategory('en', '/tmp/en.txt', 100e6) -> { bytes: 100_000_xxx, baseBytes: 3_0xx_xxx }.

import { once } from 'node:events';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { findCorpusCategory } from '../src/lib/core/corpora-manifest.ts';
import { seededRandom } from '../src/lib/core/random.ts';
import { BUNDLED_CORPORA_DIR, readCorporaManifest } from '../src/lib/node/corpora.ts';

/** Writes at least `target` bytes (whole lines) of category `id` to `path`, streamed. */
export async function writeRepeatedCategory(id: string, path: string, target: number): Promise<{ bytes: number; baseBytes: number }> {
  const parts = findCorpusCategory(await readCorporaManifest(), id).parts;
  const base = Buffer.concat([parts.train, parts.sample].map((p) => gunzipSync(readFileSync(join(BUNDLED_CORPORA_DIR, p.file)))));
  const lines = base.toString('utf8').split(/(?<=\n)/);
  const out = createWriteStream(path);
  const rnd = seededRandom(1);
  let bytes = 0;
  for (let round = 0; bytes < target; round++) {
    if (round > 0) {
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [lines[i], lines[j]] = [lines[j], lines[i]];
      }
    }
    for (let i = 0; i < lines.length && bytes < target; i += 1000) {
      const block = Buffer.from(lines.slice(i, i + 1000).join(''));
      bytes += block.length;
      if (!out.write(block)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
  return { bytes, baseBytes: base.length };
}
