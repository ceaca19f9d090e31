import { test, expect } from '@playwright/test';

test('the page loads offline and runs the core in the browser', async ({ page }) => {
  const foreign: string[] = [];
  page.on('request', (req) => {
    if (!req.url().startsWith('http://127.0.0.1:4173')) foreign.push(req.url());
  });
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'mergeprint' })).toBeVisible();
  // " Hello, world" in GPT-2's byte-level alphabet: the space becomes Ġ.
  await expect(page.getByTestId('byte-level')).toHaveText('ĠHello,Ġworld');
  await page.screenshot({ path: 'test-results/smoke.png', fullPage: true });
  expect(foreign).toEqual([]);
});
