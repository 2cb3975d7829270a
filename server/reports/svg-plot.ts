/** Small dependency-free SVG charts (line chart, heat map) for run reports and docs/. */

/** Line colours that stay apart on the white background, in order. */
export const SERIES_COLOURS = ['#bf616a', '#5e81ac', '#a3be8c', '#d08770', '#b48ead', '#88c0d0', '#4c566a', '#ebcb8b', '#8fbcbb'] as const;

export interface Series {
  label: string;
  points: [number, number][];
  color: string;
  dashed?: boolean;
}

export interface PlotOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  width?: number;
  height?: number;
  /** Start the y axis at the data's minimum instead of at 0 (ratings, for example). */
  yFromData?: boolean;
  /** Vertical dashed lines at these x values, labelled (a run's changes of world). */
  markers?: { x: number; label: string }[];
}

export function lineChart(series: Series[], options: PlotOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const margin = { left: 60, right: 180, top: 36, bottom: 48 };
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(...all.map(([x]) => x));
  const xMin = Math.min(...all.map(([x]) => x));
  const dataMin = Math.min(...all.map(([, y]) => y));
  const dataMax = Math.max(...all.map(([, y]) => y));
  const yMin = options.yFromData ? niceFloor(dataMin, dataMax) : Math.min(0, dataMin);
  const yMax = options.yFromData ? yMin + niceCeil(dataMax - yMin) : niceCeil(dataMax);
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number) => margin.top + plotH - ((y - yMin) / (yMax - yMin || 1)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="20" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  for (const tick of ticks(yMin, yMax, 5)) {
    out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${sy(tick)}" y2="${sy(tick)}" stroke="#ddd"/>`);
    out.push(`<text x="${margin.left - 6}" y="${sy(tick) + 4}" text-anchor="end">${format(tick)}</text>`);
  }
  for (const tick of ticks(xMin, xMax, 8)) {
    out.push(`<text x="${sx(tick)}" y="${margin.top + plotH + 16}" text-anchor="middle">${format(tick)}</text>`);
  }
  out.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  for (const marker of options.markers ?? []) {
    out.push(`<line x1="${sx(marker.x)}" x2="${sx(marker.x)}" y1="${margin.top}" y2="${margin.top + plotH}" stroke="#888" stroke-dasharray="3 3"/>`);
    out.push(`<text x="${sx(marker.x) + 3}" y="${margin.top + 12}" fill="#555">${escapeXml(marker.label)}</text>`);
  }
  series.forEach((s, i) => {
    const path = s.points.map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    const ly = margin.top + 12 + i * 18;
    out.push(`<line x1="${margin.left + plotW + 12}" x2="${margin.left + plotW + 36}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${margin.left + plotW + 42}" y="${ly + 4}">${escapeXml(s.label)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

export interface HeatmapOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Labels of the columns and rows. */
  xTicks: string[];
  yTicks: string[];
  /** Value range of the colour scale (low: red, middle: white, high: blue). */
  min: number;
  max: number;
}

/** A heat map of values[row][col]; row 0 at the top; NaN is drawn grey (no value). */
export function heatmap(values: number[][], options: HeatmapOptions): string {
  const rows = values.length;
  const cols = values[0]?.length ?? 0;
  const cell = Math.max(8, Math.min(40, Math.floor(480 / Math.max(rows, cols, 1))));
  const margin = { left: 90, right: 90, top: 40, bottom: 70 };
  const width = margin.left + cols * cell + margin.right;
  const height = margin.top + rows * cell + margin.bottom;
  const colour = (v: number) => {
    if (Number.isNaN(v)) return '#e5e5e5'; // no value (an empty archive cell)
    const t = Math.max(0, Math.min(1, (v - options.min) / (options.max - options.min || 1)));
    const [r, g, b] = t < 0.5 ? [255, 255 * 2 * t, 255 * 2 * t] : [255 * 2 * (1 - t), 255 * 2 * (1 - t), 255];
    return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
  };
  const every = Math.ceil(Math.max(rows, cols) / 15);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="11">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="20" font-size="14" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  values.forEach((row, i) =>
    row.forEach((v, j) => {
      out.push(
        `<rect x="${margin.left + j * cell}" y="${margin.top + i * cell}" width="${cell}" height="${cell}" fill="${colour(v)}"><title>${escapeXml(`${options.yTicks[i]} vs ${options.xTicks[j]}: ${Number.isNaN(v) ? 'none' : v.toFixed(3)}`)}</title></rect>`,
      );
    }),
  );
  options.yTicks.forEach((label, i) => {
    if (i % every === 0) out.push(`<text x="${margin.left - 4}" y="${margin.top + i * cell + cell / 2 + 4}" text-anchor="end">${escapeXml(label)}</text>`);
  });
  options.xTicks.forEach((label, j) => {
    if (j % every === 0) out.push(`<text transform="translate(${margin.left + j * cell + cell / 2} ${margin.top + rows * cell + 6}) rotate(60)" text-anchor="start">${escapeXml(label)}</text>`);
  });
  out.push(`<rect x="${margin.left}" y="${margin.top}" width="${cols * cell}" height="${rows * cell}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${margin.left + (cols * cell) / 2}" y="${height - 6}" text-anchor="middle">${escapeXml(options.xLabel)}</text>`);
  out.push(`<text transform="translate(14 ${margin.top + (rows * cell) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(options.yLabel)}</text>`);
  const legendX = margin.left + cols * cell + 24;
  for (let k = 0; k <= 10; k++) {
    const v = options.max - ((options.max - options.min) * k) / 10;
    out.push(`<rect x="${legendX}" y="${margin.top + k * 14}" width="14" height="14" fill="${colour(v)}"/>`);
    if (k % 5 === 0) out.push(`<text x="${legendX + 18}" y="${margin.top + k * 14 + 11}">${format(v)}</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function niceFloor(lo: number, hi: number): number {
  const step = niceStep((hi - lo) / 5 || 1);
  return Math.floor(lo / step) * step;
}

function ticks(lo: number, hi: number, count: number): number[] {
  const step = niceStep((hi - lo) / count);
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + 1e-9; t += step) out.push(Number(t.toPrecision(10)));
  return out;
}

function niceStep(raw: number): number {
  const power = 10 ** Math.floor(Math.log10(raw || 1));
  const scaled = raw / power;
  return (scaled <= 1 ? 1 : scaled <= 2 ? 2 : scaled <= 5 ? 5 : 10) * power;
}

function niceCeil(x: number): number {
  const step = niceStep(x / 5);
  return Math.ceil(x / step) * step;
}

function format(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
