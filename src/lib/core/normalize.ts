// Normalizers of tokenizer.json, applied before pre-tokenization, with HF tokenizers' (Rust) semantics.
// Example: makeNormalizer({ type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] })("ＨｅｌｌＯ ΣΑΣ")
//   -> "hello σασ" (Rust lowercases per character: no final-sigma "ς" as JS toLowerCase would give).

import { InputError } from './errors.ts';
import type { NormalizerSpec, PatternSpec } from './types.ts';
import { NAMED_SETS, charSetRegExp } from './char-sets.ts';
import { forEachMatch, translateRegex } from './regex.ts';

// ---------------------------------------------------------------------------------------------------------------
// Parsing: validate the raw JSON value into a spec, naming the exact place of any problem.

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function field<T>(obj: Record<string, unknown>, key: string, kind: 'string' | 'boolean', where: string, fallback?: T): T {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) return fallback;
    throw new InputError(`missing field "${key}"`, where);
  }
  if (typeof v !== kind) throw new InputError(`field "${key}" must be a ${kind}, got ${JSON.stringify(v)}`, where);
  return v as T;
}

/** A Split / Replace pattern: {"String": "..."} or {"Regex": "..."}; a regex is translated now to report errors early. */
export function parsePattern(json: unknown, where: string): PatternSpec {
  if (isObject(json) && typeof json.String === 'string') return { String: json.String };
  if (isObject(json) && typeof json.Regex === 'string') {
    translateRegex(json.Regex, where);
    return { Regex: json.Regex };
  }
  throw new InputError(`pattern must be {"String": ...} or {"Regex": ...}, got ${JSON.stringify(json)}`, where);
}

/** Validate the raw tokenizer.json "normalizer" value. null stays null; an unsupported type names itself and where. */
export function parseNormalizer(json: unknown, where: string): NormalizerSpec | null {
  if (json === null || json === undefined) return null;
  if (!isObject(json)) throw new InputError(`normalizer must be an object, got ${JSON.stringify(json)}`, where);
  const type = json.type;
  switch (type) {
    case 'NFC':
    case 'NFD':
    case 'NFKC':
    case 'NFKD':
    case 'Lowercase':
      return { type };
    case 'Replace':
      return {
        type,
        pattern: parsePattern(json.pattern, `${where}.pattern`),
        content: field<string>(json, 'content', 'string', where),
      };
    case 'Prepend':
      return { type, prepend: field<string>(json, 'prepend', 'string', where) };
    case 'Strip':
      return {
        type,
        strip_left: field<boolean>(json, 'strip_left', 'boolean', where, true),
        strip_right: field<boolean>(json, 'strip_right', 'boolean', where, true),
      };
    case 'Sequence': {
      if (!Array.isArray(json.normalizers)) throw new InputError('missing field "normalizers" (an array)', where);
      return {
        type,
        normalizers: json.normalizers.map((n, i) => {
          const spec = parseNormalizer(n, `${where}.normalizers[${i}]`);
          if (!spec) throw new InputError('null inside a Sequence', `${where}.normalizers[${i}]`);
          return spec;
        }),
      };
    }
    default:
      throw new InputError(
        `unsupported normalizer type ${JSON.stringify(type)}: mergeprint reproduces NFC, NFD, NFKC, NFKD, Lowercase, Replace, ` +
          'Prepend, Strip and Sequences of them exactly, and no other (an approximation would count other pairs than the ' +
          'tokenizer saw). A file that needs another cannot be analysed here.',
        where,
      );
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Running.

type Fn = (text: string) => string;
const identity: Fn = (t) => t;

/**
 * Unicode normalization as tokenizers' Rust tables do it. ICU (String.prototype.normalize) knows newer Unicode:
 * characters it would treat differently (unified by unicode-tables.ts' NORMALIZATION_GUARD) are left as they are and
 * cut the text, the rest is normalized by ICU piece by piece. The guard test costs one regex scan; text without
 * such characters (nearly all) is normalized in one call.
 */
function unicodeForm(form: 'NFC' | 'NFD' | 'NFKC' | 'NFKD'): Fn {
  const guardSource = charSetRegExp(NAMED_SETS.normalizationGuard()).source;
  const test = new RegExp(guardSource, 'u');
  const split = new RegExp(`(${guardSource})`, 'u');
  return (text) => {
    if (!test.test(text)) return text.normalize(form);
    // split with a capture keeps the guard characters at the odd indices.
    const parts = text.split(split);
    for (let i = 0; i < parts.length; i += 2) parts[i] = parts[i].normalize(form);
    return parts.join('');
  };
}

/** Rust char::to_lowercase per character: JS toLowerCase differs only by the final-sigma rule for U+03A3. */
function lowercase(text: string): string {
  const lower = text.toLowerCase();
  if (!text.includes('\u03a3')) return lower;
  return text.split('\u03a3').map((s) => s.toLowerCase()).join('\u03c3');
}

function replacer(pattern: PatternSpec, content: string): Fn {
  // tokenizers turns a String pattern into an escaped regex; the empty one matches at every boundary.
  if ('String' in pattern && pattern.String !== '') {
    const needle = pattern.String;
    return (text) => text.split(needle).join(content);
  }
  const re = 'String' in pattern ? /(?:)/gu : translateRegex(pattern.Regex);
  return (text) => {
    if (text.length === 0) return text; // tokenizers searches no pattern in empty text
    const parts: string[] = [];
    let prev = 0;
    forEachMatch(re, text, (start, end) => {
      parts.push(text.slice(prev, start), content);
      prev = end;
    });
    if (parts.length === 0) return text;
    parts.push(text.slice(prev));
    return parts.join('');
  };
}

function strip(left: boolean, right: boolean): Fn {
  const ws = charSetRegExp(NAMED_SETS.rustWhitespace()).source;
  const leading = new RegExp(`^${ws}+`, 'u');
  const trailing = new RegExp(`${ws}+$`, 'u');
  return (text) => {
    let t = text;
    if (left) t = t.replace(leading, '');
    if (right) t = t.replace(trailing, '');
    return t;
  };
}

function build(spec: NormalizerSpec): Fn | null {
  switch (spec.type) {
    case 'NFKC':
      return spec.unicode === 'runtime' ? (t) => t.normalize('NFKC') : unicodeForm('NFKC');
    case 'NFC':
    case 'NFD':
    case 'NFKD':
      return unicodeForm(spec.type);
    case 'Lowercase':
      return lowercase;
    case 'Replace':
      return replacer(spec.pattern, spec.content);
    case 'Prepend': {
      const p = spec.prepend;
      return (text) => (text.length === 0 ? text : p + text);
    }
    case 'Strip':
      return spec.strip_left || spec.strip_right ? strip(spec.strip_left, spec.strip_right) : null;
    case 'Sequence': {
      const fns = spec.normalizers.map(build).filter((f): f is Fn => f !== null);
      if (fns.length === 0) return null;
      if (fns.length === 1) return fns[0];
      return (text) => {
        let t = text;
        for (const f of fns) t = f(t);
        return t;
      };
    }
  }
}

/**
 * The normalizer as a function, compiled once. null (and an empty Sequence) give the identity, which callers
 * can detect (`=== identityNormalizer`) to skip the call.
 */
export function makeNormalizer(spec: NormalizerSpec | null): (text: string) => string {
  return (spec && build(spec)) || identity;
}

export const identityNormalizer: (text: string) => string = identity;
