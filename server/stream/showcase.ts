/**
 * The showcase arena: the run's best networks replayed at real-time pace on the main thread, so
 * that viewers watch at natural speed while training runs at full speed in the shards. It runs on
 * its own clock; the broadcaster samples its latest state on another. Each role is played by the
 * networks it is shown (repeated to fill its seats), or by its scripted expert until then.
 */
import { mlpController } from '../../agents/mlp-controller.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { bodyKind } from '../../worlds/bodies/index.ts';
import { sanitizeActions } from '../../worlds/rollout.ts';
import type { Arena, Controller, Scenario } from '../../worlds/scenario.ts';
import type { Engine } from '../evaluation/engine.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { MOVING_ROLES } from './showcase-scene.ts';

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

/**
 * A person driving one seat (drive.ts): each decision it gets the seat's observation and writes
 * the seat's actions over the network's; then it hears the world's behaviour features for the seat.
 */
export interface Driver {
  readonly role: number;
  readonly slot: number;
  /** Writes the seat's actions; true when they are the person's (false: they went quiet, the agent idles). */
  decide(observation: Float32Array, actions: Float32Array): boolean;
  /** After a decision the person made: the pair and the world's behaviour features for the seat. */
  record(observation: Float32Array, actions: Float32Array, features: Float32Array): void;
  /** A new episode began. */
  newEpisode(): void;
}

/** What a role is shown playing: networks of one shape. */
export interface RoleShow {
  shape: MlpShape;
  genomes: Float32Array[];
  /** Each genome's rank in its population's last generation (0 = best); by default its index. */
  ranks?: number[];
}

/** One seat as `inspect` shows it (InspectMessage without what the server adds). */
export interface SeatView {
  role: number;
  roleName: string;
  slot: number;
  genome: number | 'expert' | 'person';
  fitness: number;
  observation: Float32Array;
  actions: Float32Array;
  lines: Float32Array | null;
}

export class Showcase {
  private arena: Arena | null = null;
  private timer: NodeJS.Timeout | null = null;
  private episode = -1;
  private tick = 0;
  readonly state: ShowcaseState;
  /** Called for each event as it happens. */
  onEvent: (event: ShowcaseEvent) => void = () => {};
  /** Called when an episode starts in a world other than the last one's (after setScenario). */
  onScenario: (scenario: Scenario) => void = () => {};
  private next: Scenario | null = null;
  private controllers: Controller[];
  private shows: (RoleShow | null)[];
  private readonly observations: Float32Array[];
  private readonly actions: Float32Array[];
  private readonly features: Float32Array[];
  /** The person driving a seat, if any. */
  driver: Driver | null = null;
  /** In a world of one role its outcome counts food: a rise is an `ate` event. */
  private readonly eaten: Float64Array | null;

  constructor(
    private readonly engine: Engine,
    private scenario: Scenario,
    private readonly seed: number,
  ) {
    const { spec } = scenario;
    // Episode -1 until the first step: there is nothing to show yet.
    this.state = { tick: 0, episode: -1, positions: new Float32Array(0), rotations: new Float32Array(0) };
    this.layOut();
    this.observations = spec.roles.map((r) => new Float32Array(r.slots * r.observationSize));
    this.actions = spec.roles.map((r) => new Float32Array(r.slots * r.actionSize));
    this.features = spec.roles.map((r) => new Float32Array(r.slots * r.features.length));
    this.eaten = spec.roles.length === 1 && spec.name === 'forage' ? new Float64Array(spec.roles[0].slots) : null;
    this.controllers = [...scenario.experts];
    this.shows = spec.roles.map(() => null);
  }

  start(): void {
    if (this.timer) return;
    const { spec } = this.scenario;
    this.timer = setInterval(() => this.step(), spec.physicsDt * spec.actionRepeat * 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.arena?.dispose();
    this.arena = null;
  }

  /** The world to replay from the next episode on (a schedule's change: the same roles and shapes). */
  setScenario(scenario: Scenario): void {
    this.next = scenario;
  }

  /** Sizes the state for the scenario's moving bodies. */
  private layOut(): void {
    const moving = this.scenario.describe().bodies.filter((b) => MOVING_ROLES.has(b.role)).length;
    this.state.positions = new Float32Array(moving * 3);
    this.state.rotations = new Float32Array(moving * 4);
  }

  /** What each role plays from the next episode on (null: its scripted expert). */
  show(shows: (RoleShow | null)[]): void {
    this.shows = shows.map((s) => s && { shape: s.shape, genomes: s.genomes.map((g) => g.slice()), ranks: s.ranks ?? s.genomes.map((_, i) => i) });
  }

  /** Seats in the current world, role by role. */
  get seats(): number {
    return this.scenario.spec.roles.reduce((n, r) => n + r.slots, 0);
  }

  /** Seat `agent` as it is now (null: no such seat, or no episode yet). */
  inspect(agent: number): SeatView | null {
    const { roles } = this.scenario.spec;
    if (!this.arena || agent >= this.seats) return null;
    let role = 0;
    let slot = agent;
    let body = 0; // the seat's first body among the moving ones (agents come first, role by role)
    while (slot >= roles[role].slots) {
      body += roles[role].slots * bodyKind(roles[role].body).parts.length;
      slot -= roles[role++].slots;
    }
    body += slot * bodyKind(roles[role].body).parts.length;
    const { observationSize: o, actionSize: a } = roles[role];
    const observation = this.observations[role].slice(slot * o, (slot + 1) * o);
    const origin: [number, number, number] = [this.state.positions[3 * body], this.state.positions[3 * body + 1], this.state.positions[3 * body + 2]];
    const show = this.shows[role];
    const driven = this.driver?.role === role && this.driver.slot === slot;
    return {
      role,
      roleName: roles[role].name,
      slot,
      genome: driven ? 'person' : show?.genomes.length ? (show.ranks?.[slot % show.genomes.length] ?? slot % show.genomes.length) : 'expert',
      fitness: this.arena.fitness[role][slot],
      observation,
      actions: this.actions[role].slice(slot * a, (slot + 1) * a),
      lines: this.scenario.sensorLines?.(role, observation, origin) ?? null,
    };
  }

  private step(): void {
    if (!this.arena || this.arena.done) {
      this.arena?.dispose();
      this.arena = null; // a throwing newArena must not leave a freed arena behind
      this.episode++;
      this.tick = 0;
      if (this.next) {
        this.scenario = this.next;
        this.next = null;
        this.layOut();
        this.onScenario(this.scenario);
      }
      this.arena = this.newArena(this.episode);
    }
    this.play(this.arena);
    this.state.tick = this.tick;
    this.state.episode = this.episode;
  }

  /** The world the showcase plays now (a schedule may change it between episodes). */
  get current(): Scenario {
    return this.scenario;
  }

  private newArena(episode: number): Arena {
    const { roles } = this.scenario.spec;
    this.eaten?.fill(0);
    this.driver?.newEpisode();
    this.controllers = roles.map((role, r) => {
      const show = this.shows[r];
      if (!show?.genomes.length) return this.scenario.experts[r];
      return mlpController(
        show.shape,
        Array.from({ length: role.slots }, (_, i) => show.genomes[i % show.genomes.length]),
      );
    });
    return this.scenario.createArena(this.engine.rapier, deriveSeed(this.seed, SEED_STREAMS.showcase, episode));
  }

  private play(arena: Arena): void {
    const { spec } = this.scenario;
    spec.roles.forEach((role, r) => {
      arena.observe(r, this.observations[r]);
      this.controllers[r](this.observations[r], role.slots, this.actions[r]);
      sanitizeActions(this.actions[r], role.actionSize);
      if (this.driver?.role === r) this.drive(arena, this.driver, r);
      arena.applyActions(r, this.actions[r]);
    });
    arena.step();
    this.tick += spec.actionRepeat;
    if (this.eaten) {
      const outcome = arena.outcome[0];
      for (let a = 0; a < outcome.length; a++) {
        while (this.eaten[a] < outcome[a]) {
          this.eaten[a]++;
          this.onEvent({ tick: this.tick, kind: 'ate', agent: a });
        }
      }
    }
    arena.positions(this.state.positions, this.state.rotations);
  }

  /** The driven seat's actions are the person's; each decision they made is recorded. */
  private drive(arena: Arena, driver: Driver, r: number): void {
    const { observationSize: o, actionSize: a, features } = this.scenario.spec.roles[r];
    const observation = this.observations[r].subarray(driver.slot * o, (driver.slot + 1) * o);
    const actions = this.actions[r].subarray(driver.slot * a, (driver.slot + 1) * a);
    if (!driver.decide(observation, actions)) return;
    sanitizeActions(actions, a);
    arena.features(r, this.features[r]);
    driver.record(observation, actions, this.features[r].subarray(driver.slot * features.length, (driver.slot + 1) * features.length));
  }
}
