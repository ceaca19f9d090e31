import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { parseGalleryResults, SUGGESTED_PAIRS } from '../src/lib/core/gallery.ts';
import { watchForeign } from './offline.ts';

// The Gallery tab over the committed public/gallery/results.json: every preset in the table, one click on a
// suggested pair shows those two side by side, the pickers change a side, the caveats are there; light and dark.
const results = parseGalleryResults(JSON.parse(readFileSync('public/gallery/results.json', 'utf8')));
const nameOf = (id: string) => results.presets.find((p) => p.id === id)!.name;

for (const scheme of ['light', 'dark'] as const) {
  test(`gallery: the table, a suggested pair side by side, the pickers (${scheme})`, async ({ page }) => {
    const foreign = watchForeign(page);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto('/');
    await page.getByRole('tab', { name: 'Gallery' }).click();
    const panel = page.locator('#panel-gallery');
    await expect(panel.getByRole('heading', { name: /Gallery: what were released tokenizers trained on/ })).toBeVisible();
    const rows = panel.getByTestId('gallery-table').locator('tbody tr');
    await expect(rows).toHaveCount(results.presets.length);
    for (const p of results.presets) await expect(panel.getByTestId('gallery-table')).toContainText(p.name);

    const pairs = SUGGESTED_PAIRS.filter((p) => results.presets.some((x) => x.id === p.a) && results.presets.some((x) => x.id === p.b));
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of [...pairs].reverse()) {
      const button = panel.getByRole('button', { name: `${nameOf(pair.a)} vs ${nameOf(pair.b)}` });
      await button.click();
      await expect(button).toHaveAttribute('aria-pressed', 'true');
      const cards = panel.locator('.side-by-side article');
      await expect(cards).toHaveCount(2);
      await expect(cards.nth(0)).toHaveAttribute('data-preset', pair.a);
      await expect(cards.nth(1)).toHaveAttribute('data-preset', pair.b);
      await expect(cards.nth(0).getByRole('img')).toHaveAttribute('aria-label', /English [\d.]+% here/);
      // The same figures as a table for screen readers (visually hidden).
      await expect(cards.nth(1).getByRole('table')).toContainText(/English\s*[\d.]+%/);
    }
    await expect(panel.locator('.diff')).toContainText(`${nameOf(pairs[0].b)} minus ${nameOf(pairs[0].a)}`);
    // cl100k's other languages are implied by its published English and code (100 - 34.3 - 62.6): the pair has a figure.
    await expect(panel.locator('.diff')).toContainText(/other languages [+−][\d.]+ points here \(published \+35\.9 points, from implied figures\)/);

    // A picker changes one side; a tokenizer name in the table shows it on the right.
    const last = results.presets[results.presets.length - 1];
    await panel.getByLabel('Left').selectOption(last.id);
    await expect(panel.locator('.side-by-side article').nth(0)).toHaveAttribute('data-preset', last.id);
    await panel.getByTestId('gallery-table').getByRole('button', { name: results.presets[0].name }).click();
    await expect(panel.locator('.side-by-side article').nth(1)).toHaveAttribute('data-preset', results.presets[0].id);

    await expect(panel.getByRole('heading', { name: 'Why ours differ from the published figures' })).toBeVisible();
    await expect(panel).toContainText('npm run gallery');
    await panel.getByRole('button', { name: `${nameOf(pairs[0].a)} vs ${nameOf(pairs[0].b)}` }).click();
    await page.screenshot({ path: `test-results/gallery-${scheme}.png`, fullPage: true });
    await page.setViewportSize({ width: 420, height: 900 });
    await page.screenshot({ path: `test-results/gallery-narrow-${scheme}.png`, fullPage: true });
    expect(foreign).toEqual([]);
  });
}

test('a tab picked while the page is still loading stays picked', async ({ page }) => {
  // The presets' index is slow to come: the reader picks the Gallery in the meantime.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await page.route('**/presets/index.json', async (route) => { await held; await route.continue(); });
  await page.goto('/');
  await page.getByRole('tab', { name: 'Gallery' }).click();
  release();
  await expect(page.getByTestId('tokenizer-name')).toBeAttached({ timeout: 30_000 });
  await expect(page.getByRole('tab', { name: 'Gallery' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator('#panel-gallery')).toBeVisible();
});
