// Deterministic mixed test text (Node only, tests and benchmarks): the Universal Declaration of Human Rights in
// many scripts, source code read from installed packages, and whitespace / Unicode oddities that trip regexes.
// The same seed always gives the same text, so an exactness failure can be reproduced from its seed and offset.
// Example: testText(1000, 7) -> at least 1000 UTF-8 bytes, e.g. "Article 1\nAll human beings ...\r\n\tDON'T  ...".

import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../lib/core/random.ts';

const nodeModules = join(dirname(fileURLToPath(import.meta.url)), '../../node_modules');

/** The core's seeded PRNG, re-exported for tests. */
export { seededRandom };

// ---------------------------------------------------------------------------------------------------------------
// Sources, read once per process.

/**
 * UDHR translations picked to cover many scripts (Latin with diacritics, Cyrillic, Greek, Arabic, Hebrew,
 * Devanagari, Bengali, Tamil, Thai, Georgian, Armenian, Ethiopic, Han (simplified and traditional), Kana, Hangul,
 * Vietnamese with stacked diacritics). Other translations are drawn at random from the whole collection as well.
 */
const SCRIPT_LANGUAGES = [
  'eng', 'fra', 'deu_1996', 'tur', 'vie', 'rus', 'ell_monotonic', 'ell_polytonic', 'arb', 'heb', 'hin', 'ben',
  'tam', 'tha', 'kat', 'hye', 'amh', 'cmn_hans', 'cmn_hant', 'jpn', 'kor', 'pol', 'ukr', 'pes_1', 'urd',
];

let udhrCodes: string[] | null = null;
const udhrCache = new Map<string, string[]>();

function allUdhrCodes(): string[] {
  if (!udhrCodes) {
    const index = readFileSync(join(nodeModules, 'udhr/index.js'), 'utf8');
    udhrCodes = [...index.matchAll(/code: '([^']+)'/g)].map((m) => m[1]);
    udhrCodes = udhrCodes.filter((c) => existsSync(join(nodeModules, 'udhr/declaration', `${c}.html`)));
  }
  return udhrCodes;
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_, e: string) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()];
  });
}

/** The paragraphs (headings, paragraphs, list items) of one UDHR translation, in document order. */
function udhrParagraphs(code: string): string[] {
  let paras = udhrCache.get(code);
  if (!paras) {
    const path = join(nodeModules, 'udhr/declaration', `${code}.html`);
    const html = existsSync(path) ? readFileSync(path, 'utf8') : '';
    paras = [...html.matchAll(/<(p|h[1-6]|li)\b[^>]*>([\s\S]*?)<\/\1>/g)]
      .map((m) => decodeEntities(m[2].replace(/<[^>]*>/g, '')).trim())
      .filter((p) => p.length > 0);
    udhrCache.set(code, paras);
  }
  return paras;
}

/** Source files from installed packages: TypeScript, JavaScript, C, JSON, Markdown, CSS (no Python is installed). */
const CODE_FILES = [
  'typescript/lib/lib.es5.d.ts',
  'typescript/lib/lib.dom.d.ts',
  'd3/dist/d3.js',
  'svelte/src/compiler/phases/2-analyze/index.js',
  'acorn/dist/acorn.js',
  'glpk.js/src/glpk.js.c',
  'glpk.js/src/glpk-web.js',
  'vitest/package.json',
  '.package-lock.json',
  'acorn/CHANGELOG.md',
  'picomatch/README.md',
  'playwright-core/lib/vite/traceViewer/uiMode.CyMfwkXJ.css',
];

let codeLines: string[][] | null = null;

/**
 * Lines of each code file, line endings kept. "<|" is broken up into "< |" because js-tiktoken refuses text that
 * holds a special token such as "<|endoftext|>" (added tokens get their own worked examples).
 */
function allCodeLines(): string[][] {
  if (!codeLines) {
    codeLines = CODE_FILES.map((f) => join(nodeModules, f))
      .filter((p) => existsSync(p))
      .map((p) => readFileSync(p, 'utf8').replaceAll('<|', '< |').split(/(?<=\n)/));
  }
  return codeLines;
}

// ---------------------------------------------------------------------------------------------------------------
// Awkward snippets: each is a function of the PRNG so they vary in length and combination.

const ODDITIES: ((r: () => number) => string)[] = [
  () => "DON'T STOP, WE'RE HERE. I'M SURE THEY'LL SAY IT'S FINE; YOU'VE SEEN WHAT HE'D DO.\n",
  () => "don't won't can't it's we've I'd they'll y'all o'clock rock'n'roll 'quoted' ''double''\n",
  () => 'line one\r\nline two\r\n\r\nline four\r\n',
  () => 'lone\rcarriage\rreturns\r\r\n',
  (r) => `\t${'\t'.repeat(Math.floor(r() * 4))}indented(x)\t\t// tab\tseparated\n`,
  (r) => `spaces${' '.repeat(1 + Math.floor(r() * 9))}inside${' '.repeat(2 + Math.floor(r() * 20))}\n`,
  (r) => `trailing spaces${' '.repeat(1 + Math.floor(r() * 6))}\n${' '.repeat(Math.floor(r() * 5))}\n`,
  () => 'family 👩‍👩‍👧‍👦 and 👨🏿‍💻 thumbs 👍🏽👍🏻 flags 🇫🇷🇯🇵 heart ❤️ keycap 1️⃣\n',
  () => 'combining: e\u0301 a\u0308 n\u0303 o\u0302\u0323 Zalgo: Z\u0351\u036b\u0343a\u0310l\u0352g\u0344o\u0346\n',
  (r) => `digits ${String(Math.floor(r() * 1e15))}${String(Math.floor(r() * 1e9))} and 3.14159 and 1,000,000 and 0x1F\n`,
  () => 'no-break\u00a0space\u00a0\u00a0twice, ideographic\u3000space\u3000\u3000here, thin\u2009space, nnbsp\u202fx\n',
  () => 'next\u0085line, zero\u200bwidth, bom\ufeffinside, word\u2028sep\u2029para\n',
  () => 'ＦＵＬＬＷＩＤＴＨ ｆｕｌｌ １２３ ｶﾀｶﾅ ﬁ ligature ℌ ℍ ① ⅷ ²³ ½\n',
  () => 'mixed中文English한국어123日本語テキストРусский\n',
  () => 'ÀÉÎÕÜ àéîõü ǅ ǈ ǋ Σίσυφος ΣΊΣΥΦΟΣ İstanbul ıi ß ẞ\n',
  () => '   \n\n\n    \n\t\n \r\n  x  \n',
  () => '$$$ ### !!! ??? ... --- === +++ *** ~~~ /// \\\\\\ ||| &&& @@@ ^^^ %%% ``` \'\'\'\n',
  () => 'https://example.com/path?q=1&x=%20#frag user@example.org C:\\Program Files\\x\n',
  () => 'math: ∀x∈ℝ, x²≥0 ⇒ √(x²)=|x| ∑∫∂∇ ≠ ≈ ≤ ≥ 𝔸𝔹ℂ 𝑥𝑦𝑧\n',
  () => 'surrogates: 𝄞 𠜎 𠜱 𠝹 𠱓 🀄 🃏 and private use \ue000\uf8ff\n',
  () => "'s 'S 't 'T 're 'RE 've 'VE 'm 'M 'll 'LL 'd 'D at start, then l'homme qu'il aujourd'hui\n",
  () => 'snake_case camelCase PascalCase SCREAMING_CASE kebab-case x1y2z3 a1 1a __init__ --flag\n',
];

// ---------------------------------------------------------------------------------------------------------------
// The stream.

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)];
}

function udhrChunk(r: () => number): string {
  const code = r() < 0.7 ? pick(r, SCRIPT_LANGUAGES) : pick(r, allUdhrCodes());
  const paras = udhrParagraphs(code);
  if (paras.length === 0) return '';
  const start = Math.floor(r() * paras.length);
  const n = 1 + Math.floor(r() * 6);
  const sep = pick(r, ['\n', '\n\n', ' ', '\r\n', '\n\n\n']);
  return paras.slice(start, start + n).join(sep) + '\n';
}

function codeChunk(r: () => number): string {
  const files = allCodeLines();
  const lines = pick(r, files);
  const start = Math.floor(r() * lines.length);
  const chunk = lines.slice(start, start + 10 + Math.floor(r() * 60)).join('');
  return r() < 0.15 ? chunk.replace(/\r?\n/g, '\r\n') : chunk;
}

/**
 * An endless deterministic stream of text chunks (a few hundred bytes to a few KB each): UDHR paragraphs,
 * code excerpts and oddities, interleaved. Pull as many as needed; memory stays flat.
 */
export function* testTextChunks(seed = 1): Generator<string, never> {
  const r = seededRandom(seed);
  for (;;) {
    const x = r();
    const chunk = x < 0.5 ? udhrChunk(r) : x < 0.8 ? codeChunk(r) : pick(r, ODDITIES)(r);
    if (chunk) yield chunk;
  }
}

/** Chunks from `testTextChunks(seed)` until at least `minBytes` UTF-8 bytes, as an array (join to get the text). */
export function testTextParts(minBytes: number, seed = 1): string[] {
  const parts: string[] = [];
  let bytes = 0;
  for (const chunk of testTextChunks(seed)) {
    if (bytes >= minBytes) break;
    parts.push(chunk);
    bytes += utf8Length(chunk);
  }
  return parts;
}

/** At least `minBytes` UTF-8 bytes of deterministic mixed text (same seed, same text). */
export function testText(minBytes: number, seed = 1): string {
  return testTextParts(minBytes, seed).join('');
}

/** UTF-8 byte length of a string (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
