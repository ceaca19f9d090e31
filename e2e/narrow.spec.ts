import { test, expect, type Page } from '@playwright/test';

// On a phone (360 px wide) no view may scroll sideways: long names wrap, wide tables scroll in their own box, and the
// progress lines and charts fit the screen. Checked on every tab, before and after a run.

/** How far the page reaches past the right edge of the screen, in px (0: it does not scroll sideways). */
const overflow = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('on a 360 px phone no view scrolls sideways, before or after a run', async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 800 });
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  expect(await overflow(page)).toBe(0);

  // A finished inference: its table is wider than the screen and scrolls in its own box, with the page still.
  await page.getByTestId('merges').fill('300');
  await page.getByTestId('budget').fill('100000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('solver-progress')).toContainText('done');
  expect(await overflow(page)).toBe(0);
  const box = page.getByRole('region', { name: 'Estimated shares' });
  expect(await box.evaluate((e) => e.scrollWidth > e.clientWidth)).toBe(true);

  await page.getByRole('tab', { name: 'Tokenize text' }).click();
  await page.getByTestId('tokenize-input').fill('Hello world, and a_very_long_identifier_that_cannot_break_anywhere_at_all');
  await expect(page.getByTestId('tokenize-input')).toHaveValue(/identifier/);
  expect(await overflow(page)).toBe(0);

  await page.getByRole('tab', { name: 'Gallery' }).click();
  await expect(page.getByTestId('gallery-table')).toBeVisible({ timeout: 30_000 });
  expect(await overflow(page)).toBe(0);

  // A finished experiment: stage lines, sliders, the chart and the table with every baseline.
  await page.getByRole('tab', { name: 'Experiment' }).click();
  expect(await overflow(page)).toBe(0);
  await page.getByRole('button', { name: 'Train and attack' }).click();
  await expect(page.getByTestId('exp-table')).toBeVisible({ timeout: 120_000 });
  expect(await overflow(page)).toBe(0);
  await page.screenshot({ path: 'test-results/narrow-experiment.png', fullPage: true });
});
