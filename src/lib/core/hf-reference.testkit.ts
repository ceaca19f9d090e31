// Test helpers (Node only): run a normalizer / pre-tokenizer spec through HF tokenizers itself (the npm binding of
// the Rust library) and compare piece lists with a readable first difference instead of a megabyte diff.

import { createRequire } from 'node:module';
import { expect } from 'vitest';
import type { Tokenizer as HfTokenizer } from 'tokenizers';

const require = createRequire(import.meta.url);
export const hf: typeof import('tokenizers') = require('tokenizers');

/** A tokenizer.json with an empty BPE model around the given normalizer and pre_tokenizer (raw JSON values). */
export function hfTokenizer(normalizer: unknown, preTokenizer: unknown): HfTokenizer {
  return hf.Tokenizer.fromString(JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, vocab: {}, merges: [] },
  }));
}

/** HF's pieces for a pre_tokenizer JSON value. */
export function hfPieces(preTokenizer: unknown, text: string): string[] {
  return hfTokenizer(null, preTokenizer).getPreTokenizer()!.preTokenizeString(text).map(([p]) => p);
}

/** HF's normalized text for a normalizer JSON value. */
export function hfNormalize(normalizer: unknown, text: string): string {
  return hfTokenizer(normalizer, null).getNormalizer()!.normalizeString(text);
}

const show = (s: string | undefined) => (s === undefined ? '(end)' : JSON.stringify(s.length > 80 ? s.slice(0, 80) + '…' : s));

/** Equal piece lists, or a failure naming the first differing piece with a little context. */
export function expectSamePieces(ours: string[], theirs: string[], label: string): void {
  const n = Math.min(ours.length, theirs.length);
  let i = 0;
  while (i < n && ours[i] === theirs[i]) i++;
  if (i === n && ours.length === theirs.length) return;
  const ctx = theirs.slice(Math.max(0, i - 3), i).map(show).join(' ');
  expect.fail(`${label}: piece ${i} differs: ours ${show(ours[i])}, HF ${show(theirs[i])} (after ${ctx}); ` +
    `${ours.length} vs ${theirs.length} pieces`);
}

/** Equal strings, or a failure naming the first differing position with context. */
export function expectSameText(ours: string, theirs: string, label: string): void {
  if (ours === theirs) return;
  let i = 0;
  while (i < ours.length && ours[i] === theirs[i]) i++;
  const hex = (s: string) => [...s].map((c) => c.codePointAt(0)!.toString(16)).join(' ');
  expect.fail(`${label}: differs at ${i}: ours [${hex(ours.slice(i, i + 6))}], HF [${hex(theirs.slice(i, i + 6))}] ` +
    `after ${JSON.stringify(theirs.slice(Math.max(0, i - 20), i))}`);
}

/** Every code point (no surrogates) except those listed, in order. */
export function allCodePoints(except = ''): string[] {
  const out: string[] = [];
  for (let c = 0; c <= 0x10ffff; c++) {
    if (c === 0xd800) c = 0xe000;
    const ch = String.fromCodePoint(c);
    if (!except.includes(ch)) out.push(ch);
  }
  return out;
}

/**
 * Awkward literals beyond the shared corpus: characters whose class or normalization changed after tokenizers'
 * Unicode version, the \s differences, contractions with a long s, digits of many scripts.
 */
export const EXTRA_TEXT = [
  "'ſ 'ſt I'ſ DON'T don'ſ it'S we'RE they'Ve I'M you'LL he'D 'K 'k KELVIN'K",
  'x\u0085y \u0085\u0085 a\ufeffb \ufeff \u00a0\u00a0x \u3000y \u2028 \u2029 \u180e \u200b \u1680z',
  'new letters \u{16ea0}\u{16ebb} \ua7ce\ua7cf \u{11db0} \u0295x \u{10ec5} digits \u{11de0}\u{16ff4} marks a\u{1acf} e\u{10efa}',
  'Todhri \u{105c9} \u{105d2}\u0307 Tulu \u{11383} \u{11382}\u{113c9} Kirat \u{16d68} Reiwa \u32ff new \ua7f1 \u{1ccd6}',
  'digits ٠١٢٣ ۴۵۶ ०१२ ০১২ ๑๒๓ ١٢٣٤٥ ①②③ ⅣⅤ ½¾ ²³ 𝟘𝟙𝟚 ０１２',
  'Σ ΣΑΣ ΟΔΟΣ. İ I ı ẞ ß ǅ ﬃ ﬅ Ⅻ Ⓐ 🄰',
  '\r\n\r\n  \t\t x\r\r\n\n   \n \u000b\u000c end  ',
  '¦166d \u166d \u{111c9} \u2e52 \u{10ed0} ❝quotes❞ «guillemets» ¿qué? ¡sí! — – ‐ … ‧ ・ 。、',
].join('\n');
