/**
 * The showcase arena: the current elites replayed at real-time pace on the main thread, so that
 * viewers watch at natural speed while training runs at full speed in the shards. It runs on its
 * own clock; the broadcaster samples its latest state on another.
 */
import { mlpController } from '../../agents/mlp-controller.ts';
import { deriveSeed } from '../../agents/rng.ts';
import type { Arena, Controller } from '../../worlds/scenario.ts';
import type { World } from '../setup.ts';

export interface ShowcaseState {
  tick: number;
  episode: number;
  /** x, y, z per moving body (agents, then food). */
  positions: Float32Array;
}

export interface ShowcaseEvent {
  tick: number;
  kind: 'ate';
  agent: number;
}

const SHOWCASE_STREAM = 0x73686f77;

export class Showcase {
  private arena: Arena | null = null;
  private controller: Controller;
  private genomes: Float32Array[] | null = null;
  private timer: NodeJS.Timeout | null = null;
  private episode = -1;
  private tick = 0;
  private readonly observations: Float32Array;
  private readonly actions: Float32Array;
  private readonly eaten: Int32Array;
  readonly state: ShowcaseState;
  /** Called for each event as it happens. */
  onEvent: (event: ShowcaseEvent) => void = () => {};

  constructor(private readonly world: World, private readonly seed: number) {
    const { spec } = world.scenario;
    const agents = spec.agentsPerArena;
    this.observations = new Float32Array(agents * spec.observationSize);
    this.actions = new Float32Array(agents * spec.actionSize);
    this.eaten = new Int32Array(agents);
    this.controller = world.scenario.expert; // until the first generation ends
    const bodies = world.scenario.describe().bodies.filter((b) => b.role === 'agent' || b.role === 'food');
    this.state = { tick: 0, episode: 0, positions: new Float32Array(bodies.length * 3) };
  }

  /** Genomes to show from the next episode on (one per agent, repeated if fewer). */
  show(genomes: Float32Array[]): void {
    this.genomes = genomes.map((g) => g.slice());
  }

  start(): void {
    if (this.timer) return;
    const { spec } = this.world.scenario;
    const periodMs = spec.physicsDt * spec.actionRepeat * 1000;
    this.timer = setInterval(() => this.step(), periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.arena?.dispose();
    this.arena = null;
  }

  private newEpisode(): Arena {
    this.arena?.dispose();
    this.episode++;
    this.tick = 0;
    this.eaten.fill(0);
    const { scenario, rapier, shape } = this.world;
    if (this.genomes?.length) {
      const agents = scenario.spec.agentsPerArena;
      this.controller = mlpController(shape, Array.from({ length: agents }, (_, i) => this.genomes![i % this.genomes!.length]));
    }
    this.arena = scenario.createArena(rapier, deriveSeed(this.seed, SHOWCASE_STREAM, this.episode));
    return this.arena;
  }

  private step(): void {
    const arena = this.arena && !this.arena.done ? this.arena : this.newEpisode();
    const { spec } = this.world.scenario;
    arena.observe(this.observations);
    this.controller(this.observations, arena.agentCount, this.actions);
    for (let i = 0; i < this.actions.length; i++) if (!Number.isFinite(this.actions[i])) this.actions[i] = 0;
    arena.applyActions(this.actions);
    arena.step();
    this.tick += spec.actionRepeat;
    for (let a = 0; a < arena.agentCount; a++) {
      while (this.eaten[a] < arena.eaten[a]) {
        this.eaten[a]++;
        this.onEvent({ tick: this.tick, kind: 'ate', agent: a });
      }
    }
    arena.positions(this.state.positions);
    this.state.tick = this.tick;
    this.state.episode = this.episode;
  }
}
