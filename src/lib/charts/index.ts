// The charts' public surface: three charts, their SVG/PNG buttons, and what the page needs around them (progress
// as columns, the downloads). Example: <SharesBars names={names} estimate={solution.share} bind:svg={sharesSvg} />
// then <ChartDownloads svg={sharesSvg} label="shares" file="mergeprint-shares" />.
export { default as SharesBars } from './SharesBars.svelte';
export { default as SlackChart } from './SlackChart.svelte';
export { default as ConvergenceChart } from './ConvergenceChart.svelte';
export { default as ChartDownloads } from './ChartDownloads.svelte';
export { progressColumns, type ConvergenceColumns } from './convergence-layout.ts';
export type { SharesOrder } from './shares-layout.ts';
export type { SlackScale } from './slack-layout.ts';
export { attemptDownload, download, downloadPng, downloadSvg, resultToCsv, resultToJson, slackToCsv, svgToPng, svgToString, type ResultExport } from './export.ts';
