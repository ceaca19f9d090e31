// The command line as a user runs it: a child process of bin/mergeprint.js, checked on its output and exit code.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { runCli as run } from '../test-support/run-cli.ts';
import { getEncoding } from 'js-tiktoken';
import { Tokenizer } from 'tokenizers';
import { testText } from '../test-support/corpus.ts';

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mergeprint encode', () => {
  const text = testText(20_000, 5);
  const input = join(dir, 'input.txt');
  writeFileSync(input, text);

  it.each([['cl100k', 'cl100k_base'], ['o200k', 'o200k_base'], ['gpt2', 'gpt2']] as const)('%s gives js-tiktoken\'s ids', async (preset, encoding) => {
    const { code, stdout, stderr } = await run(['encode', '--tokenizer', preset, '--input', input]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout.trim().split(' ').map(Number)).toEqual(getEncoding(encoding).encode(text));
  });

  it('reads standard input when --input is absent', async () => {
    const { code, stdout } = await run(['encode', '--tokenizer', 'cl100k'], 'Hello world\n');
    expect(code).toBe(0);
    expect(stdout).toBe(getEncoding('cl100k_base').encode('Hello world\n').join(' ') + '\n');
  });

  it('says on standard error what the loader noticed in the file, and encodes as HF tokenizers does', async () => {
    // The added token's id in the file (50) is not the one HF gives it (3, after the vocab).
    const json = JSON.stringify({
      version: '1.0', truncation: null, padding: null, normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null,
      added_tokens: [{ id: 50, content: '<x>', single_word: false, lstrip: false, rstrip: false, special: true, normalized: false }],
      model: { type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null, fuse_unk: false,
        byte_fallback: false, vocab: { a: 0, b: 1, ab: 2 }, merges: ['a b'] },
    });
    const file = join(dir, 'renumbered.json');
    writeFileSync(file, json);
    const { code, stdout, stderr } = await run(['encode', '--tokenizer', file], 'ab<x>a');
    expect(code).toBe(0);
    expect(stdout).toBe('2 3 0\n');
    expect((await Tokenizer.fromString(json).encode('ab<x>a', null, { addSpecialTokens: false })).getIds()).toEqual([2, 3, 0]);
    expect(stderr).toMatch(/^warning: 1 added tokens have other ids in the file than HF tokenizers gives them .*"<x>" 50 -> 3\.\n$/);
  });
});

describe('mergeprint train and replay', () => {
  it('trains a tokenizer.json that the tokenizers library encodes with, and replays it', async () => {
    const corpus = join(dir, 'corpus.txt');
    writeFileSync(corpus, testText(200_000, 9));
    const out = join(dir, 'trained.json');
    const trained = await run(['train', '--pretokenizer', 'gpt2', '--merges', '500', '--out', out, corpus]);
    expect(trained.code).toBe(0);
    expect(trained.stderr).toMatch(/^trained 500 merges on 2\d{5} bytes/);
    const json = JSON.parse(readFileSync(out, 'utf8'));
    expect(json.model.merges).toHaveLength(500);

    // The same ids from our encoder (CLI) and from HuggingFace's library loading our file.
    const sample = 'The quick brown fox, naïve café 東京 123456\n';
    const ours = await run(['encode', '--tokenizer', out], sample);
    const hf = await Tokenizer.fromString(readFileSync(out, 'utf8')).encode(sample, null, { addSpecialTokens: false });
    expect(ours.stdout.trim().split(' ').map(Number)).toEqual(hf.getIds());

    const replay = await run(['replay', '--tokenizer', out, '--merges', '300', corpus]);
    expect(replay.code).toBe(0);
    const summary = JSON.parse(replay.stdout);
    expect(summary).toMatchObject({ merges: 300, files: 1, missing_chars: 0, truncated: false });
    expect(summary.bytes).toBe(readFileSync(corpus).length);
    expect(summary.pairs).toBeGreaterThan(summary.distinct_pairs);
    expect(summary.changes).toBeGreaterThan(300);
  });
});

describe('bad input: exit code 2 and one line on standard error', () => {
  const notJson = join(dir, 'broken.json');
  writeFileSync(notJson, '{"model": {"type": "BPE", "vocab": {');
  const cases: [string, string[], RegExp][] = [
    ['no command', [], /./],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['an unknown flag', ['encode', '--tokenizr', 'x'], /tokenizr/],
    ['a missing --tokenizer', ['encode'], /--tokenizer is required/],
    ['a tokenizer file that does not exist', ['encode', '--tokenizer', join(dir, 'nope.json')], /cannot read .*nope\.json.*no such file/],
    ['truncated JSON', ['encode', '--tokenizer', notJson], /broken\.json/],
    ['--merges that is not a number', ['train', '--pretokenizer', 'gpt2', '--merges', '5k', '--out', 'x.json', 'a'], /--merges must be a positive whole number, got "5k"/],
    ['an unknown pre-tokenizer preset', ['train', '--pretokenizer', 'gpt5', '--merges', '5', '--out', 'x.json', 'a'], /--pretokenizer "gpt5" is neither a preset/],
    ['no input files', ['train', '--pretokenizer', 'gpt2', '--merges', '5', '--out', join(dir, 'x.json')], /no input files/],
    ['a folder as input', ['replay', '--tokenizer', 'gpt2', dir], /is not a file/],
    ['more merges than the tokenizer has', ['replay', '--tokenizer', 'gpt2', '--merges', '999999', notJson], /more than the 50000 merges/],
  ];
  it.each(cases)('%s', async (_, args, message) => {
    const { code, stderr } = await run(args);
    expect(code).toBe(2);
    if (args.length > 0) {
      expect(stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(message);
    }
  });

  it('--help prints the options and exits 0', async () => {
    for (const command of ['encode', 'train', 'replay']) {
      const { code, stdout } = await run([command, '--help']);
      expect(code).toBe(0);
      expect(stdout).toContain(`Usage: mergeprint ${command}`);
    }
  });
});
