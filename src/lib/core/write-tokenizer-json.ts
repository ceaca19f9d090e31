// Writing a trained BPE as a HuggingFace tokenizer.json, in the shape tokenizers 0.23 itself saves (merges as
// [left, right] pairs, which also allows tokens with spaces), so the `tokenizers` package and our loader read it.
// A pair merged twice by the trainer (see train.ts) is written once, at its last rank, as HF's BPE model keeps it.
// Example: vocab [a, b, ab], merges [(0, 1)] -> {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2},
//          "merges": [["a", "b"]], ...}, "pre_tokenizer": ..., "decoder": ...}

import type { NormalizerSpec, PreTokenizerSpec } from './types.ts';
import type { TrainedBpe } from './train.ts';

export interface TokenizerJsonOptions {
  normalizer: NormalizerSpec | null;
  preTokenizer: PreTokenizerSpec | null;
}

/**
 * The merges HF's BPE model keeps, in rank order: a pair that occurs twice keeps only its last occurrence (HF
 * builds a pair -> rank map from the list, so the later rank overwrites the earlier one). Returns merge indices.
 */
export function savedMergeOrder(trained: Pick<TrainedBpe, 'mergeLeft' | 'mergeRight'>): number[] {
  const last = new Map<number, number>();
  const n = trained.mergeLeft.length;
  for (let t = 0; t < n; t++) last.set(trained.mergeLeft[t] * 2 ** 26 + trained.mergeRight[t], t);
  const kept: number[] = [];
  for (let t = 0; t < n; t++) if (last.get(trained.mergeLeft[t] * 2 ** 26 + trained.mergeRight[t]) === t) kept.push(t);
  return kept;
}

/** The decoder that undoes a pre-tokenizer's character mapping (ByteLevel or Metaspace), or null. */
function decoderFor(spec: PreTokenizerSpec | null): unknown {
  if (spec === null) return null;
  if (spec.type === 'ByteLevel') return { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true };
  if (spec.type === 'Metaspace') {
    return { type: 'Metaspace', replacement: spec.replacement, prepend_scheme: spec.prepend_scheme, split: spec.split };
  }
  if (spec.type === 'Sequence') {
    for (const inner of spec.pretokenizers) {
      const d = decoderFor(inner);
      if (d !== null) return d;
    }
  }
  return null;
}

/** The tokenizer.json text for a trained BPE with the given normalizer and pre-tokenizer specs. */
export function writeTokenizerJson(trained: TrainedBpe, options: TokenizerJsonOptions): string {
  const vocab: Record<string, number> = {};
  trained.vocab.forEach((token, id) => {
    vocab[token] = id;
  });
  const merges = savedMergeOrder(trained).map((t) => [trained.vocab[trained.mergeLeft[t]], trained.vocab[trained.mergeRight[t]]]);
  return JSON.stringify({
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [],
    normalizer: options.normalizer,
    pre_tokenizer: options.preTokenizer,
    post_processor: null,
    decoder: decoderFor(options.preTokenizer),
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: null,
      end_of_word_suffix: null,
      fuse_unk: false,
      byte_fallback: false,
      ignore_merges: false,
      vocab,
      merges,
    },
  });
}
