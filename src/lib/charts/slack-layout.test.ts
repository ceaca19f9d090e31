import { describe, expect, test } from 'vitest';
import { binMaxima, describeSlack, layoutSlack, slackMergeAt, slackMergeX } from './slack-layout.ts';
import { seededRandom } from '../core/random.ts';

describe('binMaxima', () => {
  test('the worked example', () => {
    const b = binMaxima([0, 1, 5], [2, 3, 1], 0, 8, 4);
    expect([...b.max]).toEqual([3, 0, 1, 0]);
    expect([...b.merge]).toEqual([1, -1, 5, -1]);
  });

  test('never more bins than merges; offsets by start; ignores points outside the range and non-positive values', () => {
    const b = binMaxima([9, 10, 11, 12, 13, 20], [5, 0, Number.NaN, -1, 2, 7], 10, 14, 100);
    expect(b.count).toBe(4);
    expect([...b.max]).toEqual([0, 0, 0, 2]);
    expect([...b.merge]).toEqual([-1, -1, -1, 13]);
  });

  test('ties keep the smaller merge index, whatever the input order', () => {
    expect([...binMaxima([3, 2], [1, 1], 0, 4, 1).merge]).toEqual([2]);
    expect([...binMaxima([2, 3], [1, 1], 0, 4, 1).merge]).toEqual([2]);
  });

  test('30,000 merges into 600 bins keep every bin maximum (slow oracle), and the overall maximum', () => {
    const rnd = seededRandom(7), n = 30_000, start = 100;
    const merge: number[] = [], value: number[] = [];
    for (let m = start; m < start + n; m++) if (rnd() < 0.3) { merge.push(m); value.push(rnd() ** 4 * 1000); }
    const b = binMaxima(Int32Array.from(merge), Float64Array.from(value), start, start + n, 600);
    expect(b.count).toBe(600);
    for (let bin = 0; bin < 600; bin++) {
      let best = 0, at = -1;
      merge.forEach((m, k) => { if (Math.floor(((m - start) * 600) / n) === bin && value[k] > best) { best = value[k]; at = m; } });
      expect([b.max[bin], b.merge[bin]]).toEqual([best, at]);
    }
    expect(Math.max(...b.max)).toBe(Math.max(...value));
  });
});

describe('layoutSlack', () => {
  const small = { merge: [0, 1, 5], value: [2, 3, 1], start: 0, end: 8, width: 200, height: 100, fontSize: 10 };

  test('small linear example: exact path and ticks (plot y from 62 down to 20 for slack 0..4)', () => {
    const l = layoutSlack(small);
    expect(l.margin).toEqual({ top: 20, right: 15, bottom: 38, left: 43 });
    expect(l.bins.count).toBe(8);
    expect(l.path).toBe('M44.33,62H59.42V41H44.33ZM62.08,62H77.17V30.5H62.08ZM133.08,62H148.17V51.5H133.08Z');
    expect(l.xTicks).toEqual([{ at: 43, label: '0' }, { at: 131.75, label: '5' }]);
    expect(l.yTicks).toEqual([{ at: 62, label: '0' }, { at: 41, label: '2' }, { at: 20, label: '4' }]);
    expect([l.points, l.total, l.largest, l.largestMerge]).toEqual([3, 6, 3, 1]);
    expect(describeSlack(l, 0, 8)).toBe('Slack along the first 8 merges: 3 merges with slack, largest 3 at merge 1.');
    expect(describeSlack(l, 100, 108)).toMatch(/^Slack along merges 100 to 107: /);
  });

  test('shades the merges the samples do not support, from supportedEnd to the end of the range', () => {
    expect(layoutSlack({ ...small, supportedEnd: 4 }).band).toEqual({ x0: 114, x1: 185 });
    // No band without a cut, or with one at or outside the range's ends.
    for (const supportedEnd of [undefined, null, 0, 8, 12]) expect(layoutSlack({ ...small, supportedEnd }).band).toBeNull();
  });

  test('log scale: powers of ten as ticks, the smallest bar still visible', () => {
    const l = layoutSlack({ ...small, value: [0.02, 3, 100], scale: 'log' });
    expect(l.yTicks).toEqual([{ at: 62, label: '0.01' }, { at: 41, label: '1' }, { at: 20, label: '100' }]);
    expect(l.path).toBe('M44.33,62H59.42V58.84H44.33ZM62.08,62H77.17V35.99H62.08ZM133.08,62H148.17V20H133.08Z');
  });

  test('30,000 merges stay light: at most one rectangle per pixel column', () => {
    const rnd = seededRandom(1), n = 30_000;
    const merge = Int32Array.from({ length: n }, (_, i) => i), value = Float64Array.from({ length: n }, () => rnd());
    const l = layoutSlack({ merge, value, start: 0, end: n, width: 640, height: 240 });
    const rects = l.path.split('Z').length - 1;
    expect(rects).toBe(l.bins.count);
    expect(l.bins.count).toBeLessThanOrEqual(640 - l.margin.left - l.margin.right);
    expect(l.path.length).toBeLessThan(40 * rects);
    expect(layoutSlack({ merge, value, start: 0, end: n, width: 640, height: 240 })).toEqual(l);
  });

  test('no slack at all: no path, a sentence that says so', () => {
    const l = layoutSlack({ ...small, merge: [], value: [] });
    expect(l.path).toBe('');
    expect(l.points).toBe(0);
    expect(describeSlack(l, 0, 8)).toBe('Slack along the first 8 merges: none, the estimate explains every merge.');
    expect(layoutSlack({ ...small, merge: [], value: [], scale: 'log' }).path).toBe('');
  });
});

test('log axis: at most five decades under the largest slack, tiny ticks in e-notation, every non-empty bin at least 1 px', () => {
  const l = layoutSlack({ merge: [0, 1, 2], value: [1e-9, 1e-3, 100], start: 0, end: 3, width: 200, height: 100, fontSize: 10, scale: 'log' });
  expect(l.yTicks.map((t) => t.label)).toEqual(['0.01', '1', '100']); // the domain is [1e-3, 100], not [1e-9, 100]
  const heights = [...l.path.matchAll(/,(\d+(?:\.\d+)?)H[\d.]+V([\d.]+)H/g)].map((m) => +m[1] - +m[2]);
  expect(heights.length).toBe(3);
  expect(Math.min(...heights)).toBe(1);
  const tiny = layoutSlack({ merge: [0, 1], value: [1e-6, 1e-4], start: 0, end: 2, width: 200, height: 100, fontSize: 10, scale: 'log' });
  expect(tiny.yTicks.map((t) => t.label)).toContain('1e-6');
});

test('slackMergeX and slackMergeAt: a merge to its column and a click back to the merge that explains it', () => {
  const l = layoutSlack({ merge: [0, 1, 5], value: [2, 3, 1], start: 0, end: 8, width: 200, height: 100, fontSize: 10 });
  expect(slackMergeX(l, 0, 8, 1)).toBe(69.63);
  expect(slackMergeAt(l, 0, 8, 50)).toBe(0);
  expect(slackMergeAt(l, 0, 8, 69.63)).toBe(1);
  expect(slackMergeAt(l, 0, 8, 100)).toBe(3); // an empty bin: the merge under the pointer
  expect([slackMergeAt(l, 0, 8, 10), slackMergeAt(l, 0, 8, 190)]).toEqual([-1, -1]);
  // 30,000 merges in 142 bins: a click lands on the bin's largest slack.
  const big = layoutSlack({ merge: [100, 101, 102], value: [1, 9, 2], start: 0, end: 30_000, width: 200, height: 100, fontSize: 10 });
  expect(slackMergeAt(big, 0, 30_000, 43.2)).toBe(101);
});
