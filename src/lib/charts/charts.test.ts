// The chart components rendered on the server (svelte/server): the right number of bars, labels and ticks, names
// escaped as text, and the same output twice (deterministic snapshots).
import { describe, expect, test } from 'vitest';
import { render } from 'svelte/server';
import type { Component } from 'svelte';
import SharesBars from './SharesBars.svelte';
import GalleryBars from '../components/GalleryBars.svelte';
import SlackChart from './SlackChart.svelte';
import ConvergenceChart from './ConvergenceChart.svelte';
import { progressColumns } from './convergence-layout.ts';
import { seededRandom } from '../core/random.ts';

const evil = '<img src=x onerror=alert(1)>';
const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;
/** SSR output without Svelte's hydration markers (<!--[-->, <!--]-->, ...). */
function ssr<P extends Record<string, unknown>>(component: Component<P, Record<string, never>, string>, props: P): string {
  return render(component, { props }).body.replace(/<!--[^>]*-->/g, '');
}

describe('SharesBars', () => {
  const props = { names: ['English', 'French', evil], estimate: new Float64Array([0.5, 0.3, 0.2]), truth: new Float64Array([0.45, 0.35, 0.2]), width: 600 };

  test('a bar per category and series, labels, legend and an accessible fallback', () => {
    const body = ssr(SharesBars, props);
    expect(count(body, /<rect class="estimate/g)).toBe(3 + 1); // + legend swatch
    expect(count(body, /<rect class="truth/g)).toBe(3 + 1);
    expect(body).toContain('role="img"');
    expect(body).toContain('aria-label="Estimated byte shares: English 50.0% (true 45.0%), French 30.0% (true 35.0%), &lt;img src=x onerror=alert(1)> 20.0% (true 20.0%)."');
    expect(body).toContain('<title id=');
    // The hidden class sits on a box around the table: a table is never narrower than its content, so a 1 px table
    // still made the page scroll sideways on a phone.
    expect(body).toMatch(/<div class="visually-hidden[^"]*"><table>/);
    expect(body).toMatch(/<th scope="row">English<\/th><td>45.0%<\/td><td>50.0%<\/td>/); // truth, then estimate
    expect(body).toContain('>true mixture<');
    expect(body).toMatch(/<rect class="truth"[^>]*style="fill: var\(--c-truth\);"/); // the legend swatch
  });

  test('a name like an HTML tag stays text', () => {
    const body = ssr(SharesBars, props);
    expect(body).not.toContain('<img');
    expect(body).toContain('&lt;img src=x onerror=alert(1)>');
  });

  test('without truth: one bar per category, no legend; deterministic', () => {
    const body = ssr(SharesBars, { ...props, truth: undefined });
    expect(count(body, /<rect class="estimate/g)).toBe(3);
    expect(body).not.toContain('class="truth');
    expect(body).not.toContain('true mixture');
    expect(ssr(SharesBars, { ...props, truth: undefined })).toBe(body);
  });
});

describe('GalleryBars', () => {
  const rows = [{ label: 'English', ours: 0.45, published: 0.991 }, { label: evil, ours: 0.55, published: null }];

  test('two bars per group (one for a figure never published), a legend coloured as its bars, and the same as a table', () => {
    const body = ssr(GalleryBars, { rows, title: 'GPT-2' });
    expect(count(body, /<rect class="ours/g)).toBe(2 + 1); // + legend swatch
    expect(count(body, /<rect class="published/g)).toBe(1 + 1);
    expect(body).toMatch(/<rect class="ours"[^>]*style="fill: var\(--c-estimate\);"/);
    // Not the truth's colour: a published figure is an estimate too.
    expect(body).toMatch(/<rect class="published"[^>]*style="fill: var\(--c-published\);"/);
    expect(body).toContain('>not published</text>');
    expect(body).toMatch(/<div class="visually-hidden[^"]*"><table><caption>GPT-2<\/caption>/);
    expect(body).toMatch(/<th scope="row">English<\/th><td>45.0%<\/td><td>99.1%<\/td>/);
    expect(body).toContain('<td>not published</td>');
    const implied = ssr(GalleryBars, { rows: [{ label: 'other languages', ours: 0.2, published: 0.002, implied: true }], title: 'GPT-2' });
    expect(implied).toContain('>0.2% implied</text>');
    // The axis line is drawn last, over the bars' left ends.
    expect(body.lastIndexOf('<rect')).toBeLessThan(body.indexOf('<line class="domain'));
  });

  test('a group label like an HTML tag stays text, in the chart and in the table', () => {
    const body = ssr(GalleryBars, { rows, title: 'GPT-2' });
    expect(body).not.toContain('<img');
    expect(count(body, /&lt;img src=x onerror=alert\(1\)>/g)).toBe(3); // aria-label, label, table
  });
});

describe('SlackChart', () => {
  test('30,000 merges draw as one path; axis titles present', () => {
    const rnd = seededRandom(3), n = 30_000;
    const merge = Int32Array.from({ length: n / 3 }, (_, i) => i * 3), value = Float64Array.from({ length: n / 3 }, () => rnd() * 10);
    const body = ssr(SlackChart, { merge, value, start: 0, end: n, width: 640 });
    expect(count(body, /<path/g)).toBe(1);
    expect(count(body, /<rect/g)).toBe(0);
    expect(body).toContain('merge (position in the merge list)');
    expect(body).toContain('slack (pairs per million)');
    expect(body).toMatch(/aria-label="Slack along the first 30,000 merges: 10,000 merges with slack, largest [\d.]+ at merge [\d,]+\."/);
    expect(body.length).toBeLessThan(40_000);
    // With the samples' support ending at merge 6,000, one shaded band from there to the end, labelled.
    const shaded = ssr(SlackChart, { merge, value, start: 0, end: n, width: 640, supportedEnd: 6000 });
    expect(count(shaded, /<rect[^>]*data-band="unsupported"/g)).toBe(1);
    expect(shaded).toContain('fewer than 20 in all samples');
  });

  test('no slack: a sentence instead of bars', () => {
    const body = ssr(SlackChart, { merge: [], value: [], start: 0, end: 100, width: 400, scale: 'log' as const });
    expect(body).toContain('No slack: the estimate explains every merge');
  });
});

describe('ConvergenceChart', () => {
  test('two panels with their last values, one dot per round', () => {
    const data = progressColumns([{ round: 0, objective: 0, constraints: 0 }, { round: 1, objective: 12.5, constraints: 1000 }, { round: 2, objective: 14, constraints: 1240 }]);
    const body = ssr(ConvergenceChart, { data, width: 500 });
    expect(count(body, /<path class="curve/g)).toBe(2);
    expect(count(body, /<circle/g)).toBe(6);
    expect(body).toMatch(/Objective \(total slack, pairs per million\): <tspan class="last[^"]*">14<\/tspan>/);
    expect(body).toMatch(/Constraints in the LP: <tspan class="last[^"]*">1,240<\/tspan>/);
    expect(body).toContain('aria-label="Solver convergence over 2 rounds: objective 14, 1,240 constraints."');
    expect(body).not.toMatch(/class="curve upper/);
  });

  test('with the solver bounds: the dashed best-solution curve and its last value beside the objective', () => {
    const data = progressColumns([
      { round: 0, objective: 0, constraints: 0, upperBound: 90 }, { round: 1, objective: 12.5, constraints: 1000, upperBound: 20 },
      { round: 2, objective: 14, constraints: 1240, upperBound: 15 },
    ]);
    const body = ssr(ConvergenceChart, { data, width: 500 });
    expect(count(body, /<path class="curve upper/g)).toBe(1);
    expect(body).toMatch(/upper-label[^"]*"> · best solution found <\/tspan><tspan class="last[^"]*">15<\/tspan>/);
  });
});

test('SlackChart marks the selected merge', () => {
  const body = ssr(SlackChart, { merge: [5], value: [1], start: 0, end: 100, width: 400, selected: 42 });
  expect(body).toContain('class="selected');
  expect(body).toContain('>merge 42</text>');
  expect(ssr(SlackChart, { merge: [5], value: [1], start: 0, end: 100, width: 400, selected: 100 })).not.toContain('class="selected');
});

test('no categories and no rounds yet: the charts render an empty frame, not an error', () => {
  expect(ssr(SharesBars, { names: [], estimate: [], width: 400 })).toContain('aria-label="Estimated byte shares: no categories."');
  expect(ssr(ConvergenceChart, { data: progressColumns([]), width: 400 })).toContain('aria-label="Solver convergence: no rounds yet."');
});
