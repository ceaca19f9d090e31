// Encoding text to token ids exactly as the reference implementations do (HF tokenizers' BPE model, tiktoken):
// 1. split the raw text on added tokens (those not marked normalized), 2. normalize each remaining segment,
// 3. split it on the normalized added tokens, 4. pre-tokenize into pieces, 5. BPE each piece by merge rank.
// Example (GPT-2): "Hello world<|endoftext|>" -> pieces "Hello", "Ġworld" -> [15496, 995], then [50256].

import { applyMerges, PairRanks } from './bpe.ts';
import { NAMED_SETS, pinnedClassSource } from './char-sets.ts';
import { makeNormalizer } from './normalize.ts';
import { makePreTokenizer } from './pre-tokenize.ts';
import type { TokenId, Tokenizer } from './types.ts';

export interface EncoderOptions {
  /** Distinct pieces whose ids are remembered (the cache is cleared when full). Default 100,000. */
  cacheSize?: number;
}

/** A reusable encoder: `encode(text)` -> token ids. Holds the pair table and a bounded piece cache. */
export interface Encoder {
  encode(text: string): number[];
  /** BPE of one pre-tokenized piece (in the model's alphabet), appended to `out`. */
  encodePiece(piece: string, out: number[]): void;
  /**
   * `encode`, also telling where each piece's ids end, for views that show pieces and tokens: after a piece's ids
   * are in the result, `onPiece(piece, end, added)` with the piece in the model's alphabet ("Ġworld") or an added
   * token's content (added = true), and `end` the result's length so far.
   */
  encodePieces(text: string, onPiece: OnPiece): number[];
}

export type OnPiece = (piece: string, end: number, added: boolean) => void;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One character as HF's added-token rules test it: a word character or whitespace (the Rust regex crate's \\w, \\s). */
let charClasses: { word: RegExp; space: RegExp } | null = null;
function classes() {
  charClasses ??= {
    word: new RegExp(`^${pinnedClassSource('[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]', NAMED_SETS.regexCrateWord())}$`, 'v'),
    space: new RegExp(`^${pinnedClassSource('\\s', NAMED_SETS.regexCrateSpace())}$`, 'v'),
  };
  return charClasses;
}

/** The character (a code point, as a string) just before / at index i of text; '' at the edges. */
function charBefore(text: string, i: number): string {
  if (i <= 0) return '';
  return i >= 2 && /[\uDC00-\uDFFF]/.test(text[i - 1]) && /[\uD800-\uDBFF]/.test(text[i - 2]) ? text.slice(i - 2, i) : text[i - 1];
}
function charAt(text: string, i: number): string {
  if (i >= text.length) return '';
  return String.fromCodePoint(text.codePointAt(i)!);
}

/**
 * A splitter on added tokens: leftmost match first, and at one position the longest token (HF matches with
 * Aho-Corasick, leftmost-longest; an alternation sorted longest first is the same). Null when there are none.
 * As HF does: a single_word token touching a word character is no match (the search goes on after it); lstrip and
 * rstrip take the whitespace before and after the match into the token.
 * Example: "<mask>" with lstrip in "a <mask>b" -> "a", then " <mask>" as the token, then "b".
 */
function addedTokenSplitter(tokens: Tokenizer['addedTokens']): ((text: string, out: (s: string, id: number) => void) => void) | null {
  if (tokens.length === 0) return null;
  const byContent = new Map<string, Tokenizer['addedTokens'][number]>();
  for (const t of tokens) if (!byContent.has(t.content)) byContent.set(t.content, t);
  const contents = [...byContent.keys()].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const re = new RegExp(contents.map(escapeRegExp).join('|'), 'gu');
  // out(segment, -1) for text between tokens, out(matched text, id) for a token.
  return (text, out) => {
    let last = 0;
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const token = byContent.get(m[0])!;
      let start = m.index;
      let stop = start + m[0].length;
      if (token.singleWord && (classes().word.test(charBefore(text, start)) || classes().word.test(charAt(text, stop)))) continue;
      if (token.lstrip) {
        for (let c = charBefore(text, start); start > last && c !== '' && classes().space.test(c); c = charBefore(text, start)) start -= c.length;
      }
      if (token.rstrip) {
        for (let c = charAt(text, stop); c !== '' && classes().space.test(c); c = charAt(text, stop)) stop += c.length;
        re.lastIndex = stop;
      }
      if (start > last) out(text.slice(last, start), -1);
      out(text.slice(start, stop), token.id);
      last = stop;
    }
    if (last < text.length) out(text.slice(last), -1);
  };
}

const hex2 = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');

/** Builds the encoder once per tokenizer: pair table, symbol lookup, pipeline closures. */
export function makeEncoder(tok: Tokenizer, options: EncoderOptions = {}): Encoder {
  const pairs = new PairRanks(tok.mergeLeft, tok.mergeRight);
  const mergeResult = tok.mergeResult;
  const tokenToId = tok.tokenToId;
  const normalize = tok.normalizer ? makeNormalizer(tok.normalizer) : null;
  const preTokenize = tok.preTokenizer ? makePreTokenizer(tok.preTokenizer) : null;
  const rawSplit = addedTokenSplitter(tok.addedTokens.filter((a) => !a.normalized));
  // HF matches a normalized added token by its normalized content: "<MASK>" under Lowercase matches "<mask>".
  const normalizedSplit = addedTokenSplitter(tok.addedTokens.filter((a) => a.normalized)
    .map((a) => ({ ...a, content: normalize ? normalize(a.content) : a.content })).filter((a) => a.content !== ''));
  const unkId = tok.unkToken !== null ? (tokenToId.get(tok.unkToken) ?? -1) : -1;
  const byteIds: number[] = [];
  if (tok.byteFallback) for (let b = 0; b < 256; b++) byteIds.push(tokenToId.get(`<0x${hex2(b)}>`) ?? -1);
  const utf8 = new TextEncoder();

  const cacheSize = options.cacheSize ?? 100_000;
  const cache = new Map<string, number[]>();
  let symbols = new Int32Array(256);
  let scratch = new Int32Array(256);

  /**
   * Base symbols of a piece, as HF's BPE model makes them: each character's id; an unknown character becomes its
   * UTF-8 byte tokens (byte_fallback, all or nothing), else the unk token (consecutive ones fused with fuse_unk),
   * else it is dropped. Note HF adds byte-fallback tokens before flushing a pending unk; so do we.
   */
  function baseSymbols(piece: string): number {
    if (symbols.length < piece.length * 4) {
      symbols = new Int32Array(piece.length * 4);
      scratch = new Int32Array(piece.length * 4);
    }
    let n = 0;
    let pendingUnk = false;
    for (let i = 0; i < piece.length; ) {
      const cp = piece.codePointAt(i)!;
      const ch = cp > 0xffff ? piece.slice(i, i + 2) : piece[i];
      i += ch.length;
      const id = tokenToId.get(ch);
      if (id !== undefined) {
        if (pendingUnk) {
          symbols[n++] = unkId;
          pendingUnk = false;
        }
        symbols[n++] = id;
        continue;
      }
      if (tok.byteFallback) {
        const bytes = utf8.encode(ch);
        let all = true;
        for (const b of bytes) if (byteIds[b] < 0) all = false;
        if (all) {
          for (const b of bytes) symbols[n++] = byteIds[b];
          continue;
        }
      }
      if (unkId < 0) continue;
      if (pendingUnk && !tok.fuseUnk) symbols[n++] = unkId;
      pendingUnk = true;
    }
    if (pendingUnk) symbols[n++] = unkId;
    return n;
  }

  function encodePiece(piece: string, out: number[]): void {
    if (piece === '') return;
    if (tok.ignoreMerges) {
      const whole = tokenToId.get(piece);
      if (whole !== undefined) {
        out.push(whole);
        return;
      }
    }
    let ids = cache.get(piece);
    if (ids === undefined) {
      const base = baseSymbols(piece); // may grow `symbols`: read it after this call
      const n = applyMerges(symbols, base, pairs, mergeResult, scratch);
      ids = Array.from(symbols.subarray(0, n));
      if (cache.size >= cacheSize) cache.clear();
      cache.set(piece, ids);
    }
    for (let i = 0; i < ids.length; i++) out.push(ids[i]);
  }

  // `onPiece` is undefined for plain `encode`: one check per piece. `atStart`: the segment begins the text (no added
  // token before it), for Metaspace's prepend_scheme "first".
  function encodeNormalized(segment: string, out: number[], onPiece: OnPiece | undefined, atStart: boolean): void {
    if (!preTokenize) {
      encodePiece(segment, out);
      onPiece?.(segment, out.length, false);
    } else {
      for (const piece of preTokenize(segment, atStart)) {
        encodePiece(piece, out);
        onPiece?.(piece, out.length, false);
      }
    }
  }

  function pushAdded(content: string, id: TokenId, out: number[], onPiece?: OnPiece): void {
    out.push(id);
    onPiece?.(content, out.length, true);
  }

  function encodeSegment(segment: string, out: number[], onPiece: OnPiece | undefined, atStart: boolean): void {
    const normalized = normalize ? normalize(segment) : segment;
    if (!normalizedSplit) return encodeNormalized(normalized, out, onPiece, atStart);
    let first = atStart;
    normalizedSplit(normalized, (s, id) => {
      if (id >= 0) pushAdded(s, id, out, onPiece);
      else encodeNormalized(s, out, onPiece, first);
      first = false;
    });
  }

  function encodeText(raw: string, onPiece?: OnPiece): number[] {
    const text = wellFormed(raw);
    const out: number[] = [];
    if (!rawSplit) encodeSegment(text, out, onPiece, true);
    else {
      let first = true;
      rawSplit(text, (s, id) => {
        if (id >= 0) pushAdded(s, id, out, onPiece);
        else encodeSegment(s, out, onPiece, first);
        first = false;
      });
    }
    return out;
  }

  return {
    encodePiece,
    encode: (text: string) => encodeText(text),
    encodePieces: encodeText,
  };
}

/**
 * Lone surrogates (a JavaScript string can hold them, UTF-8 text cannot) become U+FFFD, one UTF-16 unit for one, as
 * UTF-8 encoding makes them (TextEncoder, and HF tokenizers' and tiktoken's JavaScript bindings): "a\uD800b" ->
 * "a\uFFFDb". They were encoded as the three bytes of the surrogate's code point, which no reference does.
 */
function wellFormed(text: string): string {
  return text.replace(/\p{Cs}/gu, '\ufffd');
}

const encoders = new WeakMap<Tokenizer, Encoder>();

/** Encodes `text` with `tokenizer` (the encoder is built on first use and kept while the tokenizer lives). */
export function encode(tokenizer: Tokenizer, text: string): number[] {
  let e = encoders.get(tokenizer);
  if (!e) {
    e = makeEncoder(tokenizer);
    encoders.set(tokenizer, e);
  }
  return e.encode(text);
}
