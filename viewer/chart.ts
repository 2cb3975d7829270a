/** A small live line chart of best and mean fitness over generations. */
export class FitnessChart {
  private readonly best: number[] = [];
  private readonly mean: number[] = [];

  constructor(private readonly canvas: HTMLCanvasElement) {}

  add(best: number, mean: number): void {
    this.best.push(best);
    this.mean.push(mean);
    this.draw();
  }

  private draw(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    // Shaped fitness can be negative (sumo, pursuit): the scale reaches below zero then.
    const top = Math.max(1, ...this.best) * 1.1;
    const bottom = Math.min(0, ...this.mean, ...this.best) * 1.1;
    const n = this.best.length;
    const x = (i: number) => 24 + (n > 1 ? (i / (n - 1)) * (width - 32) : 0);
    const y = (v: number) => height - 16 - ((v - bottom) / (top - bottom)) * (height - 24);
    ctx.fillStyle = '#7b8394';
    ctx.fillText(top.toFixed(0), 2, 12);
    ctx.fillText(bottom === 0 ? '0' : bottom.toFixed(1), 2, height - 16);
    ctx.fillText(`generation ${n}`, width - 90, height - 2);
    for (const [series, color] of [[this.best, '#88c0d0'], [this.mean, '#a3be8c']] as const) {
      ctx.strokeStyle = color;
      ctx.lineWidth = 2;
      ctx.beginPath();
      series.forEach((v, i) => (i ? ctx.lineTo(x(i), y(v)) : ctx.moveTo(x(i), y(v))));
      ctx.stroke();
    }
  }
}
