/**
 * The showcase arena: the current elites replayed at real-time pace on the main thread, so that
 * viewers watch at natural speed while training runs at full speed in the shards. It runs on its
 * own clock; the broadcaster samples its latest state on another.
 */
import { mlpController } from '../../agents/mlp-controller.ts';
import { deriveSeed } from '../../agents/rng.ts';
import type { Arena, Controller } from '../../worlds/scenario.ts';
import type { World } from '../evaluation/engine.ts';

export interface ShowcaseState {
  tick: number;
  episode: number;
  /** x, y, z per moving body (agents, then food). */
  positions: Float32Array;
  /** Quaternion x, y, z, w per moving body. */
  rotations: Float32Array;
}

export interface ShowcaseEvent {
  tick: number;
  kind: 'ate';
  agent: number;
}

export const SHOWCASE_STREAM = 0x73686f77;

/**
 * What every showcase shares: a timer at the world's control rate, a new episode (arena) when
 * the last one is done, and the latest state for the broadcaster to sample.
 */
export abstract class RealTimeShowcase<A extends { readonly done: boolean; dispose(): void }> {
  private arena: A | null = null;
  private timer: NodeJS.Timeout | null = null;
  private episode = -1;
  protected tick = 0;
  readonly state: ShowcaseState;
  /** Called for each event as it happens. */
  onEvent: (event: ShowcaseEvent) => void = () => {};

  constructor(
    private readonly periodMs: number,
    movingBodies: number,
  ) {
    this.state = { tick: 0, episode: 0, positions: new Float32Array(movingBodies * 3), rotations: new Float32Array(movingBodies * 4) };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.step(), this.periodMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.arena?.dispose();
    this.arena = null;
  }

  /** The next episode's arena, with its controllers chosen; `episode` seeds it. */
  protected abstract newArena(episode: number): A;
  /** One control step of `arena`, writing the moving bodies' poses into `state`. */
  protected abstract play(arena: A, state: ShowcaseState): void;

  private step(): void {
    if (!this.arena || this.arena.done) {
      this.arena?.dispose();
      this.arena = null; // a throwing newArena must not leave a freed arena behind
      this.episode++;
      this.tick = 0;
      this.arena = this.newArena(this.episode);
    }
    this.play(this.arena, this.state);
    this.state.tick = this.tick;
    this.state.episode = this.episode;
  }
}

export class Showcase extends RealTimeShowcase<Arena> {
  private controller: Controller;
  private genomes: Float32Array[] | null = null;
  private readonly observations: Float32Array;
  private readonly actions: Float32Array;
  private readonly eaten: Int32Array;

  constructor(
    private readonly world: World,
    private readonly seed: number,
  ) {
    const { spec } = world.scenario;
    super(spec.physicsDt * spec.actionRepeat * 1000, world.scenario.describe().bodies.filter((b) => b.role === 'agent' || b.role === 'food').length);
    const agents = spec.agentsPerArena;
    this.observations = new Float32Array(agents * spec.observationSize);
    this.actions = new Float32Array(agents * spec.actionSize);
    this.eaten = new Int32Array(agents);
    this.controller = world.scenario.expert; // until the first generation ends
  }

  /** Genomes to show from the next episode on (one per agent, repeated if fewer). */
  show(genomes: Float32Array[]): void {
    this.genomes = genomes.map((g) => g.slice());
  }

  protected newArena(episode: number): Arena {
    this.eaten.fill(0);
    const { scenario, rapier, shape } = this.world;
    if (this.genomes?.length) {
      const agents = scenario.spec.agentsPerArena;
      this.controller = mlpController(
        shape,
        Array.from({ length: agents }, (_, i) => this.genomes![i % this.genomes!.length]),
      );
    }
    return scenario.createArena(rapier, deriveSeed(this.seed, SHOWCASE_STREAM, episode));
  }

  protected play(arena: Arena, state: ShowcaseState): void {
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
    arena.positions(state.positions, state.rotations);
  }
}
