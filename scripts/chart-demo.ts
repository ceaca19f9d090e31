// Screenshots of the chart components in light and dark themes, and their SVG / PNG exports, for a human to
// look at: serves scripts/chart-demo/ with Vite, drives Debian's Chromium, writes test-results/charts-*.
// Run: npx tsx scripts/chart-demo.ts
import { writeFileSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { createServer } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { chromium } from '@playwright/test';

const root = resolve(import.meta.dirname, 'chart-demo'), project = resolve(import.meta.dirname, '..');
const out = resolve(project, 'test-results');
mkdirSync(out, { recursive: true });

const server = await createServer({ root, configFile: false, plugins: [svelte()], server: { port: 0, host: '127.0.0.1', fs: { allow: [project] } }, logLevel: 'warn' });
await server.listen();
const url = server.resolvedUrls!.local[0];
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  for (const scheme of ['light', 'dark'] as const) {
    const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 1280, height: 800 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.goto(url);
    await page.waitForSelector('svg[data-chart="convergence"]');
    await page.waitForTimeout(300);
    await page.screenshot({ path: resolve(out, `charts-${scheme}.png`), fullPage: true });
    if (scheme === 'light') {
      // Clicking the slack chart picks the merge with the largest slack in that column and marks it.
      const slack = page.locator('svg[data-chart="slack"]').first();
      const box = (await slack.boundingBox())!;
      await slack.click({ position: { x: box.width * 0.8, y: box.height / 2 } });
      const label = await page.locator('svg[data-chart="slack"]').first().locator('text', { hasText: /^merge \d/ }).textContent();
      if (!label || label === 'merge 12,345') throw new Error(`clicking the slack chart did not pick a merge (${label})`);
      await slack.screenshot({ path: resolve(out, 'charts-slack-picked.png') });
      console.log(`picked: ${label} (test-results/charts-slack-picked.png)`);
    }
    for (const chart of ['shares', 'slack', 'convergence']) {
      const { svg, png } = await page.evaluate((c) => (window as unknown as { exportChart(c: string): Promise<{ svg: string; png: string }> }).exportChart(c), chart);
      // A standalone document: namespace, no classes left to resolve, no CSS variables, a PNG at twice the size.
      if (!svg.includes('xmlns="http://www.w3.org/2000/svg"') || / class=/.test(svg) || /var\(--/.test(svg)) throw new Error(`${chart}: SVG export is not standalone`);
      if (!png.startsWith('data:image/png;base64,')) throw new Error(`${chart}: PNG export failed`);
      writeFileSync(resolve(out, `chart-${chart}-${scheme}.svg`), svg);
      writeFileSync(resolve(out, `chart-${chart}-${scheme}.png`), Buffer.from(png.split(',')[1], 'base64'));
    }
    if (errors.length) throw new Error(`page errors in ${scheme}: ${errors.join('\n')}`);
    console.log(`${scheme}: test-results/charts-${scheme}.png and chart-*-${scheme}.{svg,png}`);
    await page.close();
  }
  // A phone-width page: the layouts recompute for the measured width.
  const narrow = await browser.newPage({ viewport: { width: 420, height: 800 } });
  await narrow.goto(url);
  await narrow.waitForSelector('svg[data-chart="convergence"]');
  await narrow.waitForTimeout(300);
  await narrow.screenshot({ path: resolve(out, 'charts-narrow.png'), fullPage: true });
  console.log('narrow: test-results/charts-narrow.png');
} finally {
  await browser.close();
  await server.close();
}
