// The pre-tokenizers of the tokenizers mergeprint ships as presets: the one place these patterns are written.
// OpenAI's are tiktoken's pat_str (tests check them against js-tiktoken's rank files) in HF's layout for a
// tiktoken conversion: Split(pattern, Isolated) then ByteLevel without its own regex; GPT-2 (r50k, p50k) is
// ByteLevel with its built-in regex. Example: makePreTokenizer(PRESET_PRETOKENIZERS.o200k.preTokenizer)("I'VE 12345")
//   -> ["I'VE", "Ġ", "123", "45"]

import type { NormalizerSpec, PreTokenizerSpec } from './types.ts';
import { GPT2_PATTERN } from './pre-tokenize.ts';

export type PresetName = 'gpt2' | 'r50k' | 'p50k' | 'cl100k' | 'o200k' | 'llama3';

export interface PresetPreTokenizer {
  normalizer: NormalizerSpec | null;
  preTokenizer: PreTokenizerSpec;
  /** The tiktoken pat_str, for tokenizers that have one. */
  patStr?: string;
}

/**
 * tiktoken's (?i:'s|'t|'re|'ve|'m|'ll|'d) spelt out for a RegExp that cannot scope a flag to a group. Rust's
 * case-insensitive "s" also matches the long s "ſ" (U+017F, whose simple case folding is "s"), so "'ſ" is one too:
 * o200k splits " I'ſ" as " I'ſ" + ..., not " I" + "'" + ... (js-tiktoken's pat_str leaves it out, and differs from
 * tiktoken there). No other letter of these has a third case form.
 */
export const CONTRACTIONS_EXPANDED = "'s|'S|'ſ|'t|'T|'re|'rE|'Re|'RE|'ve|'vE|'Ve|'VE|'m|'M|'ll|'lL|'Ll|'LL|'d|'D";
/** The same, as tiktoken writes it. */
export const CONTRACTIONS_TIKTOKEN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)";

/** cl100k_base (GPT-3.5, GPT-4). */
export const CL100K_PATTERN =
  `(${CONTRACTIONS_EXPANDED})|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+`;

/** o200k_base (GPT-4o): words split at case changes, contractions glued on, "/" kept with punctuation. */
export const O200K_PATTERN = [
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]*[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]+(${CONTRACTIONS_EXPANDED})?`,
  `[^\\r\\n\\p{L}\\p{N}]?[\\p{Lu}\\p{Lt}\\p{Lm}\\p{Lo}\\p{M}]+[\\p{Ll}\\p{Lm}\\p{Lo}\\p{M}]*(${CONTRACTIONS_EXPANDED})?`,
  `\\p{N}{1,3}`,
  ` ?[^\\s\\p{L}\\p{N}]+[\\r\\n/]*`,
  `\\s*[\\r\\n]+`,
  `\\s+(?!\\S)`,
  `\\s+`,
].join('|');

/** Llama 3: cl100k's pattern with Oniguruma's case-insensitive group (as in its tokenizer.json). */
export const LLAMA3_PATTERN =
  "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function tiktokenLayout(pattern: string): PreTokenizerSpec {
  return {
    type: 'Sequence',
    pretokenizers: [
      { type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
    ],
  };
}

const GPT2_LAYOUT: PreTokenizerSpec = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };

export const PRESET_PRETOKENIZERS: Record<PresetName, PresetPreTokenizer> = {
  gpt2: { normalizer: null, preTokenizer: GPT2_LAYOUT, patStr: GPT2_PATTERN },
  r50k: { normalizer: null, preTokenizer: GPT2_LAYOUT, patStr: GPT2_PATTERN },
  p50k: { normalizer: null, preTokenizer: GPT2_LAYOUT, patStr: GPT2_PATTERN },
  cl100k: { normalizer: null, preTokenizer: tiktokenLayout(CL100K_PATTERN), patStr: CL100K_PATTERN },
  o200k: { normalizer: null, preTokenizer: tiktokenLayout(O200K_PATTERN), patStr: O200K_PATTERN },
  llama3: { normalizer: null, preTokenizer: tiktokenLayout(LLAMA3_PATTERN), patStr: LLAMA3_PATTERN },
};
