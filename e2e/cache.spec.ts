import { test, expect, type Page } from '@playwright/test';

// Trajectories kept in IndexedDB across page loads, and the settings in the page's address: a link reproduces a run
// (preset, bundled categories, budget, merge range), a bad link says what it dropped.

async function ready(page: Page, url: string) {
  await page.goto(url);
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
}

async function runToResult(page: Page) {
  await page.getByTestId('run').click();
  await expect(page.getByTestId('run')).toBeEnabled({ timeout: 90_000 });
  await expect(page.getByTestId('results-table')).toBeVisible();
}

test('trajectories are reused after a reload, and Clear forgets them', async ({ page }) => {
  const link = '/#preset=gpt2&categories=en,fr&budget=50000&merges=200';
  await ready(page, link);
  await expect(page.getByTestId('cache-summary')).toHaveText(/trajector/, { timeout: 10_000 });
  if (await page.getByTestId('cache-clear').isEnabled()) await page.getByTestId('cache-clear').click();
  await expect(page.getByTestId('cache-summary')).toHaveText('0 trajectories, 0.0 MB');

  await runToResult(page);
  await expect(page.getByTestId('category-progress').filter({ hasText: 'reused' })).toHaveCount(0);
  await expect(page.getByTestId('cache-summary')).toHaveText(/^2 trajectories, \d+\.\d MB$/);

  await page.reload();
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('cache-summary')).toHaveText(/^2 trajectories/);
  await runToResult(page);
  const progress = page.getByTestId('category-progress');
  await expect(progress).toHaveCount(2);
  for (const row of await progress.all()) await expect(row).toContainText('reused (cached)');
  await page.screenshot({ path: 'test-results/cache-reused.png', fullPage: true });

  // A run over fewer merges after a reload takes the stored replays of the longer run: nothing is read again.
  await page.getByTestId('merges').fill('120');
  await expect.poll(() => page.evaluate(() => location.hash)).toContain('merges=120');
  await page.reload();
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await runToResult(page);
  for (const row of await progress.all()) await expect(row).toContainText('reused (cached) from a run over 200 merges');
  await expect(page.getByTestId('cache-summary')).toHaveText(/^2 trajectories/); // nothing new stored
  await expect(page.getByTestId('results-table')).toContainText('the first 120 merges');
  await page.screenshot({ path: 'test-results/cache-reused-longer.png', fullPage: true });

  // Clear forgets them all (stored and of this session): the next run reads the samples again.
  await page.getByTestId('cache-clear').click();
  await expect(page.getByTestId('cache-summary')).toHaveText('0 trajectories, 0.0 MB');
  await runToResult(page);
  await expect(progress.filter({ hasText: 'reused' })).toHaveCount(0);
});

test('a link reproduces the settings, a merge range included, and the address follows changes', async ({ page }) => {
  await ready(page, '/#preset=gpt2&categories=en,de,python&budget=60000&merges=100..300');
  await expect(page.getByTestId('tokenizer-preset')).toHaveValue('gpt2');
  for (const id of ['en', 'de', 'python']) await expect(page.getByTestId(`category-${id}`)).toBeChecked();
  await expect(page.getByTestId('category-fr')).not.toBeChecked();
  await expect(page.getByTestId('budget')).toHaveValue('60000');
  await expect(page.getByTestId('range-start')).toHaveValue('100');
  await expect(page.getByTestId('merges')).toHaveValue('300');
  await expect(page.getByTestId('url-problems')).toHaveCount(0);

  await runToResult(page);
  await expect(page.getByTestId('results-table')).toContainText('merges 100 to 299');
  expect(await page.getByTestId('share').count()).toBe(3);
  await page.screenshot({ path: 'test-results/range-result.png', fullPage: true });

  await page.getByTestId('budget').fill('70000');
  await page.getByTestId('category-fr').check();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#preset=gpt2&categories=en,de,python,fr&budget=70000&merges=100..300');

  // A stop gap travels in the link once it is set (0, exact, is the default and stays out).
  await page.getByTestId('stop-gap').fill('20');
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#preset=gpt2&categories=en,de,python,fr&budget=70000&merges=100..300&gap=20');
  await page.goto('about:blank'); // a fresh load: a change of fragment alone does not reload the page
  await ready(page, '/#preset=gpt2&categories=en,fr&budget=60000&merges=300&gap=35');
  await expect(page.getByTestId('stop-gap')).toHaveValue('35');
  await expect(page.getByTestId('url-problems')).toHaveCount(0);

  // A link opened in the same tab (pasted into the address bar) changes only the fragment: the page follows it,
  // a new preset included, and so do Back and Forward.
  await page.evaluate(() => { location.hash = '#preset=gpt2&categories=de,ru&budget=50000&merges=500'; });
  for (const id of ['de', 'ru']) await expect(page.getByTestId(`category-${id}`)).toBeChecked();
  await expect(page.getByTestId('category-en')).not.toBeChecked();
  await expect(page.getByTestId('budget')).toHaveValue('50000');
  await expect(page.getByTestId('merges')).toHaveValue('500');
  await page.evaluate(() => { location.hash = '#preset=o200k&categories=de&merges=200'; });
  await expect(page.getByTestId('tokenizer-preset')).toHaveValue('o200k');
  await expect(page.getByTestId('tokenizer-name')).toContainText('o200k', { timeout: 30_000 });
  await expect(page.getByTestId('category-ru')).not.toBeChecked();
  await page.goBack();
  await expect(page.getByTestId('tokenizer-preset')).toHaveValue('gpt2');
  await expect(page.getByTestId('tokenizer-name')).toContainText('GPT-2', { timeout: 30_000 });
  await expect(page.getByTestId('category-ru')).toBeChecked();
  await expect(page.getByTestId('merges')).toHaveValue('500');

  // The tab shown is in the address too: a reload opens on it, and a link can open another.
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#view=experiment&preset=gpt2&categories=de,ru&/);
  await page.reload();
  await expect(page.getByRole('tab', { name: 'Experiment' })).toHaveAttribute('aria-selected', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('exp-run')).toBeVisible();
  await page.evaluate(() => { location.hash = '#view=gallery'; });
  await expect(page.getByRole('tab', { name: 'Gallery' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('gallery-table')).toBeVisible({ timeout: 30_000 });
});

test('a link with bad values says which, the page\'s own values stand in, and the note goes once the settings change', async ({ page }) => {
  await ready(page, '/#preset=<script>x</script>&categories=en,klingon&budget=12abc&merges=300..200');
  const problems = page.getByTestId('url-problems');
  await expect(problems).toContainText('there is no preset tokenizer "<script>x</script>"');
  await expect(problems).toContainText('no bundled category "klingon"');
  await expect(problems).toContainText('budget "12abc" must be a whole number of bytes');
  await expect(problems).toContainText('merges "300..200" must be T, A..B with A < B, or A..');
  await expect(page.locator('script:text("x")')).toHaveCount(0);
  // Defaults: cl100k, 300 kB, the first 1000 merges; the good part of the category list is kept.
  await expect(page.getByTestId('tokenizer-preset')).toHaveValue('cl100k');
  await expect(page.getByTestId('budget')).toHaveValue('300000');
  await expect(page.getByTestId('merges')).toHaveValue('1000');
  await expect(page.getByTestId('category-en')).toBeChecked();
  await expect(page.getByTestId('category-fr')).not.toBeChecked();
  await expect.poll(() => page.evaluate(() => location.hash)).toBe('#preset=cl100k&categories=en&budget=300000&merges=1000');
  await page.screenshot({ path: 'test-results/url-problems.png', fullPage: true });
  // Once the user changes a setting, the page's settings are no longer the link's: its problems go.
  await page.getByTestId('category-fr').check();
  await expect(problems).toHaveCount(0);
  // Another bad link opened in the same tab says its own.
  await page.evaluate(() => { location.hash = '#categories=en,zz&merges=abc'; });
  await expect(problems).toContainText('no bundled category "zz"');
  await expect(problems).toContainText('merges "abc" must be T, A..B with A < B, or A..');
  await expect(problems).not.toContainText('klingon');
  // A link to another tab says its problems there too, and they stay while the reader switches tabs.
  await page.goto('/#view=gallery&preset=bogus');
  await expect(page.getByRole('tab', { name: 'Gallery' })).toHaveAttribute('aria-selected', 'true');
  await expect(problems).toContainText('there is no preset tokenizer "bogus"');
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(problems).toContainText('there is no preset tokenizer "bogus"');
});
