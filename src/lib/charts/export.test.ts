import { expect, test } from 'vitest';
import { csvField, resultToCsv, resultToJson, slackToCsv, styleText, xmlSafe } from './export.ts';
import type { MixtureSolution } from '../core/solve-mixture.ts';

const solution: MixtureSolution = {
  alpha: new Float64Array([0.6, 0.4]), share: new Float64Array([0.5, 0.5]), objective: 1.25, lowerBound: 1.25, gap: 0, engineFailure: null, rounds: 3, constraints: 42,
  mergeSlack: { merge: new Int32Array([3, 9]), value: new Float64Array([0.5, 2]) },
  pairSlack: { left: new Int32Array([1]), right: new Int32Array([2]), value: new Float64Array([0.75]) },
  active: { merge: new Int32Array([3]), left: new Int32Array([4]), right: new Int32Array([5]) },
  maxViolation: 0, lpSeconds: 0.1, sweepSeconds: 0.2, engine: 'glpk',
  settings: { method: 'lazy', maxPerMerge: 10, batch: 1000, tolerance: 1e-6, gapTolerance: 0, dropAfter: 1, start: 0, end: 100 },
};

test('csvField quotes commas, quotes, newlines and edge spaces, and nothing else', () => {
  expect(csvField('en')).toBe('en');
  expect(csvField('a, b')).toBe('"a, b"');
  expect(csvField('say "hi"')).toBe('"say ""hi"""');
  expect(csvField('two\nlines')).toBe('"two\nlines"');
  expect(csvField('cr\rlf')).toBe('"cr\rlf"');
  expect(csvField(' padded')).toBe('" padded"');
  expect(csvField('<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  expect(csvField(0.1)).toBe('0.1');
  expect(csvField(Number.NaN)).toBe('');
});

test('resultToCsv: the worked example, and with the true shares', () => {
  expect(resultToCsv({ names: ['en', 'a "b", c'], solution })).toBe('category,alpha,share\r\nen,0.6,0.5\r\n"a ""b"", c",0.4,0.5\r\n');
  expect(resultToCsv({ names: ['x', 'y\nz'], solution, truth: [0.45, 0.55] })).toBe('category,alpha,share,true_share\r\nx,0.6,0.5,0.45\r\n"y\nz",0.4,0.5,0.55\r\n');
});

test('resultToCsv round-trips through a minimal RFC 4180 parser', () => {
  const names = ['plain', 'comma, here', 'quote " here', 'new\nline', '"', ''];
  const csv = resultToCsv({ names, solution: { ...solution, alpha: new Float64Array(6), share: new Float64Array(6) } });
  expect(parseCsv(csv).slice(1).map((r) => r[0])).toEqual(names);
});

test('slackToCsv', () => {
  expect(slackToCsv(solution.mergeSlack)).toBe('merge,slack\r\n3,0.5\r\n9,2\r\n');
});

test('resultToJson: plain arrays, meta first, names as given, NaN as null', () => {
  const json = resultToJson({ names: ['en', '<b>fr</b>'], solution: { ...solution, share: new Float64Array([Number.NaN, 1]) }, truth: [0.5, 0.5], meta: { seed: 7 } });
  const o = JSON.parse(json);
  expect(Object.keys(o)[0]).toBe('meta');
  expect(o.categories).toEqual([{ name: 'en', alpha: 0.6, share: null, trueShare: 0.5 }, { name: '<b>fr</b>', alpha: 0.4, share: 1, trueShare: 0.5 }]);
  expect(o.mergeSlack).toEqual({ merge: [3, 9], value: [0.5, 2] });
  expect(o.active).toEqual({ merge: [3], left: [4], right: [5] });
  expect(o.settings.end).toBe(100);
  expect([o.objective, o.rounds, o.constraints, o.engine]).toEqual([1.25, 3, 42, 'glpk']);
});

test('styleText keeps the listed properties that have a value, in a fixed order, minus what is inherited unchanged', () => {
  const computed: Record<string, string> = { stroke: 'none', fill: 'rgb(0, 114, 178)', color: 'red', 'font-size': ' 16px ', opacity: '1', display: 'inline' };
  const get = (p: string) => computed[p] ?? '';
  expect(styleText(get)).toBe('fill:rgb(0, 114, 178);stroke:none;font-size:16px');
  expect(styleText(get, (p) => ({ stroke: 'none', 'font-size': '16px' })[p] ?? '')).toBe('fill:rgb(0, 114, 178)');
  const hidden: Record<string, string> = { ...computed, display: 'none', opacity: '0.5', 'dominant-baseline': 'central' };
  expect(styleText((p) => hidden[p] ?? '', get)).toBe('opacity:0.5;dominant-baseline:central;display:none');
});

/** Fields of RFC 4180 CSV (CRLF records, "" inside quotes). A test oracle, not for production. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += c;
  }
  return rows;
}

test('a name a spreadsheet would run as a formula is written as text; numbers stay numbers', () => {
  expect(csvField('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`);
  expect(csvField("+cmd|' /C calc'!A0")).toBe("'+cmd|' /C calc'!A0");
  expect(csvField('@SUM(1+1)')).toBe("'@SUM(1+1)");
  expect(csvField('-2+3')).toBe("'-2+3");
  expect(csvField(-0.5)).toBe('-0.5');
  expect(csvField('en')).toBe('en');
});

test('xmlSafe replaces what XML cannot hold, and keeps the rest', () => {
  expect(xmlSafe('esc\u001b[31mname\u0000')).toBe('esc\ufffd[31mname\ufffd');
  expect(xmlSafe('tab\tnl\ncr\r 東京 👩🏽')).toBe('tab\tnl\ncr\r 東京 👩🏽');
  expect(xmlSafe('lone \ud800 high')).toBe('lone \ufffd high');
});

