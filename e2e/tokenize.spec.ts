import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { makeEncoder } from '../src/lib/core/encode.ts';
import { loadPresetTokenizer, parsePresetIndex } from '../src/lib/core/preset-index.ts';
import type { Tokenizer } from '../src/lib/core/types.ts';

// The Tokenize text tab against the production build: token ids as Node's encoder gives them for the same preset
// file, the picked token's merge, keyboard picking, a large paste, and screenshots in both themes.

const TEXT = [
  "Hello world! DON'T panic: naïve café, e\u0301, 東京タワー, Привет мир, Σίσυφος, 👩🏽\u200d💻 🇫🇷",
  '\tdef f(x):\n        return x**2  # 1234567',
  '',
  'trailing   <|endoftext|>after',
].join('\n');

const presets = parsePresetIndex(JSON.parse(readFileSync('public/presets/index.json', 'utf8')));
const entry = (id: string) => presets.find((p) => p.id === id)!;
const loaded = new Map<string, Tokenizer>();
function nodeTokenizer(id: string): Tokenizer {
  if (!loaded.has(id)) loaded.set(id, loadPresetTokenizer(entry(id), readFileSync(`public/presets/${entry(id).file}`, 'utf8')));
  return loaded.get(id)!;
}

function watchForeign(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => { if (!req.url().startsWith('http://127.0.0.1:4173')) foreign.push(req.url()); });
  return foreign;
}

/** Picks a preset in the Infer tab, shows the Tokenize tab, types `text` and waits for its tokens. */
async function tokenize(page: Page, preset: string, text: string, paste = false): Promise<number[]> {
  await page.getByRole('tab', { name: 'Infer the mixture' }).click();
  await page.getByTestId('tokenizer-preset').selectOption(preset);
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByRole('tab', { name: 'Tokenize text' }).click();
  const tokens = page.getByTestId('tokens');
  await expect(tokens).toHaveAttribute('data-tokenizer', entry(preset).name, { timeout: 30_000 });
  const input = page.getByTestId('tokenize-input');
  // A paste is one input event with the whole text (fill() types it in, which takes minutes for 400 kB).
  if (paste) await input.evaluate((el: HTMLTextAreaElement, t) => { el.value = t; el.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' })); }, text);
  else await input.fill(text);
  await expect(tokens).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  return tokens.locator('[data-id]').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
}

test('token ids are exactly those of the core encoder in Node, for three presets', async ({ page }) => {
  const foreign = watchForeign(page);
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  for (const preset of ['gpt2', 'cl100k', 'o200k']) {
    const expected = makeEncoder(nodeTokenizer(preset)).encode(TEXT);
    expect(expected).toContain(nodeTokenizer(preset).addedTokens.find((a) => a.content === '<|endoftext|>')!.id);
    const shown = await tokenize(page, preset, TEXT);
    expect(shown, preset).toEqual(expected);
    await expect(page.getByTestId('token-count')).toContainText(`${expected.length} tokens`);
    await expect(page.getByTestId('token-count')).toContainText(`${[...TEXT].length} characters`);
    await expect(page.getByTestId('token-count')).toContainText(`${Buffer.byteLength(TEXT)} bytes`);
    // the special token is one token, in its own piece
    await expect(page.locator('[data-piece="<|endoftext|>"] [data-id]')).toHaveCount(1);
  }
  // the full id list, as the CLI's encode prints it
  await page.getByText('All token ids').click();
  await expect(page.getByTestId('token-ids')).toHaveValue(makeEncoder(nodeTokenizer('o200k')).encode(TEXT).join(' '));
  expect(foreign).toEqual([]);
});

test('picking a token shows the merge that made it and its place in the merge list; arrows move the pick', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  const tok = nodeTokenizer('gpt2');
  const ids = await tokenize(page, 'gpt2', TEXT);
  const world = ids.indexOf(tok.tokenToId.get('Ġworld')!);
  expect(world).toBeGreaterThan(0);
  const rank = tok.mergeResult.indexOf(tok.tokenToId.get('Ġworld')!);
  const [left, right] = [tok.vocab[tok.mergeLeft[rank]], tok.vocab[tok.mergeRight[rank]]];
  expect(left + right).toBe('Ġworld');

  // Read aloud as words, not as the marks drawn for sight ("middle dot world").
  await expect(page.getByRole('option', { name: `space world ${tok.tokenToId.get('Ġworld')}`, exact: true })).toHaveAttribute('id', `token-${world}`);
  await page.locator(`#token-${world}`).click();
  const detail = page.getByTestId('token-detail');
  await expect(page.getByTestId('detail-id')).toHaveText(String(tok.tokenToId.get('Ġworld')));
  await expect(page.getByTestId('detail-merge')).toContainText(`merge #${rank.toLocaleString('en-US')} of ${tok.mergeResult.length.toLocaleString('en-US')}`);
  // the merge's two parts, shown as the user's characters (space as ·) and titled with their vocabulary spelling
  const chips = detail.getByTestId('detail-merge').locator('.chip');
  await expect(chips).toHaveCount(3);
  await expect(chips.nth(0)).toHaveAttribute('title', `id ${tok.mergeLeft[rank]}, spelled ${JSON.stringify(left)} in the vocabulary`);
  await expect(chips.nth(1)).toHaveAttribute('title', `id ${tok.mergeRight[rank]}, spelled ${JSON.stringify(right)} in the vocabulary`);
  await expect(chips.nth(2)).toHaveText('·world');
  await expect(page.getByTestId('detail-analysed')).toHaveCount(0); // GPT-2's list needs no repair: one numbering
  await page.screenshot({ path: 'test-results/tokenize-picked.png', fullPage: true });

  // keyboard: the picked token has focus; ArrowRight picks the next one, End the last (the special token)
  await expect(page.locator(`#token-${world}`)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('detail-id')).toHaveText(String(ids[world + 1]));
  await expect(page.locator(`#token-${world + 1}`)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('End');
  await expect(page.getByTestId('detail-id')).toHaveText(String(ids.at(-1)));
  await page.keyboard.press('Home');
  await expect(page.getByTestId('detail-id')).toHaveText(String(ids[0]));

  // a character split across tokens: its tokens show bytes and the group shows the character
  const east = page.locator('ruby', { hasText: '東' }).first();
  await expect(east.locator('[data-id]').first()).toContainText('<0x');

  // the special token explains itself
  await page.locator('[data-piece="<|endoftext|>"] [data-id]').click();
  await expect(page.getByTestId('detail-merge')).toContainText('added (special) token');

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/tokenize-dark.png', fullPage: true });
});

test('a large paste is encoded whole; only the first 2,000 tokens are drawn', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  const big = Array.from({ length: 3000 }, (_, i) => `Line ${i}: ${TEXT.replace('<|endoftext|>', '')}`).join('\n');
  const ids = await tokenize(page, 'cl100k', big, true);
  const expected = makeEncoder(nodeTokenizer('cl100k')).encode(big);
  expect(ids).toEqual(expected.slice(0, 2000));
  await expect(page.getByTestId('token-count')).toContainText(`${expected.length.toLocaleString('en-US')} tokens`);
  await expect(page.getByTestId('token-cut')).toContainText(`first 2,000 of ${expected.length.toLocaleString('en-US')} tokens`);
  // editing the text after the paste is answered with the new text's tokens
  await page.getByTestId('tokenize-input').fill('short text');
  await expect(page.getByTestId('tokens')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('token-count')).toContainText(`${makeEncoder(nodeTokenizer('cl100k')).encode('short text').length} tokens`);
});

test("a repaired list's numbering is given beside the loaded one: the Infer tab's ranges count in it", async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  const ids = await tokenize(page, 'llama2', ' unbelievable');
  const tok = nodeTokenizer('llama2');
  const last = ids.length - 1;
  const loadedRank = tok.mergeResult.indexOf(ids[last]);
  expect(loadedRank).toBeGreaterThan(0);
  await page.locator(`#token-${last}`).click();
  await expect(page.getByTestId('detail-merge')).toContainText(`merge #${loadedRank.toLocaleString('en-US')} of 61,249 (counting from 0) in the list as loaded`);
  const analysed = page.getByTestId('detail-analysed');
  await expect(analysed).toContainText(/In the repaired list the Infer tab analyses \(one merge per token, in training order\) it is merge #[\d,]+ of 29,612/);
  const repairedRank = Number((await analysed.locator('strong').textContent())!.replace(/merge #|of .*|,/g, '').trim());
  expect(repairedRank).toBeLessThan(29_612);
});
