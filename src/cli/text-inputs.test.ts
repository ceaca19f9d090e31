// Category and training files as the CLI reads them, the same way the playground reads a dropped file
// (text-check.ts): plain UTF-8, gzip'd and JSON Lines give the same text, hence the same shares and bytes; a binary
// or UTF-16 file named on the command line is exit 2 naming it, one found in a folder is left out with a warning.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli as run } from '../test-support/run-cli.ts';

const corpora = join(import.meta.dirname, '../../public/corpora');
const dir = mkdtempSync(join(tmpdir(), 'mergeprint-text-inputs-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first `bytes` bytes of a bundled sample part, cut after a newline. */
function sampleText(id: string, bytes: number): Buffer {
  const all = gunzipSync(readFileSync(join(corpora, `${id}.sample.txt.gz`)));
  return all.subarray(0, all.lastIndexOf(0x0a, bytes) + 1);
}

const path = (name: string) => join(dir, name);
const fr = sampleText('fr', 30_000);
const infer = (frPath: string, ...more: string[]) =>
  run(['infer', '--tokenizer', 'gpt2', '--merges', '100', '--quiet', '--json', '--category', `en=${path('en.txt')}`, '--category', `fr=${frPath}`, ...more]);

beforeAll(() => {
  writeFileSync(path('en.txt'), sampleText('en', 30_000));
  writeFileSync(path('fr.txt'), fr);
  writeFileSync(path('fr.txt.gz'), gzipSync(fr));
  // JSON Lines: one record per line of the text, its newline dropped (each record's text is read as a line).
  const lines = fr.toString('utf8').split('\n').slice(0, -1);
  writeFileSync(path('fr.jsonl'), lines.map((text, i) => JSON.stringify({ id: i, text }) + '\n').join(''));
  writeFileSync(path('fr-records.data'), lines.map((text) => JSON.stringify({ text }) + '\n').join('')); // recognised by its content
  writeFileSync(path('logo.png'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]));
  writeFileSync(path('utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(fr.toString('utf8'), 'utf16le')]));
  // French in a folder beside an image and UTF-16 text: both are left out.
  mkdirSync(path('fr-folder'));
  writeFileSync(path('fr-folder/a.txt'), fr);
  writeFileSync(path('fr-folder/logo (1).png'), readFileSync(path('logo.png'))); // " (" in a name: the note keeps it whole
  writeFileSync(path('fr-folder/notes.txt'), readFileSync(path('utf16.txt')));
  // A few Latin-1 bytes in UTF-8 text: read as U+FFFD, with a warning.
  writeFileSync(path('fr-latin1.txt'), Buffer.concat([fr, Buffer.from('caf\xe9 cr\xe8me\n', 'latin1')]));
  // The same in a folder of UTF-8 files: the warning names the file to convert.
  mkdirSync(path('fr-mixed'));
  writeFileSync(path('fr-mixed/a.txt'), fr.subarray(0, 10_000));
  writeFileSync(path('fr-mixed/old-notes.txt'), Buffer.from('caf\xe9 cr\xe8me\n', 'latin1'));
  writeFileSync(path('fr-mixed/z.txt'), fr.subarray(10_000, 20_000));
});

describe('infer reads category files as the playground does', () => {
  it('gives the same shares and bytes for plain, gzip\'d and JSON Lines files of the same text', async () => {
    const results = [];
    for (const name of ['fr.txt', 'fr.txt.gz', 'fr.jsonl', 'fr-records.data']) {
      const { code, stdout, stderr } = await infer(path(name));
      expect(code, stderr).toBe(0);
      expect(stderr, name).toBe('');
      results.push(JSON.parse(stdout).categories);
    }
    expect(results[0][1].bytes).toBe(fr.length); // the decoded text's bytes, not the file's
    for (const r of results.slice(1)) expect(r).toEqual(results[0]);
  }, 60_000);

  it.each([
    ['a binary file', 'logo.png', /logo\.png: a binary file, not text \(a NUL byte at offset 8.*\): give plain UTF-8 text, or JSON Lines with a "text" field/],
    ['UTF-16 text with a byte order mark', 'utf16.txt', /utf16\.txt: UTF-16 text \(byte order mark FF FE\), not UTF-8: convert it to UTF-8, e\.g\. with iconv/],
  ])('refuses %s named as a category: exit 2, one line naming it and saying what to do', async (_, name, message) => {
    const { code, stdout, stderr } = await infer(path(name));
    expect(stdout).toBe('');
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  }, 30_000);

  it('leaves the files that are not text out of a folder, with a warning naming the category and the files', async () => {
    const { code, stdout, stderr } = await infer(path('fr-folder'));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^warning: category "fr": 2 files are not text and were left out: .*fr-folder\/logo \(1\)\.png: a binary file, not text; .*fr-folder\/notes\.txt: UTF-16 text\.$/m);
    expect(JSON.parse(stdout).categories[1].bytes).toBe(fr.length);
  }, 30_000);

  it('warns about invalid UTF-8, naming the category and the count', async () => {
    const { code, stderr } = await infer(path('fr-latin1.txt'));
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^warning: category "fr": 2 byte sequences of this text are not valid UTF-8 and were read as the replacement character/m);
  }, 30_000);

  it('warns when a line too long to read whole was cut, in threads or not', async () => {
    writeFileSync(path('one-line.txt'), `${'le chat noir '.repeat(250_000)}\n`); // 3.25 million characters
    for (const threads of ['1', '2']) {
      const { code, stderr } = await run(['replay', '--tokenizer', 'gpt2', '--merges', '50', '--threads', threads, path('one-line.txt')]);
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/^warning: the input: lines longer than 1,048,576 characters were cut 3 times \(at whitespace where possible\)/m);
    }
  }, 30_000);

  it('names the files with invalid UTF-8 in a folder, counted in threads or not', async () => {
    for (const threads of ['1', '2']) {
      const { code, stderr } = await infer(path('fr-mixed'), '--threads', threads);
      expect(code, stderr).toBe(0);
      expect(stderr).toMatch(/^warning: category "fr": 2 byte sequences of this text \(in .*fr-mixed\/old-notes\.txt\) are not valid UTF-8 .*if the file is in another encoding/m);
    }
  }, 30_000);
});

describe('train and replay read their inputs the same way', () => {
  it('trains the same merges on a gzip\'d file as on the plain one, and replays the decoded text', async () => {
    const outs = [];
    for (const name of ['fr.txt', 'fr.txt.gz']) {
      const out = path(`${name}.tok.json`);
      const { code, stderr } = await run(['train', '--pretokenizer', 'gpt2', '--merges', '50', '--out', out, path(name)]);
      expect(code, stderr).toBe(0);
      expect(stderr).toContain(`on ${fr.length} bytes`);
      outs.push(JSON.parse(readFileSync(out, 'utf8')).model.merges);
    }
    expect(outs[1]).toEqual(outs[0]);
    const replay = await run(['replay', '--tokenizer', 'gpt2', '--merges', '50', path('fr.jsonl')]);
    expect(replay.code, replay.stderr).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ files: 1, bytes: fr.length, invalid_utf8: 0 });
  }, 60_000);

  it('refuses a binary training file', async () => {
    const { code, stderr } = await run(['train', '--pretokenizer', 'gpt2', '--merges', '50', '--out', path('x.json'), path('logo.png')]);
    expect(stderr).toMatch(/logo\.png: a binary file, not text/);
    expect(code).toBe(2);
  }, 30_000);
});
