import { test, expect, type Page } from '@playwright/test';

// The lecture demo (issue 4 §5, §10): from a fresh page, the Experiment tab trains a tokenizer on a seeded mixture of
// three bundled categories, attacks it and shows the truth beside the estimate with log10 MSE and the baselines.
//
// The bound: with the defaults (en, fr, python; 600 kB of training text, 500 merges, 300 kB samples, GPT-2's
// pre-tokenizer), `mergeprint experiment --categories en,fr,python --weights random --seed 1 --train-bytes 600000
// --merges 500 --sample-bytes 300000` gives log10 MSE -3.29 on every run (the pipeline is deterministic, and this
// page gives the same figure); seeds 1-10 gave -1.70 .. -5.35 (median -3.8; the worst, seed 7, puts 98% on Python and
// leaves English 0.3%), and the best baseline of each seed -0.81 .. -2.45. -2.5 (a typical error of about 5.6 points)
// leaves room for a change of the solver's tie-breaks without letting a broken attack (baseline level, -0.78 .. -1.78
// on this instance) pass.
const MSE_BOUND = -2.5;
const ORIGIN = 'http://127.0.0.1:4173';

function watchForeign(page: Page): string[] {
  const foreign: string[] = [];
  page.on('request', (req) => { if (!req.url().startsWith(ORIGIN) && !req.url().startsWith('data:')) foreign.push(req.url()); });
  return foreign;
}

async function openExperiment(page: Page) {
  await page.goto('/');
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(page.getByTestId('exp-category-python')).toBeVisible({ timeout: 30_000 });
}

/** A log10 MSE as the page shows it, with a true minus sign ("−3.29"). */
const mseOf = (text: string | null) => Number.parseFloat(text!.replace('\u2212', '-'));

const percents = async (page: Page, testId: string) =>
  (await page.getByTestId(testId).allTextContents()).map((s) => (s.startsWith('<') ? 0 : Number.parseFloat(s))); // "<0.1%": tiny

test('the lecture demo: experiment mode recovers a seeded 3-category mixture with log10 MSE under the bound', async ({ page }) => {
  const foreign = watchForeign(page);
  await openExperiment(page);
  // The defaults are the demo: English, French and Python, random weights (seed 29); the bound above was measured
  // with seed 1, which this test sets.
  await expect(page.locator('[data-testid^="exp-category-"]:checked')).toHaveCount(3);
  for (const id of ['en', 'fr', 'python']) await expect(page.getByTestId(`exp-category-${id}`)).toBeChecked();
  await expect(page.getByTestId('exp-mode-random')).toBeChecked();
  await page.getByTestId('exp-seed').fill('1');
  const weights: number[] = [];
  for (const id of ['en', 'fr', 'python']) weights.push(Number.parseFloat((await page.getByTestId(`exp-weight-value-${id}`).textContent())!));
  expect(weights.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);

  // Long tasks of the page's own thread during the run, printed (not asserted): the heavy work is in workers.
  await page.evaluate(() => {
    const w = window as unknown as { longTasks: number[] };
    w.longTasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) w.longTasks.push(e.duration); }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.getByTestId('exp-run').click();
  await expect(page.getByTestId('exp-cancel')).toBeVisible();
  // The page answers while the workers run: switch tabs and back, and keep a picture of the progress.
  await page.getByRole('tab', { name: 'Infer the mixture' }).click();
  await expect(page.getByRole('tab', { name: 'Infer the mixture' })).toHaveAttribute('aria-selected', 'true');
  await page.getByRole('tab', { name: 'Experiment' }).click();
  await expect(page.getByTestId('exp-stage-read')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await page.screenshot({ path: 'test-results/experiment-running.png', fullPage: true });
  await expect(page.getByTestId('exp-result')).toBeVisible({ timeout: 60_000 });
  console.log(`experiment demo (en, fr, python, seed 1, defaults): ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const longTasks = await page.evaluate(() => (window as unknown as { longTasks: number[] }).longTasks);
  console.log(`page-thread tasks over 50 ms during the run: ${longTasks.length}${longTasks.length ? `, longest ${Math.max(...longTasks).toFixed(0)} ms` : ''}`);
  for (const stage of ['read', 'train', 'attack', 'solve']) await expect(page.getByTestId(`exp-stage-${stage}`)).toHaveAttribute('data-state', 'done');

  // The truth is the seeded draw (up to the lines cut at each category's budget); both columns sum to 100%.
  const truth = await percents(page, 'exp-truth'), estimate = await percents(page, 'exp-estimate');
  truth.forEach((t, i) => expect(Math.abs(t - weights[i])).toBeLessThan(0.3));
  // Rounded as the Infer tab rounds (largest remainder): each column adds up to 100.0%, not 100.1%.
  expect(Math.round(truth.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
  expect(Math.round(estimate.reduce((a, b) => a + b, 0) * 10)).toBe(1000);
  await expect(page.getByTestId('exp-slack-gap')).toContainText('not the error of the shares');

  const ours = mseOf(await page.getByTestId('exp-mse-ours').textContent());
  console.log(`log10 MSE of the estimate: ${ours}`);
  expect(ours).toBeLessThan(MSE_BOUND);
  for (const b of ['random', 'uniform', 'tee', 'tc']) {
    expect(mseOf(await page.getByTestId(`exp-mse-${b}`).textContent())).toBeGreaterThan(ours);
  }
  await expect(page.getByTestId('exp-result').locator('svg[data-chart="shares"] g.row rect.truth')).toHaveCount(3);
  await expect(page.getByTestId('exp-limits')).toContainText('What limits it here');
  await expect(page.getByTestId('exp-stopped-early')).toHaveCount(0); // solved exactly: the stop gap is 0 by default
  await page.screenshot({ path: 'test-results/experiment-result.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/experiment-result-dark.png', fullPage: true });
  // Another draw moves the setup on: the result below is said to be the earlier one's.
  await expect(page.getByTestId('exp-earlier-result')).toHaveCount(0);
  await page.getByRole('button', { name: 'Another draw' }).click();
  await expect(page.getByTestId('exp-earlier-result')).toContainText('The result below is from earlier settings (weights random, seed');
  expect(foreign).toEqual([]);
});

test('experiment mode: Cancel stops a run at once; hand-set weights renormalise and all zeros are refused', async ({ page }) => {
  // The page's clock is moved past the swap guard's half second (a press that soon after Run's is taken for the rest
  // of it, RunCancelButton) without waiting for it: on a fast machine the whole run takes about 3 s, and a retried
  // Cancel landed in the solver or after the end. So the cancel lands while the text is read, every time.
  await page.clock.install();
  await openExperiment(page);
  await page.getByTestId('exp-run').click();
  await page.clock.fastForward(600);
  await page.getByTestId('exp-cancel').click();
  await expect(page.getByTestId('exp-run')).toBeEnabled();
  await expect(page.getByTestId('exp-stage-read')).toHaveAttribute('data-state', 'cancelled');
  await expect(page.locator('[data-testid^="exp-stage-"][data-state="cancelled"]')).toHaveCount(1);
  // The stages after it say they will not run; none is left waiting or running.
  await expect(page.locator('[data-testid^="exp-stage-"][data-state="skipped"]').first()).toContainText('not run');
  await expect(page.locator('[data-testid^="exp-stage-"][data-state="waiting"], [data-testid^="exp-stage-"][data-state="running"]')).toHaveCount(0);
  await expect(page.getByTestId('exp-result')).toHaveCount(0);

  // Hand-set weights start from the drawn ones, then follow the sliders, renormalised.
  await page.getByTestId('exp-mode-manual').check();
  await page.getByTestId('exp-weight-en').fill('60');
  await page.getByTestId('exp-weight-fr').fill('20');
  await page.getByTestId('exp-weight-python').fill('20');
  await expect(page.getByTestId('exp-weight-value-en')).toHaveText('60.0%');
  await page.getByTestId('exp-weight-python').fill('0');
  await expect(page.getByTestId('exp-weight-value-en')).toHaveText('75.0%');
  await expect(page.getByTestId('exp-weight-value-fr')).toHaveText('25.0%');
  for (const id of ['en', 'fr']) await page.getByTestId(`exp-weight-${id}`).fill('0');
  await expect(page.getByRole('alert')).toContainText('Every weight is zero');
  await expect(page.getByTestId('exp-run')).toBeDisabled();
});

test('experiment mode: a stop gap ends the solve at a proven gap, and the result says so', async ({ page }) => {
  await openExperiment(page);
  await page.getByTestId('exp-seed').fill('1');
  await page.getByTestId('exp-stop-gap').fill('50');
  await page.getByTestId('exp-run').click();
  await expect(page.getByTestId('exp-result')).toBeVisible({ timeout: 60_000 });
  const note = page.getByTestId('exp-stopped-early');
  await expect(note).toContainText('Stopped early, as asked (at a gap of 50.00% or less): this fit has a proven gap of');
  const proven = Number.parseFloat(/proven gap of ([\d.]+)%/.exec((await note.textContent())!)![1]);
  expect(proven).toBeGreaterThan(0);
  expect(proven).toBeLessThanOrEqual(50);
  // The estimate is still a full result: shares summing to 100% and a score.
  expect((await percents(page, 'exp-estimate')).reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  expect(Number.isFinite(mseOf(await page.getByTestId('exp-mse-ours').textContent()))).toBe(true);
  await page.screenshot({ path: 'test-results/experiment-stopped-early.png', fullPage: true });
  await page.emulateMedia({ colorScheme: 'dark' });
  await note.screenshot({ path: 'test-results/experiment-stopped-early-dark.png' });
  await page.emulateMedia({ colorScheme: 'light' });

  // Out of range: refused before any worker starts, with what to do.
  await page.getByTestId('exp-stop-gap').fill('100');
  await page.getByTestId('exp-run').click();
  await expect(page.getByText('The stop gap must be a percentage from 0 (solve exactly) up to, not including, 100.')).toBeVisible();
  await expect(page.getByTestId('exp-result')).toBeVisible(); // the last result stays
});

test('a Run pressed as soon as the page has loaded is taken (the double-press guard starts at the first swap)', async ({ page }) => {
  const foreign = watchForeign(page);
  // The page's clock stands still from the load on, so the press comes "at once" after the buttons mounted, as a
  // quick hand or a script would press it: the guard against a double press must not take it for one.
  await page.clock.install();
  await page.clock.pauseAt(Date.now() + 1000);
  await page.goto('/#view=experiment');
  await page.getByTestId('exp-run').click();
  await expect(page.getByTestId('exp-result')).toBeVisible({ timeout: 60_000 });
  expect(foreign).toEqual([]);
});

test('experiment mode: the truth beside the estimate is brought into view when it arrives', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await openExperiment(page);
  await page.getByTestId('exp-run').click();
  const heading = page.getByRole('heading', { name: '3. Truth beside estimate' });
  await expect(heading).toBeVisible({ timeout: 60_000 });
  await expect(heading).toBeInViewport();
});
