/**
 * The ecology as a whole, between windows: agents, food, the archive of the dead, and the
 * generators of life's chances. `windows()` cuts the world into its regions' inputs (members in
 * id order, ghosts within the border margin, pellets within sight); `apply()` takes their outcomes
 * back, in region order, then runs death, birth and reseeding. Everything here happens on one
 * thread in a fixed order, so the world depends only on its seed, never on who stepped a region.
 *
 * Energy is conserved as docs/ecology.md states: food adds `foodEnergy`, living and moving spend,
 * a birth moves `childEnergy` from parent to child (and spends `birthCost` of the parent's), a
 * death removes what the agent had left, and reseeding below the floor adds `initialEnergy` per
 * agent. `ledger` sums each flow.
 */
import { gaussianMutate } from '../../agents/evolution/operators.ts';
import type { Rng } from '../../agents/rng.ts';
import { type Agent, newAgent, PairRing } from './agents.ts';
import { Food } from './food.ts';
import { DEFAULT_GRAVITY } from '../physical.ts';
import { clearPlace, placeObstacles } from './obstacles.ts';
import { ACTION_SIZE, AGENT_RADIUS, BEHAVIOUR_FEATURES, controlSeconds, type EcologyOptions, ecologyObservationSize, regionBounds, regionOf } from './options.ts';
import { BODY_FIELDS, GHOST_FIELDS, type RegionOutcome, type RegionWindow } from './region.ts';
import { WeightSlab } from './weight-slab.ts';

export interface Mutation {
  rate: number;
  std: number;
}

export interface Ledger {
  food: number;
  spent: number;
  dead: number;
  seeded: number;
}

/** What happened in a window, for the stream and the metrics. */
export type WorldEvent =
  | { kind: 'ate'; agentId: number; pellet: number /** The control step in its window. */; step: number }
  | { kind: 'born'; agentId: number; parent: number }
  | { kind: 'died'; agentId: number; age: number; cause: 'energy' | 'age'; at: Float64Array };

export interface Counters {
  births: number;
  deaths: number;
  seeded: number;
  eaten: number;
  ageAtDeath: number;
}

interface Archived {
  id: number;
  score: number;
  genome: Float32Array;
}

export class EcologyWorld {
  agents: Agent[] = [];
  /** Control steps since the world began. */
  step = 0;
  nextId = 0;
  foodMoved = false;
  archive: Archived[] = [];
  ledger: Ledger = { food: 0, spent: 0, dead: 0, seeded: 0 };
  counters: Counters = { births: 0, deaths: 0, seeded: 0, eaten: 0, ageAtDeath: 0 };
  readonly food: Food;
  readonly observationSize: number;
  /** x, z and half side per obstacle (obstacles.ts). */
  readonly obstacles: Float32Array;
  /** The living agents' weights, shared with the shards (each agent's `weights` is its slot's view). */
  readonly slab: WeightSlab;

  /** Downward acceleration, m/s² (`physics.gravity`; a schedule may change it, and `o`, between windows). */
  gravity = DEFAULT_GRAVITY;

  constructor(
    public o: EcologyOptions,
    readonly mutation: Mutation,
    /** Draws a fresh genome (seeded agents when the archive is empty). */
    private readonly freshGenome: (rng: Rng) => Float32Array,
    genomeLength: number,
    /** Births, mutation and reseeding; and where food goes. */
    public life: Rng,
    public foodRng: Rng,
    /** The obstacles' own generator: they depend on the seed alone. */
    obstacleRng: Rng,
  ) {
    this.food = new Food(o);
    this.observationSize = ecologyObservationSize(o);
    this.obstacles = placeObstacles(o, obstacleRng);
    this.slab = new WeightSlab(genomeLength, o.initialAgents);
  }

  /**
   * Gives each new agent (already in `this.agents`) a slot in the slab holding its weights (a copy:
   * its genome stays its own), and every agent its slot's view again if the slab had to grow.
   */
  adopt(agents: Agent[]): void {
    const grown = this.slab.grown;
    for (const a of agents) a.slot = this.slab.take(a.weights);
    for (const a of this.slab.grown === grown ? agents : this.agents) a.weights = this.slab.view(a.slot);
  }

  /** A schedule's change, from the next window on (its checks keep the world's layout and shapes fixed). */
  setSettings(o: EcologyOptions, gravity: number): void {
    this.o = o;
    this.food.o = o;
    this.gravity = gravity;
  }

  /** A new world: food placed, `initialAgents` seeded uniformly with fresh genomes. */
  populate(): void {
    this.food.place(this.foodRng, null, this.obstacles);
    for (let k = 0; k < this.o.initialAgents; k++) this.seed(this.freshGenome(this.life), false);
  }

  get time(): number {
    return this.step * controlSeconds(this.o);
  }

  get regionCount(): number {
    return this.o.regionsX * this.o.regionsZ;
  }

  /** Each region's input for the next window of `exchangeSteps` control steps; with `track`, they record the agents' paths for viewers. */
  windows(track = false): RegionWindow[] {
    const o = this.o;
    const home = this.agents.map((a) => regionOf(o, a.body[0], a.body[2]));
    const now = this.time;
    return Array.from({ length: this.regionCount }, (_, r) => {
      const [x0, z0, x1, z1] = regionBounds(o, r);
      const members = this.agents.filter((_, i) => home[i] === r);
      const ghosts = this.agents.filter((a, i) => home[i] !== r && distanceToRect(a.body[0], a.body[2], x0, z0, x1, z1) <= o.borderMargin);
      const pellets: number[] = [];
      for (let p = 0; p < this.food.count; p++) {
        if (this.food.standing(p, now) && distanceToRect(this.food.xz[2 * p], this.food.xz[2 * p + 1], x0, z0, x1, z1) <= o.foodRange) pellets.push(p);
      }
      const bodies = new Float64Array(members.length * BODY_FIELDS);
      members.forEach((a, i) => bodies.set(a.body, i * BODY_FIELDS));
      const ghostBodies = new Float64Array(ghosts.length * GHOST_FIELDS);
      ghosts.forEach((a, g) => ghostBodies.set(a.body.subarray(0, GHOST_FIELDS), g * GHOST_FIELDS));
      return {
        region: r,
        options: o,
        gravity: this.gravity,
        step: this.step,
        steps: o.exchangeSteps,
        ids: Int32Array.from(members, (a) => a.id),
        bodies,
        energy: Float64Array.from(members, (a) => a.energy),
        actions: flat(members.map((a) => a.action)),
        weights: this.slab.data,
        genomeLength: this.slab.genomeLength,
        slots: Int32Array.from(members, (a) => a.slot),
        ghostIds: Int32Array.from(ghosts, (a) => a.id),
        ghostBodies,
        ghostActions: flat(ghosts.map((a) => a.action)),
        foodIndex: Int32Array.from(pellets),
        foodXz: Float32Array.from(pellets.flatMap((p) => [this.food.xz[2 * p], this.food.xz[2 * p + 1]])),
        foodOwned: Uint8Array.from(pellets, (p) => (regionOf(o, this.food.xz[2 * p], this.food.xz[2 * p + 1]) === r ? 1 : 0)),
        obstacles: this.obstacles.slice(),
        track,
      };
    });
  }

  /** Takes the regions' outcomes (any order; applied in region order), then death, birth and reseeding. */
  apply(windows: RegionWindow[], outcomes: RegionOutcome[]): WorldEvent[] {
    const events: WorldEvent[] = [];
    const byId = new Map(this.agents.map((a) => [a.id, a]));
    const dt = controlSeconds(this.o);
    const start = this.time;
    for (const out of [...outcomes].sort((a, b) => a.region - b.region)) {
      const ids = windows[out.region].ids;
      const features = BEHAVIOUR_FEATURES.length;
      // Index loops, not subarrays: this runs on the main thread while the shards wait.
      for (let i = 0; i < ids.length; i++) {
        const a = byId.get(ids[i])!;
        copyInto(a.body, out.bodies, i * BODY_FIELDS);
        copyInto(a.action, out.actions, i * ACTION_SIZE);
        copyInto(a.behaviour, out.behaviour, i * features);
        a.energy = out.energy[i];
        a.recentGain += out.gained[i];
        a.lifetimeGain += out.gained[i];
        this.ledger.food += out.gained[i];
        this.ledger.spent += out.spent[i];
        for (let k = 0; k < out.pairsPerAgent; k++) a.pairs.pushAt(out.observations, out.pairActions, i * out.pairsPerAgent + k);
      }
      for (let e = 0; e < out.eaten.length; e += 3) {
        this.food.eat(out.eaten[e], start + (out.eaten[e + 2] + 1) * dt);
        this.counters.eaten++;
        events.push({ kind: 'ate', agentId: ids[out.eaten[e + 1]], pellet: out.eaten[e], step: out.eaten[e + 2] });
      }
    }
    this.step += this.o.exchangeSteps;
    if (this.o.moveFoodAt !== null && !this.foodMoved && this.time >= this.o.moveFoodAt) {
      this.food.place(this.foodRng, this.time, this.obstacles);
      this.foodMoved = true;
    }
    this.lifeAndDeath(events);
    return events;
  }

  private lifeAndDeath(events: WorldEvent[]): void {
    const o = this.o;
    const now = this.time;
    const living: Agent[] = [];
    for (const a of this.agents) {
      const age = now - a.bornAt;
      if (a.energy > 0 && age < o.maxAgeSeconds) {
        living.push(a);
        continue;
      }
      this.ledger.dead += a.energy;
      this.counters.deaths++;
      this.counters.ageAtDeath += age;
      this.remember(a);
      this.slab.release(a.slot);
      events.push({ kind: 'died', agentId: a.id, age, cause: a.energy > 0 ? 'age' : 'energy', at: a.body });
    }
    this.agents = living;
    const parents = living.filter((a) => a.energy >= o.reproduceEnergy);
    for (const parent of parents) {
      if (this.agents.length >= o.maxAgents) break;
      const limit = o.size / 2 - 1;
      const [x, z] = clearPlace(this.obstacles, AGENT_RADIUS, () => {
        const angle = 2 * Math.PI * this.life.next();
        return [clamp(parent.body[0] + 1.5 * Math.cos(angle), limit), clamp(parent.body[2] + 1.5 * Math.sin(angle), limit)];
      });
      const genome = gaussianMutate(Float32Array.from(this.inheritable(parent)), this.mutation.rate, this.mutation.std, this.life);
      parent.energy -= o.childEnergy + o.birthCost;
      this.ledger.spent += o.birthCost;
      const child = newAgent(this.nextId++, parent, x, z, o.childEnergy, genome, now, this.ring());
      this.agents.push(child);
      this.adopt([child]);
      this.counters.births++;
      events.push({ kind: 'born', agentId: child.id, parent: parent.id });
    }
    while (this.agents.length < o.minAgents) {
      const from = this.archive.length ? this.archive[this.life.int(this.archive.length)].genome : null;
      const genome = from ? gaussianMutate(Float32Array.from(from), this.mutation.rate, this.mutation.std, this.life) : this.freshGenome(this.life);
      const child = this.seed(genome, true);
      events.push({ kind: 'born', agentId: child.id, parent: -1 });
    }
  }

  /** What a child inherits: the learned weights when Lamarckian, else the genome it was born with. */
  inheritable(a: Agent): Float32Array {
    return this.o.inheritance === 'lamarckian' ? a.weights : a.genome;
  }

  private seed(genome: Float32Array, count: boolean): Agent {
    const limit = this.o.size / 2 - 1;
    const [x, z] = clearPlace(this.obstacles, AGENT_RADIUS, () => [this.life.uniform(-limit, limit), this.life.uniform(-limit, limit)]);
    const agent = newAgent(this.nextId++, null, x, z, this.o.initialEnergy, genome, this.time, this.ring());
    this.agents.push(agent);
    this.adopt([agent]);
    if (count) {
      this.counters.seeded++;
      this.ledger.seeded += this.o.initialEnergy;
    }
    return agent;
  }

  /** Keeps the dead with the most food in their lives (ties: the older id) as seeds for lean times. */
  private remember(a: Agent): void {
    if (this.o.archiveSize === 0) return;
    this.archive.push({ id: a.id, score: a.lifetimeGain, genome: this.inheritable(a).slice() }); // a copy: the weights' slot goes to the next-born
    this.archive.sort((x, y) => y.score - x.score || x.id - y.id);
    if (this.archive.length > this.o.archiveSize) this.archive.length = this.o.archiveSize;
  }

  ring(): PairRing {
    return new PairRing(this.o.pairBuffer, this.observationSize);
  }

  /** Total energy held by the living. */
  energy(): number {
    return this.agents.reduce((sum, a) => sum + a.energy, 0);
  }

  /** Counters since the last call (for a metrics row), reset. */
  takeCounters(): Counters {
    const c = this.counters;
    this.counters = { births: 0, deaths: 0, seeded: 0, eaten: 0, ageAtDeath: 0 };
    return c;
  }
}

function distanceToRect(x: number, z: number, x0: number, z0: number, x1: number, z1: number): number {
  const dx = x < x0 ? x0 - x : x > x1 ? x - x1 : 0;
  const dz = z < z0 ? z0 - z : z > z1 ? z - z1 : 0;
  return Math.hypot(dx, dz);
}

/** Fills `to` from `from`, starting at `at`. */
function copyInto(to: Float32Array | Float64Array, from: Float32Array | Float64Array, at: number): void {
  for (let k = 0; k < to.length; k++) to[k] = from[at + k];
}

function clamp(v: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, v));
}

function flat(arrays: Float32Array[]): Float32Array {
  const out = new Float32Array(arrays.length * ACTION_SIZE);
  arrays.forEach((a, i) => out.set(a, i * ACTION_SIZE));
  return out;
}
