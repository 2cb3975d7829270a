/**
 * A small live line chart of best and mean fitness over the run's generations, drawn as inline
 * SVG (crisp at any pixel ratio, and no 2D canvas layer to composite over the WebGL scene). Points
 * are placed by their generation (the run's own numbers, from `history` and then each row), so
 * the axis matches the run however late the page joined.
 */
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 140;
const COLOURS = { best: '#88c0d0', mean: '#a3be8c' } as const;

export class FitnessChart {
  /** generation (0-based), best, mean per point, in generation order. */
  private points: [number, number, number][] = [];
  private readonly lines: SVGPathElement[];
  private readonly labels: { top: SVGTextElement; bottom: SVGTextElement; first: SVGTextElement; last: SVGTextElement };

  constructor(svg: SVGSVGElement) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    const add = <K extends 'path' | 'text'>(tag: K, attributes: Record<string, string | number>, text?: string) => {
      const element = document.createElementNS(SVG, tag) as SVGElementTagNameMap[K];
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
      if (text) element.textContent = text;
      svg.appendChild(element);
      return element;
    };
    this.lines = [COLOURS.best, COLOURS.mean].map((colour) => add('path', { fill: 'none', stroke: colour, 'stroke-width': 2 }));
    const text = { fill: '#7b8394', 'font-size': 10 };
    this.labels = {
      top: add('text', { ...text, x: 2, y: 12 }),
      bottom: add('text', { ...text, x: 2, y: HEIGHT - 16 }),
      first: add('text', { ...text, x: 24, y: HEIGHT - 2 }),
      last: add('text', { ...text, x: WIDTH - 4, y: HEIGHT - 2, 'text-anchor': 'end' }),
    };
    // Axes and legend: what each line is, and what the numbers count.
    add('text', { ...text, x: WIDTH / 2, y: HEIGHT - 2, 'text-anchor': 'middle' }, 'generation');
    add('text', { ...text, x: 2, y: HEIGHT / 2 }, 'fitness');
    add('text', { ...text, fill: COLOURS.best, x: WIDTH - 4, y: 12, 'text-anchor': 'end' }, 'best');
    add('text', { ...text, fill: COLOURS.mean, x: WIDTH - 4, y: 24, 'text-anchor': 'end' }, 'mean');
  }

  /** Forgets every point (a new connection brings the run's history again). */
  reset(): void {
    this.points = [];
    this.draw();
  }

  /** The figures of `generation` (0-based); a generation seen again replaces its point. */
  add(generation: number, best: number, mean: number): void {
    this.points = this.points.filter(([g]) => g !== generation);
    this.points.push([generation, best, mean]);
    this.points.sort((a, b) => a[0] - b[0]);
    this.draw();
  }

  private draw(): void {
    const n = this.points.length;
    this.lines.forEach((line) => line.setAttribute('d', ''));
    this.labels.first.textContent = this.labels.last.textContent = this.labels.top.textContent = this.labels.bottom.textContent = '';
    if (n === 0) return;
    const best = this.points.map((p) => p[1]);
    const mean = this.points.map((p) => p[2]);
    // Shaped fitness can be negative (sumo, pursuit): the scale reaches below zero then.
    const top = Math.max(1, ...best) * 1.1;
    const bottom = Math.min(0, ...mean, ...best) * 1.1;
    const [g0, g1] = [this.points[0][0], this.points[n - 1][0]];
    const x = (g: number) => 24 + (g1 > g0 ? ((g - g0) / (g1 - g0)) * (WIDTH - 32) : 0);
    const y = (v: number) => HEIGHT - 16 - ((v - bottom) / (top - bottom)) * (HEIGHT - 24);
    [best, mean].forEach((series, s) => {
      this.lines[s].setAttribute('d', series.map((v, i) => `${i ? 'L' : 'M'}${x(this.points[i][0]).toFixed(1)},${y(v).toFixed(1)}`).join(''));
    });
    this.labels.top.textContent = top.toFixed(0);
    this.labels.bottom.textContent = bottom === 0 ? '0' : bottom.toFixed(1);
    // Generations as the HUD counts them, from 1.
    this.labels.first.textContent = String(g0 + 1);
    this.labels.last.textContent = String(g1 + 1);
  }
}
