// The playground at scale: two user categories of 50 MB each (files on disk, picked through the file input as a user
// would), GPT-2's first 30,000 merges, in Debian's Chromium against the production build. Prints the time to each
// category's replay and to the result, the page's longest stall (does the tab freeze?), the browser's peak memory
// (resident memory of its processes, sampled; the category workers are threads of the page's renderer) and the
// largest process (the page's renderer, whose threads include the category workers). With --result it also waits
// for the solver and the result (the solve's time depends on the merges and categories, not on the text size).
// Too slow for the e2e suite. Run it under the e2e lock, after a build:
//   flock /tmp/mergeprint-e2e.lock sh -c 'npm run build >/dev/null && npx tsx bench/browser-scale.ts'
// Options: --mb 50 --categories en,python --merges 30000 --result

import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { writeRepeatedCategory } from './repeat-text.ts';

const { values: opts } = parseArgs({
  options: { mb: { type: 'string', default: '50' }, categories: { type: 'string', default: 'en,python' }, merges: { type: 'string', default: '30000' }, result: { type: 'boolean' } },
});
const URL_ = 'http://127.0.0.1:4173';
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** Proportional memory (PSS, bytes: shared pages split between their processes) of a process and its descendants. */
function treePss(root: number): { total: number; largest: number } {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch { /* the process ended meanwhile */ }
  }
  let total = 0, largest = 0;
  for (const stack = [root]; stack.length > 0;) {
    const pid = stack.pop()!;
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      const pss = m ? Number(m[1]) * 1024 : 0;
      total += pss;
      largest = Math.max(largest, pss);
    } catch { /* ended */ }
    stack.push(...(children.get(pid) ?? []));
  }
  return { total, largest };
}

async function waitForServer(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(URL_)).ok) return; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error('vite preview did not start on port 4173');
}

/** The category progress lines, as shown. */
function progressLines(page: Page): Promise<string[]> {
  return page.getByTestId('category-progress').allInnerTexts();
}

const dir = mkdtempSync(join(tmpdir(), 'mergeprint-browser-scale-'));
const server = spawn('node', ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', '4173', '--strictPort'], { stdio: 'ignore' });
const browserServer = await chromium.launchServer({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const files: string[] = [];
  for (const id of opts.categories.split(',')) {
    const path = join(dir, `${id}-${opts.mb}mb.txt`);
    const { bytes } = await writeRepeatedCategory(id, path, Number(opts.mb) * 1e6);
    console.log(`${path}: ${mb(bytes)} (bundled ${id}, repeated with shuffled lines)`);
    files.push(path);
  }
  await waitForServer();
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
  await page.goto(URL_);
  await page.getByTestId('tokenizer-preset').selectOption('gpt2');
  await page.getByTestId('tokenizer-name').waitFor({ timeout: 60_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="tokenizer-status"]')?.textContent?.includes('Loading'), null, { timeout: 60_000 });
  await page.getByRole('button', { name: 'none' }).click();
  for (const f of files) await page.getByTestId('category-file').setInputFiles(f);
  await page.getByTestId('merges').fill(opts.merges);
  await page.getByTestId('budget').fill(String(Math.ceil(Number(opts.mb) * 1.2e6)));

  // The page's longest stall: a 50 ms timer that fires late means the main thread was busy that long.
  await page.evaluate(() => {
    const w = window as unknown as { maxStall: number };
    w.maxStall = 0;
    let last = performance.now();
    setInterval(() => { const now = performance.now(); w.maxStall = Math.max(w.maxStall, now - last - 50); last = now; }, 50);
  });
  const pid = browserServer.process().pid!;
  const before = treePss(pid);
  let peak = before;
  const log: string[] = [];
  let lastPhases = '';
  const started = Date.now();
  const elapsed = () => (Date.now() - started) / 1000;
  const sampler = setInterval(() => {
    const now = treePss(pid);
    peak = { total: Math.max(peak.total, now.total), largest: Math.max(peak.largest, now.largest) };
    progressLines(page).then((lines) => {
      const phases = lines.map((l) => l.replace(/\s+/g, ' ').replace(/: \d[\d,]* kB read.*| \d+ \/ \d+ merges.*/, '')).join(' | ');
      if (phases !== lastPhases) { lastPhases = phases; log.push(`${elapsed().toFixed(1).padStart(6)} s  ${phases}`); }
    }, () => {});
  }, 500);
  await page.getByTestId('run').click();
  // 1. Every category read and replayed (or failed).
  await page.waitForFunction((n) => {
    const rows = [...document.querySelectorAll('[data-testid="category-progress"]')];
    return rows.length === n && rows.every((r) => /done|failed/.test(r.textContent ?? ''));
  }, files.length, { timeout: 20 * 60_000, polling: 250 });
  const replayed = elapsed();
  const replayPeak = peak;
  const replayStall = await page.evaluate(() => (window as unknown as { maxStall: number }).maxStall);
  // 2. The result, if asked for; else cancel the solve.
  let resultSeconds = NaN;
  if (opts.result) {
    await page.getByTestId('results-table').waitFor({ timeout: 60 * 60_000 });
    resultSeconds = elapsed();
  } else {
    await page.getByTestId('cancel').click();
  }
  clearInterval(sampler);
  const stall = await page.evaluate(() => (window as unknown as { maxStall: number }).maxStall);
  console.log(`\nmergeprint browser-scale: ${files.length} categories x ${opts.mb} MB, GPT-2's first ${opts.merges} merges, Chromium ${browser.version()}\n`);
  console.log(log.join('\n'));
  for (const line of await progressLines(page)) console.log(`  ${line.replace(/\s+/g, ' ')}`);
  console.log(`\n  every category read and replayed: ${replayed.toFixed(1)} s after Run`);
  console.log(`  longest stall of the page's main thread until then: ${replayStall.toFixed(0)} ms`);
  console.log(`  browser memory (PSS of all its processes): ${mb(before.total)} before Run, peak ${mb(replayPeak.total)} until then`);
  console.log(`  its largest process (the page's renderer, with the category workers' threads): ${mb(before.largest)} before, peak ${mb(replayPeak.largest)}`);
  if (opts.result) {
    console.log(`  result shown: ${resultSeconds.toFixed(1)} s after Run; longest stall overall ${stall.toFixed(0)} ms; memory peak ${mb(peak.total)} (largest process ${mb(peak.largest)})`);
  }
  await page.screenshot({ path: 'test-results/browser-scale.png', fullPage: true });
  await browser.close();
} finally {
  await browserServer.close();
  server.kill();
  rmSync(dir, { recursive: true, force: true });
}
