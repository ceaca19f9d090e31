// Downloads of a result and its charts. The JSON, CSV and style text are pure and tested in Node; serialising a
// drawn <svg> with its computed styles, rasterising it to PNG and saving a file need a browser.
// Example: resultToCsv({ names: ['en', 'a "b", c'], solution }) ->
//   category,alpha,share\r\nen,0.6,0.5\r\n"a ""b"", c",0.4,0.5\r\n

import type { MixtureSolution } from '../core/solve-mixture.ts';

export interface ResultExport {
  names: readonly string[];
  solution: MixtureSolution;
  /** The true byte shares, when the mixture is known (experiment mode). */
  truth?: ArrayLike<number> | null;
  /** Anything that makes the run reproducible: tokenizer, categories' sources, seed, URL. Written first. */
  meta?: Record<string, unknown>;
}

/**
 * One CSV field by RFC 4180: quoted, with quotes doubled, when it holds a comma, quote, CR or LF, or edge spaces. A
 * text that a spreadsheet would run as a formula (it starts with = + - @, a tab or CR: a category named
 * '=HYPERLINK(...)') gets a leading apostrophe, which spreadsheets show as text; numbers are written as they are.
 */
export function csvField(value: string | number): string {
  let s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Characters XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/FFFF) as U+FFFD: one in a name
 * made the exported SVG unreadable and its PNG fail ("cannot be decoded"). */
export function xmlSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function csvLines(rows: (string | number)[][]): string {
  return rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

/** One row per category: name, alpha, byte share and, when known, the true share. Numbers at full precision. */
export function resultToCsv({ names, solution, truth }: ResultExport): string {
  const header = ['category', 'alpha', 'share', ...(truth ? ['true_share'] : [])];
  const rows = names.map((name, i) => [name, solution.alpha[i], solution.share[i], ...(truth ? [truth[i]] : [])]);
  return csvLines([header, ...rows]);
}

/** The merges with slack, one per row. Example: merge [3, 9], value [0.5, 2] -> 'merge,slack\r\n3,0.5\r\n9,2\r\n'. */
export function slackToCsv(mergeSlack: MixtureSolution['mergeSlack']): string {
  return csvLines([['merge', 'slack'], ...Array.from(mergeSlack.merge, (m, k) => [m, mergeSlack.value[k]])]);
}

/** The whole result as JSON: typed arrays as plain arrays, non-finite numbers as null. */
export function resultToJson({ names, solution: s, truth, meta }: ResultExport): string {
  const list = (a: ArrayLike<number>) => Array.from(a, (x) => (Number.isFinite(x) ? x : null));
  return JSON.stringify({
    ...(meta ? { meta } : {}),
    categories: names.map((name, i) => ({ name, alpha: s.alpha[i], share: s.share[i], ...(truth ? { trueShare: truth[i] } : {}) })),
    objective: s.objective, lowerBound: s.lowerBound, gap: s.gap, engineFailure: s.engineFailure, rounds: s.rounds, constraints: s.constraints, maxViolation: s.maxViolation,
    engine: s.engine, settings: s.settings, lpSeconds: s.lpSeconds, sweepSeconds: s.sweepSeconds,
    mergeSlack: { merge: list(s.mergeSlack.merge), value: list(s.mergeSlack.value) },
    pairSlack: { left: list(s.pairSlack.left), right: list(s.pairSlack.right), value: list(s.pairSlack.value) },
    active: { merge: list(s.active.merge), left: list(s.active.left), right: list(s.active.right) },
  }, null, 2);
}

/** The presentation properties copied from computed style into each exported element (CSS classes and
 *  variables do not survive outside the page). */
export const INLINED_PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray', 'stroke-linecap', 'stroke-linejoin',
  'opacity', 'font-family', 'font-size', 'font-weight', 'font-style', 'font-variant-numeric', 'text-anchor', 'dominant-baseline',
  'shape-rendering', 'visibility', 'display',
] as const;

/** Properties that a child does not inherit, with the value that needs no declaration ('display' is only
 *  written when it hides the element). */
const NOT_INHERITED: Record<string, string> = { opacity: '1', display: '', 'dominant-baseline': 'auto' };

/**
 * A style attribute from a computed-style getter: the listed properties with a value, minus those the element
 * inherits unchanged from `parent` (the root has none, so it gets them all). Keeps exports a few times smaller.
 * Example: get {fill: 'rgb(0, 114, 178)', stroke: 'none'}, parent {stroke: 'none'} -> 'fill:rgb(0, 114, 178)'.
 */
export function styleText(get: (property: string) => string, parent?: (property: string) => string): string {
  const out: string[] = [];
  for (const p of INLINED_PROPERTIES) {
    const v = get(p).trim();
    if (!v) continue;
    if (p in NOT_INHERITED) {
      if (p === 'display' ? v !== 'none' : v === NOT_INHERITED[p]) continue;
    } else if (parent && parent(p).trim() === v) continue;
    out.push(`${p}:${v}`);
  }
  return out.join(';');
}

/**
 * A standalone SVG document of a drawn chart: every element's computed presentation inlined, a background rect
 * in the page's --surface colour (or `background`), the XML namespace set. Browser only.
 */
export function svgToString(svg: SVGSVGElement, background?: string): string {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')], to = [clone, ...clone.querySelectorAll('*')];
  from.forEach((el, i) => {
    const cs = getComputedStyle(el), up = el === svg || !el.parentElement ? null : getComputedStyle(el.parentElement);
    to[i].setAttribute('style', styleText((p) => cs.getPropertyValue(p), up ? (p) => up.getPropertyValue(p) : undefined));
    to[i].removeAttribute('class');
  });
  const { width, height } = svg.viewBox.baseVal;
  clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  const fill = background ?? (getComputedStyle(svg).getPropertyValue('--surface').trim() || '#ffffff');
  const rect = document.createElementNS('http://www.w3.org/2000/svg', 'rect');
  rect.setAttribute('width', '100%');
  rect.setAttribute('height', '100%');
  rect.setAttribute('fill', fill);
  clone.insertBefore(rect, clone.firstChild);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + xmlSafe(new XMLSerializer().serializeToString(clone));
}

/** A PNG of an SVG document at `scale` times its size (2 for sharp slides). Browser only. */
export async function svgToPng(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('this browser cannot draw on a canvas');
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('PNG encoding failed'))), 'image/png'));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Save a blob or text as a file through a temporary link. Browser only. */
export function download(data: Blob | string, fileName: string, type = 'text/plain;charset=utf-8'): void {
  const blob = typeof data === 'string' ? new Blob([data], { type }) : data;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Runs a download and returns null, or the message a failed one should show the user. */
export async function attemptDownload(what: () => void | Promise<void>): Promise<string | null> {
  try {
    await what();
    return null;
  } catch (e) {
    return `The download failed: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/** The download-button helpers in one call each: chart as SVG, chart as PNG. Browser only. */
export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
  download(svgToString(svg), fileName, 'image/svg+xml');
}

export async function downloadPng(svg: SVGSVGElement, fileName: string, scale = 2): Promise<void> {
  const { width, height } = svg.viewBox.baseVal;
  download(await svgToPng(svgToString(svg), width, height, scale), fileName);
}
