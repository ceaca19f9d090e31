// The tokenization view's worker: parses the tokenizer once per source (a preset is 1-10 MB of JSON) and keeps it
// with its encoder, then turns each text the user types into the view's display model.
import * as Comlink from 'comlink';
import { makeEncoder, type Encoder } from '../src/lib/core/encode.ts';
import { loadTokenizer } from '../src/lib/core/load-tokenizer.ts';
import { loadPresetTokenizer } from '../src/lib/core/preset-index.ts';
import { buildTokenView, encodeWithPieces, makeTokenIndex, type TokenIndex } from '../src/lib/core/token-view.ts';
import type { Tokenizer } from '../src/lib/core/types.ts';
import type { EncodeSource, EncodeWorkerApi } from './worker-types.ts';

let loaded: { encoder: Encoder; index: TokenIndex } | null = null;

async function read(source: EncodeSource): Promise<Tokenizer> {
  if (source.kind === 'files') return loadTokenizer(await Promise.all(source.files.map(async (f) => ({ name: f.name, text: await f.text() }))));
  const res = await fetch(source.url);
  if (!res.ok) throw new Error(`could not fetch ${source.entry.file}: HTTP ${res.status}`);
  return loadPresetTokenizer(source.entry, await res.text());
}

const api: EncodeWorkerApi = {
  async load(source) {
    loaded = null;
    const tok = await read(source);
    loaded = { encoder: makeEncoder(tok), index: makeTokenIndex(tok) };
    return { name: tok.name, merges: tok.mergeResult.length, level: tok.level };
  },
  async view(text, limit) {
    if (!loaded) throw new Error('no tokenizer is loaded');
    const view = buildTokenView(loaded.index, text, encodeWithPieces(loaded.encoder, text), limit);
    return Comlink.transfer(view, [view.ids.buffer]);
  },
};

Comlink.expose(api);
