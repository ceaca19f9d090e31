// tiktoken rank files -> Tokenizer. A rank file lists tokens (base64 bytes) by rank and no merges; the merges are
// recovered by BPE-splitting each token's bytes with tiktoken's own rule restricted to lower-ranked tokens: the two
// parts left at the end are the merge that made the token, and its rank orders the merge list.
// Example: ranks a=0 b=1 c=2 ab=3 abc=4 -> merges [a+b -> ab, ab+c -> abc].
//
// Why merge-rank BPE with these merges encodes exactly like tiktoken: tiktoken merges the adjacent pair whose
// concatenation has the lowest rank. Whenever it joins parts x, y into token T, the parts inside T's span evolved
// exactly as when tiktoken runs on T's bytes alone (merges never cross the span, and the order inside it is the
// same global-minimum rule), so [x, y] is the unique two-part state of that run: the recovered merge of T. Hence
// every pair tiktoken picks is a recovered merge with the same rank, and the two algorithms take the same steps.
// This needs every token to split into exactly two parts under lower ranks ("regular"). All tokens of r50k, p50k,
// cl100k and o200k are; an irregular token gets the merge tiktoken would use on its bytes alone, placed at its own
// rank (so the list is out of training order there) and a warning, and equality is then no longer guaranteed.

import { applyMerges, PairRanks } from './bpe.ts';
import { byteToUnicode, unicodeToByte } from './byte-level.ts';
import { InputError } from './errors.ts';
import { showToken } from './merge-table.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from './presets.ts';
import type { PreTokenizerSpec, TokenId, Tokenizer } from './types.ts';

/** js-tiktoken's bundled rank objects (`js-tiktoken/ranks/cl100k_base` etc.), passed in by the caller. */
export interface JsTiktokenRanks {
  pat_str: string;
  special_tokens: Record<string, number>;
  /** Lines "<name> <first rank> <base64 token> <base64 token> ...": consecutive ranks from the first one. */
  bpe_ranks: string;
}

export interface TiktokenOptions {
  name?: string;
  /** Pre-tokenizer; default: none (the caller should pass the encoding's pattern, see `tiktokenPreTokenizer`). */
  preTokenizer?: PreTokenizerSpec | null;
  /** Special tokens (content -> id), matched before pre-tokenization. */
  specialTokens?: Record<string, number>;
  /** File name for messages. */
  where?: string;
}

/** tiktoken's pipeline as a tokenizer.json spec: the pattern's matches, each byte-mapped ("Ġthe"). */
export function tiktokenPreTokenizer(pattern: string): PreTokenizerSpec {
  return {
    type: 'Sequence',
    pretokenizers: [
      { type: 'Split', pattern: { Regex: pattern }, behavior: 'Isolated', invert: false },
      { type: 'ByteLevel', add_prefix_space: false, trim_offsets: false, use_regex: false },
    ],
  };
}

const BASE64_VALUE = (() => {
  const v = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let i = 0; i < 64; i++) v[alphabet.charCodeAt(i)] = i;
  return v;
})();
const STAND_IN = Uint16Array.from(byteToUnicode, (ch) => ch.charCodeAt(0));
// Reused across calls; a plain array because String.fromCharCode.apply is several times slower on typed arrays.
const decoded: number[] = [];

/**
 * One base64 token -> its bytes as GPT-2 stand-in characters ("IGhl" = " he" -> "Ġhe"); `where` names the line.
 * Hand-rolled rather than atob: no intermediate binary string, and strict (padding required, no whitespace).
 */
function decodeToken(b64: string, where: string): string {
  const len = b64.length;
  let pad = 0;
  if (len > 0 && b64.charCodeAt(len - 1) === 61) pad = len > 1 && b64.charCodeAt(len - 2) === 61 ? 2 : 1;
  const bad = () => new InputError(`${showToken(b64)} is not a base64 token`, where);
  if (len === 0 || len % 4 !== 0) throw bad();
  decoded.length = 0;
  for (let i = 0; i < len; i += 4) {
    let quad = 0;
    for (let k = 0; k < 4; k++) {
      const c = b64.charCodeAt(i + k);
      const v = c < 128 ? BASE64_VALUE[c] : -1;
      if (v < 0) {
        if (c === 61 && i + k >= len - pad) {
          quad <<= 6;
          continue;
        }
        throw bad();
      }
      quad = (quad << 6) | v;
    }
    decoded.push(STAND_IN[(quad >>> 16) & 255], STAND_IN[(quad >>> 8) & 255], STAND_IN[quad & 255]);
  }
  decoded.length -= pad;
  if (decoded.length === 0) throw new InputError('empty token', where);
  return String.fromCharCode.apply(null, decoded);
}

/** Puts token `s` at rank `rank`, refusing a rank or a token given twice. */
function place(vocab: string[], tokenToId: Map<string, TokenId>, s: string, rank: number, where: string): void {
  if (vocab[rank] !== undefined) throw new InputError(`rank ${rank} is given twice`, where);
  const before = tokenToId.get(s);
  if (before !== undefined) throw new InputError(`token ${showToken(s)} has ranks ${before} and ${rank}`, where);
  vocab[rank] = s;
  tokenToId.set(s, rank);
}

/**
 * Parses a plain .tiktoken file: one "base64-token rank" per line (blank lines ignored).
 * Example: "IQ== 0\nIg== 1\n" -> vocab ["!", '"'].
 */
export function parseTiktokenRanks(text: string, file = 'tiktoken file'): { vocab: string[]; tokenToId: Map<string, TokenId> } {
  const vocab: string[] = [];
  const tokenToId = new Map<string, TokenId>();
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '') continue;
    const where = `${file} line ${i + 1}`;
    const fields = line.split(' ');
    if (fields.length !== 2) {
      throw new InputError(`expected "<base64 token> <rank>", found ${showToken(line)}`, where);
    }
    if (!/^\d{1,9}$/.test(fields[1])) throw new InputError(`rank ${showToken(fields[1])} is not a non-negative integer`, where);
    place(vocab, tokenToId, decodeToken(fields[0], where), Number(fields[1]), where);
  }
  if (tokenToId.size === 0) throw new InputError('no tokens: the file is empty', file);
  for (let i = 0; i < vocab.length; i++) if (vocab[i] === undefined) vocab[i] = '';
  return { vocab, tokenToId };
}

/** Parses js-tiktoken's compact `bpe_ranks` string (see JsTiktokenRanks). */
export function parseJsTiktokenRanks(bpeRanks: string, file = 'bpe_ranks'): { vocab: string[]; tokenToId: Map<string, TokenId> } {
  const vocab: string[] = [];
  const tokenToId = new Map<string, TokenId>();
  const lines = bpeRanks.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]) continue;
    const where = `${file} line ${i + 1}`;
    const fields = lines[i].split(' ');
    if (fields.length < 2 || !/^\d{1,9}$/.test(fields[1])) throw new InputError('expected "<name> <first rank> <tokens...>"', where);
    const first = Number(fields[1]);
    for (let k = 2; k < fields.length; k++) place(vocab, tokenToId, decodeToken(fields[k], where), first + k - 2, where);
  }
  if (tokenToId.size === 0) throw new InputError('no tokens', file);
  for (let i = 0; i < vocab.length; i++) if (vocab[i] === undefined) vocab[i] = '';
  return { vocab, tokenToId };
}

const NONE = 0x7fffffff;

/**
 * Splits `token` (stand-in characters, one per byte) with tiktoken's rule using only tokens ranked below `limit`,
 * stopping at two parts. Returns the part boundaries [0, ..., token.length].
 * Cost: one Map lookup per position to start, then two per merge, plus a scan of the rank array per merge.
 */
function splitBelow(token: string, limit: number, tokenToId: ReadonlyMap<string, TokenId>): number[] {
  const bounds: number[] = [];
  for (let i = 0; i <= token.length; i++) bounds.push(i);
  const rankOf = (i: number): number => {
    if (i + 2 >= bounds.length) return NONE;
    const r = tokenToId.get(token.slice(bounds[i], bounds[i + 2]));
    return r === undefined || r >= limit ? NONE : r;
  };
  const ranks: number[] = [];
  for (let i = 0; i + 2 < bounds.length; i++) ranks.push(rankOf(i));
  while (bounds.length > 3) {
    let best = NONE;
    let at = -1;
    for (let i = 0; i < ranks.length; i++) {
      if (ranks[i] < best) {
        best = ranks[i];
        at = i;
      }
    }
    if (at < 0) break;
    bounds.splice(at + 1, 1);
    ranks.splice(at, 1);
    if (at > 0) ranks[at - 1] = rankOf(at - 1);
    if (at < ranks.length) ranks[at] = rankOf(at);
  }
  return bounds;
}

/**
 * The recovered merge of one token by the definition (string slices and rank lookups): the educational twin of
 * the fast path in `recoverMerges`, and the fallback once an irregular token has appeared.
 * Returns [left, right] or null when even unrestricted ranks cannot build the token from two parts.
 */
export function splitToken(token: string, rank: number, tokenToId: ReadonlyMap<string, TokenId>): { at: number; regular: boolean } | null {
  let bounds = splitBelow(token, rank, tokenToId);
  if (bounds.length === 3) return { at: bounds[1], regular: true };
  bounds = splitBelow(token, NONE, tokenToId);
  return bounds.length === 3 ? { at: bounds[1], regular: false } : null;
}

/**
 * Recovers the merge of every multi-byte token, in rank order: merge t's result is the t-th multi-byte token.
 * `irregular` lists the tokens that do not split into two lower-ranked parts; `unreachable` those that cannot be
 * built from two parts at all (they get no merge).
 *
 * Fast path (by the equivalence in the file comment): while every token so far is regular, tiktoken restricted to
 * lower ranks takes the same steps as merge-rank BPE with the merges recovered so far, so each token's bytes are run
 * through `applyMerges` on integer ids with an incrementally filled pair table; the two symbols left are its merge.
 * The first irregular token switches the rest to `splitToken`. Measured: o200k 2.1 s -> 0.35 s.
 */
export function recoverMerges(vocab: readonly string[], tokenToId: ReadonlyMap<string, TokenId>): RecoveredMerges {
  const capacity = vocab.length;
  const mergeLeft = new Int32Array(capacity);
  const mergeRight = new Int32Array(capacity);
  const mergeResult = new Int32Array(capacity);
  const irregular: TokenId[] = [];
  const unreachable: TokenId[] = [];
  const byteId = byteToUnicode.map((ch) => tokenToId.get(ch) ?? -1);
  const pairs = new PairRanks(capacity);
  let symbols = new Int32Array(64);
  let scratch = new Int32Array(64);
  let fast = true;
  let t = 0;
  for (let rank = 0; rank < vocab.length; rank++) {
    const token = vocab[rank];
    const n = token.length;
    if (n < 2) continue;
    let left = -1;
    let right = -1;
    if (fast) {
      if (symbols.length < n) {
        symbols = new Int32Array(2 * n);
        scratch = new Int32Array(2 * n);
      }
      let known = true;
      for (let i = 0; i < n; i++) {
        const b = unicodeToByte[token.charCodeAt(i)];
        symbols[i] = b < 0 ? -1 : byteId[b];
        if (symbols[i] < 0) known = false;
      }
      if (known && applyMerges(symbols, n, pairs, mergeResult, scratch) === 2) {
        left = symbols[0];
        right = symbols[1];
      } else fast = false;
    }
    if (!fast) {
      const split = splitToken(token, rank, tokenToId);
      if (!split || !split.regular) irregular.push(rank);
      if (!split) {
        unreachable.push(rank);
        continue;
      }
      left = tokenToId.get(token.slice(0, split.at))!;
      right = tokenToId.get(token.slice(split.at))!;
    }
    mergeLeft[t] = left;
    mergeRight[t] = right;
    mergeResult[t] = rank;
    pairs.add(left, right, t);
    t++;
  }
  return {
    mergeLeft: mergeLeft.slice(0, t),
    mergeRight: mergeRight.slice(0, t),
    mergeResult: mergeResult.slice(0, t),
    irregular,
    unreachable,
  };
}

export interface RecoveredMerges {
  mergeLeft: Int32Array;
  mergeRight: Int32Array;
  mergeResult: Int32Array;
  irregular: TokenId[];
  unreachable: TokenId[];
}

/** Builds the Tokenizer from a parsed rank table. */
function tokenizerFromRanks(
  vocab: string[],
  tokenToId: Map<string, TokenId>,
  options: TiktokenOptions,
): Tokenizer {
  const warnings: string[] = [];
  const { mergeLeft, mergeRight, mergeResult, irregular, unreachable } = recoverMerges(vocab, tokenToId);
  const missingBytes = byteToUnicode.filter((ch) => !tokenToId.has(ch)).length;
  if (missingBytes > 0) warnings.push(`${missingBytes} of the 256 bytes have no token of their own; text containing them cannot be encoded fully.`);
  if (irregular.length > 0) {
    warnings.push(
      `${irregular.length} tokens do not split into two lower-ranked tokens (first: rank ${irregular[0]}, ${showToken(vocab[irregular[0]])}); ` +
        'BPE training cannot produce them. Their merge uses higher-ranked parts, and encoding may differ from tiktoken on text that contains them.',
    );
  }
  if (unreachable.length > 0) {
    warnings.push(
      `${unreachable.length} tokens cannot be built from smaller tokens at all (first: rank ${unreachable[0]}, ${showToken(vocab[unreachable[0]])}); they have no merge and only match a whole piece.`,
    );
  }
  if (!options.preTokenizer) warnings.push('No pre-tokenizer pattern was given: the whole text is one piece, unlike tiktoken.');
  const addedTokens = Object.entries(options.specialTokens ?? {})
    .map(([content, id]) => ({ content, id, special: true, normalized: false }))
    .sort((a, b) => a.id - b.id);
  return {
    name: options.name ?? 'tiktoken',
    format: 'tiktoken',
    level: 'byte',
    vocab,
    tokenToId,
    mergeLeft,
    mergeRight,
    mergeResult,
    normalizer: null,
    preTokenizer: options.preTokenizer ?? null,
    byteFallback: false,
    // tiktoken looks a whole piece up before running BPE on it.
    ignoreMerges: true,
    unkToken: null,
    fuseUnk: false,
    addedTokens,
    warnings,
  };
}

/** A plain .tiktoken rank file (what users download) -> Tokenizer. */
export function loadTiktoken(text: string, options: TiktokenOptions = {}): Tokenizer {
  const { vocab, tokenToId } = parseTiktokenRanks(text, options.where ?? options.name ?? 'tiktoken file');
  return tokenizerFromRanks(vocab, tokenToId, options);
}

/**
 * js-tiktoken's bundled ranks -> Tokenizer, with its special tokens. The pre-tokenizer is the preset of that name
 * ("cl100k_base" -> presets' cl100k, the one source of truth, checked against js-tiktoken by the exactness tests);
 * for an unknown name, the object's own pat_str.
 * Example: loadJsTiktoken((await import('js-tiktoken/ranks/cl100k_base')).default, 'cl100k_base').
 */
export function loadJsTiktoken(ranks: JsTiktokenRanks, name = 'tiktoken'): Tokenizer {
  const { vocab, tokenToId } = parseJsTiktokenRanks(ranks.bpe_ranks, `${name} bpe_ranks`);
  const preset = name.replace(/_base$/, '');
  return tokenizerFromRanks(vocab, tokenToId, {
    name,
    preTokenizer: preset in PRESET_PRETOKENIZERS ? PRESET_PRETOKENIZERS[preset as PresetName].preTokenizer : tiktokenPreTokenizer(ranks.pat_str),
    specialTokens: ranks.special_tokens,
  });
}
