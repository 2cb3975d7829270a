/**
 * The inspect panel: the selected agent's population, slot, genome rank and fitness so far, its
 * observation and action vectors as live bars, and (drawn by the scene) its sensor lines. The
 * server sends these for the selected agent only (`subscribe {inspect}`).
 */
import { floatsOf, type InspectMessage } from '../client-protocol/protocol.ts';

export interface InspectElements {
  who: HTMLElement;
  bars: HTMLCanvasElement;
}

export class InspectPanel {
  constructor(private readonly ui: InspectElements) {}

  clear(): void {
    this.ui.who.textContent = 'click an agent to inspect it';
    const context = this.ui.bars.getContext('2d');
    context?.clearRect(0, 0, this.ui.bars.width, this.ui.bars.height);
    delete document.body.dataset.inspected;
    document.body.dataset.lines = 'false';
  }

  show(message: InspectMessage): void {
    const genome = message.genome === 'expert' ? 'scripted expert' : message.genome === 'person' ? 'driven by a person' : `genome rank ${message.genome}`;
    const role = message.role !== message.population ? ` (${message.role})` : '';
    this.ui.who.textContent = `agent ${message.agent}: ${message.population}${role} slot ${message.slot}, ${genome}, fitness ${message.fitness.toFixed(2)}`;
    const observation = floatsOf(message.observation);
    const actions = floatsOf(message.actions);
    this.draw(observation, actions);
    document.body.dataset.inspected = String(message.agent);
    document.body.dataset.inspectValues = `${observation.length},${actions.length}`;
  }

  /** Observations on the first row, actions on the second; each bar grows up (positive) or down from its row's middle, clamped to [-1, 1]. */
  private draw(observation: Float32Array, actions: Float32Array): void {
    const canvas = this.ui.bars;
    const context = canvas.getContext('2d');
    if (!context) return;
    const { width, height } = canvas;
    context.clearRect(0, 0, width, height);
    const rows: [string, Float32Array, string][] = [
      ['observation', observation, '#81a1c1'],
      ['actions', actions, '#d08770'],
    ];
    const rowHeight = height / rows.length;
    context.font = '10px system-ui, sans-serif';
    rows.forEach(([label, values, colour], r) => {
      const middle = rowHeight * r + rowHeight / 2 + 5;
      const half = rowHeight / 2 - 8;
      context.fillStyle = '#4c566a';
      context.fillRect(0, middle, width, 1);
      context.fillStyle = '#aab1bf';
      context.fillText(label, 2, rowHeight * r + 10);
      const step = width / Math.max(values.length, 1);
      context.fillStyle = colour;
      values.forEach((v, i) => {
        const h = Math.max(-1, Math.min(1, v)) * half;
        context.fillRect(i * step + 1, h > 0 ? middle - h : middle, Math.max(1, step - 2), Math.max(1, Math.abs(h)));
      });
    });
  }
}
