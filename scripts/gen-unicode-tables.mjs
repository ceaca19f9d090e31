// Regenerates src/lib/core/unicode-tables.ts: the character sets that HuggingFace tokenizers (the Rust library,
// through its Node binding `tokenizers`) really uses, measured by running it over every code point.
// Why: Node 20 / Chromium ship Unicode 17 property tables, tokenizers' Oniguruma ships Unicode 15.x, its Rust
// `unicode_categories` dependency is older still, and its NFC tables are older than ICU's. Reproducing its
// pre-tokenization exactly in any JS engine means pinning every set to what the reference library does.
//
// Usage: node scripts/gen-unicode-tables.mjs   (about a minute; needs the `tokenizers` dev-dependency)

import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';

const require = createRequire(import.meta.url);
const tk = require('tokenizers');
const tkVersion = require('tokenizers/package.json').version;

const ALL = [];
for (let c = 0; c < 0x110000; c++) if (c < 0xd800 || c > 0xdfff) ALL.push(c);
const ALL_CHARS = ALL.map((c) => String.fromCodePoint(c));
const ALL_TEXT = ALL_CHARS.join('');

function tokenizerJson(preTokenizer, normalizer = null) {
  return JSON.stringify({
    version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null,
    model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
      fuse_unk: false, byte_fallback: false, vocab: {}, merges: [] },
  });
}

/** Code points matched by a one-character Oniguruma class, as tokenizers' Split regex sees it. */
function onigSet(cls) {
  const t = tk.Tokenizer.fromString(tokenizerJson({ type: 'Split', pattern: { Regex: cls }, behavior: 'Removed', invert: true }));
  const s = new Set();
  for (const [piece] of t.getPreTokenizer().preTokenizeString(ALL_TEXT)) for (const ch of piece) s.add(ch.codePointAt(0));
  return s;
}

// Every code point except 'a', each between two 'a's: a per-character predicate shows as a one-character piece.
const SEP_TEXT = ALL_CHARS.filter((c) => c !== 'a').join('a');
function singles(preTokenizer) {
  const s = new Set();
  for (const [p] of preTokenizer.preTokenizeString(SEP_TEXT)) if ([...p].length === 1 && p !== 'a') s.add(p.codePointAt(0));
  return s;
}
function removed(preTokenizer) {
  const present = new Set();
  for (const [p] of preTokenizer.preTokenizeString(SEP_TEXT)) for (const ch of p) present.add(ch.codePointAt(0));
  return new Set(ALL.filter((c) => !present.has(c) && c !== 0x61));
}

function toRanges(set) {
  const cps = [...set].sort((a, b) => a - b);
  const out = [];
  for (const c of cps) {
    const last = out[out.length - 1];
    if (last && last[1] === c - 1) last[1] = c;
    else out.push([c, c]);
  }
  return out;
}
/** Ranges as "gap.len" base-36 pairs (gap from the previous range's end + 1, length - 1), space separated. */
function encode(set) {
  let prev = 0;
  return toRanges(set).map(([a, b]) => {
    const s = `${(a - prev).toString(36)}.${(b - a).toString(36)}`;
    prev = b + 1;
    return s;
  }).join(' ');
}

// 1. Oniguruma's general categories and shorthand classes (the regexes of Split pre-tokenizers and Replace).
const GC = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf', 'Po',
  'Sm', 'Sc', 'Sk', 'So', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Co', 'Cn'];
const onigGc = {};
for (const gc of GC) onigGc[gc] = onigSet(`\\p{${gc}}`);
const onigWord = onigSet('\\w');
const onigDigit = onigSet('\\d');
const onigSpace = onigSet('\\s');

// 2. The Rust-side character predicates of the built-in pre-tokenizers.
const rustNumeric = singles(tk.digitsPreTokenizer(true)); // char::is_numeric
const hfPunctuation = singles(tk.punctuationPreTokenizer('isolated')); // is_ascii_punctuation || unicode_categories
const rustWhitespace = removed(tk.whitespaceSplitPreTokenizer()); // char::is_whitespace
// Whitespace pre-tokenizer: \w+|[^\w\s]+ in the Rust regex crate (UTS#18 \w, not Oniguruma's): a word character
// merges with the surrounding 'a's, a symbol stands alone, whitespace disappears.
const wsPieces = tk.whitespacePreTokenizer().preTokenizeString(SEP_TEXT);
const present = new Set();
const alone = new Set();
for (const [p] of wsPieces) {
  for (const ch of p) present.add(ch.codePointAt(0));
  if ([...p].length === 1 && p !== 'a') alone.add(p.codePointAt(0));
}
const regexWord = new Set(ALL.filter((c) => present.has(c) && !alone.has(c)));
regexWord.add(0x61);
const regexSpace = new Set(ALL.filter((c) => !present.has(c) && c !== 0x61));

// 3. Normalization: code points where String.prototype.normalize (this Node's ICU) and tokenizers' Rust tables
// disagree, per character, on a decomposition, a composition, or a combining class. The normalizer treats these
// as inert boundaries, as the older Rust tables do.
const SEP = '\u0001';
const LIST = ALL_CHARS.filter((c) => c !== SEP);
function perChar(normalizer, inputs) {
  const out = normalizer.normalizeString(inputs.join(SEP)).split(SEP);
  if (out.length !== inputs.length) throw new Error('separator did not survive normalization');
  return out;
}
const guard = new Set();
const forms = [['NFD', tk.nfdNormalizer()], ['NFKD', tk.nfkdNormalizer()], ['NFC', tk.nfcNormalizer()], ['NFKC', tk.nfkcNormalizer()]];
// Probes: the character alone; after U+0345 (ccc 240) and before U+0334 (ccc 1), which reorder around any
// non-zero combining class; and, for composition, the ICU decomposition recomposed.
const probes = [
  (c) => c,
  (c) => '\u0345' + c,
  (c) => c + '\u0334',
];
for (const [form, n] of forms) {
  for (const probe of probes) {
    const inputs = LIST.map(probe);
    const rust = perChar(n, inputs);
    inputs.forEach((s, i) => { if (rust[i] !== s.normalize(form)) guard.add(LIST[i].codePointAt(0)); });
  }
}
{
  const decomposed = LIST.map((c) => c.normalize('NFD'));
  const rust = perChar(tk.nfcNormalizer(), decomposed);
  decomposed.forEach((s, i) => {
    if (rust[i] !== s.normalize('NFC')) {
      guard.add(LIST[i].codePointAt(0));
      // The base of a composition ICU knows and Rust does not: guard it too, or ICU would compose it.
      guard.add(s.codePointAt(0));
    }
  });
}
for (const c of [...guard]) if (c < 0x80 || c === 0x307 || c === 0x301) throw new Error(`suspicious guard ${c.toString(16)}`);
// Unassigned in tokenizers' Unicode and inert for its normalizer: a later engine's Unicode must not touch them.
{
  const nfkd = perChar(tk.nfkdNormalizer(), LIST);
  const after = perChar(tk.nfdNormalizer(), LIST.map((c) => '\u0345' + c));
  const before = perChar(tk.nfdNormalizer(), LIST.map((c) => c + '\u0334'));
  LIST.forEach((c, i) => {
    const cp = c.codePointAt(0);
    if (onigGc.Cn.has(cp) && nfkd[i] === c && after[i] === '\u0345' + c && before[i] === c + '\u0334') guard.add(cp);
  });
}

const lines = [
  '// GENERATED by scripts/gen-unicode-tables.mjs from the `tokenizers` npm package ' + tkVersion + ' (HuggingFace',
  '// tokenizers, Rust). Do not edit; rerun the script. Each set is a list of code point ranges, encoded as',
  '// space-separated "gap.len" base-36 pairs: gap from the previous range\'s end + 1, then length - 1.',
  '// Example: "1t.p 6.p" is [0x41-0x5a] then [0x61-0x7a] (A-Z, a-z).',
  '',
  '/** Oniguruma general categories (Unicode version of tokenizers\' Oniguruma), as \\p{..} in its regexes. */',
  'export const ONIG_GC: Record<string, string> = {',
  ...GC.map((gc) => `  ${gc}: '${encode(onigGc[gc])}',`),
  '};',
  '',
  '/** Oniguruma \\w, \\d, \\s with Unicode semantics. */',
  `export const ONIG_WORD = '${encode(onigWord)}';`,
  `export const ONIG_DIGIT = '${encode(onigDigit)}';`,
  `export const ONIG_SPACE = '${encode(onigSpace)}';`,
  '',
  '/** Rust char::is_numeric (the Digits pre-tokenizer). */',
  `export const RUST_NUMERIC = '${encode(rustNumeric)}';`,
  '/** HF\'s is_punc: char::is_ascii_punctuation || unicode_categories is_punctuation (Punctuation pre-tokenizer). */',
  `export const HF_PUNCTUATION = '${encode(hfPunctuation)}';`,
  '/** Rust char::is_whitespace (WhitespaceSplit, Strip). */',
  `export const RUST_WHITESPACE = '${encode(rustWhitespace)}';`,
  '/** \\w and \\s of the Rust regex crate (the Whitespace pre-tokenizer\'s \\w+|[^\\w\\s]+). */',
  `export const REGEX_CRATE_WORD = '${encode(regexWord)}';`,
  `export const REGEX_CRATE_SPACE = '${encode(regexSpace)}';`,
  '',
  '/** Code points whose normalization in tokenizers differs from ICU\'s, or may in a later Unicode: kept as inert. */',
  `export const NORMALIZATION_GUARD = '${encode(guard)}';`,
  '',
];
writeFileSync(new URL('../src/lib/core/unicode-tables.ts', import.meta.url), lines.join('\n'));
console.log('wrote src/lib/core/unicode-tables.ts', { guard: guard.size, onigWord: onigWord.size, regexWord: regexWord.size });
