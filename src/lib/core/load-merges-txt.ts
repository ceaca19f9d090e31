// GPT-2 style merges.txt ("#version: 0.2" then one "left right" merge per line), with or without its vocab.json.
// Without a vocab the ids are rebuilt as HF's BPE trainer numbers them: the base alphabet sorted by code point (for
// byte-level files the 256 GPT-2 stand-ins, which is GPT-2's own byte order), then each new merge result in order.
// Byte- or character-level is read from the symbols by one rule with or without the vocab (byteLevelEvidence).
// Example: "#version: 0.2\nĠ t\nh e\nĠt he\n" -> ids 0..255 the byte stand-ins ("!" = 0 ... "Ġ" = 220 ...),
//   256 "Ġt", 257 "he", 258 "Ġthe"; a line "Ġt xyz" would be an InputError at its line ("xyz" is not a token).

import { byteToUnicode, unicodeToByte } from './byte-level.ts';
import { InputError } from './errors.ts';
import { resolveMerges, showToken, vocabFromObject } from './merge-table.ts';
import { PRESET_PRETOKENIZERS } from './presets.ts';
import type { PreTokenizerSpec, TokenId, Tokenizer } from './types.ts';

export interface MergesTxtOptions {
  name?: string;
  /** File names for messages. */
  mergesFile?: string;
  vocabFile?: string;
  /** The pre-tokenizer (merges.txt does not record one); default: GPT-2's byte-level pre-tokenizer. */
  preTokenizer?: PreTokenizerSpec | null;
}

/**
 * Reads merge lines: an optional first line starting "#version", then "left right" lines (exactly one space, as in
 * HF's reader). Blank lines are allowed only at the end; CRLF endings are accepted.
 */
export function parseMergesTxt(text: string, file = 'merges.txt'): { lefts: string[]; rights: string[]; lines: number[] } {
  const lines = text.split('\n');
  while (lines.length > 0 && lines[lines.length - 1].replace(/\r$/, '') === '') lines.pop();
  const lefts: string[] = [];
  const rights: string[] = [];
  const lineNumbers: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (i === 0 && line.startsWith('#version')) continue;
    const space = line.indexOf(' ');
    if (space <= 0 || space === line.length - 1 || line.indexOf(' ', space + 1) >= 0) {
      throw new InputError(`expected "<left> <right>" (two tokens, one space), found ${showToken(line)}`, `${file} line ${i + 1}`);
    }
    lefts.push(line.slice(0, space));
    rights.push(line.slice(space + 1));
    lineNumbers.push(i + 1);
  }
  if (lefts.length === 0) throw new InputError('no merges: the file is empty', file);
  return { lefts, rights, lines: lineNumbers };
}

/** What the symbols of a merge list (and of its vocab, when given) say about its level: see `byteLevelEvidence`. */
export interface ByteLevelEvidence {
  byteLevel: boolean;
  /** A symbol outside GPT-2's 256-character byte alphabet ("▁"), or null when there is none. */
  outside: string | null;
  /** How many stand-ins of the 68 bytes GPT-2 remaps (space "Ġ", newline "Ċ", tab "ĉ", ...) occur. */
  remapped: number;
  /** How many of the 256 byte symbols are missing from the vocab (0 without a vocab: it is rebuilt whole). */
  missingBytes: number;
}

/**
 * Whether a merge list is byte-level, read from its symbols, the same way with or without a vocab: every symbol of
 * every merge part, and every one-symbol token of the vocab (the base alphabet; longer tokens are merge results or
 * special tokens), is one of GPT-2's 256 byte stand-ins, and either a stand-in of a remapped byte occurs ("Ġ" for
 * space: any byte-level list trained on text with spaces has it) or the vocab holds all 256. Without that last
 * evidence a list of printable Latin-1 symbols ("t h", "th e") fits both readings; it is the shape of a
 * character-level tokenizer whose pre-tokenizer drops spaces, so it is read as character-level.
 * A byte-level vocab may lack bytes the training text never had (mergeprint's and HF's trainers only keep the
 * symbols seen): that is reported in `missingBytes`, not a reason to change level.
 * Examples: ["Ġ", "h"] + ["t", "e"] -> byte; ["▁", "▁t"] + ["t", "h"] -> char (outside "▁"); ["t"] + ["h"] -> char.
 */
export function byteLevelEvidence(lefts: readonly string[], rights: readonly string[], vocab?: readonly string[]): ByteLevelEvidence {
  const remapped = new Set<number>();
  let outside = firstOutside(lefts, remapped) ?? firstOutside(rights, remapped);
  let missingBytes = 0;
  if (vocab !== undefined) {
    outside ??= firstOutside(vocab.filter((token) => token.length === 1 || (token.length === 2 && token.codePointAt(0)! > 0xffff)), remapped);
    const present = new Set(vocab);
    for (const ch of byteToUnicode) if (!present.has(ch)) missingBytes++;
  }
  const byteLevel = outside === null && (remapped.size > 0 || (vocab !== undefined && missingBytes === 0));
  return { byteLevel, outside, remapped: remapped.size, missingBytes };
}

/** The first character of `tokens` outside the byte alphabet (or null); adds the remapped stand-ins seen to `remapped`. */
function firstOutside(tokens: readonly string[], remapped: Set<number>): string | null {
  for (const s of tokens) {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= unicodeToByte.length || unicodeToByte[c] < 0) return String.fromCodePoint(s.codePointAt(i)!);
      if (c >= 0x100) remapped.add(c);
    }
  }
  return null;
}

/** Why a list reads as character-level, for the warning. */
function notByteLevelReason(evidence: ByteLevelEvidence): string {
  if (evidence.outside !== null) return `${showToken(evidence.outside)} is not one of the 256 byte symbols`;
  return 'all symbols are printable Latin-1 characters, but none stands for a space, newline or other remapped byte as "Ġ" and "Ċ" do';
}

/**
 * The vocab HF's BPE trainer would have made: the base alphabet sorted by code point, then merge results in merge
 * order (a result already present keeps its id).
 */
function rebuildVocab(lefts: readonly string[], rights: readonly string[], byteLevel: boolean): string[] {
  let alphabet: string[];
  if (byteLevel) alphabet = [...byteToUnicode];
  else {
    const chars = new Set<string>();
    for (const s of [...lefts, ...rights]) for (const ch of s) chars.add(ch);
    alphabet = [...chars];
  }
  alphabet.sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  const vocab = alphabet;
  const seen = new Set(vocab);
  for (let t = 0; t < lefts.length; t++) {
    const token = lefts[t] + rights[t];
    if (!seen.has(token)) {
      seen.add(token);
      vocab.push(token);
    }
  }
  return vocab;
}

/** merges.txt (and optionally vocab.json's text) -> Tokenizer. */
export function loadMergesTxt(mergesText: string, vocabJsonText?: string, options: MergesTxtOptions = {}): Tokenizer {
  const mergesFile = options.mergesFile ?? 'merges.txt';
  const vocabFile = options.vocabFile ?? 'vocab.json';
  const { lefts, rights, lines } = parseMergesTxt(mergesText, mergesFile);
  const warnings: string[] = [];
  if (mergesText.includes('\r\n')) warnings.push(`${mergesFile} has CRLF line endings; the CRs were dropped.`);

  let vocab: string[];
  let tokenToId: Map<string, TokenId>;
  let evidence: ByteLevelEvidence;
  if (vocabJsonText !== undefined) {
    let json: unknown;
    if (vocabJsonText.trim() === '') throw new InputError('the file is empty', vocabFile);
    try {
      json = JSON.parse(vocabJsonText);
    } catch (e) {
      throw new InputError(`not valid JSON (${(e as Error).message})`, vocabFile);
    }
    ({ vocab, tokenToId } = vocabFromObject(json, vocabFile));
    evidence = byteLevelEvidence(lefts, rights, vocab);
  } else {
    evidence = byteLevelEvidence(lefts, rights);
    vocab = rebuildVocab(lefts, rights, evidence.byteLevel);
    tokenToId = new Map(vocab.map((t, i) => [t, i]));
    warnings.push('No vocab.json: token ids were rebuilt (base alphabet by code point, then merges in order) and may differ from the original ids.');
  }
  const merges = resolveMerges(lefts, rights, tokenToId, (t) => `${mergesFile} line ${lines[t]}`);

  const { byteLevel } = evidence;
  if (byteLevel && evidence.missingBytes > 0) {
    warnings.push(`${evidence.missingBytes} of the 256 byte symbols are not in the vocab; text with those bytes cannot be encoded fully.`);
  }
  // Vocab entries that are neither a base symbol nor a merge result cannot come out of BPE: special tokens such
  // as GPT-2's "<|endoftext|>". Those shaped like markup are matched as added special tokens.
  const made = new Set<TokenId>(merges.mergeResult);
  const addedTokens: Tokenizer['addedTokens'] = [];
  const stray: string[] = [];
  vocab.forEach((token, id) => {
    if (token === '' || made.has(id) || [...token].length === 1) return;
    if (/^<[^<>\s]+>$/.test(token)) addedTokens.push({ content: token, id, special: true, normalized: false });
    else stray.push(token);
  });
  if (addedTokens.length > 0) {
    warnings.push(`${addedTokens.length} vocab tokens look like special tokens and are matched whole in text: ${addedTokens.slice(0, 5).map((a) => showToken(a.content)).join(', ')}.`);
  }
  if (stray.length > 0) warnings.push(`${stray.length} vocab tokens are not produced by any merge (first: ${showToken(stray[0])}).`);
  let preTokenizer = options.preTokenizer;
  if (preTokenizer === undefined) {
    preTokenizer = byteLevel ? PRESET_PRETOKENIZERS.gpt2.preTokenizer : null;
    warnings.push(
      byteLevel
        ? "merges.txt does not record a pre-tokenizer: GPT-2's (byte-level, GPT-2 regex) is assumed."
        : `merges.txt does not record a pre-tokenizer and the merges are not byte-level (${notByteLevelReason(evidence)}): no pre-tokenizer is used.`,
    );
  }
  return {
    name: options.name ?? mergesFile,
    format: 'merges.txt',
    level: byteLevel ? 'byte' : 'char',
    vocab,
    tokenToId,
    mergeLeft: merges.mergeLeft,
    mergeRight: merges.mergeRight,
    mergeResult: merges.mergeResult,
    normalizer: null,
    preTokenizer,
    byteFallback: false,
    ignoreMerges: false,
    unkToken: null,
    fuseUnk: false,
    addedTokens,
    warnings,
  };
}
