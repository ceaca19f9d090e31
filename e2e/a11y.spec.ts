import AxeBuilder from '@axe-core/playwright';
import { test, expect, type Page } from '@playwright/test';

// An accessibility scan (axe-core, the engine of the browsers' own accessibility audits) of every view, in light and
// dark mode, before and after a run: labels, names, roles, contrast, landmarks. Students and lecture audiences use
// screen readers and projectors too.

/** Every violation axe finds on the page as it is (all impacts: there are none today), one line each: rule, impact, where. */
async function violations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')}: ${n.failureSummary?.split('\n')[1]?.trim() ?? v.help}`));
}

async function scanBothSchemes(page: Page): Promise<string[]> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    found.push(...(await violations(page)).map((v) => `${colorScheme}: ${v}`));
  }
  return found;
}

test('every view passes an accessibility scan in light and dark mode, before and after a run and an experiment', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#preset=gpt2&categories=en,fr,python&budget=50000&merges=300');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  const found: string[] = [];
  for (const tab of ['Experiment', 'Tokenize text', 'Gallery', 'Infer the mixture']) {
    await page.getByRole('tab', { name: tab }).click();
    found.push(...(await scanBothSchemes(page)).map((v) => `${tab}: ${v}`));
  }
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  found.push(...(await scanBothSchemes(page)).map((v) => `after a run: ${v}`));
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await page.getByTestId('exp-run').click();
  await expect(page.getByTestId('exp-mse-ours')).toBeVisible({ timeout: 120_000 });
  found.push(...(await scanBothSchemes(page)).map((v) => `after an experiment: ${v}`));
  expect(found).toEqual([]);
});
