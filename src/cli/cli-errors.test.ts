// The command line's edges as a user meets them (child processes of bin/mergeprint.js): a reader that closes the
// pipe early, bad --out paths (refused before any work), mistyped presets, nothing to train on, stray arguments and
// negative numbers: exit 2 and one line saying what was wrong and what to do.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../test-support/run-cli.ts';
import { testText } from '../test-support/corpus.ts';
import { withDashedValues } from './args.ts';
import { presetLike } from './tokenizer-arg.ts';

const bin = join(import.meta.dirname, '../../bin/mergeprint.js');
const dir = mkdtempSync(join(tmpdir(), 'mergeprint-cli-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = (name: string) => join(dir, name);
const corpus = path('corpus.txt');
writeFileSync(corpus, testText(20_000, 3));

/** Exit 2 and exactly one line on standard error matching `message`. */
async function expectInputError(args: string[], message: RegExp, stdin?: string): Promise<void> {
  const { code, stdout, stderr } = await run(args, stdin);
  expect(stderr.trimEnd()).toMatch(message);
  expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(stdout).toBe('');
  expect(code).toBe(2);
}

describe('a reader that closes standard output early', () => {
  it('ends the command quietly with exit code 0 (encode ... | head -c 20)', async () => {
    const input = path('big.txt');
    writeFileSync(input, testText(400_000, 4)); // about 100,000 ids: far more than a pipe holds
    const child = spawn('node', [bin, 'encode', '--tokenizer', 'gpt2', '--input', input], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => { stderr += d; });
    child.stdout.once('data', () => child.stdout.destroy()); // what head does after 20 bytes
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 30_000);
});

describe('--out is checked before any work', () => {
  const train = (out: string) => ['train', '--pretokenizer', 'gpt2', '--merges', '20', '--out', out, corpus];

  it('refuses a folder, naming it and what to give', async () => {
    await expectInputError(train(dir), /^mergeprint train: --out ".*" is a folder: give a file name, e\.g\. .*out\.json$/);
  });

  it('refuses a path through a file', async () => {
    await expectInputError(train(join(corpus, 'tok.json')), /--out ".*corpus\.txt\/tok\.json" goes through ".*corpus\.txt", which is a file, not a folder/);
  });

  it('train creates missing folders, as gallery does', async () => {
    const out = path('new/deeper/tok.json');
    const { code, stderr } = await run(train(out));
    expect(code, stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).model.merges).toHaveLength(20);
    for (const command of ['train', 'gallery']) expect((await run([command, '--help'])).stdout).toMatch(/--out .*\n?.*missing folders are created/);
  }, 30_000);

  it('gallery refuses a folder before it runs a single preset', async () => {
    const started = performance.now();
    await expectInputError(['gallery', '--presets', 'gpt2', '--categories', 'en,fr', '--merges', '20', '--out', dir], /^mergeprint gallery: --out ".*" is a folder/);
    expect(performance.now() - started).toBeLessThan(15_000);
  }, 30_000);
});

describe('mistyped presets', () => {
  it.each([
    ['GPT2', /^mergeprint encode: "GPT2" is neither a preset nor a file: did you mean "gpt2"\? \(presets: gpt2, p50k, cl100k, .*claude\)$/],
    ['Llama-3', /"Llama-3" is neither a preset nor a file: did you mean "llama3"\?/],
    ['nosuch', /^mergeprint encode: "nosuch" is neither a preset nor a file: give a tokenizer file, or one of the presets gpt2, p50k, .*claude$/],
  ])('%s', async (name, message) => {
    await expectInputError(['encode', '--tokenizer', name], message, 'hi\n');
  });

  it('a missing file with a path is still a missing file', async () => {
    await expectInputError(['encode', '--tokenizer', path('nope.json')], /cannot read ".*nope\.json": no such file/, 'hi\n');
  });

  it('presetLike ignores case, "-", "_" and spaces, and knows the aliases', () => {
    expect(presetLike('GPT2')).toBe('gpt2');
    expect(presetLike('Deepseek-V3')).toBe('deepseek_v3');
    expect(presetLike('CL100K_BASE')).toBe('cl100k_base');
    expect(presetLike('gpt5')).toBeUndefined();
  });
});

describe('nothing to train on', () => {
  it('refuses an empty input and writes nothing', async () => {
    const empty = path('empty.txt');
    writeFileSync(empty, '');
    const out = path('empty-tok.json');
    await expectInputError(['train', '--pretokenizer', 'gpt2', '--merges', '5', '--out', out, empty], /^mergeprint train: ".*empty\.txt" holds no text: give text to train on$/);
    expect(existsSync(out)).toBe(false);
  });

  it('refuses text with no pair to merge', async () => {
    const single = path('single.txt');
    writeFileSync(single, 'a\nb\n');
    await expectInputError(['train', '--pretokenizer', 'gpt2', '--merges', '5', '--out', path('s.json'), single], /holds no pair of symbols to merge .*: give more text/);
  });

  it('says when --max-bytes leaves no whole line', async () => {
    await expectInputError(['train', '--pretokenizer', 'gpt2', '--merges', '5', '--max-bytes', '3', '--out', path('m.json'), corpus], /--max-bytes 3 ends before the first line of the input does/);
  });
});

describe('stray arguments and negative numbers', () => {
  it('encode refuses an argument it does not take instead of reading standard input', async () => {
    await expectInputError(['encode', '--tokenizer', 'gpt2', 'extra.txt'], /^mergeprint encode: unexpected argument "extra\.txt": give the text to encode with --input FILE/, 'hi\n');
  });

  it.each([
    [['train', '--pretokenizer', 'gpt2', '--merges', '-5', '--out', 'x.json', 'a'], /^mergeprint train: --merges must be a positive whole number, got "-5"$/],
    [['experiment', '--categories', 'en,fr', '--weights', '1,1', '--seed', '-1', '--train-bytes', '1000', '--merges', '5'], /^mergeprint experiment: --seed must be a whole number from 0 to 4294967295, got "-1"$/],
    [['experiment', '--categories', 'en,fr', '--weights', 'random', '--seed', '4294967296', '--train-bytes', '1000', '--merges', '5'], /^mergeprint experiment: --seed must be a whole number from 0 to 4294967295, got "4294967296"$/],
    [['experiment', '--categories', 'en,python', '--weights', '9,1', '--train-bytes', '9000000', '--merges', '5'], /^mergeprint experiment: category "en" needs 8100000 bytes of training text \(weight 90\.0% of 9000000 bytes\) but its train part has \d+ bytes: lower --train-bytes to at most \d+ bytes in all$/],
    [['experiment', '--categories', 'en,fr', '--weights', '-1,2', '--train-bytes', '1000', '--merges', '5'], /^mergeprint experiment: --weights "-1,2" must be "random" or 2 non-negative numbers/],
    [['train', '--pretokenizer', 'gpt2', '--out', '--merges', '5', 'a'], /^mergeprint train: --out needs a value, but "--merges" follows it/],
  ])('%j', async (args, message) => {
    await expectInputError(args, message);
  });

  it('withDashedValues joins a negative number to its flag and leaves the rest alone', () => {
    const options = { merges: { type: 'string' }, json: { type: 'boolean' } } as const;
    expect(withDashedValues('x', ['--merges', '-5', 'a'], options)).toEqual(['--merges=-5', 'a']);
    expect(withDashedValues('x', ['--merges', '-.5'], options)).toEqual(['--merges=-.5']);
    expect(withDashedValues('x', ['--json', '-5'], options)).toEqual(['--json', '-5']); // a boolean takes no value
    expect(withDashedValues('x', ['--', '--merges', '-5'], options)).toEqual(['--', '--merges', '-5']);
    expect(() => withDashedValues('x', ['--merges', '--json'], options)).toThrow(/^--merges needs a value, but "--json" follows it \(see: mergeprint x --help\)$/);
  });
});

describe('a category folder with nothing but hidden files', () => {
  it('says the hidden names were skipped, so the user knows why "no file" was found', async () => {
    const folder = path('only-hidden');
    mkdirSync(join(folder, 'sub'), { recursive: true });
    writeFileSync(join(folder, '.notes.txt'), 'some text\n');
    writeFileSync(join(folder, 'sub', '.draft'), 'more text\n');
    await expectInputError(['infer', '--tokenizer', 'gpt2', '--merges', '10', '--category', `a=${folder}`, '--category', 'en=bundled'],
      /category "a" has no text: .*only-hidden holds no file \(only 2 hidden names starting with "\.", which are skipped\)$/);
  });
});
