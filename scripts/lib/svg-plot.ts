/** A small dependency-free SVG line chart for the reports in docs/. */

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
}

export function lineChart(series: Series[], options: PlotOptions): string {
  const width = options.width ?? 720;
  const height = options.height ?? 420;
  const margin = { left: 60, right: 180, top: 36, bottom: 48 };
  const all = series.flatMap((s) => s.points);
  const xMax = Math.max(...all.map(([x]) => x));
  const xMin = Math.min(...all.map(([x]) => x));
  const yMax = niceCeil(Math.max(...all.map(([, y]) => y)));
  const yMin = Math.min(0, ...all.map(([, y]) => y));
  const plotW = width - margin.left - margin.right;
  const plotH = height - margin.top - margin.bottom;
  const sx = (x: number) => margin.left + ((x - xMin) / (xMax - xMin || 1)) * plotW;
  const sy = (y: number) => margin.top + plotH - ((y - yMin) / (yMax - yMin || 1)) * plotH;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${margin.left}" y="20" font-size="14" font-weight="bold">${escape(options.title)}</text>`,
  ];
  for (const tick of ticks(yMin, yMax, 5)) {
    out.push(`<line x1="${margin.left}" x2="${margin.left + plotW}" y1="${sy(tick)}" y2="${sy(tick)}" stroke="#ddd"/>`);
    out.push(`<text x="${margin.left - 6}" y="${sy(tick) + 4}" text-anchor="end">${format(tick)}</text>`);
  }
  for (const tick of ticks(xMin, xMax, 8)) {
    out.push(`<text x="${sx(tick)}" y="${margin.top + plotH + 16}" text-anchor="middle">${format(tick)}</text>`);
  }
  out.push(`<rect x="${margin.left}" y="${margin.top}" width="${plotW}" height="${plotH}" fill="none" stroke="#444"/>`);
  out.push(`<text x="${margin.left + plotW / 2}" y="${height - 10}" text-anchor="middle">${escape(options.xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${margin.top + plotH / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`);
  series.forEach((s, i) => {
    const path = s.points.map(([x, y], j) => `${j ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    const ly = margin.top + 12 + i * 18;
    out.push(`<line x1="${margin.left + plotW + 12}" x2="${margin.left + plotW + 36}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="6 4"' : ''}/>`);
    out.push(`<text x="${margin.left + plotW + 42}" y="${ly + 4}">${escape(s.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
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

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}
