// Builds public/presets/ from tokenizer files that ship inside installed npm packages, so the page can offer them
// without fetching anything from another origin. The list is scripts/preset-sources.json (shared with the CLI).
// js-tiktoken's rank modules are written as JSON; other files are parsed and written back minified (the same
// content without whitespace: Gemma 3's tokenizer.json goes from 33 MB to 14 MB). index.json lists them with their
// provenance (package, version, file) and terms. The output is generated (gitignored) and deterministic:
// `npm run build`, `npm start` and the e2e build run this first.
// Example: public/presets/index.json -> { presets: [{ id: 'cl100k', name: 'GPT-3.5 / GPT-4 (cl100k_base)', file: 'cl100k_base.json', ... }] }

import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { llama2TokenizerJson } from './llama2-tokenizer.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'presets');
const { presets } = JSON.parse(readFileSync(join(root, 'scripts', 'preset-sources.json'), 'utf8'));

/** node_modules/<pkg> (packages' "exports" may hide package.json from require.resolve). */
function packageDir(pkg) {
  return join(root, 'node_modules', pkg);
}

function packageVersion(pkg) {
  return JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')).version;
}

const started = performance.now();
mkdirSync(out, { recursive: true });
/** Writes through a temporary name and a rename, so a reader (a running preview, the gallery) never sees half a file. */
function writeAtomic(file, text) {
  writeFileSync(join(out, `${file}.tmp`), text);
  renameSync(join(out, `${file}.tmp`), join(out, file));
}
const index = [];
let total = 0;
for (const p of presets) {
  let file, text, from;
  if (p.module) {
    // js-tiktoken's rank modules export { pat_str, special_tokens, bpe_ranks }: written as JSON unchanged.
    const mod = await import(`${p.pkg}/${p.module}`);
    file = `${p.module.split('/').pop()}.json`;
    text = JSON.stringify(mod.default);
    from = `${p.module} (module, written as JSON)`;
  } else if (p.build === 'llama2') {
    file = `${p.id}.tokenizer.json`;
    text = JSON.stringify(llama2TokenizerJson());
    from = 'its vocabulary and merges, as a tokenizer.json (scripts/llama2-tokenizer.mjs)';
  } else {
    file = p.format === 'tokenizer.json' ? `${p.id}.tokenizer.json` : `${p.id}.json`;
    text = JSON.stringify(JSON.parse(readFileSync(join(packageDir(p.pkg), p.file), 'utf8')));
    from = `${p.file} (minified)`;
  }
  writeAtomic(file, text);
  const bytes = statSync(join(out, file)).size;
  total += bytes;
  index.push({
    id: p.id, name: p.name, file, format: p.format, bytes,
    ...(p.encoding ? { encoding: p.encoding } : {}),
    ...(p.normalizer ? { normalizer: p.normalizer } : {}),
    provenance: `npm ${p.pkg}@${packageVersion(p.pkg)}, ${from}`,
    license: p.license,
    ...(p.note ? { note: p.note } : {}),
    ...(p.compareWith ? { compareWith: p.compareWith } : {}),
  });
}
writeAtomic('index.json', JSON.stringify({ presets: index }, null, 2) + '\n');
// Files of presets that left the list would otherwise linger and be served.
const written = new Set(['index.json', ...index.map((e) => e.file)]);
for (const f of readdirSync(out)) if (!written.has(f)) rmSync(join(out, f));
const mb = (x) => (x / 1e6).toFixed(1);
console.log(`build-presets: ${index.length} presets, ${mb(total)} MB in public/presets/ (largest: ${index.map((e) => `${e.id} ${mb(e.bytes)}`).sort((a, b) => parseFloat(b.split(' ')[1]) - parseFloat(a.split(' ')[1])).slice(0, 3).join(', ')} MB), ${((performance.now() - started) / 1000).toFixed(1)} s`);
