import type { Page } from '@playwright/test';

// What every browser test checks: no request leaves the page's origin. blob: URLs of the page's own origin (a
// chart rasterised for a PNG download) and data: URLs stay in the page. Usage: const foreign = watchForeign(page);
// ... expect(foreign).toEqual([]).

export const ORIGIN = 'http://127.0.0.1:4173';

/** Starts recording the requests to anywhere but the page's origin; the returned list fills as they happen. */
export function watchForeign(page: Page): string[] {
  const foreign: string[] = [];
  const local = (url: string) => url.startsWith(ORIGIN) || url.startsWith(`blob:${ORIGIN}/`) || url.startsWith('data:');
  page.on('request', (req) => { if (!local(req.url())) foreign.push(req.url()); });
  return foreign;
}
