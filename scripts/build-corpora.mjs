#!/usr/bin/env node
// Builds public/corpora/: for each category (natural language or programming language) two disjoint gzip'd parts,
// "train" (to build tokenizers in experiments) and "sample" (what the attack reads), plus manifest.json.
// Sources are Debian packages (apt-get download + dpkg -x) and npm tarballs (npm pack), cached in .cache/corpora/.
// Deterministic: same cached inputs -> byte-identical outputs (sorted walks, hash-ordered split, gzip mtime 0).
//
//   node scripts/build-corpora.mjs            build everything
//   node scripts/build-corpora.mjs en py      build only these categories (the manifest keeps the others)

import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const SCRIPT_VERSION = '1.0.0';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = path.join(ROOT, '.cache', 'corpora');
const OUT = path.join(ROOT, 'public', 'corpora');

// Part sizes in UTF-8 bytes of clean text. A part is filled up to its target with whole documents, so it ends a
// little above it. Bigger parts lower the attack's sampling error; the repository must stay small (gzip ~1/4).
const TARGET = { train: 1_800_000, sample: 1_300_000 };
// A single document larger than this is left out: one huge file landing in one part would unbalance the split.
const MAX_DOC_BYTES = 120_000;

// ---------------------------------------------------------------------------------------------------------------
// Categories. One source of truth: the manifest, README credits and tests are derived from this table.

const LO_LICENSE = 'MPL-2.0 (LibreOffice help)';
const GIMP_LICENSE = 'GFDL-1.2-or-later, no invariant sections (GIMP help)';
const loHelp = (locale) => ({ label: 'libreoffice', debian: `libreoffice-help-${locale.toLowerCase()}`, root: `usr/share/libreoffice/help/${locale}/text` });
const gimpHelp = (locale) => ({ label: 'gimp', debian: `gimp-help-${locale.toLowerCase()}`, root: `usr/share/gimp/2.0/help/${locale.replace('-', '_')}` });
const lo = (id, name, script, locale, stop) => ({
  id, name, kind: 'language', script, stop, sources: [loHelp(locale)], license: LO_LICENSE,
});
// LibreOffice's Chinese, Japanese and Korean help is about half untranslated; GIMP's help tops them up.
const loGimp = (id, name, script, locale) => ({
  id, name, kind: 'language', script, stop: null, sources: [loHelp(locale), gimpHelp(locale)],
  license: `${LO_LICENSE}; ${GIMP_LICENSE}`,
});

// Function words of each Latin-script language: a line with more English function words than these is taken
// as untranslated English and dropped. Words that are also English function words are harmless here because
// the English list below leaves out every word found in the language's own list.
const STOP = {
  de: 'der die das und ist nicht mit von den dem des ein eine einer einen zu im auf für sich auch wird werden sie es als bei oder wenn können kann dass aus an in',
  fr: 'le la les et est des du un une dans pour que qui sur avec par pas ce cette sont vous au aux ou en on si',
  es: 'el la los las y es de del un una en para que con por se no al son su como lo o si',
  it: 'il lo la le gli i e è di del della un una per che con non si sono da al nel come o in se',
  pt: 'o a os as e é de do da dos das um uma em para que com não se no na por ao como ou',
  pl: 'i w z na jest się nie do to że o jak od dla lub oraz przez po są ten ta aby które który a',
};
const EN_STOP = 'the of and to is are in for that with this be you your on by it from as an or which can will not if when has have into at these those there their its also how been was were does do'.split(' ');

const CATEGORIES = [
  lo('en', 'English', 'Latin', 'en-US', null),
  lo('de', 'German', 'Latin', 'de', STOP.de),
  lo('fr', 'French', 'Latin', 'fr', STOP.fr),
  lo('es', 'Spanish', 'Latin', 'es', STOP.es),
  lo('it', 'Italian', 'Latin', 'it', STOP.it),
  lo('pt', 'Portuguese (Brazil)', 'Latin', 'pt-BR', STOP.pt),
  lo('pl', 'Polish', 'Latin', 'pl', STOP.pl),
  lo('ru', 'Russian', 'Cyrillic', 'ru', null),
  lo('el', 'Greek', 'Greek', 'el', null),
  loGimp('ja', 'Japanese', 'Japanese', 'ja'),
  loGimp('zh', 'Chinese (simplified)', 'Han', 'zh-CN'),
  loGimp('ko', 'Korean', 'Hangul', 'ko'),
  {
    id: 'python', name: 'Python', kind: 'code', script: 'Python',
    sources: [{ debian: 'libpython3.11-stdlib', root: 'usr/lib/python3.11' }],
    license: 'PSF-2.0 (Python standard library)',
    include: /\.py$/,
    // encodings/ holds generated codec tables, pydoc_data generated topic text.
    exclude: /(^|\/)(tests?|idle_test|encodings|pydoc_data|site-packages)\/|(^|\/)test_[^/]*\.py$/,
  },
  {
    id: 'c', name: 'C', kind: 'code', script: 'C',
    sources: [{ debian: 'glibc-source', root: 'usr/src/glibc', tarball: /^glibc-[\d.]+\.tar\.xz$/, members: '*.c' }],
    license: 'LGPL-2.1-or-later (GNU C Library)',
    include: /\.c$/,
    // tst-/test-/bug- files are glibc's tests; iconvdata and localedata are mostly generated tables.
    exclude: /(^|\/)(tests?|iconvdata|localedata|benchtests|manual|scripts)\/|(^|\/)(tst|test|bug|bench)-[^/]*$|libm-test/,
  },
  {
    id: 'go', name: 'Go', kind: 'code', script: 'Go',
    sources: [{ debian: 'golang-1.19-src', root: 'usr/share/go-1.19/src' }],
    license: 'BSD-3-Clause (Go standard library)',
    include: /\.go$/,
    exclude: /_test\.go$|(^|\/)(testdata|vendor)\//,
  },
  {
    id: 'rust', name: 'Rust', kind: 'code', script: 'Rust',
    sources: [{ debian: 'rust-src', root: 'usr/src/rustc-1.63.0/library' }],
    license: 'MIT OR Apache-2.0 (Rust standard library)',
    include: /\.rs$/,
    // stdarch is mostly generated intrinsics bindings.
    exclude: /(^|\/)(tests|benches|stdarch|test)\/|(^|\/)tests?\.rs$/,
  },
  {
    id: 'java', name: 'Java', kind: 'code', script: 'Java',
    sources: [{ debian: 'openjdk-17-source', root: 'usr/lib/jvm/openjdk-17/lib', zip: 'src.zip', members: 'java.base/*' }],
    license: 'GPL-2.0-only WITH Classpath-exception-2.0 (OpenJDK)',
    include: /^java\.base\/.*\.java$/,
    exclude: /(^|\/)(tests?)\//,
  },
  {
    id: 'javascript', name: 'JavaScript', kind: 'code', script: 'JavaScript',
    sources: [{ npm: 'three', version: '0.187.0', root: 'package' }],
    license: 'MIT (three.js)',
    include: /^(src|examples\/jsm)\/.*\.js$/,
    // examples/jsm/libs holds vendored third-party bundles.
    exclude: /(^|\/)(libs|tests?)\//,
  },
  {
    id: 'typescript', name: 'TypeScript', kind: 'code', script: 'TypeScript',
    sources: [{ npm: 'effect', version: '4.1.0', root: 'package' }],
    license: 'MIT (Effect)',
    include: /^src\/.*\.ts$/,
    exclude: /\.(test|spec)\.ts$|(^|\/)(tests?|__tests__)\//,
  },
  {
    id: 'perl', name: 'Perl', kind: 'code', script: 'Perl',
    sources: [{ debian: 'perl-modules-5.36', root: 'usr/share/perl/5.36.0' }],
    license: 'GPL-1.0-or-later OR Artistic-1.0-Perl (Perl core modules)',
    include: /\.(pm|pl)$/,
    // unicore holds generated Unicode tables.
    exclude: /(^|\/)(unicore|t|tests?)\//,
  },
  {
    id: 'ruby', name: 'Ruby', kind: 'code', script: 'Ruby',
    sources: [{ debian: 'libruby3.1', root: 'usr/lib/ruby/3.1.0' }],
    license: 'Ruby OR BSD-2-Clause (Ruby standard library)',
    include: /\.rb$/,
    exclude: /(^|\/)(vendor|tests?|spec)\//,
  },
];

// ---------------------------------------------------------------------------------------------------------------
// Fetching, cached. Each function returns {dir, name, version}; a failure stops the build with what to do.

function run(cmd, args, opts = {}) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  } catch (err) {
    const detail = (err.stderr || err.message || '').toString().trim().split('\n').slice(-5).join('\n  ');
    throw new Error(`${cmd} ${args.join(' ')} failed:\n  ${detail}`);
  }
}

function fetchDebian(pkg) {
  const debDir = path.join(CACHE, 'debs');
  fs.mkdirSync(debDir, { recursive: true });
  const find = () => fs.readdirSync(debDir).filter((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb')).sort();
  let debs = find();
  if (debs.length === 0) {
    console.log(`  apt-get download ${pkg}`);
    try {
      run('nice', ['-n', '10', 'apt-get', 'download', pkg], { cwd: debDir });
    } catch (err) {
      throw new Error(`cannot fetch Debian package ${pkg} (is apt-get available and 'apt-get update' done?)\n${err.message}`);
    }
    debs = find();
    if (debs.length === 0) throw new Error(`apt-get download ${pkg} left no .deb in ${debDir}`);
  }
  if (debs.length > 1) console.log(`  note: several cached .deb for ${pkg}, using ${debs.at(-1)}`);
  const deb = path.join(debDir, debs.at(-1));
  const version = run('dpkg-deb', ['-f', deb, 'Version']).trim();
  const dir = path.join(CACHE, 'x', `${pkg}_${version.replace(/[^\w.+~-]/g, '_')}`);
  if (!fs.existsSync(path.join(dir, '.done'))) {
    console.log(`  dpkg -x ${path.basename(deb)}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    run('nice', ['-n', '10', 'dpkg', '-x', deb, dir]);
    fs.writeFileSync(path.join(dir, '.done'), '');
  }
  return { dir, name: pkg, version, registry: 'debian' };
}

function fetchNpm(pkg, version) {
  const tgzDir = path.join(CACHE, 'npm');
  fs.mkdirSync(tgzDir, { recursive: true });
  const tgz = path.join(tgzDir, `${pkg.replace(/^@/, '').replace('/', '-')}-${version}.tgz`);
  if (!fs.existsSync(tgz)) {
    console.log(`  npm pack ${pkg}@${version}`);
    try {
      run('npm', ['pack', `${pkg}@${version}`, '--silent', '--pack-destination', tgzDir]);
    } catch (err) {
      throw new Error(`cannot fetch npm package ${pkg}@${version}\n${err.message}`);
    }
    if (!fs.existsSync(tgz)) throw new Error(`npm pack ${pkg}@${version} did not write ${tgz}`);
  }
  const dir = path.join(CACHE, 'x', `npm-${path.basename(tgz, '.tgz')}`);
  if (!fs.existsSync(path.join(dir, '.done'))) {
    console.log(`  tar -xzf ${path.basename(tgz)}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    run('nice', ['-n', '10', 'tar', '-xzf', tgz, '-C', dir]);
    fs.writeFileSync(path.join(dir, '.done'), '');
  }
  return { dir, name: pkg, version, registry: 'npm' };
}

/** Unpacks the archive inside a package (glibc's tarball, OpenJDK's src.zip) once; returns the folder to walk. */
function unpackInner(pkgDir, src) {
  const base = path.join(pkgDir, src.root);
  if (!src.tarball && !src.zip) return base;
  const dir = path.join(pkgDir, '.inner');
  if (fs.existsSync(path.join(dir, '.done'))) return src.tarball ? path.join(dir, fs.readdirSync(dir).find((d) => d !== '.done')) : dir;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (src.tarball) {
    const tar = fs.readdirSync(base).find((f) => src.tarball.test(f));
    if (!tar) throw new Error(`no archive matching ${src.tarball} in ${base}`);
    console.log(`  tar -xJf ${tar} '${src.members}'`);
    run('nice', ['-n', '10', 'tar', '-xJf', path.join(base, tar), '-C', dir, '--wildcards', src.members]);
  } else {
    console.log(`  unzip ${src.zip} '${src.members}'`);
    run('nice', ['-n', '10', 'unzip', '-q', '-o', path.join(base, src.zip), src.members, '-d', dir]);
  }
  fs.writeFileSync(path.join(dir, '.done'), '');
  return unpackInner(pkgDir, src);
}

/** All regular files under dir, as paths relative to dir with '/' separators, sorted by code unit. */
function walk(dir) {
  const out = [];
  const visit = (rel) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) visit(r);
      else if (e.isFile()) out.push(r);
    }
  };
  visit('');
  return out.sort();
}

// ---------------------------------------------------------------------------------------------------------------
// LibreOffice help HTML -> paragraphs, one per line.
// The pages are generated (XSLT), so a small tag scanner with a stack is enough. Kept: the text of the help
// article (div#DisplayArea). Dropped: navigation, scripts, footer debug info, code examples (Basic, Python, Math:
// they are not the language), and the hidden alternatives of "switch" spans (the macOS or per-application
// variant of a phrase; the page's script shows one, we keep the id="default..." one).

const VOID_TAGS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const BLOCK_TAGS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'td', 'th', 'tr', 'table', 'br', 'pre',
  'ul', 'ol', 'dt', 'dd', 'title', 'header', 'footer', 'nav', 'aside', 'body', 'thead', 'tbody', 'caption', 'label', 'button']);
const SKIP_TAGS = new Set(['head', 'script', 'style', 'header', 'aside', 'footer', 'noscript', 'pre', 'code', 'nav', 'button', 'label', 'title']);
// LibreOffice: code examples, debug footer. GIMP (DocBook): navigation bars, tables of contents, index terms,
// bug-report links.
const SKIP_CLASS = /(^|\s)(bascode|pycode|smathcode|code|codeintable|debug|howtogetheader|navheader|navfooter|toc|indexterm|reportbug)(\s|$)/;
// Source files wrap paragraphs; a wrap between two CJK characters is not a space.
const CJK_WRAP = /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF])[ \t]*\n\s*(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\u3000-\u303F\uFF00-\uFFEF])/gu;
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeEntities(s) {
  return s.replace(/&(#[xX][0-9a-fA-F]+|#\d+|[a-zA-Z]+);/g, (m, e) => {
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    return ENTITIES[e.toLowerCase()] ?? m;
  });
}

export function helpHtmlToLines(html) {
  const start = html.indexOf('<div id="DisplayArea"');
  const body = start >= 0 ? html.slice(start) : html;
  const lines = [];
  let cur = '';
  const stack = []; // {tag, skips}
  let skipDepth = 0;
  const re = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--[\s\S]*?-->|([^<]+)/g;
  for (let m; (m = re.exec(body)); ) {
    if (m[4] !== undefined) {
      if (skipDepth === 0) cur += m[4];
      continue;
    }
    if (m[2] === undefined) continue; // comment
    const closing = m[1] === '/';
    const tag = m[2].toLowerCase();
    const attrs = m[3] ?? '';
    if (BLOCK_TAGS.has(tag) && skipDepth === 0) {
      lines.push(cur);
      cur = '';
    }
    if (VOID_TAGS.has(tag) || attrs.endsWith('/')) continue;
    if (!closing) {
      const cls = /\bclass="([^"]*)"/.exec(attrs)?.[1] ?? '';
      const id = /\bid="([^"]*)"/.exec(attrs)?.[1] ?? '';
      const hiddenVariant = /\shidden\b/.test(attrs) && !id.startsWith('default');
      const skips = SKIP_TAGS.has(tag) || SKIP_CLASS.test(cls) || hiddenVariant;
      stack.push({ tag, skips });
      if (skips) skipDepth++;
    } else {
      // Pop to the matching open tag (tolerates an unclosed inner tag).
      for (let i = stack.length - 1; i >= 0; i--) {
        if (stack[i].tag !== tag) continue;
        while (stack.length > i) if (stack.pop().skips) skipDepth--;
        break;
      }
    }
  }
  lines.push(cur);
  return lines.map((l) => decodeEntities(l.replace(CJK_WRAP, '$1')).replace(/\s+/g, ' ').trim()).filter((l) => l !== '');
}

// ---------------------------------------------------------------------------------------------------------------
// Language filters.

const LETTER = /\p{L}/gu;
// A letter of the language's own script. Japanese counts kana, kanji and the prolonged sound mark.
const SCRIPT_LETTER = {
  Latin: /\p{Script=Latin}/gu,
  Cyrillic: /\p{Script=Cyrillic}/gu,
  Greek: /\p{Script=Greek}/gu,
  Japanese: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}\u30FC]/gu,
  Han: /\p{Script=Han}/gu,
  Hangul: /\p{Script=Hangul}/gu,
};
// One CJK character carries about as much as a short word, so it counts as 3 letters when weighing a line's
// scripts: "LibreOffice で開きます" (11 Latin letters, 5 Japanese characters) is a Japanese line.
const SCRIPT_WEIGHT = { Latin: 1, Cyrillic: 1, Greek: 1, Japanese: 3, Han: 3, Hangul: 3 };

const countMatches = (s, re) => {
  re.lastIndex = 0;
  let n = 0;
  while (re.exec(s)) n++;
  return n;
};

/** Is the line mostly in `script`? Letters of other scripts count 1, the script's own letters SCRIPT_WEIGHT. */
export function mostlyInScript(line, script) {
  const letters = countMatches(line, LETTER);
  const own = countMatches(line, SCRIPT_LETTER[script]);
  return own > 0 && own * SCRIPT_WEIGHT[script] > letters - own;
}

function englishStopSet(stop) {
  const own = new Set(stop.split(' '));
  return { own, en: new Set(EN_STOP.filter((w) => !own.has(w))) };
}

/** Untranslated English in a Latin-script language: more English function words than the language's own. */
export function readsAsEnglish(line, sets) {
  const words = line.toLowerCase().match(/\p{L}+/gu) ?? [];
  let en = 0;
  let own = 0;
  for (const w of words) {
    if (sets.en.has(w)) en++;
    else if (sets.own.has(w)) own++;
  }
  return en >= 2 && en > own;
}

// ---------------------------------------------------------------------------------------------------------------
// Documents per category: [{path, text}] sorted by path. Text ends with '\n'.

let englishLines = null; // every line of the English help, to spot untranslated lines in the other languages

function languageDocs(cat, fetched) {
  const stopSets = cat.stop ? englishStopSet(cat.stop) : null;
  const seen = new Set(); // lines kept so far, over all sources of the category
  const docs = [];
  for (const { src, dir } of fetched) docs.push(...languageSourceDocs(cat, src, path.join(dir, src.root), stopSets, seen));
  return docs;
}

function languageSourceDocs(cat, src, base, stopSets, seen) {
  const files = walk(base).filter((f) => f.endsWith('.html'));
  if (files.length === 0) throw new Error(`${cat.id}: no help pages under ${base}`);
  const docs = [];
  const dropped = { script: 0, english: 0, duplicate: 0, short: 0 };
  for (const f of files) {
    const raw = helpHtmlToLines(fs.readFileSync(path.join(base, f), 'utf8').replace(/\r\n?/g, '\n'));
    if (cat.id === 'en' && src.label === 'libreoffice') for (const l of raw) englishLines.add(l);
    const keep = [];
    for (const line of raw) {
      const l = line.normalize('NFC');
      if (countMatches(l, LETTER) < 2) dropped.short++;
      else if (!mostlyInScript(l, cat.script)) dropped.script++;
      else if (cat.id !== 'en' && (englishLines.has(line) || (stopSets && readsAsEnglish(l, stopSets)))) dropped.english++;
      else if (seen.has(l)) dropped.duplicate++;
      else {
        seen.add(l);
        keep.push(l);
      }
    }
    if (keep.length > 0) docs.push({ path: `${src.label}/${f}`, text: keep.join('\n') + '\n' });
  }
  console.log(`  ${src.label}: ${files.length} pages; lines dropped: ${Object.entries(dropped).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return docs;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Why a source file is not typical hand-written code, or null if it is. */
export function codeRejection(text) {
  if (text.includes('\0')) return 'binary';
  const lines = text.split('\n');
  let total = 0;
  for (const l of lines) {
    if (l.length > 1000) return 'long line';
    total += l.length;
  }
  if (total / lines.length > 200) return 'long mean line';
  const head = lines.slice(0, 10).join('\n');
  if (/Code generated .* DO NOT EDIT|@generated|auto-?generated|automatically generated|generated by/i.test(head)) return 'generated';
  return null;
}

function codeDocs(cat, fetched) {
  if (fetched.length !== 1) throw new Error(`${cat.id}: code categories take one source`);
  const base = unpackInner(fetched[0].dir, fetched[0].src);
  const files = walk(base).filter((f) => cat.include.test(f) && !cat.exclude.test(f));
  if (files.length === 0) throw new Error(`${cat.id}: no source files under ${base}`);
  const seen = new Set(); // content hashes: vendored or copied files count once
  const docs = [];
  const dropped = {};
  for (const f of files) {
    let text;
    try {
      text = utf8.decode(fs.readFileSync(path.join(base, f)));
    } catch {
      dropped['not UTF-8'] = (dropped['not UTF-8'] ?? 0) + 1;
      continue;
    }
    text = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
    if (!text.endsWith('\n')) text += '\n';
    const digest = createHash('sha256').update(text).digest('hex');
    const why = text.trim() === '' ? 'empty' : seen.has(digest) ? 'duplicate' : codeRejection(text);
    if (why) {
      dropped[why] = (dropped[why] ?? 0) + 1;
      continue;
    }
    seen.add(digest);
    docs.push({ path: f, text });
  }
  console.log(`  ${files.length} files; dropped: ${Object.entries(dropped).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}`);
  return docs;
}

// ---------------------------------------------------------------------------------------------------------------
// The split. Documents are visited in the order of sha256(path) (a fixed pseudo-random shuffle, so both parts
// are drawn from the same distribution); each goes whole to the part that is least full relative to its target,
// until both targets are met. A document is in one part only.

export function splitDocs(docs, target = TARGET) {
  const order = docs
    .filter((d) => Buffer.byteLength(d.text) <= MAX_DOC_BYTES)
    .map((d) => ({ d, key: createHash('sha256').update(d.path).digest('hex') }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const parts = { train: { docs: [], bytes: 0 }, sample: { docs: [], bytes: 0 } };
  for (const { d } of order) {
    const open = ['train', 'sample'].filter((p) => parts[p].bytes < target[p]);
    if (open.length === 0) break;
    // Least full first; ties go to train (explicit, so the split never depends on anything else).
    const p = open.reduce((a, b) => (parts[b].bytes / target[b] < parts[a].bytes / target[a] ? b : a));
    parts[p].docs.push(d);
    parts[p].bytes += Buffer.byteLength(d.text) + 1; // + the blank line between documents
  }
  return parts;
}

// ---------------------------------------------------------------------------------------------------------------
// Output.

function gzipDeterministic(buf) {
  const gz = zlib.gzipSync(buf, { level: 9, memLevel: 9, strategy: zlib.constants.Z_DEFAULT_STRATEGY });
  gz[9] = 3; // OS field: Unix, whatever platform zlib was built for (mtime is already 0)
  return gz;
}

/** Builds one category in memory: its manifest entry and its files (written by main once all succeeded). */
function buildCategory(cat, files) {
  console.log(`${cat.id} (${cat.name})`);
  const fetched = cat.sources.map((src) => ({ src, ...(src.npm ? fetchNpm(src.npm, src.version) : fetchDebian(src.debian)) }));
  const docs = cat.kind === 'language' ? languageDocs(cat, fetched) : codeDocs(cat, fetched);
  const total = docs.reduce((n, d) => n + Buffer.byteLength(d.text), 0);
  const parts = splitDocs(docs);
  const entry = {
    id: cat.id,
    name: cat.name,
    kind: cat.kind,
    script: cat.script,
    source: fetched.map((f) => ({ registry: f.registry, name: f.name, version: f.version })),
    license: cat.license,
    parts: {},
  };
  for (const p of ['train', 'sample']) {
    // Documents in path order inside a part; a blank line between documents.
    const text = parts[p].docs.sort((a, b) => (a.path < b.path ? -1 : 1)).map((d) => d.text).join('\n');
    const buf = Buffer.from(text, 'utf8');
    const file = `${cat.id}.${p}.txt.gz`;
    files.set(file, gzipDeterministic(buf));
    entry.parts[p] = { file, bytes: buf.length, documents: parts[p].docs.length, sha256: createHash('sha256').update(buf).digest('hex') };
  }
  const t = entry.parts.train;
  const s = entry.parts.sample;
  console.log(`  clean ${(total / 1e6).toFixed(2)} MB in ${docs.length} documents -> train ${(t.bytes / 1e6).toFixed(2)} MB (${t.documents}), sample ${(s.bytes / 1e6).toFixed(2)} MB (${s.documents})`);
  if (t.bytes < 1e6 || s.bytes < 1e6) console.log(`  WARNING: ${cat.id} has a part under 1 MB`);
  return entry;
}

function main() {
  const only = new Set(process.argv.slice(2));
  for (const id of only) if (!CATEGORIES.some((c) => c.id === id)) throw new Error(`unknown category ${id}`);
  fs.mkdirSync(OUT, { recursive: true });
  const manifestPath = path.join(OUT, 'manifest.json');
  const old = fs.existsSync(manifestPath) ? JSON.parse(fs.readFileSync(manifestPath, 'utf8')) : null;
  const oldById = new Map((old?.categories ?? []).map((c) => [c.id, c]));

  const categories = [];
  const files = new Map(); // file name -> gzip bytes; nothing is written until every category has built
  englishLines = new Set();
  for (const cat of CATEGORIES) {
    // English is always read: the other languages drop lines identical to an English one (untranslated).
    if (only.size === 0 || only.has(cat.id) || cat.id === 'en') categories.push(buildCategory(cat, files));
    else if (oldById.has(cat.id)) categories.push(oldById.get(cat.id));
    else console.log(`${cat.id}: not built yet, left out of the manifest`);
  }

  const manifest = {
    scriptVersion: SCRIPT_VERSION,
    built: null,
    targets: TARGET,
    categories,
  };
  // The build date changes only with the content, so a rebuild from the same cache is byte-identical.
  const sameContent = old && JSON.stringify({ ...old, built: null }) === JSON.stringify(manifest);
  manifest.built = sameContent ? old.built
    : new Date(process.env.SOURCE_DATE_EPOCH ? Number(process.env.SOURCE_DATE_EPOCH) * 1000 : Date.now()).toISOString().slice(0, 10);
  for (const [file, gz] of files) fs.writeFileSync(path.join(OUT, file), gz);
  fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  let gz = 0;
  for (const c of categories) for (const p of Object.values(c.parts)) gz += fs.statSync(path.join(OUT, p.file)).size;
  console.log(`wrote ${categories.length} categories, ${(gz / 1e6).toFixed(1)} MB compressed, to ${path.relative(ROOT, OUT)}/`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (err) {
    console.error(`build-corpora: ${err.message}`);
    process.exit(1);
  }
}
