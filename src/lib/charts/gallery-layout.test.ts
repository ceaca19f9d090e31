import { describe, expect, it } from 'vitest';
import { layoutGroupBars } from './gallery-layout.ts';

describe('layoutGroupBars', () => {
  const rows = [
    { label: 'English', ours: 0.45, published: 0.991 },
    { label: 'code', ours: 0.29, published: 0.007 },
    { label: 'other languages', ours: 0.26, published: null },
  ];

  it('draws ours and published per group on a fixed 0-100% axis, and says where nothing was published', () => {
    const l = layoutGroupBars({ rows, width: 400, fontSize: 10 });
    expect(l.rows.map((r) => r.label)).toEqual(['English', 'code', 'other languages']);
    expect(l.ticks.map((t) => t.label)).toEqual(['0%', '25%', '50%', '75%', '100%']);
    const full = l.ticks[4].at - l.ticks[0].at;
    const [ours, pub] = l.rows[0].bars;
    expect([ours.series, ours.label, pub.label]).toEqual(['ours', '45.0%', '99.1%']);
    expect(ours.width / full).toBeCloseTo(0.45, 2);
    expect(pub.width / full).toBeCloseTo(0.991, 2);
    expect(pub.y).toBeGreaterThan(ours.y); // published below ours, within the row
    const missing = l.rows[2].bars[1];
    expect([missing.missing, missing.width, missing.label]).toEqual([true, 0, 'not published']);
    // Rows go down the page without overlapping, inside the svg.
    for (let i = 1; i < l.rows.length; i++) expect(l.rows[i].bars[0].y).toBeGreaterThan(l.rows[i - 1].bars[1].y + l.rows[i - 1].bars[1].height);
    const last = l.rows[2].bars[1];
    expect(last.y + last.height).toBeLessThanOrEqual(l.height - l.margin.bottom);
    expect(l.margin.left).toBeGreaterThanOrEqual(Math.ceil('other languages'.length * 0.55 * 10));
  });

  it('keeps the same axis for two charts of the same width, whatever their values', () => {
    const a = layoutGroupBars({ rows, width: 300, fontSize: 16 });
    const b = layoutGroupBars({ rows: rows.map((r) => ({ ...r, ours: r.ours / 10 })), width: 300, fontSize: 16 });
    expect(b.ticks).toEqual(a.ticks);
    expect(b.rows[0].bars[0].width).toBeCloseTo(a.rows[0].bars[0].width / 10, 1);
  });

  it('keeps its legend inside a narrow chart', () => {
    const l = layoutGroupBars({ rows, width: 200, fontSize: 16 });
    expect(l.legend.map((i) => i.label)).toEqual(['ours', 'published']);
    expect(l.legend[1].textX + 'published'.length * 0.55 * 16).toBeLessThanOrEqual(200 + 1e-9);
    expect(l.legend[0].x).toBeLessThan(l.margin.left); // moved left to fit
    expect(l.legend[0].x).toBeGreaterThanOrEqual(0);
    expect(l.legend[1].x).toBeGreaterThan(l.legend[0].textX);
  });

  it('shows no "published" swatch for a tokenizer with no published figure', () => {
    const l = layoutGroupBars({ rows: rows.map((r) => ({ ...r, published: null })), width: 400, fontSize: 16 });
    expect(l.legend.map((i) => i.label)).toEqual(['ours']);
    expect(l.rows.every((r) => r.bars[1].label === 'not published')).toBe(true);
  });
});

describe('layoutGroupBars in a card on a phone', () => {
  const rows = [{ label: 'English', ours: 0.1, published: 0.3 }, { label: 'other languages', ours: 0.3, published: null }];

  it('cuts a long group label to the left margin and labels every 50% instead of every 25%', () => {
    const l = layoutGroupBars({ rows, width: 290, fontSize: 18 });
    expect(l.rows.map((r) => r.label)).toEqual(['English', 'other languages']);
    expect(l.rows[0].shortLabel).toBe('English');
    expect(l.rows[1].shortLabel.endsWith('…')).toBe(true);
    expect(l.rows[1].shortLabel.length * 0.55 * 18 + 18).toBeLessThanOrEqual(l.margin.left);
    expect(l.ticks.map((t) => t.label)).toEqual(['0%', '50%', '100%']);
    const wide = layoutGroupBars({ rows, width: 600, fontSize: 18 });
    expect(wide.rows[1].shortLabel).toBe('other languages');
    expect(wide.ticks).toHaveLength(5);
  });
});
