import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { parsePresetIndex } from '../src/lib/core/preset-index.ts';
import { PRESET_PRETOKENIZERS, type PresetName } from '../src/lib/core/presets.ts';
import { makeNormalizer } from '../src/lib/core/normalize.ts';
import { makePreTokenizer } from '../src/lib/core/pre-tokenize.ts';

// Text that trips engines up: scripts, combining marks, emoji sequences, CRLF, NEL, BOM, no-break spaces,
// contractions in capitals, digit runs.
const TRICKY = [
  "DON'T you'LL WE'VE it's 1234567 ١٢٣٤٥ ۱۲۳",
  'naïve café e\u0301 Ω ǅungla Σίσυφος ПРИВЕТ мир',
  '東京タワー 서울 特別市 ไทย हिन्दी العربية עברית',
  '👩🏽\u200d💻 🇫🇷 ✊🏿 a\u0085b\uFEFFc\u00A0d\u3000e',
  'line\r\nnext\rlone\t\ttabs    spaces   \n\n\n  trailing  ',
  'def f(x):\n    return x**2  # ok\n',
].join('\n');

/** Picks a preset in the Infer tab, then shows the tokenization view with that tokenizer loaded. */
async function useTokenizer(page: Page, preset: string, name: string) {
  await page.getByRole('tab', { name: 'Infer the mixture' }).click();
  await page.getByTestId('tokenizer-preset').selectOption(preset);
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Tokenize text' }).click();
  await expect(page.getByTestId('tokens')).toHaveAttribute('data-tokenizer', name, { timeout: 30_000 });
}

test('the page loads offline and pre-tokenizes exactly as the core does in Node', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('http://127.0.0.1:4173')) foreign.push(req.url());
  });
  // Every request of the page load finds its file (the browser's icon request too: a 404 is a console error).
  const failed: string[] = [];
  page.on('response', (res) => { if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`); });
  page.on('requestfailed', (req) => failed.push(`${req.failure()?.errorText} ${req.url()}`));
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'mergeprint' })).toBeVisible();
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  expect(failed).toEqual([]);
  expect(await page.evaluate(() => fetch((document.querySelector('link[rel="icon"]') as HTMLLinkElement).href).then((r) => r.status))).toBe(200);
  const presets = parsePresetIndex(JSON.parse(readFileSync('public/presets/index.json', 'utf8')));
  const nameOf = (id: string) => presets.find((p) => p.id === id)!.name;

  await useTokenizer(page, 'cl100k', nameOf('cl100k'));
  await page.screenshot({ path: 'test-results/pretokenize-default.png', fullPage: true });
  const input = page.getByTestId('tokenize-input');
  await input.fill(TRICKY);
  // A textarea turns CRLF and lone CR into LF (HTML's value normalisation): compare on what the page holds.
  const text = await input.inputValue();
  expect(text).toBe(TRICKY.replace(/\r\n?/g, '\n'));
  for (const preset of ['gpt2', 'cl100k', 'o200k', 'llama3'] as PresetName[]) {
    await useTokenizer(page, preset, nameOf(preset));
    await expect(page.getByTestId('tokens')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
    const spec = PRESET_PRETOKENIZERS[preset];
    const expected = makePreTokenizer(spec.preTokenizer)(makeNormalizer(spec.normalizer)(text));
    await expect(page.getByTestId('token-count')).toContainText(`${expected.length.toLocaleString('en-US')} pieces`);
    const pieces = await page.locator('[data-piece]').evaluateAll((els) => els.map((e) => e.getAttribute('data-piece')));
    expect(pieces, preset).toEqual(expected);
  }
  await page.screenshot({ path: 'test-results/pretokenize-tricky.png', fullPage: true });
  expect(foreign).toEqual([]);
});
