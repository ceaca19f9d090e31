// mergeprint infer as a user runs it (child processes): a tokenizer trained on a known mixture of two bundled
// languages, attacked with the texts themselves (exact) and with the bundled samples; and every bad input as exit 2.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it, afterAll } from 'vitest';
import { runCli as run } from '../test-support/run-cli.ts';
import { leadingNote, sampleSupport, supportNote } from '../lib/core/sample-support.ts';
import { supportAdvice } from './infer.ts';

const corpora = join(import.meta.dirname, '../../public/corpora');
const dir = mkdtempSync(join(tmpdir(), 'mergeprint-infer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The first `bytes` bytes of a bundled train part, cut after a newline. */
function trainText(id: string, bytes: number): Buffer {
  const all = gunzipSync(readFileSync(join(corpora, `${id}.train.txt.gz`)));
  return all.subarray(0, all.lastIndexOf(0x0a, bytes) + 1);
}

const tok = join(dir, 'tok.json');
const en = join(dir, 'en.txt');
const ruDir = join(dir, 'ru');
let enBytes = 0, ruBytes = 0;

beforeAll(async () => {
  const enText = trainText('en', 150_000), ruText = trainText('ru', 100_000);
  enBytes = enText.length; ruBytes = ruText.length;
  writeFileSync(en, enText);
  // Russian as a folder: two files in nested folders plus a hidden one that must be skipped.
  const cut = ruText.lastIndexOf(0x0a, 40_000) + 1;
  mkdirSync(join(ruDir, 'b'), { recursive: true });
  writeFileSync(join(ruDir, 'a.txt'), ruText.subarray(0, cut));
  writeFileSync(join(ruDir, 'b', 'c.txt'), ruText.subarray(cut));
  writeFileSync(join(ruDir, '.hidden'), 'x'.repeat(100_000));
  writeFileSync(join(dir, 'empty.txt'), '');
  const trained = await run(['train', '--pretokenizer', 'gpt2', '--merges', '400', '--out', tok, en, join(ruDir, 'a.txt'), join(ruDir, 'b', 'c.txt')]);
  expect(trained.code).toBe(0);
}, 60_000);

describe('mergeprint infer', () => {
  it('recovers the training mixture exactly from the training text itself (files and folders), as JSON', async () => {
    const { code, stdout, stderr } = await run(['infer', '--tokenizer', tok, '--category', `en=${en}`, '--category', `ru=${ruDir}`, '--json']);
    expect(stderr).toMatch(/^(warning: .*\n)*$/); // the trained vocab lacks bytes the texts never use
    expect(code).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.merges).toBe(400);
    expect(r.absent_merges).toBe(0);
    expect(r.categories.map((c: { name: string }) => c.name)).toEqual(['en', 'ru']);
    expect(r.categories[0].bytes).toBe(enBytes);
    expect(r.categories[1].bytes).toBe(ruBytes); // the hidden file was not read
    expect(Math.abs(r.categories[0].share - enBytes / (enBytes + ruBytes))).toBeLessThan(1e-6);
    expect(r.categories[0].alpha + r.categories[1].alpha).toBeCloseTo(1, 9);
    expect(r.solver.objective).toBeLessThan(1e-6);
    expect(r.solver.rounds).toBeGreaterThan(0);
    expect(r.solver.max_violation).toBeLessThan(1e-6);
    expect(r.solver.gap).toBe(0); // solved exactly: no --gap
    expect(r.solver.lower_bound).toBeLessThanOrEqual(r.solver.objective + 1e-9);
    expect(r.settings.gap_tolerance).toBe(0);
    expect(r.settings.range).toEqual([0, 400]);

    // glpk.js (the reference engine), with another batch size and one competitor per merge, reaches the same optimum
    // as the default HiGHS.
    expect(r.solver.engine).toMatch(/^HiGHS/);
    expect(r.settings.max_per_merge).toBe(3);
    const glpk = JSON.parse((await run(['infer', '--tokenizer', tok, '--category', `en=${en}`, '--category', `ru=${ruDir}`, '--json', '--engine', 'glpk', '--batch', '300', '--competitors', '1'])).stdout);
    expect(glpk.solver.engine).toMatch(/^glpk\.js/);
    expect(glpk.settings.batch).toBe(300);
    expect(glpk.settings.max_per_merge).toBe(1);
    expect(Math.abs(glpk.categories[0].share - r.categories[0].share)).toBeLessThan(1e-6);

    // The matching method reaches the same optimum, and says that it solved it.
    expect(r.settings.method).toBe('lazy');
    const matching = JSON.parse((await run(['infer', '--tokenizer', tok, '--category', `en=${en}`, '--category', `ru=${ruDir}`, '--json', '--method', 'matching'])).stdout);
    expect(matching.settings.method).toBe('matching');
    expect(matching.solver.objective).toBeLessThan(1e-6);
    expect(Math.abs(matching.categories[0].share - r.categories[0].share)).toBeLessThan(1e-6);
  }, 60_000);

  it('warns when two categories have the same sample: their split is arbitrary', async () => {
    const { code, stderr } = await run(['infer', '--tokenizer', tok, '--category', `a=${en}`, '--category', 'ru=bundled', '--category', `b=${en}`, '--merges', '100', '--max-bytes', '50000']);
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('warning: the samples of "a" and "b" have the same pair counts (up to scale): the estimate cannot tell them apart');
  }, 60_000);

  it('reads bundled samples, a range and a byte budget, and prints a table', async () => {
    const { code, stdout, stderr } = await run(['infer', '--tokenizer', tok, '--category', 'en=bundled', '--category', 'ru=bundled', '--category', 'de=bundled', '--range', '0..150', '--max-bytes', '100000']);
    expect(code, stderr).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^category\s+share\s+alpha\s+bytes\s+pairs$/);
    const rows = lines.slice(1, 4).map((l) => l.split(/\s+/));
    expect(rows.map((r) => r[0]).sort()).toEqual(['de', 'en', 'ru']);
    for (const r of rows) expect(Number(r[3])).toBeLessThanOrEqual(100_000);
    expect(rows[0][0]).toBe('en'); // largest share first: en was 60% of the training bytes
    expect(lines.at(-1)).toMatch(/merges 0\.\.150 \(150\); HiGHS .*: \d+ rounds/);
    expect(stderr).not.toContain('so few merges');
  }, 60_000);

  it('cautions that a short range says little about the mixture', async () => {
    const { code, stderr } = await run(['infer', '--tokenizer', tok, '--category', 'en=bundled', '--category', 'ru=bundled', '--range', '5..25', '--max-bytes', '50000']);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/^warning: only merges 5 to 24 analysed: so few merges say little about the mixture/m);
  }, 60_000);

  it('stops at --gap with a solution proven that close to the optimum, and says so', async () => {
    const args = ['infer', '--tokenizer', tok, '--category', 'en=bundled', '--category', 'ru=bundled', '--category', 'de=bundled', '--range', '0..150', '--max-bytes', '100000'];
    const exact = JSON.parse((await run([...args, '--json'])).stdout);
    const early = JSON.parse((await run([...args, '--json', '--gap', '50%'])).stdout);
    expect(exact.solver.gap).toBe(0);
    expect(early.settings.gap_tolerance).toBe(0.5);
    expect(early.solver.rounds).toBeLessThan(exact.solver.rounds);
    expect(early.solver.gap).toBeGreaterThan(0);
    expect(early.solver.gap).toBeLessThanOrEqual(0.5);
    expect(early.solver.lower_bound).toBeLessThanOrEqual(exact.solver.objective * (1 + 1e-9));
    expect(early.solver.objective).toBeGreaterThanOrEqual(exact.solver.objective * (1 - 1e-9));
    expect(early.solver.max_violation).toBeLessThan(1e-6);
    const table = (await run([...args, '--gap', '0.5'])).stdout;
    expect(table).toMatch(/stopped early \(--gap 50\.00%\), with a proven gap of (\d+\.\d\d)%: better weights could cut its total slack by at most \1%/);
  }, 60_000);

  it('says, before solving, when the samples are too small to order most of the merges, and what to do', async () => {
    const args = ['infer', '--tokenizer', tok, '--category', 'en=bundled', '--category', 'ru=bundled', '--max-bytes', '10000', '--merges', '400', '--json'];
    const { code, stdout, stderr } = await run(args);
    expect(code, stderr).toBe(0);
    const r = JSON.parse(stdout);
    expect(r.support.min_count).toBe(20);
    expect(r.support.supported_merges).toBeLessThanOrEqual(200); // 10 kB of each sample: the tail of 400 merges is noise
    expect(r.support.last_median).toBeLessThan(20);
    const note = stderr.split('\n').find((l) => l.startsWith('note: '));
    expect(note).toMatch(/^note: (only the first \d+|even the first 100) of the 400 merges analysed occur/);
    expect(r.support.suggested_merges).toBe(Math.max(100, r.support.supported_merges));
    expect(note).toContain(`For a faster run: --merges ${r.support.suggested_merges}, more sample text per category, or --gap 5%.`);
    expect((await run([...args, '--quiet'])).stderr).not.toMatch(/^note: /m);
    // With samples ten times larger, the same merges are supported further, and nothing is said.
    const big = await run(['infer', '--tokenizer', tok, '--category', 'en=bundled', '--category', 'ru=bundled', '--max-bytes', '100000', '--merges', '400', '--json']);
    expect(JSON.parse(big.stdout).support.supported_merges).toBeGreaterThan(r.support.supported_merges);
    expect(big.stderr).not.toMatch(/^note: /m);
  }, 60_000);
});

describe('supportAdvice (what the support note tells the user to do)', () => {
  const range = { start: 0, end: 500 };
  const none = { handAddedEnd: 0, range: false, startOptions: false };
  // Gemma 3 against en, fr, python: its 90 hand-added whitespace merges make the first block rare, the rest is supported.
  const gemma = sampleSupport(Float64Array.from({ length: 500 }, (_, t) => (t < 90 ? 0 : 554)));

  it('advises skipping a leading hand-added run, never fewer merges that are rarer than those analysed', () => {
    expect(gemma).toMatchObject({ supportedFrom: 100, supported: 500 });
    expect(supportNote(gemma)).toBeNull();
    expect(leadingNote(gemma)).not.toBeNull();
    expect(supportAdvice(range, gemma, { ...none, handAddedEnd: 90 })).toBe('To leave them out: --skip-hand-added --merges 410.');
    // without a hand-added finding, or with --range (which --skip-hand-added cannot join), the range after the rare block
    expect(supportAdvice(range, gemma, none)).toBe('To leave them out: --range 100..500.');
    expect(supportAdvice(range, gemma, { ...none, handAddedEnd: 90, range: true })).toBe('To leave them out: --range 100..500.');
  });

  it('with a weak tail as well, keeps the supported merges and leaves out both ends', () => {
    const s = sampleSupport(Float64Array.from({ length: 3000 }, (_, t) => (t < 90 ? 0 : t < 2700 ? 554 : 5)));
    expect(supportAdvice({ start: 0, end: 3000 }, s, { ...none, handAddedEnd: 90 })).toBe('For a faster run: --skip-hand-added --merges 2610, more sample text per category, or --gap 5%.');
  });

  it('counts --merges from the start that --skip-hand-added / --after-shared set, and gives --range otherwise', () => {
    const s = sampleSupport(Float64Array.from({ length: 1000 }, (_, t) => (t < 300 ? 100 : 2)));
    expect(supportAdvice({ start: 0, end: 1000 }, s, none)).toMatch(/^For a faster run: --merges 300, /);
    expect(supportAdvice({ start: 90, end: 1090 }, s, { ...none, startOptions: true })).toMatch(/^For a faster run: --merges 300, /);
    expect(supportAdvice({ start: 5000, end: 6000 }, s, { ...none, range: true })).toMatch(/^For a faster run: --range 5000\.\.5300, /);
  });

  it('suggests no fewer merges when not even the first block is supported (the end of a long list): they are as rare', () => {
    const s = sampleSupport(Float64Array.from({ length: 1000 }, (_, t) => (t < 100 ? 8 : 2)));
    expect(s.supported).toBe(0);
    expect(supportNote(s)).toMatch(/^even the first 100 of the 1,000 merges analysed occur fewer than 20 times/);
    expect(supportAdvice({ start: 235_339, end: 236_339 }, s, { ...none, range: true })).toBe('For a faster run: more sample text per category, or --gap 5%.');
  });
});

describe('mergeprint infer: bad input is exit 2 with one line on standard error', () => {
  const cases: [string, () => string[], RegExp][] = [
    ['one category', () => ['--category', `en=${en}`], /at least two --category/],
    ['a duplicate name', () => ['--category', `en=${en}`, '--category', `en=${ruDir}`], /"en" is given twice/],
    ['a category without "="', () => ['--category', en, '--category', `ru=${ruDir}`], /must be NAME=PATH/],
    ['an empty category', () => ['--category', `en=${en}`, '--category', `none=${join(dir, 'empty.txt')}`], /category "none" has no text/],
    ['a missing file', () => ['--category', `en=${en}`, '--category', `x=${join(dir, 'nope.txt')}`], /cannot read .*nope\.txt.*no such file/],
    ['an unknown bundled category', () => ['--category', `en=${en}`, '--category', 'xx=bundled'], /no bundled category "xx"/],
    ['more merges than the list', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--merges', '401'], /--merges 401 is more than the 400 merges/],
    ['a backwards range', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--range', '300..200'], /300\.\.200 is empty or backwards/],
    ['a range past the end', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--range', '100..500'], /goes past the 400 merges/],
    ['a malformed range', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--range', '1-5'], /must be A\.\.B/],
    ['an unknown engine', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--engine', 'cplex'], /--engine "cplex" is not an engine/],
    ['an unknown method', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--method', 'simplex'], /--method "simplex" is not a method; expected lazy or matching/],
    ['a gap of 100% or more', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--gap', '150%'], /--gap must be a relative gap from 0 up to \(not including\) 1, such as 0\.01 or 1%, got "150%"/],
    ['a gap that is not a number', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--gap', 'small'], /--gap must be a relative gap/],
    ['no competitors per merge', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--competitors', '0'], /--competitors must be a positive whole number, got "0"/],
    ['--merges with --range', () => ['--category', `en=${en}`, '--category', `ru=${ruDir}`, '--range', '0..5', '--merges', '5'], /not both/],
  ];
  it.each(cases)('%s', async (_, args, message) => {
    const { code, stderr } = await run(['infer', '--tokenizer', tok, ...args()]);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
  });
});
