import { readFileSync } from 'node:fs';
import { test, expect } from '@playwright/test';
import { watchForeign } from './offline.ts';

// The result view after a small preset inference (gpt2, 300 merges, English, French and Python at 200 kB each):
// sorting the table with the mouse and the keyboard, the merge explorer (token search, counts per category,
// competitors, slider, a click on the slack chart), and the slack chart saved as SVG and PNG.

const numbers = (texts: string[]) => texts.map((s) => (s.startsWith('<') ? 0.05 : Number.parseFloat(s.replace(/,/g, '')))); // "<0.1%"

test('sorting, the merge explorer and the slack chart downloads', async ({ page }) => {
  const foreign = watchForeign(page);
  await page.goto('/');
  await expect(page.getByTestId('tokenizer-name')).toBeVisible({ timeout: 30_000 });
  await page.getByTestId('tokenizer-preset').selectOption('gpt2');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByTestId('merges').fill('300');
  await page.getByTestId('budget').fill('200000');
  for (const id of ['en', 'fr', 'python']) await expect(page.getByTestId(`category-${id}`)).toBeChecked();
  await page.getByTestId('run').click();
  const table = page.getByTestId('results-table');
  await expect(table).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('few-merges')).toHaveCount(0); // 300 merges: no caution
  // The same run as a command line, every setting spelled out (the CLI's defaults differ).
  const cli = page.getByTestId('cli-equivalent').locator('code');
  await expect(cli).toHaveText(/^npm run --silent mergeprint -- infer --tokenizer gpt2 --merges 300 --max-bytes 200000( --category (en|fr|python)=bundled){3}$/);
  for (const id of ['en', 'fr', 'python']) await expect(cli).toContainText(`--category ${id}=bundled`);

  // 1. Sorting: by share (largest first, then reversed), by name, by alpha from the keyboard.
  const header = (column: string) => table.locator(`th[data-column="${column}"]`);
  const names = () => table.getByTestId('result-name').allTextContents();
  await expect(header('share')).toHaveAttribute('aria-sort', 'none');
  await header('share').getByRole('button').click();
  await expect(header('share')).toHaveAttribute('aria-sort', 'descending');
  const shares = numbers(await table.getByTestId('share').allTextContents());
  expect(shares).toEqual([...shares].sort((a, b) => b - a));
  await header('share').getByRole('button').click();
  await expect(header('share')).toHaveAttribute('aria-sort', 'ascending');
  expect(numbers(await table.getByTestId('share').allTextContents())).toEqual([...shares].reverse());
  await header('name').getByRole('button').click();
  await expect(header('name')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('share')).toHaveAttribute('aria-sort', 'none');
  expect(await names()).toEqual(['English', 'French', 'Python']);
  await header('alpha').getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(header('alpha')).toHaveAttribute('aria-sort', 'descending');
  const alphas = numbers(await table.locator('tbody td:nth-of-type(1)').allTextContents());
  expect(alphas).toEqual([...alphas].sort((a, b) => b - a));
  await expect(table.getByTestId('share-total')).toHaveText('100.0%');

  // 2. The explorer opens at the merge with the largest slack, which the slack chart marks.
  const explorer = page.getByTestId('merge-explorer');
  const number = explorer.getByTestId('explorer-number');
  const marked = page.getByTestId('slack-chart').locator('svg text', { hasText: /^merge [\d,]+$/ });
  await expect(marked).toHaveCount(1);
  expect(Number((await marked.textContent())!.replace(/\D/g, ''))).toBe(Number(await number.inputValue()));
  // The slider says which merge it is on, not just its position.
  await expect(explorer.getByTestId('explorer-slider')).toHaveAttribute('aria-valuetext', new RegExp(`^merge ${Number(await number.inputValue()).toLocaleString('en-US')}: .+ \\+ .+, with slack$`));

  // 3. Search a token: " the" (a leading space) is the exact match, listed first; picking it shows the merge.
  await explorer.getByTestId('explorer-search').fill(' the');
  const first = explorer.getByTestId('explorer-match').first();
  await expect(first).toContainText('␣the');
  await expect(explorer.getByTestId('explorer-match-count')).toContainText('produced a token containing it');
  await first.click();
  const picked = Number((await first.locator('span').textContent())!.replace(/\D/g, ''));
  await expect(number).toHaveValue(String(picked));
  await expect(explorer.getByTestId('explorer-merge')).toContainText(`merge #${picked}:`);
  await expect(explorer.getByTestId('explorer-merge')).toContainText('→ ␣the');
  await expect(explorer.getByTestId('explorer-verdict')).not.toBeEmpty();

  // Counts of the merge's pair in each category: three rows, English holds " the" far more often than Python.
  const counts = explorer.getByTestId('explorer-counts');
  await expect(counts.locator('tbody tr')).toHaveCount(3);
  const perCategory = numbers(await counts.locator('tbody td:nth-of-type(2)').allTextContents());
  const rowNames = await counts.locator('tbody th').allTextContents();
  const count = (name: string) => perCategory[rowNames.indexOf(name)];
  expect(count('English')).toBeGreaterThan(0);
  expect(count('English')).toBeGreaterThan(count('Python'));
  // Competitors: ranked by the weighted count, largest first, each with a constraint status.
  const competitors = explorer.getByTestId('explorer-competitor');
  expect(await competitors.count()).toBeGreaterThanOrEqual(3);
  const ranked = explorer.getByTestId('explorer-competitor').filter({ has: page.locator('td:first-child', { hasText: /^\d+$/ }) });
  const weighted = numbers(await ranked.locator('td:nth-of-type(2)').allTextContents());
  expect(weighted).toEqual([...weighted].sort((a, b) => b - a));
  for (const status of await competitors.locator('td:last-child').allTextContents()) expect(['active', 'holds']).toContain(status);
  await page.screenshot({ path: 'test-results/results-explorer.png', fullPage: true });
  await explorer.screenshot({ path: 'test-results/results-explorer-detail.png' });

  // 4. The slider moves one merge per arrow key; a click on the slack chart picks the merge it marks.
  await explorer.getByTestId('explorer-slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect(number).toHaveValue(String(picked + 1));
  const slackSvg = page.getByTestId('slack-chart').locator('svg');
  const box = (await slackSvg.boundingBox())!;
  await slackSvg.click({ position: { x: box.width * 0.3, y: box.height * 0.5 } });
  await expect(number).not.toHaveValue(String(picked + 1));
  expect(Number((await marked.textContent())!.replace(/\D/g, ''))).toBe(Number(await number.inputValue()));
  // The keyboard way along the slack: the next merge with slack is after this one and the chart marks it too.
  const before = Number(await number.inputValue());
  const next = explorer.getByRole('button', { name: 'next merge with slack →' });
  await expect(next).toBeEnabled(); // this run has slack up to the end of the list
  await next.focus();
  await page.keyboard.press('Enter');
  await expect(number).not.toHaveValue(String(before));
  expect(Number(await number.inputValue())).toBeGreaterThan(before);
  expect(Number((await marked.textContent())!.replace(/\D/g, ''))).toBe(Number(await number.inputValue()));

  // 5. The slack chart as SVG and PNG.
  const fetchDownload = async (name: string) => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name, exact: true }).click()]);
    return { file: download.suggestedFilename(), bytes: readFileSync((await download.path())!) };
  };
  const svg = await fetchDownload('SVG of the slack chart');
  expect(svg.file).toBe('mergeprint-slack.svg');
  const text = svg.bytes.toString('utf8');
  expect(text).toMatch(/^(<\?xml[^>]*>\s*)?<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(text).toContain('merge (position in the merge list)');
  expect(text).not.toContain('class=');
  const png = await fetchDownload('PNG of the slack chart');
  expect(png.file).toBe('mergeprint-slack.png');
  expect([...png.bytes.subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(text)![1]);
  expect(png.bytes.readUInt32BE(16)).toBe(svgWidth * 2); // IHDR width: twice the chart's size
  await expect(page.getByRole('button', { name: 'PNG of the convergence chart', exact: true })).toBeEnabled();

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: 'test-results/results-explorer-dark.png', fullPage: true });
  await page.getByTestId('slack-chart').screenshot({ path: 'test-results/results-slack-dark.png' });
  await explorer.screenshot({ path: 'test-results/results-explorer-detail-dark.png' });
  expect(foreign).toEqual([]);
});

test('a run over a few merges comes with a caution above its shares', async ({ page }) => {
  await page.goto('/#preset=gpt2&categories=en,fr&merges=0..20');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByTestId('budget').fill('100000');
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  const note = page.getByTestId('few-merges');
  await expect(note).toContainText('Only the first 20 merges analysed: so few merges say little about the mixture');
  // It comes before the shares, which a class reads first.
  const noteBox = (await note.boundingBox())!, chartBox = (await page.getByTestId('shares-chart').boundingBox())!;
  expect(noteBox.y).toBeLessThan(chartBox.y);
});

test("a merge across a line end is said to be one line-by-line samples can never hold, not a missing category", async ({ page }) => {
  await page.goto('/#preset=cl100k&categories=en,python&budget=50000&merges=100');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  const number = page.getByTestId('explorer-number');
  await number.fill('15'); // cl100k's "\n" + "\n"
  await expect(page.getByTestId('merge-explorer').locator('code.tok').nth(2)).toHaveText('↵↵');
  await expect(page.getByTestId('explorer-verdict')).toContainText('None of the samples holds this pair, and none can: samples are read line by line');
});

test('a control character in a category name: the CSV and the chart SVG stay readable, a formula-like name stays text', async ({ page }) => {
  await page.goto('/#preset=gpt2&categories=en&budget=20000&merges=100');
  await expect(page.getByTestId('tokenizer-status')).not.toContainText('Loading', { timeout: 30_000 });
  const text = Buffer.from('Le chat est sur la table. '.repeat(400));
  await page.getByTestId('category-file').setInputFiles({ name: 'esc\u001b[31mname.txt', mimeType: 'text/plain', buffer: text });
  await page.getByTestId('category-file').setInputFiles({ name: '=HYPERLINK("http://x","click").txt', mimeType: 'text/plain', buffer: text });
  await page.getByTestId('run').click();
  await expect(page.getByTestId('results-table')).toBeVisible({ timeout: 60_000 });
  const save = async (name: string) => {
    const [d] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name }).click()]);
    return readFileSync((await d.path())!, 'utf8');
  };
  const svg = await save('SVG of the shares chart');
  expect(await page.evaluate((t) => new DOMParser().parseFromString(t, 'image/svg+xml').getElementsByTagName('parsererror').length, svg)).toBe(0);
  expect(svg).toContain('esc\ufffd[31mname.txt');
  const csv = await save('shares (CSV)');
  expect(csv).toContain(`"'=HYPERLINK(""http://x"",""click"").txt"`);
  const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG of the shares chart' }).click()]);
  expect(png.suggestedFilename()).toMatch(/\.png$/);
});
