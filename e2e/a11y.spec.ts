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

/** WCAG contrast ratio of two computed colours "rgb(r, g, b)". */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/\d+(\.\d+)?/g)!.slice(0, 3).map((x) => Number(x) / 255).map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

test('tokens are told apart by an edge, not by colour alone, on a projector and in dark mode', async ({ page }) => {
  await page.goto('/#view=tokenize&preset=gpt2');
  await page.getByTestId('tokenize-input').fill('antidisestablishmentarianism 1234567 tokenizers');
  await expect(page.getByTestId('tokens')).toHaveAttribute('data-ready', 'true', { timeout: 30_000 });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const tokens = await page.locator('[role=option]').evaluateAll((els) => els.map((e) => { const s = getComputedStyle(e); return { edge: s.borderTopColor, fill: s.backgroundColor, width: s.borderTopWidth }; }));
    expect(new Set(tokens.map((t) => t.fill)).size).toBeGreaterThan(2);
    for (const t of tokens) {
      expect(t.width).not.toBe('0px');
      expect(t.edge, 'an opaque edge').toMatch(/^rgb\(/);
      expect(contrast(t.edge, t.fill), `${colorScheme}: edge ${t.edge} on ${t.fill}`).toBeGreaterThanOrEqual(3);
    }
  }
});

test('buttons that have nothing left to do keep the keyboard focus, and the token count is not read at every key', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('/#preset=gpt2&categories=en,fr&budget=50000&merges=300');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  // The explorer's "next merge with slack" walked to the end with Enter: focus stays on it, now marked disabled.
  const next = page.getByRole('button', { name: 'next merge with slack →' });
  await next.focus();
  for (let i = 0; i < 400 && (await next.getAttribute('aria-disabled')) !== 'true'; i++) await page.keyboard.press('Enter');
  await expect(next).toHaveAttribute('aria-disabled', 'true');
  await expect(next).toBeFocused();
  const before = await page.getByTestId('explorer-number').inputValue();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('explorer-number')).toHaveValue(before);
  // Clear, pressed from the keyboard, empties the cache and keeps the focus.
  const clear = page.getByTestId('cache-clear');
  await expect(clear).not.toHaveAttribute('aria-disabled', 'true', { timeout: 10_000 });
  await clear.focus();
  await page.keyboard.press('Enter');
  await expect(clear).toHaveAttribute('aria-disabled', 'true');
  await expect(clear).toBeFocused();
  // The Tokenize view's counts line is no live region; a status line says the counts once typing pauses.
  await page.getByRole('tab', { name: 'Tokenize text' }).click();
  await expect(page.getByTestId('token-count')).not.toHaveAttribute('aria-live', /.+/);
  await page.getByTestId('tokenize-input').fill('');
  await page.getByTestId('tokenize-input').pressSequentially('one two', { delay: 20 });
  await expect(page.getByRole('status').filter({ hasText: /^\d+ tokens?, 7 characters\.$/ })).toHaveCount(1, { timeout: 5_000 });
});

test('the keyboard: Home and End on the tabs, and a skip button from the top to Run', async ({ page }) => {
  await page.goto('/#preset=gpt2&categories=en,fr');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  const infer = page.getByRole('tab', { name: 'Infer the mixture' });
  await infer.focus();
  await page.keyboard.press('End');
  await expect(page.getByRole('tab', { name: 'Gallery' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Gallery' })).toHaveAttribute('aria-selected', 'true');
  expect(await page.evaluate(() => window.scrollY)).toBe(0); // End moved the tab, not the page
  await page.keyboard.press('Home');
  await expect(infer).toBeFocused();
  // The first Tab stop of the page skips to Run.
  await page.reload();
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.keyboard.press('Tab');
  const skip = page.getByRole('button', { name: 'Skip to Run' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run')).toBeFocused();
});
