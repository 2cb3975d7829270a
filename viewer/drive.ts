/**
 * Drive mode in the viewer (docs/protocol.md, "Drive mode"): with the control token, a person
 * takes over one seat of the showcase and steers it with WASD or the arrow keys, or a gamepad's
 * left stick. The input is a direction on the ground relative to the camera (up: away from it),
 * sent 20 times a second while held and once as zero when let go: the ball pushes that way, a
 * crawler is steered that way by its body's steering layer (the server does it).
 */
import type { CoevoClient } from '../client-protocol/client.ts';
import type { Seats } from './seats.ts';

/** Decisions per second the server makes (and so the most `act` messages worth sending). */
const ACT_HZ = 20;
const DEADZONE = 0.15;
const KEYS: Record<string, [number, number]> = {
  KeyW: [0, 1],
  ArrowUp: [0, 1],
  KeyS: [0, -1],
  ArrowDown: [0, -1],
  KeyA: [-1, 0],
  ArrowLeft: [-1, 0],
  KeyD: [1, 0],
  ArrowRight: [1, 0],
};

/** The ground directions, in world x and z, of the screen's right and of "away from the camera". */
export interface GroundAxes {
  right: [number, number];
  forward: [number, number];
}

export interface DriveElements {
  token: HTMLInputElement;
  agent: HTMLSelectElement;
  button: HTMLButtonElement;
  status: HTMLElement;
}

export class DriveControls {
  private client: CoevoClient | null = null;
  private driving = false;
  private readonly held = new Set<string>();
  private wasMoving = false;
  /** Per seat of the shown world: the index among moving bodies of its first part. */
  seatBodies: number[] = [];

  constructor(
    private readonly ui: DriveElements,
    private readonly axes: () => GroundAxes,
  ) {
    const fromUrl = new URLSearchParams(location.hash.slice(1)).get('token') ?? new URLSearchParams(location.search).get('token');
    if (fromUrl) ui.token.value = fromUrl;
    ui.button.addEventListener('click', () => this.toggle());
    window.addEventListener('keydown', (event) => {
      if (!(event.code in KEYS) || event.target instanceof HTMLInputElement) return;
      this.held.add(event.code);
      if (this.driving) event.preventDefault();
    });
    window.addEventListener('keyup', (event) => this.held.delete(event.code));
    window.addEventListener('blur', () => this.held.clear());
    setInterval(() => this.tick(), 1000 / ACT_HZ);
  }

  /** A new connection: sessions do not survive it. */
  attach(client: CoevoClient): void {
    this.client = client;
    this.setDriving(false);
    client.on('ack', (ack) => {
      if (ack.action !== 'drive') return;
      this.setDriving(ack.state.driving === true);
      this.ui.status.textContent = ack.state.driving
        ? `driving agent ${ack.state.agent}${ack.state.steers ? ' (steered)' : ''}: WASD, arrows or a gamepad`
        : `stopped: ${ack.state.samples ?? 0} decisions recorded`;
    });
    client.on('error', (error) => {
      if (['UNAUTHORIZED', 'DRIVE_BUSY', 'UNKNOWN_AGENT', 'NOT_DRIVING', 'NOT_SUPPORTED'].includes(error.code)) {
        this.ui.status.textContent = `${error.code}: ${error.message}`;
        if (error.code !== 'DRIVE_BUSY') this.setDriving(false);
      }
    });
  }

  /** The seats a world offers to drive (seats.ts), named by population and slot. */
  load(seats: Seats, populations: string[]): void {
    this.seatBodies = seats.first;
    const previous = this.ui.agent.value;
    this.ui.agent.replaceChildren(...seats.seats.map(({ population, slot }, seat) => new Option(`${seat}: ${populations[population] ?? `population ${population}`} ${slot}`, String(seat))));
    if (previous && Number(previous) < this.seatBodies.length) this.ui.agent.value = previous;
  }

  get drivenSeat(): number | null {
    return this.driving ? Number(this.ui.agent.value) : null;
  }

  private toggle(): void {
    if (!this.client) return;
    if (this.driving) this.client.drive(this.ui.token.value, null);
    else this.client.drive(this.ui.token.value, 'showcase', Number(this.ui.agent.value || 0));
  }

  private setDriving(driving: boolean): void {
    this.driving = driving;
    this.ui.button.textContent = driving ? 'stop driving' : 'drive';
    document.body.dataset.driving = String(driving);
  }

  /** Twenty times a second: the stick, turned into a ground direction and sent while it is held. */
  private tick(): void {
    if (!this.driving || !this.client) return;
    let [x, y] = this.stick();
    const length = Math.hypot(x, y);
    if (length > 1) [x, y] = [x / length, y / length];
    const moving = length > 0;
    if (!moving && !this.wasMoving) return;
    this.wasMoving = moving;
    const { right, forward } = this.axes();
    this.client.act(this.ui.token.value, [right[0] * x + forward[0] * y, right[1] * x + forward[1] * y]);
  }

  /** Keys first; else the first gamepad's left stick. x: right, y: away from the camera. */
  private stick(): [number, number] {
    let x = 0;
    let y = 0;
    for (const code of this.held) {
      x += KEYS[code][0];
      y += KEYS[code][1];
    }
    if (x || y) return [x, y];
    const pad = navigator.getGamepads?.().find((p) => p?.connected);
    if (!pad || pad.axes.length < 2) return [0, 0];
    const [ax, ay] = [pad.axes[0], pad.axes[1]];
    return Math.hypot(ax, ay) < DEADZONE ? [0, 0] : [ax, -ay];
  }
}
