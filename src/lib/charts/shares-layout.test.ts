import { describe, expect, test } from 'vitest';
import { describeShares, formatShare, layoutShares, shareOrder } from './shares-layout.ts';
import { formatAmount, truncate } from './chart-common.ts';

describe('layoutShares', () => {
  test('two categories, given order: exact bars, ticks and labels', () => {
    const l = layoutShares({ names: ['en', 'fr'], estimate: [0.75, 0.25], width: 300, fontSize: 10 });
    expect(l.margin).toEqual({ top: 5, right: 41, bottom: 22, left: 21 });
    expect(l.height).toBe(65);
    expect(l.xMax).toBe(0.8);
    expect(l.ticks).toEqual([
      { at: 21, label: '0%' }, { at: 80.5, label: '20%' }, { at: 140, label: '40%' }, { at: 199.5, label: '60%' }, { at: 259, label: '80%' },
    ]);
    expect(l.rows.map((r) => r.name)).toEqual(['en', 'fr']);
    // 0.75 of the domain [0, 0.8] over the range [21, 259]: 238 * 0.9375 = 223.125.
    expect(l.rows[0].estimate).toEqual({ x: 21, y: 7.51, width: 223.13, height: 13.98, value: 0.75, label: '75.0%', labelX: 247.13 });
    expect(l.rows[1].estimate.width).toBe(74.38);
    expect(l.rows.every((r) => r.truth === null)).toBe(true);
  });

  test('descending order with truth: the truth bar above the estimate, inside the same band', () => {
    const l = layoutShares({ names: ['en', 'fr'], estimate: [0.25, 0.75], truth: [0.3, 0.7], width: 300, fontSize: 10, order: 'descending' });
    expect(l.hasTruth).toBe(true);
    expect(l.height).toBe(102);
    expect(l.legend.map((i) => [i.label, i.x, i.textX])).toEqual([['true mixture', 21, 33], ['estimate', 114, 126]]);
    expect(l.rows.map((r) => r.index)).toEqual([1, 0]);
    const fr = l.rows[0];
    expect(fr.truth).toEqual({ x: 21, y: 24.9, width: 208.25, height: 11.12, value: 0.7, label: '70.0%', labelX: 232.25 });
    expect(fr.estimate.y).toBeGreaterThan(fr.truth!.y + fr.truth!.height);
    expect(l.rows[1].truth!.y).toBeGreaterThan(fr.estimate.y + fr.estimate.height);
  });

  test('height depends on the number of categories only, not on the values', () => {
    const a = layoutShares({ names: ['a', 'b', 'c'], estimate: [0.1, 0.1, 0.8], width: 500 });
    const b = layoutShares({ names: ['a', 'b', 'c'], estimate: [0.33, 0.33, 0.34], width: 500 });
    expect(a.height).toBe(b.height);
    expect(a.margin).toEqual(b.margin);
  });

  test('deterministic, and NaN or negative values draw empty bars', () => {
    const input = { names: ['a', 'b'], estimate: new Float64Array([Number.NaN, -0.1]), width: 400 };
    expect(layoutShares(input)).toEqual(layoutShares(input));
    const l = layoutShares(input);
    expect(l.rows.map((r) => [r.estimate.width, r.estimate.label])).toEqual([[0, '–'], [0, '−10.0%']]);
    expect(l.xMax).toBe(0.01);
  });

  test('long names are cut to the left margin, the full name kept', () => {
    const name = 'A category with a very long name indeed, longer than forty percent of the chart';
    const l = layoutShares({ names: [name, 'b'], estimate: [0.5, 0.5], width: 400, fontSize: 10 });
    // 40% of 400 px; (160 - 10) / 5.5 = 27 characters, the last one the ellipsis.
    expect(l.margin.left).toBe(160);
    expect(l.rows[0].name).toBe(name);
    expect(l.rows[0].shortName).toBe('A category with a very lon…');
  });

  test('mismatched columns throw', () => {
    expect(() => layoutShares({ names: ['a'], estimate: [0.5, 0.5], width: 300 })).toThrow(/same length/);
  });
});

test('shareOrder breaks ties by category index', () => {
  expect(shareOrder([0.2, 0.5, 0.2], 'descending')).toEqual([1, 0, 2]);
  expect(shareOrder([0.2, 0.5, 0.2], 'given')).toEqual([0, 1, 2]);
});

test('formatShare', () => {
  expect([0, 0.0004, 0.0005, 0.421, 1, Number.NaN].map(formatShare)).toEqual(['0.0%', '<0.1%', '0.1%', '42.1%', '100.0%', '–']);
});

test('describeShares', () => {
  expect(describeShares(['en', 'fr'], [0.75, 0.25], [0.7, 0.3])).toBe('Estimated byte shares: en 75.0% (true 70.0%), fr 25.0% (true 30.0%).');
  expect(describeShares([], [])).toBe('Estimated byte shares: no categories.');
});

test('truncate counts code points, not UTF-16 units', () => {
  expect(truncate('Portuguese', 6)).toBe('Portu…');
  expect(truncate('😀😀😀', 3)).toBe('😀😀😀');
  expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
});

test('the legend moves left to stay inside a narrow chart', () => {
  const l = layoutShares({ names: ['a long category name', 'b'], estimate: [0.5, 0.5], truth: [0.5, 0.5], width: 240, fontSize: 16 });
  const last = l.legend[1];
  expect(last.textX + last.label.length * 0.55 * 16).toBeLessThanOrEqual(240 + 1e-9);
  expect(l.legend[0].x).toBeLessThan(l.margin.left);
});

test('formatAmount: separators, SI prefixes for large amounts, never an exponent', () => {
  expect([0.0123, 6000, 12345.6, 251000, 3e6, 0].map(formatAmount)).toEqual(['0.0123', '6,000', '12,350', '251k', '3M', '0']);
});
