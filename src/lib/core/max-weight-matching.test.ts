import { describe, expect, it } from 'vitest';
import { maxWeightMatching, type BipartiteGraph } from './max-weight-matching.ts';
import { seededRandom } from '../../test-support/corpus.ts';

/** A CSR graph from (row, column, weight) triples. */
function graph(rows: number, columns: number, edges: [number, number, number][]): BipartiteGraph {
  const sorted = [...edges].sort((a, b) => a[0] - b[0]);
  const rowStart = new Int32Array(rows + 1);
  for (const [r] of sorted) rowStart[r + 1]++;
  for (let r = 0; r < rows; r++) rowStart[r + 1] += rowStart[r];
  return { rows, columns, rowStart, col: Int32Array.from(sorted, (e) => e[1]), weight: Float64Array.from(sorted, (e) => e[2]) };
}

/** The best matching's weight by trying every choice for every row (a test oracle for tiny graphs). */
function bruteForce(g: BipartiteGraph): number {
  const used = new Uint8Array(g.columns);
  const best = (r: number): number => {
    if (r === g.rows) return 0;
    let value = best(r + 1); // row r unmatched
    for (let e = g.rowStart[r]; e < g.rowStart[r + 1]; e++) {
      if (used[g.col[e]] || g.weight[e] <= 0) continue;
      used[g.col[e]] = 1;
      value = Math.max(value, g.weight[e] + best(r + 1));
      used[g.col[e]] = 0;
    }
    return value;
  };
  return best(0);
}

/** The matching is one, its weight is what it says, and its cover covers every edge at the same total. */
function expectProven(g: BipartiteGraph, m: ReturnType<typeof maxWeightMatching>): void {
  const taken = new Set<number>();
  let weight = 0;
  for (let r = 0; r < g.rows; r++) {
    const e = m.rowEdge[r];
    if (e < 0) { expect(m.rowMatch[r]).toBe(-1); continue; }
    expect(e).toBeGreaterThanOrEqual(g.rowStart[r]);
    expect(e).toBeLessThan(g.rowStart[r + 1]);
    expect(m.rowMatch[r]).toBe(g.col[e]);
    expect(taken.has(g.col[e])).toBe(false);
    taken.add(g.col[e]);
    weight += g.weight[e];
  }
  expect(m.value).toBeCloseTo(weight, 9);
  let cover = 0;
  for (const y of m.rowCover) { expect(y).toBeGreaterThanOrEqual(0); cover += y; }
  for (const z of m.columnCover) { expect(z).toBeGreaterThanOrEqual(0); cover += z; }
  expect(cover).toBeCloseTo(m.value, 9);
  for (let r = 0; r < g.rows; r++) {
    for (let e = g.rowStart[r]; e < g.rowStart[r + 1]; e++) expect(m.rowCover[r] + m.columnCover[g.col[e]]).toBeGreaterThanOrEqual(g.weight[e] - 1e-9);
  }
}

describe('maxWeightMatching', () => {
  it('gives up the heaviest edge when two others weigh more (the worked example)', () => {
    const g = graph(2, 2, [[0, 0, 3], [0, 1, 2], [1, 0, 2]]);
    const m = maxWeightMatching(g);
    expect(Array.from(m.rowMatch)).toEqual([1, 0]);
    expect(m.value).toBe(4);
    expect(Array.from(m.rowCover)).toEqual([2, 1]);
    expect(Array.from(m.columnCover)).toEqual([1, 0]);
    expectProven(g, m);
  });

  it('leaves rows unmatched when that is better, and rows without edges alone', () => {
    // Row 1's only edge competes with row 0's heavier one; row 2 has none; row 3 takes a column nobody else wants.
    const g = graph(4, 3, [[0, 0, 5], [1, 0, 1], [3, 2, 0.5]]);
    const m = maxWeightMatching(g);
    expect(Array.from(m.rowMatch)).toEqual([0, -1, -1, 2]);
    expect(m.value).toBe(5.5);
    expectProven(g, m);
  });

  it('finds the best matching and a cover proving it on random graphs, as trying every matching does', () => {
    const random = seededRandom(7);
    for (let trial = 0; trial < 300; trial++) {
      const rows = 1 + Math.floor(random() * 6), columns = 1 + Math.floor(random() * 6);
      const edges: [number, number, number][] = [];
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < columns; c++) {
          // Ties (weights from a few values) and tiny weights are where potentials go wrong.
          if (random() < 0.5) edges.push([r, c, random() < 0.3 ? Math.floor(random() * 3) + 1 : random() * 10]);
        }
      }
      const g = graph(rows, columns, edges);
      const m = maxWeightMatching(g);
      expect(m.value).toBeCloseTo(bruteForce(g), 9);
      expectProven(g, m);
    }
  });
});
