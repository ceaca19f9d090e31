// Mounts the chart demo and exposes the export helpers to the screenshot script (scripts/chart-demo.ts).
import { mount } from 'svelte';
import Demo from './Demo.svelte';
import { svgToString, svgToPng } from '../../src/lib/charts/index.ts';

mount(Demo, { target: document.getElementById('app')! });

async function exportChart(name: string): Promise<{ svg: string; png: string }> {
  const el = document.querySelector<SVGSVGElement>(`svg[data-chart="${name}"]`)!;
  const svg = svgToString(el);
  const { width, height } = el.viewBox.baseVal;
  const blob = await svgToPng(svg, width, height, 2);
  const png = await new Promise<string>((resolve) => { const r = new FileReader(); r.onload = () => resolve(r.result as string); r.readAsDataURL(blob); });
  return { svg, png };
}
(window as unknown as { exportChart: typeof exportChart }).exportChart = exportChart;
