// Pre-tokenizers of tokenizer.json with HF tokenizers' (Rust) semantics: text in, the pieces ("words") out, in
// order, empty pieces dropped. Byte-level pieces come out in the GPT-2 byte alphabet.
// Example: makePreTokenizer(PRESET_PRETOKENIZERS.cl100k.preTokenizer)("Hello world!!\n")
//   -> ["Hello", "Ġworld", "!!Ċ"]
// Each stage maps the list of pieces to a new list, as HF's PreTokenizedString.split does; a regex is compiled
// once in makePreTokenizer, and the byte map runs once per call over the UTF-8 bytes of all pieces together.

import { InputError } from './errors.ts';
import type { PatternSpec, PreTokenizerSpec, SplitBehavior } from './types.ts';
import { NAMED_SETS, complement, pinnedClassSource, union } from './char-sets.ts';
import { forEachMatch, translateRegex } from './regex.ts';
import { byteToUnicode } from './byte-level.ts';
import { field, parsePattern } from './normalize.ts';

/** GPT-2's pattern: ByteLevel with use_regex, r50k/p50k, and the base of the later OpenAI patterns. */
export const GPT2_PATTERN = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

const BEHAVIORS: readonly SplitBehavior[] = ['Removed', 'Isolated', 'MergedWithPrevious', 'MergedWithNext', 'Contiguous'];

// ---------------------------------------------------------------------------------------------------------------
// Parsing.

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function behavior(json: Record<string, unknown>, where: string, fallback?: SplitBehavior): SplitBehavior {
  const b = json.behavior ?? fallback;
  if (b === undefined) throw new InputError('missing field "behavior"', where);
  if (!BEHAVIORS.includes(b as SplitBehavior)) {
    throw new InputError(`unknown split behavior ${JSON.stringify(b)} (expected one of ${BEHAVIORS.join(', ')})`, where);
  }
  return b as SplitBehavior;
}

/** Validate the raw tokenizer.json "pre_tokenizer" value. null stays null; unsupported types name themselves. */
export function parsePreTokenizer(json: unknown, where: string): PreTokenizerSpec | null {
  if (json === null || json === undefined) return null;
  if (!isObject(json)) throw new InputError(`pre_tokenizer must be an object, got ${JSON.stringify(json)}`, where);
  const type = json.type;
  switch (type) {
    case 'Split':
      if (json.pattern === undefined) throw new InputError('missing field "pattern"', where);
      return {
        type,
        pattern: parsePattern(json.pattern, `${where}.pattern`),
        behavior: behavior(json, where),
        invert: field<boolean>(json, 'invert', 'boolean', where, false),
      };
    case 'ByteLevel': {
      const spec: PreTokenizerSpec = {
        type,
        add_prefix_space: field<boolean>(json, 'add_prefix_space', 'boolean', where, true),
        use_regex: field<boolean>(json, 'use_regex', 'boolean', where, true),
      };
      if (json.trim_offsets !== undefined) spec.trim_offsets = field<boolean>(json, 'trim_offsets', 'boolean', where);
      return spec;
    }
    case 'Digits':
      return { type, individual_digits: field<boolean>(json, 'individual_digits', 'boolean', where, false) };
    case 'Metaspace': {
      const replacement = field<string>(json, 'replacement', 'string', where, '\u2581');
      if ([...replacement].length !== 1) {
        throw new InputError(`Metaspace replacement must be one character, got ${JSON.stringify(replacement)}`, where);
      }
      let scheme = json.prepend_scheme;
      // Files from before prepend_scheme existed say add_prefix_space instead.
      if (scheme === undefined || scheme === null) {
        scheme = field<boolean>(json, 'add_prefix_space', 'boolean', where, true) ? 'always' : 'never';
      }
      if (scheme !== 'always' && scheme !== 'never' && scheme !== 'first') {
        throw new InputError(`unknown prepend_scheme ${JSON.stringify(scheme)} (expected always, never or first)`, where);
      }
      return { type, replacement, prepend_scheme: scheme, split: field<boolean>(json, 'split', 'boolean', where, true) };
    }
    case 'Whitespace':
    case 'WhitespaceSplit':
      return { type };
    case 'Punctuation':
      return { type, behavior: behavior(json, where, 'Isolated') };
    case 'Sequence': {
      if (!Array.isArray(json.pretokenizers)) throw new InputError('missing field "pretokenizers" (an array)', where);
      return {
        type,
        pretokenizers: json.pretokenizers.map((p, i) => {
          const spec = parsePreTokenizer(p, `${where}.pretokenizers[${i}]`);
          if (!spec) throw new InputError('null inside a Sequence', `${where}.pretokenizers[${i}]`);
          return spec;
        }),
      };
    }
    default:
      throw new InputError(
        `unsupported pre_tokenizer type ${JSON.stringify(type)}: mergeprint reproduces Split, ByteLevel, Digits, Metaspace, ` +
          'Whitespace, WhitespaceSplit, Punctuation and Sequences of them exactly, and no other (an approximation would ' +
          'count other pairs than the tokenizer saw). A file that needs another cannot be analysed here.',
        where,
      );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Splitting one piece, as NormalizedString::split: the pattern cuts the piece into segments (match or not),
// invert swaps the two, the behaviour decides what becomes a piece, empty pieces vanish.

/**
 * A list of pieces being pre-tokenized. `firstAtStart` says whether pieces[0] begins at offset 0 of the text
 * (Metaspace's prepend_scheme "first" needs it).
 */
interface Pieces {
  pieces: string[];
  firstAtStart: boolean;
}

type Stage = (input: Pieces) => Pieces;

/** Reused segment buffer: starts, ends, isMatch; grows as needed. */
let segStart = new Int32Array(1024);
let segEnd = new Int32Array(1024);
let segMatch = new Uint8Array(1024);

function growSegments(): void {
  const n = segStart.length * 2;
  const s = new Int32Array(n); s.set(segStart); segStart = s;
  const e = new Int32Array(n); e.set(segEnd); segEnd = e;
  const m = new Uint8Array(n); m.set(segMatch); segMatch = m;
}

/** Finds the matches of `re` ('gu') in `text`, appending segments covering all of it. Returns the count. */
function regexSegments(text: string, re: RegExp, invert: boolean): number {
  let n = 0;
  let prev = 0;
  const push = (a: number, b: number, match: boolean) => {
    if (n === segStart.length) growSegments();
    segStart[n] = a;
    segEnd[n] = b;
    segMatch[n] = match !== invert ? 1 : 0;
    n++;
  };
  forEachMatch(re, text, (start, end) => {
    if (start !== prev) push(prev, start, false);
    push(start, end, true);
    prev = end;
  });
  if (prev !== text.length) push(prev, text.length, false);
  return n;
}

const EMPTY_PATTERN = /(?:)/gu;

/**
 * Literal string pattern: non-overlapping occurrences, left to right. The empty string matches (emptily) at every
 * character boundary, as the regex tokenizers builds from it does: every character becomes its own segment.
 */
function stringSegments(text: string, needle: string, invert: boolean): number {
  if (needle.length === 0) return regexSegments(text, EMPTY_PATTERN, invert);
  let n = 0;
  let prev = 0;
  const push = (a: number, b: number, match: boolean) => {
    if (n === segStart.length) growSegments();
    segStart[n] = a;
    segEnd[n] = b;
    segMatch[n] = match !== invert ? 1 : 0;
    n++;
  };
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, prev)) {
    if (at !== prev) push(prev, at, false);
    push(at, at + needle.length, true);
    prev = at + needle.length;
  }
  if (prev !== text.length) push(prev, text.length, false);
  return n;
}

/**
 * Applies a behaviour to segments 0..n-1 of `text`, pushing the non-empty pieces to `out`. Returns whether the
 * first piece pushed begins at offset 0 of `text` (false if none was pushed).
 */
function emitSegments(text: string, n: number, behavior: SplitBehavior, out: string[]): boolean {
  const before = out.length;
  let firstStart = -1;
  const emit = (a: number, b: number) => {
    if (b > a) {
      if (out.length === before) firstStart = a;
      out.push(text.slice(a, b));
    }
  };
  switch (behavior) {
    case 'Removed':
      for (let i = 0; i < n; i++) if (!segMatch[i]) emit(segStart[i], segEnd[i]);
      break;
    case 'Isolated':
      for (let i = 0; i < n; i++) emit(segStart[i], segEnd[i]);
      break;
    case 'MergedWithPrevious': {
      // A match joins the piece before it, unless that piece is itself a match.
      let a = -1;
      let b = -1;
      let prevMatch = false;
      for (let i = 0; i < n; i++) {
        const match = segMatch[i] === 1;
        if (match && !prevMatch && a >= 0) b = segEnd[i];
        else {
          if (a >= 0) emit(a, b);
          a = segStart[i];
          b = segEnd[i];
        }
        prevMatch = match;
      }
      if (a >= 0) emit(a, b);
      break;
    }
    case 'MergedWithNext': {
      // A match joins the piece after it, unless that piece is itself a match (HF folds from the end).
      let a = -1;
      let b = -1;
      let nextMatch = false;
      const starts: number[] = [];
      const ends: number[] = [];
      for (let i = n - 1; i >= 0; i--) {
        const match = segMatch[i] === 1;
        if (match && !nextMatch && a >= 0) a = segStart[i];
        else {
          if (a >= 0) {
            starts.push(a);
            ends.push(b);
          }
          a = segStart[i];
          b = segEnd[i];
        }
        nextMatch = match;
      }
      if (a >= 0) {
        starts.push(a);
        ends.push(b);
      }
      for (let k = starts.length - 1; k >= 0; k--) emit(starts[k], ends[k]);
      break;
    }
    case 'Contiguous': {
      // Neighbouring segments of the same kind (after invert) fuse.
      let a = -1;
      let b = -1;
      let prevMatch = false;
      for (let i = 0; i < n; i++) {
        const match = segMatch[i] === 1;
        if (match === prevMatch && a >= 0) b = segEnd[i];
        else {
          if (a >= 0) emit(a, b);
          a = segStart[i];
          b = segEnd[i];
        }
        prevMatch = match;
      }
      if (a >= 0) emit(a, b);
      break;
    }
  }
  return firstStart === 0;
}

function splitStage(segments: (text: string) => number, behavior: SplitBehavior): Stage {
  return ({ pieces, firstAtStart }) => {
    const out: string[] = [];
    let first = false;
    for (let p = 0; p < pieces.length; p++) {
      const n = segments(pieces[p]);
      const before = out.length;
      const startsAtZero = emitSegments(pieces[p], n, behavior, out);
      if (before === 0 && out.length > 0) first = p === 0 && firstAtStart && startsAtZero;
    }
    return { pieces: out, firstAtStart: first };
  };
}

function patternStage(pattern: PatternSpec, behavior: SplitBehavior, invert: boolean): Stage {
  if ('String' in pattern) {
    const needle = pattern.String;
    return splitStage((t) => stringSegments(t, needle, invert), behavior);
  }
  const re = translateRegex(pattern.Regex);
  return splitStage((t) => regexSegments(t, re, invert), behavior);
}

// ---------------------------------------------------------------------------------------------------------------
// ByteLevel: the UTF-8 bytes of each piece, each byte written as its GPT-2 stand-in character.

const encoder = new TextEncoder();
const utf16 = new TextDecoder('utf-16le');
const BYTE_UNITS = Uint16Array.from(byteToUnicode, (ch) => ch.charCodeAt(0));

/** UTF-8 length of s[from, to) (no lone surrogates: text comes from decoded UTF-8). */
function utf8Length(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < to) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Byte-maps every piece. Cost: one join, one TextEncoder pass, one table lookup per byte, one UTF-16 decode for
 * the whole list; then one slice per piece. No per-character string building, no allocation but the strings.
 * Example: byteLevelMap(["é", " 中"]) -> ["Ã©", "Ġä¸Ń"].
 */
export function byteLevelMap(pieces: string[]): string[] {
  if (pieces.length === 0) return pieces;
  const joined = pieces.join('');
  // Reused buffers: a call per line must not allocate per call (3 bytes per UTF-16 unit is the worst case).
  if (byteBuf.length < joined.length * 3) {
    byteBuf = new Uint8Array(joined.length * 3 + 1024);
    unitBuf = new Uint16Array(byteBuf.length);
  }
  const nBytes = encoder.encodeInto(joined, byteBuf).written;
  for (let i = 0; i < nBytes; i++) unitBuf[i] = BYTE_UNITS[byteBuf[i]];
  const mapped = utf16.decode(unitBuf.subarray(0, nBytes));
  const out: string[] = new Array(pieces.length);
  const ascii = nBytes === joined.length;
  let at = 0;
  let charAt = 0;
  for (let p = 0; p < pieces.length; p++) {
    const len = pieces[p].length;
    const blen = ascii ? len : utf8Length(joined, charAt, charAt + len);
    out[p] = mapped.slice(at, at + blen);
    at += blen;
    charAt += len;
  }
  return out;
}
let byteBuf = new Uint8Array(1 << 16);
let unitBuf = new Uint16Array(1 << 16);

function byteLevelStage(addPrefixSpace: boolean, useRegex: boolean): Stage {
  const split = useRegex ? patternStage({ Regex: GPT2_PATTERN }, 'Isolated', false) : null;
  return (input) => {
    let cur = input;
    if (addPrefixSpace) {
      // Per piece, as HF does it (a Split before ByteLevel gives each piece its own space).
      cur = { pieces: cur.pieces.map((p) => (p.charCodeAt(0) === 0x20 ? p : ' ' + p)), firstAtStart: cur.firstAtStart };
    }
    if (split) cur = split(cur);
    return { pieces: byteLevelMap(cur.pieces), firstAtStart: cur.firstAtStart };
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The others.

/** Every character of the set is a match of its own (HF's char-predicate patterns). */
function charSetSegments(re: RegExp): (text: string) => number {
  return (t) => regexSegments(t, re, false);
}

function metaspaceStage(replacement: string, scheme: 'always' | 'never' | 'first', split: boolean): Stage {
  const rep = replacement.codePointAt(0)!;
  const splitter = split ? splitStage((t) => stringSegments(t, replacement, false), 'MergedWithNext') : null;
  return ({ pieces, firstAtStart }) => {
    const out = pieces.map((p, i) => {
      let s = p.replaceAll(' ', replacement);
      const prepend = scheme === 'always' || (scheme === 'first' && i === 0 && firstAtStart);
      if (prepend && s.codePointAt(0) !== rep) s = replacement + s;
      return s;
    });
    const cur = { pieces: out, firstAtStart };
    return splitter ? splitter(cur) : cur;
  };
}

function whitespaceStage(): Stage {
  // \w+|[^\w\s]+ with the Rust regex crate's Unicode classes; matches kept, the rest (whitespace) removed.
  const word = NAMED_SETS.regexCrateWord();
  const other = complement(union(word, NAMED_SETS.regexCrateSpace()));
  const wordSource = pinnedClassSource('[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]', word);
  const otherSource = pinnedClassSource('[^\\p{L}\\p{M}\\p{Nd}\\p{Pc}\\s]', other);
  const re = new RegExp(`${wordSource}+|${otherSource}+`, 'gv');
  return splitStage((t) => regexSegments(t, re, true), 'Removed');
}

function build(spec: PreTokenizerSpec): Stage {
  switch (spec.type) {
    case 'Split':
      return patternStage(spec.pattern, spec.behavior, spec.invert);
    case 'ByteLevel':
      return byteLevelStage(spec.add_prefix_space, spec.use_regex);
    case 'Digits': {
      const re = new RegExp(pinnedClassSource('\\p{N}', NAMED_SETS.rustNumeric()), 'gv');
      return splitStage(charSetSegments(re), spec.individual_digits ? 'Isolated' : 'Contiguous');
    }
    case 'Metaspace':
      return metaspaceStage(spec.replacement, spec.prepend_scheme, spec.split);
    case 'Whitespace':
      return whitespaceStage();
    case 'WhitespaceSplit':
      return splitStage(charSetSegments(new RegExp(pinnedClassSource('\\s', NAMED_SETS.rustWhitespace()), 'gv')), 'Removed');
    case 'Punctuation':
      return splitStage(charSetSegments(new RegExp(pinnedClassSource('\\p{P}', NAMED_SETS.hfPunctuation()), 'gv')), spec.behavior);
    case 'Sequence': {
      const stages = spec.pretokenizers.map(build);
      return (input) => stages.reduce((cur, stage) => stage(cur), input);
    }
  }
}

/**
 * The pre-tokenizer as a function from (normalized) text to its pieces, compiled once. null gives the whole text
 * as one piece (none if the text is empty), as HF does without a pre-tokenizer. `atStart` says whether the text
 * begins the input (HF: its first character is at offset 0 of the original text), which Metaspace's
 * prepend_scheme "first" asks: "hi" after an added token "<s>" is not at the start, so it stays "hi", not "▁hi".
 */
export function makePreTokenizer(spec: PreTokenizerSpec | null): (text: string, atStart?: boolean) => string[] {
  if (!spec) return (text) => (text.length > 0 ? [text] : []);
  const stage = build(spec);
  return (text, atStart = true) => (text.length > 0 ? stage({ pieces: [text], firstAtStart: atStart }).pieces : []);
}
