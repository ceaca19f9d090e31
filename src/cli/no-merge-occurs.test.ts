// When no analysed merge occurs in any sample: the message says what is known (the merges, the sample size, how
// many merges are made of bytes or characters no sample holds), the likely causes in the order that evidence
// suggests, and what to do. Seen by infer and by gallery (Llama 3's merges after cl100k's, where the tester read it).
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { absentMergesNote, mergesFromUnseenSymbols, mergesUsingLaterTokens, noMergeOccursMessage, PAGE_WORDING, trajectorySymbols } from '../lib/core/infer-mixture.ts';
import { runCli as run } from '../test-support/run-cli.ts';

const root = join(import.meta.dirname, '../..');

describe('mergesFromUnseenSymbols', () => {
  it('counts the merges of the range whose token is built from a symbol no sample holds', () => {
    // Symbols a=0, b=1, c=2; merges ab=3 (a+b), abc=4 (ab+c), aa=5 (a+a); samples hold only a and b.
    const merges = { left: [0, 3, 0], right: [1, 2, 0], result: [3, 4, 5] };
    const tables = [{ symbols: Int32Array.from([0, 1, 1]) }, { symbols: Int32Array.from([1, 0]) }];
    expect(mergesFromUnseenSymbols(merges, { start: 0, end: 3 }, tables)).toBe(1); // abc
    expect(mergesFromUnseenSymbols(merges, { start: 2, end: 3 }, tables)).toBe(0); // aa alone
  });
});

describe('noMergeOccursMessage', () => {
  it('late in the list with every symbol in the samples: too small samples first, with how far down, then what to do', () => {
    const m = noMergeOccursMessage({ start: 100_000, end: 100_200 }, 1_200_000, 0);
    expect(m).toMatch(/^none of merges 100000\.\.100200 occurs in any sample \(1\.2 MB in all\)/);
    expect(m).toContain('the samples hold every byte or character these merges are made of');
    expect(m).toMatch(/most likely first: the samples are too small for merges this far down the list \(after the first 100,000[^;]*\); the samples are in another script or language[^;]*; the pre-tokenizer/);
    expect(m).toMatch(/Give more text per category \(a larger --max-bytes where it cut the samples\), or analyse an earlier range of merges\.$/);
    expect(m).not.toMatch(/share nothing/);
  });

  it('most merges made of symbols no sample holds: another script or language first', () => {
    const m = noMergeOccursMessage({ start: 100_000, end: 100_200 }, 1_200_000, 195);
    expect(m).toContain('195 of these 200 merges make a token from a byte or character that occurs in no sample');
    expect(m).toMatch(/most likely first: the samples are in another script or language/);
    expect(m).toMatch(/Add categories of the languages these merges were learnt from/);
  });

  it('the first merges of a list: a pre-tokenizer that splits otherwise first, small samples last', () => {
    const m = noMergeOccursMessage({ start: 0, end: 50 }, 20_000, 0);
    expect(m).toMatch(/^none of merges 0\.\.50 occurs in any sample \(20 kB in all\)/);
    expect(m).toMatch(/most likely first: the pre-tokenizer .*; the samples are in another script .*; the samples are too small\./);
  });
});

describe('as the command line says it', () => {
  it('infer: GPT-2 merges 49000..49200 against 40 kB of English and French', async () => {
    const { code, stderr } = await run(['infer', '--tokenizer', 'gpt2', '--range', '49000..49200', '--category', 'en=bundled', '--category', 'fr=bundled', '--max-bytes', '20000']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/none of merges 49000\.\.49200 occurs in any sample \(40 kB in all\)/);
    expect(stderr).toMatch(/most likely first: the samples are too small for merges this far down the list \(after the first 49,000/);
    expect(stderr).toContain('--max-bytes');
  });

  it("gallery: Llama 3's first own merges (after cl100k's) against en, fr, python, de say which merges and why", async () => {
    if (!existsSync(join(root, 'public/presets/index.json'))) execFileSync('node', [join(root, 'scripts/build-presets.mjs')], { stdio: 'ignore' });
    const { code, stdout, stderr } = await run(['gallery', '--presets', 'llama3', '--merges', '200', '--categories', 'en,fr,python,de', '--max-bytes', '300000', '--json']);
    expect(code, stderr).toBe(0);
    const [skipped] = JSON.parse(stdout).skipped;
    expect(skipped.id).toBe('llama3');
    // Its first 200 own merges are Devanagari, Arabic, Thai, Cyrillic, ...: bytes that these samples do not hold.
    expect(skipped.reason).toMatch(/^analysing 200 merges after the first 100,000, which are .*cl100k.*'s: none of merges 100000\.\.100200 occurs in any sample \(1\.2 MB in all\)/);
    expect(skipped.reason).toMatch(/\d+ of these 200 merges make a token from a byte or character that occurs in no sample\. Likely causes, most likely first: the samples are in another script or language/);
  }, 120_000);
});

describe('absentMergesNote and the page wording', () => {
  it('warns above 5% of the analysed merges absent, and names the range as the page does', () => {
    expect(absentMergesNote(50, 1000)).toBeNull();
    expect(absentMergesNote(262, 1000)).toBe('262 of the 1,000 merges analysed occur in no sample: only slack explains them; is a category of the training data missing?');
    const m = noMergeOccursMessage({ start: 49_900, end: 50_000 }, 40_000, 0, PAGE_WORDING);
    expect(m).toMatch(/^none of merges 49,900 to 49,999 occurs in any sample \(40 kB in all\)/);
    expect(m).toContain('a larger byte budget');
    expect(m).not.toContain('--max-bytes');
  });

  it('reads the symbols of a trajectory off its pairs', () => {
    // Pairs (1, 2) and (2, 7) with stride 10: symbols 1, 2, 7.
    const s = trajectorySymbols({ pairKeys: Float64Array.from([1 * 10 + 2, 2 * 10 + 7]), stride: 10 });
    expect([...s.symbols].sort((a, b) => a - b)).toEqual([1, 2, 7]);
  });
});

describe('a list out of training order', () => {
  it('counts the merges that use a token only a later merge makes, and says to analyse the repaired list', () => {
    // ab+c -> abc, a+b -> ab: the first merge uses "ab", which only the second makes.
    const merges = { left: Int32Array.from([3, 0]), right: Int32Array.from([2, 1]), result: Int32Array.from([4, 3]) };
    expect(mergesUsingLaterTokens(merges, { start: 0, end: 2 })).toBe(1);
    expect(mergesUsingLaterTokens(merges, { start: 1, end: 2 })).toBe(0);
    const m = noMergeOccursMessage({ start: 0, end: 300 }, 200_000, 300, undefined, 300);
    expect(m).toBe('none of merges 0..300 occurs in any sample (200 kB in all): each of these merges uses a token that only a later merge of the list ' +
      'makes, so the list is not in training order and those merges can never fire, however much text is given. ' +
      'Analyse the repaired list, which puts the merges in training order (drop --no-repair).');
  });
});
