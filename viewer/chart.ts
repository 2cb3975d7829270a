/**
 * A small live line chart of best and mean fitness over generations, drawn as inline SVG (crisp
 * at any pixel ratio, and no 2D canvas layer to composite over the WebGL scene).
 */
const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 140;

export class FitnessChart {
  private readonly best: number[] = [];
  private readonly mean: number[] = [];
  private readonly lines: SVGPathElement[];
  private readonly labels: { top: SVGTextElement; bottom: SVGTextElement; generation: SVGTextElement };

  constructor(svg: SVGSVGElement) {
    svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
    const add = <K extends 'path' | 'text'>(tag: K, attributes: Record<string, string | number>) => {
      const element = document.createElementNS(SVG, tag) as SVGElementTagNameMap[K];
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
      svg.appendChild(element);
      return element;
    };
    this.lines = ['#88c0d0', '#a3be8c'].map((colour) => add('path', { fill: 'none', stroke: colour, 'stroke-width': 2 }));
    const text = { fill: '#7b8394', 'font-size': 10 };
    this.labels = {
      top: add('text', { ...text, x: 2, y: 12 }),
      bottom: add('text', { ...text, x: 2, y: HEIGHT - 16 }),
      generation: add('text', { ...text, x: WIDTH - 4, y: HEIGHT - 2, 'text-anchor': 'end' }),
    };
  }

  add(best: number, mean: number): void {
    this.best.push(best);
    this.mean.push(mean);
    this.draw();
  }

  private draw(): void {
    // Shaped fitness can be negative (sumo, pursuit): the scale reaches below zero then.
    const top = Math.max(1, ...this.best) * 1.1;
    const bottom = Math.min(0, ...this.mean, ...this.best) * 1.1;
    const n = this.best.length;
    const x = (i: number) => 24 + (n > 1 ? (i / (n - 1)) * (WIDTH - 32) : 0);
    const y = (v: number) => HEIGHT - 16 - ((v - bottom) / (top - bottom)) * (HEIGHT - 24);
    [this.best, this.mean].forEach((series, s) => {
      this.lines[s].setAttribute('d', series.map((v, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(''));
    });
    this.labels.top.textContent = top.toFixed(0);
    this.labels.bottom.textContent = bottom === 0 ? '0' : bottom.toFixed(1);
    this.labels.generation.textContent = `generation ${n}`;
  }
}
