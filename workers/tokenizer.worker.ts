// Parses a tokenizer off the page's thread (a 10 MB tokenizer.json takes about a second), repairs its merge list
// (merge-repair.ts: the analysis reads the repaired list) and returns its summary with the repair report, and the
// slim CategoryTokenizer the category workers need.
import * as Comlink from 'comlink';
import { categoryTokenizer } from '../src/lib/core/category-run.ts';
import { loadTokenizer } from '../src/lib/core/load-tokenizer.ts';
import { mergeFingerprints, repairReport, repairTokenizer } from '../src/lib/core/merge-repair.ts';
import { loadPresetTokenizer, type PresetEntry } from '../src/lib/core/preset-index.ts';
import { tokenizerFileText } from '../src/lib/core/text-check.ts';
import { summarizeTokenizer } from '../src/lib/core/tokenizer-summary.ts';
import type { Tokenizer } from '../src/lib/core/types.ts';
import type { LoadedTokenizer, TokenizerWorkerApi } from './worker-types.ts';

function loaded(tok: Tokenizer): LoadedTokenizer {
  const { tokenizer, repair } = repairTokenizer(tok);
  const ct = categoryTokenizer(tokenizer, tokenizer.mergeLeft.length);
  const fingerprints = mergeFingerprints(repair.list, tok.vocab);
  const summary = { ...summarizeTokenizer(tok), repair: repairReport(repair), fingerprints };
  return Comlink.transfer({ summary, categoryTokenizer: ct }, [ct.merges.left.buffer, ct.merges.right.buffer, ct.merges.result.buffer, fingerprints.buffer]);
}

async function fetchPreset(url: string, entry: PresetEntry): Promise<Tokenizer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`could not fetch ${entry.file}: HTTP ${res.status}`);
  return loadPresetTokenizer(entry, await res.text());
}

const api: TokenizerWorkerApi = {
  async loadPreset(url, entry) {
    return loaded(await fetchPreset(url, entry));
  },
  async presetFingerprints(url, entry) {
    const { tokenizer } = repairTokenizer(await fetchPreset(url, entry));
    const fingerprints = mergeFingerprints({ left: tokenizer.mergeLeft, right: tokenizer.mergeRight, result: tokenizer.mergeResult }, tokenizer.vocab);
    return Comlink.transfer({ name: entry.name, fingerprints }, [fingerprints.buffer]);
  },
  async loadFiles(files) {
    // Bytes, not f.text(): a binary or non-UTF-8 file is refused as such instead of as an unknown format.
    return loaded(loadTokenizer(await Promise.all(files.map(async (f) => ({ name: f.name, text: tokenizerFileText(new Uint8Array(await f.arrayBuffer()), f.name) })))));
  },
};

Comlink.expose(api);
