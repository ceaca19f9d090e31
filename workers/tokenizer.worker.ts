// Parses a tokenizer off the page's thread (a 10 MB tokenizer.json takes about a second) and returns its summary
// and the slim CategoryTokenizer the category workers need.
import * as Comlink from 'comlink';
import { categoryTokenizer } from '../src/lib/core/category-run.ts';
import { loadTokenizer } from '../src/lib/core/load-tokenizer.ts';
import { loadPresetTokenizer } from '../src/lib/core/preset-index.ts';
import { tokenizerFileText } from '../src/lib/core/text-check.ts';
import { summarizeTokenizer } from '../src/lib/core/tokenizer-summary.ts';
import type { Tokenizer } from '../src/lib/core/types.ts';
import type { LoadedTokenizer, TokenizerWorkerApi } from './worker-types.ts';

function loaded(tok: Tokenizer): LoadedTokenizer {
  const ct = categoryTokenizer(tok, tok.mergeLeft.length);
  return Comlink.transfer({ summary: summarizeTokenizer(tok), categoryTokenizer: ct }, [ct.merges.left.buffer, ct.merges.right.buffer, ct.merges.result.buffer]);
}

const api: TokenizerWorkerApi = {
  async loadPreset(url, entry) {
    const res = await fetch(url);
    if (!res.ok) throw new Error(`could not fetch ${entry.file}: HTTP ${res.status}`);
    return loaded(loadPresetTokenizer(entry, await res.text()));
  },
  async loadFiles(files) {
    // Bytes, not f.text(): a binary or non-UTF-8 file is refused as such instead of as an unknown format.
    return loaded(loadTokenizer(await Promise.all(files.map(async (f) => ({ name: f.name, text: tokenizerFileText(new Uint8Array(await f.arrayBuffer()), f.name) })))));
  },
};

Comlink.expose(api);
