// HuggingFace tokenizer.json (model.type "BPE") -> Tokenizer. The model's vocab and merges become id arrays; the
// normalizer and pre-tokenizer are parsed into specs by the text pipeline; options that change encoding are kept;
// anything we cannot honour is an InputError naming the field, anything merely odd is a warning.
// Example: {"model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "ab": 2}, "merges": ["a b"]}, ...}
//   -> vocab ["a", "b", "ab"], mergeLeft [0], mergeRight [1], mergeResult [2], level 'char'.

import { InputError } from './errors.ts';
import { resolveMerges, showToken, vocabFromObject } from './merge-table.ts';
import { parseNormalizer } from './normalize.ts';
import { parsePreTokenizer } from './pre-tokenize.ts';
import type { TokenId, Tokenizer } from './types.ts';
import { byteToUnicode } from './byte-level.ts';

type Json = Record<string, unknown>;

const isObject = (x: unknown): x is Json => x !== null && typeof x === 'object' && !Array.isArray(x);

/** Parses JSON text, turning a syntax error (truncated file, not JSON at all) into an InputError for `file`. */
export function parseJsonFile(text: string, file: string): unknown {
  if (text.trim() === '') throw new InputError('the file is empty', file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`not valid JSON (${(e as Error).message})`, file);
  }
}

/** True when a (pre-tokenizer or decoder) spec is ByteLevel or a Sequence holding one. */
function hasByteLevel(spec: unknown): boolean {
  if (!isObject(spec)) return false;
  if (spec.type === 'ByteLevel') return true;
  const inner = spec.pretokenizers ?? spec.decoders;
  return Array.isArray(inner) && inner.some(hasByteLevel);
}

/** Merges as parallel left/right string arrays, from "a b" strings or ["a", "b"] pairs. */
function readMerges(merges: unknown, where: string): { lefts: string[]; rights: string[] } {
  if (!Array.isArray(merges)) throw new InputError('merges must be an array', where);
  const lefts: string[] = new Array(merges.length);
  const rights: string[] = new Array(merges.length);
  for (let t = 0; t < merges.length; t++) {
    const m = merges[t];
    if (typeof m === 'string') {
      // HF's legacy form: exactly one space (tokens with spaces need the pair form).
      const space = m.indexOf(' ');
      if (space < 0 || m.indexOf(' ', space + 1) >= 0) {
        throw new InputError(`merge ${showToken(m)} must be two tokens separated by one space`, `${where}[${t}]`);
      }
      lefts[t] = m.slice(0, space);
      rights[t] = m.slice(space + 1);
    } else if (Array.isArray(m) && m.length === 2 && typeof m[0] === 'string' && typeof m[1] === 'string') {
      lefts[t] = m[0];
      rights[t] = m[1];
    } else {
      throw new InputError(`merge ${JSON.stringify(m)?.slice(0, 60)} must be "a b" or ["a", "b"]`, `${where}[${t}]`);
    }
  }
  return { lefts, rights };
}

/**
 * Added tokens, checked, with the ids HF tokenizers gives them: it does not read the file's ids but numbers the
 * tokens in file order, a token the vocab holds taking the vocab's id and any other the next id after the vocab and
 * the added tokens before it. Files HF wrote agree with that; where a file does not, HF's ids are taken, and said.
 * Example: vocab of 7 tokens with {"hi": 4}, added [{"content": "hi", "id": 9}, {"content": "QQ", "id": 2},
 * {"content": "<x>", "id": 20}] -> "hi" 4, "QQ" 7, "<x>" 8.
 */
function readAddedTokens(json: unknown, where: string, tokenToId: Map<string, TokenId>, warnings: string[]): Tokenizer['addedTokens'] {
  if (json === undefined || json === null) return [];
  if (!Array.isArray(json)) throw new InputError('added_tokens must be an array', where);
  const changed: string[] = [];
  const assigned = new Map<string, number>();
  let maxAdded = -1;
  const tokens = json.map((a: unknown, i) => {
    if (!isObject(a) || typeof a.content !== 'string' || typeof a.id !== 'number' || !Number.isInteger(a.id) || a.id < 0) {
      throw new InputError('an added token needs a string "content" and a non-negative integer "id"', `${where}[${i}]`);
    }
    if (a.content === '') throw new InputError('an added token cannot be empty', `${where}[${i}]`);
    const id = tokenToId.get(a.content) ?? assigned.get(a.content) ?? (maxAdded >= tokenToId.size ? maxAdded + 1 : tokenToId.size);
    assigned.set(a.content, id);
    if (id !== a.id) changed.push(`${showToken(a.content)} ${a.id} -> ${id}`);
    maxAdded = Math.max(maxAdded, id);
    return {
      content: a.content, id, special: a.special === true, normalized: a.normalized === true,
      ...(a.lstrip === true ? { lstrip: true } : {}), ...(a.rstrip === true ? { rstrip: true } : {}), ...(a.single_word === true ? { singleWord: true } : {}),
    };
  });
  if (changed.length > 0) {
    warnings.push(
      `${changed.length} added tokens have other ids in the file than HF tokenizers gives them (it numbers added tokens in file ` +
        `order after the vocab, and takes the vocab's id for a token the vocab holds); HF's ids are used: ` +
        `${changed.slice(0, 3).join(', ')}${changed.length > 3 ? ', ...' : ''}.`,
    );
  }
  return tokens;
}

/** Loads a tokenizer.json text (`file` names it in messages). */
export function loadTokenizerJson(text: string, file = 'tokenizer.json', name = file): Tokenizer {
  return tokenizerFromJson(parseJsonFile(text, file), file, name);
}

/** Loads an already parsed tokenizer.json object. */
export function tokenizerFromJson(json: unknown, file = 'tokenizer.json', name = file): Tokenizer {
  if (!isObject(json)) throw new InputError('expected a JSON object with a "model" field', file);
  const model = json.model;
  if (!isObject(model)) throw new InputError('no "model" object: this is not a tokenizer.json', file);
  const at = (field: string) => `${file} model.${field}`;

  // 1. The model must be a BPE we can reproduce exactly.
  const type = model.type ?? (Array.isArray(model.merges) ? 'BPE' : undefined);
  if (type !== 'BPE') {
    throw new InputError(
      `${type === undefined ? 'the model has no "type" and no "merges" list' : `model type ${JSON.stringify(type)} is not supported`}: ` +
        'this tokenizer is not BPE, and mergeprint reads BPE models only. ' +
        'The inference needs the ordered list of merges a BPE tokenizer learnt (each the most frequent pair of its training ' +
        `data at that step); ${type === 'WordPiece' || type === 'Unigram' || type === 'WordLevel' ? `a ${type} model` : 'this model'} has no such list.`,
      at('type'),
    );
  }
  if (model.dropout !== undefined && model.dropout !== null && model.dropout !== 0) {
    throw new InputError(`dropout ${JSON.stringify(model.dropout)} makes encoding random; it must be null`, at('dropout'));
  }
  for (const field of ['continuing_subword_prefix', 'end_of_word_suffix']) {
    const v = model[field];
    if (v !== undefined && v !== null && v !== '') {
      throw new InputError(
        `${field} ${JSON.stringify(v)} is not supported: mergeprint replays BPE whose tokens are plain pieces of text (as in ` +
          'GPT-2, Llama and most LLM tokenizers), not BPE with word-piece style affixes, so this file cannot be analysed here.',
        at(field),
      );
    }
  }

  // 2. Vocab and merges.
  const warnings: string[] = [];
  const { vocab, tokenToId } = vocabFromObject(model.vocab, at('vocab'));
  const { lefts, rights } = readMerges(model.merges, at('merges'));
  const merges = resolveMerges(lefts, rights, tokenToId, (t) => `${at('merges')}[${t}]`);

  // 3. Options that change encoding.
  const unkToken = typeof model.unk_token === 'string' ? model.unk_token : null;
  if (unkToken !== null && !tokenToId.has(unkToken)) {
    warnings.push(`unk_token ${showToken(unkToken)} is not in the vocab; unknown characters are dropped.`);
  }
  const byteFallback = model.byte_fallback === true;
  if (byteFallback) {
    let missing = 0;
    for (let b = 0; b < 256; b++) if (!tokenToId.has(`<0x${b.toString(16).toUpperCase().padStart(2, '0')}>`)) missing++;
    if (missing > 0) warnings.push(`byte_fallback is on but ${missing} of the 256 byte tokens <0x00>..<0xFF> are missing.`);
  }

  // 4. Text pipeline, and the base alphabet it implies.
  const normalizer = parseNormalizer(json.normalizer ?? null, `${file} normalizer`);
  const preTokenizer = parsePreTokenizer(json.pre_tokenizer ?? null, `${file} pre_tokenizer`);
  const level = hasByteLevel(json.pre_tokenizer) || hasByteLevel(json.decoder) ? 'byte' : 'char';
  if (level === 'byte') {
    if (!hasByteLevel(json.pre_tokenizer)) {
      warnings.push('The decoder is ByteLevel but the pre-tokenizer is not: text is not byte-mapped before BPE.');
    }
    const missing = byteToUnicode.filter((ch) => !tokenToId.has(ch)).length;
    if (missing > 0) warnings.push(`${missing} of the 256 byte symbols are not in the vocab; text with those bytes cannot be encoded fully.`);
  }
  if (isObject(json.truncation)) warnings.push('truncation is set in the file and ignored here: whole texts are encoded.');

  const addedTokens = readAddedTokens(json.added_tokens, `${file} added_tokens`, tokenToId, warnings);
  return {
    name,
    format: 'tokenizer.json',
    level,
    vocab,
    tokenToId,
    mergeLeft: merges.mergeLeft,
    mergeRight: merges.mergeRight,
    mergeResult: merges.mergeResult,
    normalizer,
    preTokenizer,
    byteFallback,
    ignoreMerges: model.ignore_merges === true,
    unkToken,
    fuseUnk: model.fuse_unk === true,
    addedTokens,
    warnings,
  };
}
