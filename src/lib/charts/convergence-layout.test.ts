import { expect, test } from 'vitest';
import { describeConvergence, layoutConvergence, progressColumns } from './convergence-layout.ts';

const events = [
  { round: 0, objective: 0, constraints: 0, violations: 100, swept: 10, maxViolation: 3 },
  { round: 1, objective: 5, constraints: 100, violations: 30, swept: 10, maxViolation: 1 },
  { round: 2, objective: 6, constraints: 130, violations: 0, swept: 10, maxViolation: 0 },
];

test('progressColumns', () => {
  const c = progressColumns(events);
  expect([...c.round]).toEqual([0, 1, 2]);
  expect([...c.objective]).toEqual([0, 5, 6]);
  expect([...c.constraints]).toEqual([0, 100, 130]);
  expect([...c.upper]).toEqual([NaN, NaN, NaN]); // events without bounds
});

// The solver's bounds: an upper bound far above at first, then meeting the LP objective.
const bounded = [
  { round: 0, objective: 0, constraints: 0, upperBound: 200 },
  { round: 1, objective: 5, constraints: 100, upperBound: 9 },
  { round: 2, objective: 6, constraints: 130, upperBound: 6 },
];

test('the best solution found: a dashed curve down to the objective, early values pinned at three times the top objective', () => {
  expect([...progressColumns([{ round: 0, objective: 0, constraints: 0, upperBound: Infinity }]).upper]).toEqual([NaN]);
  const l = layoutConvergence({ ...progressColumns(bounded), width: 200, height: 160, fontSize: 10 });
  const [obj, con] = l.panels;
  expect(obj.yTicks.map((t) => t.label)).toEqual(['0', '10', '20']); // 3 x 6 = 18, niced; not 200
  expect([obj.top, obj.bottom]).toEqual([16, 58]);
  expect(obj.upperPath).toBe('M47,16L117.5,39.1L188,45.4'); // 200 pinned to the top; 9; 6, where the objective ends
  expect(obj.path.endsWith('L188,45.4')).toBe(true);
  expect(obj.upperLast).toBe('6');
  expect(con.upperPath).toBe('');
  expect(describeConvergence(progressColumns(bounded))).toBe('Solver convergence over 2 rounds: objective 6 (best solution found 6), 130 constraints.');
});

test('three rounds: two panels over one x scale, exact paths and ticks', () => {
  const l = layoutConvergence({ ...progressColumns(events), width: 200, height: 160, fontSize: 10 });
  expect(l.xTicks).toEqual([{ at: 47, label: '0' }, { at: 117.5, label: '1' }, { at: 188, label: '2' }]);
  const [obj, con] = l.panels;
  expect(obj.path).toBe('M47,58L117.5,23L188,16');
  expect(obj.yTicks.map((t) => t.label)).toEqual(['0', '2', '4', '6']);
  expect(con.path).toBe('M47,122L117.5,101L188,94.7');
  expect(con.yTicks).toEqual([{ at: 122, label: '0' }, { at: 101, label: '100' }, { at: 80, label: '200' }]);
  expect(con.top).toBeGreaterThan(obj.bottom);
  expect([obj.last, con.last]).toEqual(['6', '130']);
  expect([...obj.dotX]).toEqual([47, 117.5, 188]);
});

test('no events yet, and a single event: a sensible empty frame of the same size', () => {
  const empty = layoutConvergence({ ...progressColumns([]), width: 300, height: 200 });
  expect(empty.panels.map((p) => p.path)).toEqual(['', '']);
  expect(empty.xTicks.map((t) => t.label)).toEqual(['0', '1']);
  const one = layoutConvergence({ ...progressColumns(events.slice(0, 1)), width: 300, height: 200 });
  expect(one.panels[0].top).toBe(empty.panels[0].top);
  expect(one.panels[1].bottom).toBe(empty.panels[1].bottom);
  expect(one.panels[0].path).toBe('M' + one.xTicks[0].at + ',' + one.panels[0].bottom + 'Z');
});

test('many rounds: integer ticks only, no dots', () => {
  const many = Array.from({ length: 500 }, (_, i) => ({ round: i, objective: Math.sqrt(i), constraints: i * 10 }));
  const l = layoutConvergence({ ...progressColumns(many), width: 400, height: 240 });
  expect(l.xTicks.every((t) => /^[\d,]+$/.test(t.label))).toBe(true);
  expect(l.panels[0].dotX.length).toBe(0);
  expect(l.panels[1].last).toBe('4,990');
});

test('describeConvergence', () => {
  expect(describeConvergence(progressColumns(events))).toBe('Solver convergence over 2 rounds: objective 6, 130 constraints.');
  expect(describeConvergence(progressColumns([]))).toBe('Solver convergence: no rounds yet.');
});

test('panel titles shorten when the chart is narrow', () => {
  const wide = layoutConvergence({ ...progressColumns(events), width: 800, height: 300, fontSize: 16 });
  const narrow = layoutConvergence({ ...progressColumns(events), width: 300, height: 300, fontSize: 16 });
  expect(wide.panels.map((p) => p.title)).toEqual(['Objective (total slack, pairs per million)', 'Constraints in the LP']);
  expect(narrow.panels.map((p) => p.title)).toEqual(['Objective (slack)', 'Constraints in the LP']);
});

test('the title line with the best solution found fits the chart: long title, then short, then " · best "', () => {
  const running = [{ round: 0, objective: 0, constraints: 0, upperBound: Infinity }, { round: 1, objective: 269_000, constraints: 1444, upperBound: 272_000 }];
  const at = (width: number) => layoutConvergence({ ...progressColumns(running), width, height: 300, fontSize: 16 }).panels[0];
  const line = (p: ReturnType<typeof at>) => `${p.title}: ${p.last}${p.upperLabel}${p.upperLabel ? p.upperLast : ''}`;
  expect([at(900).title, at(900).upperLabel]).toEqual(['Objective (total slack, pairs per million)', ' · best solution found ']);
  expect([at(500).title, at(500).upperLabel]).toEqual(['Objective (slack)', ' · best solution found ']);
  expect([at(380).title, at(380).upperLabel]).toEqual(['Objective (slack)', ' · best ']);
  expect([at(330).title, at(330).upperLabel]).toEqual(['Objective', ' · best ']); // a phone
  for (const width of [900, 500, 380, 330]) {
    const p = at(width), l = layoutConvergence({ ...progressColumns(running), width, height: 300, fontSize: 16 });
    expect(l.margin.left + line(p).length * 0.55 * 16 * 0.9).toBeLessThanOrEqual(width);
  }
  // No label when the best solution equals the LP's objective (solved), or there is none.
  expect(layoutConvergence({ ...progressColumns(bounded), width: 900, height: 300, fontSize: 16 }).panels[0].upperLabel).toBe('');
  expect(layoutConvergence({ ...progressColumns(events), width: 900, height: 300, fontSize: 16 }).panels[0].upperLabel).toBe('');
});

test('a solve that never had a constraint (one merge): constraint ticks are whole numbers, each label once', () => {
  const l = layoutConvergence({ ...progressColumns([{ round: 0, objective: 0, constraints: 0 }, { round: 1, objective: 0, constraints: 0 }]), width: 600, height: 300 });
  const labels = l.panels[1].yTicks.map((t) => t.label);
  expect(labels).toEqual(['0', '1']);
});
