/**
 * Replays in the viewer: a picker of every saved replay (and "live" where there is a live run),
 * a timeline to scrub, play and pause, and the speed. A replay is fetched from the HTTP API
 * (`GET /api/runs/I/replays/G`) and drawn into the same 3D scene, frame by frame at its own rate
 * times the speed; choosing "live" hands the scene back to the stream.
 */
import { decodeReplayData, floatsOf, type ReplayData } from '../client-protocol/protocol.ts';
import type { ArenaScene } from './scene.ts';

export interface PlayerElements {
  picker: HTMLSelectElement;
  play: HTMLButtonElement;
  timeline: HTMLInputElement;
  speed: HTMLSelectElement;
  status: HTMLElement;
}

/** A replay on offer: which run (its index in /api/runs) and generation, and how to name it. */
export interface ReplayChoice {
  run: number;
  generation: number;
  label: string;
}

export class ReplayPlayer {
  private replay: { data: ReplayData; positions: Float32Array; rotations: Float32Array } | null = null;
  private frame = 0;
  private playing = true;
  private lastTime = 0;
  /** Called when the person goes back to the live view. */
  onLive: () => void = () => {};
  /** Called with each replay loaded (its world), so the page can redraw legends and seats. */
  onLoad: (replay: ReplayData) => void = () => {};

  constructor(
    private readonly ui: PlayerElements,
    private readonly scene: ArenaScene,
    /** Whether there is a live stream to go back to (not under `coevo view`). */
    public live = true,
  ) {
    ui.picker.addEventListener('change', () => void this.choose(ui.picker.value));
    ui.play.addEventListener('click', () => this.setPlaying(!this.playing));
    ui.timeline.addEventListener('input', () => {
      this.frame = Number(ui.timeline.value);
      this.draw();
    });
    const tick = (time: number) => {
      this.advance(time);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
    this.offer([]);
  }

  /** True while a replay, not the live stream, is on screen. */
  get active(): boolean {
    return this.replay !== null;
  }

  /** Lists the replays on offer (newest last), keeping the current choice. */
  offer(choices: ReplayChoice[]): void {
    const current = this.ui.picker.value;
    const options = choices.map((c) => new Option(c.label, `${c.run}/${c.generation}`));
    this.ui.picker.replaceChildren(...(this.live ? [new Option('live', 'live')] : []), ...options);
    if (Array.from(this.ui.picker.options).some((o) => o.value === current)) this.ui.picker.value = current;
    document.body.dataset.replays = String(choices.length);
  }

  async choose(value: string): Promise<void> {
    this.ui.picker.value = value;
    if (value === 'live' || !value) {
      this.replay = null;
      delete document.body.dataset.replay;
      this.ui.status.textContent = '';
      this.onLive();
      return;
    }
    const [run, generation] = value.split('/').map(Number);
    const response = await fetch(`/api/runs/${run}/replays/${generation}`);
    if (!response.ok) {
      this.ui.status.textContent = (await response.text()).trim();
      return;
    }
    const data = decodeReplayData(new Uint8Array(await response.arrayBuffer()));
    this.replay = { data, positions: floatsOf(data.positions), rotations: floatsOf(data.rotations) };
    this.scene.load(data.world);
    this.ui.timeline.max = String(data.frames - 1);
    this.frame = 0;
    this.onLoad(data);
    const champion = data.seats[data.champion.agent];
    this.ui.status.textContent = `generation ${data.generation}: ${data.champion.population} champion (seat ${data.champion.agent}), fitness ${champion?.fitness.toFixed(2) ?? '?'}`;
    document.body.dataset.replay = String(data.generation);
    this.setPlaying(true);
    this.draw();
  }

  private setPlaying(playing: boolean): void {
    this.playing = playing;
    this.ui.play.textContent = playing ? 'pause' : 'play';
    document.body.dataset.replayPlaying = String(playing);
    if (playing && this.replay && this.frame >= this.replay.data.frames - 1) this.frame = 0; // play again from the start
    this.lastTime = 0;
  }

  /** Moves on by the time since the last animation frame times the replay's rate and the speed. */
  private advance(time: number): void {
    if (!this.replay || !this.playing) return;
    if (this.lastTime) {
      const frames = ((time - this.lastTime) / 1000) * this.replay.data.hz * Number(this.ui.speed.value);
      this.frame = Math.min(this.frame + frames, this.replay.data.frames - 1);
      if (this.frame >= this.replay.data.frames - 1) this.setPlaying(false);
    }
    this.lastTime = time;
    this.draw();
  }

  private draw(): void {
    if (!this.replay) return;
    const { data, positions, rotations } = this.replay;
    const f = Math.floor(this.frame);
    const moving = data.world.moving.length;
    const rotating = data.world.rotating.length;
    this.scene.place(positions.subarray(f * moving * 3, (f + 1) * moving * 3), rotations.subarray(f * rotating * 4, (f + 1) * rotating * 4));
    this.ui.timeline.value = String(f);
    document.body.dataset.replayFrame = String(f);
  }
}
