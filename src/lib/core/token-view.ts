// What the tokenization view shows, computed from a tokenizer and a text: the pieces the pre-tokenizer cut, the
// tokens of each piece with their ids, merge ranks and bytes, and the user's characters with whitespace made
// visible. A character whose bytes are split across tokens is shown as bytes in each token (<0xE6>) and as the
// joined character over the group of tokens that holds it.
// Example (GPT-2): "Hi 東" -> pieces "Hi" | "ĠæĿ±" -> tokens "Hi" [17250], "·<0xE6><0x9D>" [10545] "<0xB1>" [109],
// the last two grouped under "·東".

import { unicodeToByte } from './byte-level.ts';
import type { Encoder } from './encode.ts';
import type { MergeRank, NormalizerSpec, PreTokenizerSpec, TokenId, Tokenizer } from './types.ts';

/** A run of a token's display: plain text, a whitespace/invisible-character mark, or one byte of a split character. */
export interface Run {
  kind: 'text' | 'mark' | 'byte';
  text: string;
}

/** A token's spelling for display: its id, its spelling in the model's alphabet ("Ġworld") and the user's view of it. */
export interface TokenFace {
  id: TokenId;
  /** The vocabulary's spelling ("Ġworld", "▁the", "<0x0A>") or an added token's content. */
  raw: string;
  runs: Run[];
}

export interface TokenCell extends TokenFace {
  /** Position in the whole text's token list (0-based). */
  index: number;
  /**
   * merged: made by a merge; base: a byte or character of the alphabet; whole: in the vocabulary but made by no
   * merge (only ever matched as a whole piece); added: matched whole in the text before any merge; unknown: the unk token.
   */
  kind: 'merged' | 'base' | 'whole' | 'added' | 'unknown';
  /** The earliest merge that yields the token (its place in the merge list, 0-based), or -1 (base, added, unknown). */
  rank: MergeRank;
  /** The merge `left + right -> token` at `rank`, or null. */
  merge: { left: TokenFace; right: TokenFace } | null;
  /** The token's bytes in the text, hex ("E6 9D"); '' for the unknown token. */
  hex: string;
}

/** Consecutive tokens of one piece whose bytes are whole characters together (usually one token). */
export interface CharGroup {
  tokens: TokenCell[];
  /** The joined characters, when the group holds more than one token (a character split across tokens). */
  joined: Run[] | null;
}

export interface PieceCell {
  /** The piece as the pre-tokenizer made it, in the model's alphabet, or an added token's content. */
  raw: string;
  added: boolean;
  groups: CharGroup[];
  /** True for the last shown piece when the display limit falls inside it. */
  cut: boolean;
}

export interface TokenView {
  pieces: PieceCell[];
  /** Every token id of the text (not only the shown ones). */
  ids: Int32Array;
  /** Tokens shown (at most the limit). */
  shown: number;
  pieceCount: number;
  chars: number;
  bytes: number;
  merges: number;
}

/** What is worked out once per tokenizer: each token's earliest merge, added tokens, the space stand-in. */
export interface TokenIndex {
  tok: Tokenizer;
  /** token id -> earliest merge yielding it, -1 when no merge does. */
  rankOf: Int32Array;
  addedContent: Map<TokenId, string>;
  /** Character-level tokenizers spell spaces with a stand-in ("▁"); null for byte-level ones. */
  spaceStandIn: string | null;
  unkId: TokenId;
}

function metaspaceOf(p: PreTokenizerSpec | null): string | null {
  if (!p) return null;
  if (p.type === 'Metaspace') return p.replacement;
  if (p.type === 'Sequence') for (const q of p.pretokenizers) { const r = metaspaceOf(q); if (r) return r; }
  return null;
}

function spaceReplacementOf(n: NormalizerSpec | null): string | null {
  if (!n) return null;
  if (n.type === 'Replace' && 'String' in n.pattern && n.pattern.String === ' ') return n.content;
  if (n.type === 'Sequence') for (const m of n.normalizers) { const r = spaceReplacementOf(m); if (r) return r; }
  return null;
}

export function makeTokenIndex(tok: Tokenizer): TokenIndex {
  const size = Math.max(tok.vocab.length, ...tok.addedTokens.map((a) => a.id + 1));
  const rankOf = new Int32Array(size).fill(-1);
  // Walk backwards so the earliest merge of a token yielded by several (SentencePiece conversions) wins.
  for (let t = tok.mergeResult.length - 1; t >= 0; t--) rankOf[tok.mergeResult[t]] = t;
  return {
    tok,
    rankOf,
    addedContent: new Map(tok.addedTokens.map((a) => [a.id, a.content])),
    spaceStandIn: tok.level === 'char' ? (metaspaceOf(tok.preTokenizer) ?? spaceReplacementOf(tok.normalizer)) : null,
    unkId: tok.unkToken !== null ? (tok.tokenToId.get(tok.unkToken) ?? -1) : -1,
  };
}

const utf8 = new TextEncoder();
const hex2 = (b: number) => b.toString(16).toUpperCase().padStart(2, '0');
const BYTE_FALLBACK = /^<0x([0-9A-Fa-f]{2})>$/;

/**
 * The bytes a model token stands for. Byte-level: each character's byte ("Ġ" -> 0x20). Character-level: the
 * UTF-8 of its characters, the space stand-in read as a space, a byte-fallback token "<0xE6>" as its byte.
 */
export function tokenBytes(index: TokenIndex, raw: string): Uint8Array {
  if (index.tok.level === 'byte') {
    const out: number[] = [];
    for (const ch of raw) {
      const cp = ch.codePointAt(0)!;
      const b = cp < unicodeToByte.length ? unicodeToByte[cp] : -1;
      if (b >= 0) out.push(b);
      else out.push(...utf8.encode(ch));
    }
    return Uint8Array.from(out);
  }
  const m = index.tok.byteFallback ? BYTE_FALLBACK.exec(raw) : null;
  if (m) return Uint8Array.of(parseInt(m[1], 16));
  return utf8.encode(index.spaceStandIn ? raw.replaceAll(index.spaceStandIn, ' ') : raw);
}

const MARKS: Record<string, string> = { ' ': '·', '\t': '→', '\n': '↵\n', '\r': '␍' };
/** Characters that would be invisible or ambiguous: controls, format characters (ZWJ, BOM), other spaces. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Z}]/u;

/**
 * Text with whitespace made visible: space ·, tab →, newline ↵ (followed by a real newline, so lines still break),
 * CR ␍, other invisible characters as <U+00A0>. Example: "a b\n" -> a, ·, b, ↵⏎.
 */
export function visibleRuns(text: string, out: Run[] = []): Run[] {
  let plain = '';
  const flush = () => { if (plain) { out.push({ kind: 'text', text: plain }); plain = ''; } };
  for (const ch of text) {
    const mark = MARKS[ch] ?? (INVISIBLE.test(ch) ? `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>` : null);
    if (mark === null) { plain += ch; continue; }
    flush();
    const last = out[out.length - 1];
    if (last?.kind === 'mark' && !last.text.endsWith('\n')) last.text += mark;
    else out.push({ kind: 'mark', text: mark });
  }
  flush();
  return out;
}

const SPOKEN_MARKS: Record<string, string> = { '·': 'space', '→': 'tab', '↵': 'newline', '␍': 'carriage return' };

/**
 * A token's runs as a screen reader should say them: marks and bytes in words, not as the symbols drawn for sight
 * ("·world" read as "middle dot world").
 * Example: runs "·", "world" -> "space world"; "<0xE6><0x9D>" -> "bytes E6 9D"; "··" -> "2 spaces".
 */
export function spokenRuns(runs: readonly Run[]): string {
  const parts: string[] = [];
  for (const r of runs) {
    if (r.kind === 'text') parts.push(r.text);
    else if (r.kind === 'byte') {
      const hex = [...r.text.matchAll(/<0x([0-9A-F]{2})>/g)].map((m) => m[1]);
      parts.push(`${hex.length === 1 ? 'byte' : 'bytes'} ${hex.join(' ')}`);
    } else {
      const marks = [...r.text.replaceAll('\n', '').matchAll(/<U\+([0-9A-F]+)>|./gu)].map((m) => (m[1] ? `U+${m[1]}` : SPOKEN_MARKS[m[0]] ?? m[0]));
      // Runs of one mark are counted: "4 spaces", not "space space space space".
      for (let i = 0; i < marks.length;) {
        let j = i;
        while (j < marks.length && marks[j] === marks[i]) j++;
        parts.push(j - i === 1 ? marks[i] : `${j - i} ${marks[i]}${marks[i].endsWith('s') ? 'es' : 's'}`);
        i = j;
      }
    }
  }
  return parts.join(' ');
}

/** Length of the UTF-8 sequence a lead byte starts; 0 for a continuation or invalid byte. */
function sequenceLength(b: number): number {
  return b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
}
const isContinuation = (b: number) => (b & 0xc0) === 0x80;
const decoder = new TextDecoder();

/**
 * A token's bytes as runs, given how many continuation bytes of a character begun in earlier tokens it starts
 * with (`pending`). Whole characters become visible text; bytes of a character that is not whole in this token
 * become byte runs "<0xE6>". Returns the pending count for the next token.
 * Example: bytes 20 E6 9D, pending 0 -> runs "·", "<0xE6><0x9D>", and 1 byte still pending.
 */
export function bytesToRuns(bytes: Uint8Array, pending: number, out: Run[]): number {
  let i = 0;
  const byteRun = (b: number) => {
    const last = out[out.length - 1];
    if (last?.kind === 'byte') last.text += `<0x${hex2(b)}>`;
    else out.push({ kind: 'byte', text: `<0x${hex2(b)}>` });
  };
  // 1. The tail of a character begun before this token.
  while (pending > 0 && i < bytes.length && isContinuation(bytes[i])) { byteRun(bytes[i++]); pending--; }
  pending = i < bytes.length ? 0 : pending;
  // 2. Whole characters, decoded in stretches; a character cut at the end of the token stays bytes.
  let start = i;
  const flushText = (end: number) => { if (end > start) visibleRuns(decoder.decode(bytes.subarray(start, end)), out); };
  while (i < bytes.length) {
    const need = sequenceLength(bytes[i]);
    let have = need === 0 ? 0 : 1;
    while (have < need && i + have < bytes.length && isContinuation(bytes[i + have])) have++;
    if (need > 0 && have === need) { i += need; continue; }
    flushText(i);
    for (let k = 0; k < Math.max(have, 1); k++) byteRun(bytes[i + k]);
    // A cut character at the very end leaves the rest of it for the next token.
    if (need > 0 && i + have === bytes.length) pending = need - have;
    i += Math.max(have, 1);
    start = i;
  }
  flushText(i);
  return pending;
}

/** The face of a model token or an added token, read on its own. */
export function tokenFace(index: TokenIndex, id: TokenId, added = false): TokenFace {
  const content = added ? index.addedContent.get(id) : undefined;
  if (content !== undefined) return { id, raw: content, runs: visibleRuns(content) };
  const raw = index.tok.vocab[id] ?? '';
  if (id === index.unkId) return { id, raw, runs: [{ kind: 'text', text: raw }] };
  const runs: Run[] = [];
  bytesToRuns(tokenBytes(index, raw), 0, runs);
  return { id, raw, runs };
}

/** A text's ids with the pieces they came from (Encoder.encodePieces collected into arrays). */
export interface EncodedPieces {
  ids: number[];
  pieces: string[];
  /** ids of piece p are ids[ends[p-1] .. ends[p]). */
  ends: number[];
  added: boolean[];
}

export function encodeWithPieces(encoder: Encoder, text: string): EncodedPieces {
  const pieces: string[] = [];
  const ends: number[] = [];
  const added: boolean[] = [];
  const ids = encoder.encodePieces(text, (piece, end, isAdded) => { pieces.push(piece); ends.push(end); added.push(isAdded); });
  return { ids, pieces, ends, added };
}

/** Code points of a string. */
function countChars(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || i + 1 === text.length) n++;
    else { const d = text.charCodeAt(i + 1); n++; if (d >= 0xdc00 && d <= 0xdfff) i++; }
  }
  return n;
}

/**
 * The display model of `text` encoded as `encoded`, with at most `limit` tokens shown (counts are always of the
 * whole text). Costs one pass over the shown tokens; the ids are copied once into an Int32Array.
 */
export function buildTokenView(index: TokenIndex, text: string, encoded: EncodedPieces, limit: number): TokenView {
  const { ids, pieces: raws, ends, added } = encoded;
  const pieces: PieceCell[] = [];
  let shown = 0;
  for (let p = 0; p < raws.length && shown < limit; p++) {
    const begin = p === 0 ? 0 : ends[p - 1];
    const end = Math.min(ends[p], begin + (limit - shown));
    pieces.push(pieceCell(index, raws[p], added[p], ids, begin, end, end < ends[p]));
    shown += end - begin;
  }
  return {
    pieces,
    ids: Int32Array.from(ids),
    shown,
    pieceCount: raws.length,
    chars: countChars(text),
    bytes: utf8.encode(text).length,
    merges: index.tok.mergeResult.length,
  };
}

/** One piece's tokens ids[begin..end), grouped so that each group's bytes are whole characters. */
function pieceCell(index: TokenIndex, raw: string, added: boolean, ids: number[], begin: number, end: number, cut: boolean): PieceCell {
  const piece: PieceCell = { raw, added, groups: [], cut };
  let groupBytes: number[] = [];
  let pending = 0;
  for (let i = begin; i < end; i++) {
    const cell = tokenCell(index, ids[i], i, added);
    if (cell.kind === 'unknown') {
      pending = 0;
    } else {
      const bytes = added ? utf8.encode(cell.raw) : tokenBytes(index, cell.raw);
      cell.hex = Array.from(bytes, hex2).join(' ');
      cell.runs = [];
      const continues = pending > 0;
      pending = bytesToRuns(bytes, pending, cell.runs);
      const group = continues ? piece.groups[piece.groups.length - 1] : undefined;
      if (group) {
        group.tokens.push(cell);
        groupBytes.push(...bytes);
        if (pending === 0) group.joined = visibleRuns(decoder.decode(Uint8Array.from(groupBytes)));
        continue;
      }
      groupBytes = Array.from(bytes);
    }
    piece.groups.push({ tokens: [cell], joined: null });
  }
  return piece;
}

/** A token of the text: its face, kind, earliest merge. */
function tokenCell(index: TokenIndex, id: TokenId, position: number, added: boolean): TokenCell {
  const face = tokenFace(index, id, added);
  const rank = added ? -1 : (index.rankOf[id] ?? -1);
  const kind: TokenCell['kind'] = added ? 'added' : id === index.unkId ? 'unknown' : rank >= 0 ? 'merged' : isBase(index, face.raw) ? 'base' : 'whole';
  const merge = rank >= 0 ? { left: tokenFace(index, index.tok.mergeLeft[rank]), right: tokenFace(index, index.tok.mergeRight[rank]) } : null;
  return { ...face, index: position, kind, rank: kind === 'merged' ? rank : -1, merge, hex: '' };
}

/** A symbol of the alphabet: one byte (byte-level), one character or a byte-fallback token (character-level). */
function isBase(index: TokenIndex, raw: string): boolean {
  if (index.tok.level === 'byte') return raw.length === 1;
  return [...raw].length === 1 || (index.tok.byteFallback && BYTE_FALLBACK.test(raw));
}
