// One entry point for whatever tokenizer files a user drops in: the format is read from the content, not the name.
// Accepted: a HuggingFace tokenizer.json (BPE model); a GPT-2 style merges.txt, alone or with its vocab.json; a
// tiktoken rank file (".tiktoken", "base64 rank" lines); js-tiktoken's rank JSON ({pat_str, bpe_ranks, ...}).
// Example: loadTokenizer([{name: 'vocab.json', text: '{"a":0,...}'}, {name: 'merges.txt', text: '#version...'}]).

import { InputError } from './errors.ts';
import { loadMergesTxt } from './load-merges-txt.ts';
import { loadJsTiktoken, loadTiktoken, type JsTiktokenRanks } from './load-tiktoken.ts';
import { tokenizerFromJson } from './load-tokenizer-json.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from './presets.ts';
import type { Tokenizer } from './types.ts';

export const ACCEPTED_FORMATS =
  'a HuggingFace tokenizer.json with a BPE model; a GPT-2 style merges.txt ("#version" line optional, then "left right" per line), ' +
  'alone or with its vocab.json; a tiktoken rank file ("<base64 token> <rank>" per line); or js-tiktoken rank JSON';

type Kind = 'tokenizer.json' | 'vocab.json' | 'js-tiktoken' | 'tiktoken' | 'merges.txt';

interface Classified {
  name: string;
  text: string;
  kind: Kind;
  json?: unknown;
}

const TIKTOKEN_LINE = /^[A-Za-z0-9+/]+={0,2} \d+\r?$/;
const MERGES_LINE = /^[^ ]+ [^ ]+\r?$/;

/** What one file is, from its first bytes and first lines. */
function classify(name: string, text: string): Classified {
  const trimmed = text.trimStart();
  if (trimmed === '') throw new InputError('the file is empty', name);
  if (trimmed[0] === '{' || trimmed[0] === '[') {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (e) {
      throw new InputError(`looks like JSON but does not parse (${(e as Error).message})`, name);
    }
    if (json && typeof json === 'object' && !Array.isArray(json)) {
      const o = json as Record<string, unknown>;
      // (not `'model' in o`: GPT-2's encoder.json has a token "model")
      if (o.model !== null && typeof o.model === 'object') return { name, text, kind: 'tokenizer.json', json };
      if (typeof o.bpe_ranks === 'string' && typeof o.pat_str === 'string') return { name, text, kind: 'js-tiktoken', json };
      const values = Object.values(o);
      if (values.length > 0 && values.every((v) => typeof v === 'number')) return { name, text, kind: 'vocab.json', json };
    }
    throw new InputError(`a JSON file that is neither a tokenizer.json (no "model" field) nor a vocab.json; accepted: ${ACCEPTED_FORMATS}`, name);
  }
  // A tiktoken file is told by its first line (a later malformed line is then reported by the tiktoken parser with
  // its number); a merges.txt by its "#version" line or, without one, by its first five lines.
  const head = text.split('\n', 5);
  if (TIKTOKEN_LINE.test(head[0])) return { name, text, kind: 'tiktoken' };
  if (head[0].startsWith('#version') || head.filter((l) => l !== '').every((l) => MERGES_LINE.test(l))) {
    return { name, text, kind: 'merges.txt' };
  }
  throw new InputError(`unrecognised tokenizer format; accepted: ${ACCEPTED_FORMATS}`, name);
}

/** The tiktoken encoding a bare rank file most likely belongs to, from its name or its size. */
function guessTiktokenPreset(name: string, tokens: number): PresetName | null {
  for (const preset of ['o200k', 'cl100k', 'p50k', 'r50k', 'gpt2'] as const) {
    if (name.toLowerCase().includes(preset) && preset in PRESET_PRETOKENIZERS) return preset;
  }
  if (tokens === 199998) return 'o200k';
  if (tokens === 100256) return 'cl100k';
  if (tokens === 50280) return 'p50k'; // 50,281 ids, one of them the special <|endoftext|>
  if (tokens === 50256) return 'r50k';
  return null;
}

/**
 * Anthropic's claude.json (the legacy Claude tokenizer), told by its special tokens: the file cannot record that
 * its library NFKC-normalises text first (`countTokens` calls text.normalize('NFKC')).
 */
function isLegacyClaudeRanks(json: JsTiktokenRanks): boolean {
  const specials = Object.keys(json.special_tokens ?? {}).sort().join(' ');
  return specials === '<EOT> <META> <META_END> <META_START> <SOS>';
}

/** Loads a tokenizer from its file(s); the format is detected from the content. */
export function loadTokenizer(files: { name: string; text: string }[]): Tokenizer {
  if (files.length === 0) throw new InputError(`no files given; accepted: ${ACCEPTED_FORMATS}`);
  const classified = files.map((f) => classify(f.name, f.text));
  const of = (kind: Kind) => classified.filter((c) => c.kind === kind);
  const describe = () => classified.map((c) => `${c.name} (${c.kind})`).join(', ');

  if (classified.length === 1) {
    const [f] = classified;
    switch (f.kind) {
      case 'tokenizer.json':
        return tokenizerFromJson(f.json, f.name, f.name);
      case 'js-tiktoken': {
        const tok = loadJsTiktoken(f.json as JsTiktokenRanks, f.name);
        if (isLegacyClaudeRanks(f.json as JsTiktokenRanks)) {
          tok.normalizer = { type: 'NFKC', unicode: 'runtime' };
          tok.warnings.unshift('These are the legacy Claude tokenizer\'s ranks (@anthropic-ai/tokenizer\'s claude.json), whose library NFKC-normalises text before encoding: so does mergeprint.');
        }
        return tok;
      }
      case 'tiktoken': {
        const tokens = f.text.split('\n').filter((l) => l.trim() !== '').length;
        const preset = guessTiktokenPreset(f.name, tokens);
        // A file of no known encoding still had some regex (every tiktoken encoding has one): GPT-2's is assumed,
        // as for a merges.txt. With none, a tokenizer trained with GPT-2's regex measured en 74.9% instead of 99.3%
        // against en, fr and de, and a wrong regex is at least said aloud.
        const tok = loadTiktoken(f.text, { name: f.name, where: f.name, preTokenizer: PRESET_PRETOKENIZERS[preset ?? 'gpt2'].preTokenizer });
        tok.warnings.unshift(
          preset
            ? `A tiktoken file does not record its regex: ${preset}'s pre-tokenizer is assumed (from the file's ${f.name.toLowerCase().includes(preset) ? 'name' : 'size'}).`
            : 'A tiktoken file does not record its regex and this one matches no known encoding by name or size: GPT-2\'s pre-tokenizer is assumed. ' +
              'If it was trained with another regex, name the file after its encoding (e.g. cl100k_base.tiktoken), or give its tokenizer.json.',
        );
        return tok;
      }
      case 'merges.txt':
        return loadMergesTxt(f.text, undefined, { name: f.name, mergesFile: f.name });
      case 'vocab.json':
        throw new InputError('a vocab.json alone has no merges: add its merges.txt', f.name);
    }
  }
  const merges = of('merges.txt');
  const vocabs = of('vocab.json');
  if (classified.length === 2 && merges.length === 1 && vocabs.length === 1) {
    return loadMergesTxt(merges[0].text, vocabs[0].text, {
      name: merges[0].name,
      mergesFile: merges[0].name,
      vocabFile: vocabs[0].name,
    });
  }
  throw new InputError(`cannot combine ${describe()}: give one tokenizer.json, one tiktoken file, or a merges.txt with at most one vocab.json`);
}
