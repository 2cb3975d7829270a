/**
 * One forage arena: a walled square of Rapier physics with rolling agents and food pellets.
 * Food is plain data (eaten by proximity), not Rapier bodies: it never collides, so keeping it
 * out of the physics keeps stepping cheap.
 */
import { DEFAULT_GRAVITY } from '../physical.ts';
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import { Rng } from '../../agents/rng.ts';
import type { Rapier } from '../rapier.ts';
import type { Arena } from '../scenario.ts';
import { writeBodyPositions, type AgentBody, type BodyKind } from '../bodies/body.ts';
import { bodyKind } from '../bodies/index.ts';
import { analyticRays } from './analytic-rays.ts';
import { WorldRays } from '../sensing/world-rays.ts';
import { buildWalledFloor } from '../walled-floor.ts';
import { Pellets } from './pellets.ts';
import { FOOD_RADIUS, FORAGE_FEATURES, POISON_FIELDS, POSITION_SCALE, FORAGE_PHYSICS_DT, forageEpisodeSteps, forageObservationSize, type ForageOptions } from './options.ts';

export class ForageArena implements Arena {
  /** One role, the foragers: fitness (food plus shaping) and outcome (food eaten) per slot. */
  readonly fitness: Float64Array[];
  readonly outcome: Float64Array[];
  private readonly agentCount: number;
  private readonly score: Float64Array;
  private readonly eaten: Float64Array;
  private readonly world: RAPIER_TYPE.World;
  private readonly kind: BodyKind;
  private readonly agents: AgentBody[] = [];
  /** Collider handle -> agent slot, to tell agents from walls in ray hits. */
  private readonly agentByCollider = new Map<number, number>();
  private readonly pellets: Pellets;
  private readonly food: Float64Array; // x, z per pellet (the pellets' own array)
  private readonly poisonD: Float64Array; // scratch for the nearest-poison search
  private readonly poisonF: Int32Array;
  private readonly nearestDist: Float64Array; // per agent, for shaping
  private readonly heading: Float64Array; // per agent: direction of motion (rad), for the turn rate
  private readonly turnRate: Float64Array; // per agent: rad/s over the last control step
  private readonly ray: RAPIER_TYPE.Ray;
  /**
   * Closed-form rays against the colliders' true shapes, for jointed bodies with analytic sensors
   * (a ball body's rays have the simpler closed form of analytic-rays.ts).
   */
  private readonly shapeRays: WorldRays | null;
  private readonly bestD: Float64Array; // scratch for the nearest-food search
  private readonly bestF: Int32Array;
  /** Agents' positions (x, y, z), read from Rapier once per observation. */
  private readonly agentPositions: Float64Array;
  private readonly rng: Rng;
  private readonly half: number;
  private stepsTaken = 0;
  private readonly episodeSteps: number;

  constructor(
    private readonly rapier: Rapier,
    private readonly o: ForageOptions,
    seed: number,
    gravity = DEFAULT_GRAVITY,
  ) {
    this.agentCount = o.agentsPerArena;
    this.score = new Float64Array(o.agentsPerArena);
    this.eaten = new Float64Array(o.agentsPerArena);
    this.fitness = [this.score];
    this.outcome = [this.eaten];
    this.nearestDist = new Float64Array(o.agentsPerArena);
    this.heading = new Float64Array(o.agentsPerArena);
    this.turnRate = new Float64Array(o.agentsPerArena);
    this.rng = new Rng(seed);
    this.pellets = new Pellets(o, this.rng, o.arenaSize / 2);
    this.food = this.pellets.food;
    this.poisonD = new Float64Array(o.nearestFood);
    this.poisonF = new Int32Array(o.nearestFood);
    this.bestD = new Float64Array(o.nearestFood);
    this.bestF = new Int32Array(o.nearestFood);
    this.agentPositions = new Float64Array(3 * o.agentsPerArena);
    this.half = o.arenaSize / 2;
    this.episodeSteps = forageEpisodeSteps(o);
    this.kind = bodyKind(o.body, o.maxForce, o.bodyMass);
    this.world = new rapier.World({ x: 0, y: -gravity, z: 0 });
    this.world.timestep = FORAGE_PHYSICS_DT;
    this.ray = new rapier.Ray({ x: 0, y: 0, z: 0 }, { x: 1, y: 0, z: 0 });
    buildWalledFloor(this.rapier, this.world, this.o.arenaSize, this.o.friction);
    this.placeAgents();
    this.pellets.placeAll();
    // One settling step: Rapier builds its scene-query structures during a step, and until then
    // ray casts see nothing, so the first observation would be blind.
    this.world.step();
    this.shapeRays = o.sensors === 'analytic' && o.body !== 'ball' && o.agentShapes === 'exact' ? new WorldRays(rapier, this.world, (c) => this.agentByCollider.get(c.handle) ?? -1) : null;
    for (let a = 0; a < this.agentCount; a++) this.nearestDist[a] = this.nearestFoodDistance(a);
  }

  get done(): boolean {
    return this.stepsTaken >= this.episodeSteps;
  }

  private placeAgents(): void {
    const { rapier, world, rng, half } = this;
    const placed: [number, number][] = [];
    const margin = this.kind.footprint + 0.5;
    for (let a = 0; a < this.agentCount; a++) {
      let x = 0;
      let z = 0;
      for (let attempt = 0; attempt < 100; attempt++) {
        x = rng.uniform(-half + margin, half - margin);
        z = rng.uniform(-half + margin, half - margin);
        if (placed.every(([px, pz]) => (px - x) ** 2 + (pz - z) ** 2 > (2.5 * this.kind.footprint) ** 2)) break;
      }
      placed.push([x, z]);
      const body = this.kind.create(rapier, world, { x, z, yaw: 0 });
      this.agents.push(body);
      for (const collider of body.colliders) this.agentByCollider.set(collider.handle, a);
    }
  }

  observe(_role: number, out: Float32Array): void {
    const o = this.o;
    const size = forageObservationSize(o);
    const k = o.nearestFood;
    const { bestD, bestF, agentPositions: pos } = this;
    for (let a = 0; a < this.agentCount; a++) {
      const p = this.agents[a].root.translation();
      pos[3 * a] = p.x;
      pos[3 * a + 1] = p.y;
      pos[3 * a + 2] = p.z;
    }
    this.shapeRays?.refresh();
    for (let a = 0; a < this.agentCount; a++) {
      const base = a * size;
      const px = pos[3 * a];
      const pz = pos[3 * a + 2];
      nearest(this.food, px, pz, bestD, bestF);
      for (let i = 0; i < k; i++) {
        const f = bestF[i];
        out[base + 2 * i] = (this.food[2 * f] - px) / POSITION_SCALE;
        out[base + 2 * i + 1] = (this.food[2 * f + 1] - pz) / POSITION_SCALE;
      }
      this.agents[a].observe(out, base + 2 * k, this.stepsTaken * o.actionRepeat * FORAGE_PHYSICS_DT);
      const raysAt = base + 2 * k + this.kind.observationSize;
      if (this.shapeRays) this.castShapeRays(this.shapeRays, a, out, raysAt);
      else if (o.sensors === 'analytic') analyticRays(a, pos, this.agentCount, this.half, o.rays, o.rayLength, out, raysAt);
      else this.castRays(a, out, raysAt);
      if (o.poison) this.sensePoison(px, pz, out, raysAt + 2 * o.rays);
    }
  }

  /** The nearest poison pellets (up to nearestFood): present, relative x and z; empty slots stay 0. */
  private sensePoison(px: number, pz: number, out: Float32Array, at: number): void {
    const k = this.o.nearestFood;
    const { poisonD, poisonF } = this;
    const poison = this.pellets.poison;
    nearest(poison, px, pz, poisonD, poisonF);
    out.fill(0, at, at + k * POISON_FIELDS);
    for (let i = 0; i < k && poisonD[i] < Infinity; i++) {
      const f = poisonF[i];
      out[at + POISON_FIELDS * i] = 1;
      out[at + POISON_FIELDS * i + 1] = (poison[2 * f] - px) / POSITION_SCALE;
      out[at + POISON_FIELDS * i + 2] = (poison[2 * f + 1] - pz) / POSITION_SCALE;
    }
  }

  /** Per ray: wall proximity, agent proximity (1 at contact, 0 out of range). */
  private castRays(agent: number, out: Float32Array, offset: number): void {
    const { ray, o, agentPositions: pos } = this;
    const own = this.agents[agent];
    // A ball excludes its one collider; a jointed body's own parts are told apart by predicate.
    const notOwn = own.colliders.length > 1 ? (c: RAPIER_TYPE.Collider) => this.agentByCollider.get(c.handle) !== agent : undefined;
    ray.origin.x = pos[3 * agent];
    ray.origin.y = pos[3 * agent + 1];
    ray.origin.z = pos[3 * agent + 2];
    for (let r = 0; r < o.rays; r++) {
      const angle = (2 * Math.PI * r) / o.rays;
      ray.dir.x = Math.cos(angle);
      ray.dir.y = 0;
      ray.dir.z = Math.sin(angle);
      const hit = this.world.castRay(ray, o.rayLength, true, undefined, undefined, own.colliders[0], undefined, notOwn);
      let wall = 0;
      let other = 0;
      if (hit) {
        const proximity = 1 - hit.timeOfImpact / o.rayLength;
        if (this.agentByCollider.has(hit.collider.handle)) other = proximity;
        else wall = proximity;
      }
      out[offset + 2 * r] = wall;
      out[offset + 2 * r + 1] = other;
    }
  }

  /** castRays' readings, cast in closed form against the colliders' shapes. */
  private castShapeRays(rays: WorldRays, agent: number, out: Float32Array, offset: number): void {
    const { o, agentPositions: pos } = this;
    for (let r = 0; r < o.rays; r++) {
      const angle = (2 * Math.PI * r) / o.rays;
      const distance = rays.castRay(pos[3 * agent], pos[3 * agent + 1], pos[3 * agent + 2], Math.cos(angle), 0, Math.sin(angle), o.rayLength, agent);
      const proximity = distance < 0 ? 0 : 1 - distance / o.rayLength;
      out[offset + 2 * r] = rays.hitTag < 0 ? proximity : 0;
      out[offset + 2 * r + 1] = rays.hitTag >= 0 ? proximity : 0;
    }
  }

  applyActions(_role: number, actions: Float32Array): void {
    const size = this.kind.actionSize;
    for (let a = 0; a < this.agentCount; a++) this.agents[a].act(actions, a * size);
  }

  features(_role: number, out: Float32Array): void {
    const n = FORAGE_FEATURES.length;
    for (let a = 0; a < this.agentCount; a++) {
      const p = this.agents[a].root.translation();
      const v = this.agents[a].root.linvel();
      out[a * n] = Math.hypot(v.x, v.z);
      out[a * n + 1] = this.turnRate[a];
      out[a * n + 2] = this.nearestFoodDistance(a);
      out[a * n + 3] = this.half - Math.max(Math.abs(p.x), Math.abs(p.z));
    }
  }

  step(): void {
    for (let s = 0; s < this.o.actionRepeat; s++) this.world.step();
    this.stepsTaken++;
    this.pellets.drift(this.o.actionRepeat * FORAGE_PHYSICS_DT);
    this.trackTurns();
    this.eatFood();
    if (this.o.shaping !== 0) this.shape();
  }

  /** The turn rate of each agent's direction of motion over this control step (0 while nearly still). */
  private trackTurns(): void {
    const seconds = this.o.actionRepeat * FORAGE_PHYSICS_DT;
    for (let a = 0; a < this.agentCount; a++) {
      const v = this.agents[a].root.linvel();
      if (Math.hypot(v.x, v.z) < 0.05) {
        this.turnRate[a] = 0;
        continue;
      }
      const heading = Math.atan2(v.z, v.x);
      const turn = Math.atan2(Math.sin(heading - this.heading[a]), Math.cos(heading - this.heading[a]));
      this.turnRate[a] = this.stepsTaken > 1 ? turn / seconds : 0;
      this.heading[a] = heading;
    }
  }

  private eatFood(): void {
    const eat2 = (this.kind.footprint + FOOD_RADIUS) ** 2;
    for (let a = 0; a < this.agentCount; a++) {
      const p = this.agents[a].root.translation();
      for (let f = 0; f < this.o.foodCount; f++) {
        if ((this.food[2 * f] - p.x) ** 2 + (this.food[2 * f + 1] - p.z) ** 2 > eat2) continue;
        this.eaten[a]++;
        this.score[a] += 1;
        this.pellets.placeFood(f);
      }
      const poison = this.pellets.poison;
      for (let f = 0; f < poison.length / 2; f++) {
        if ((poison[2 * f] - p.x) ** 2 + (poison[2 * f + 1] - p.z) ** 2 > eat2) continue;
        this.score[a] -= this.o.poison?.penalty ?? 0;
        this.pellets.placePoison(f);
      }
    }
  }

  private shape(): void {
    for (let a = 0; a < this.agentCount; a++) {
      const d = this.nearestFoodDistance(a);
      // Progress only counts while the same target stays nearest; a jump after eating is not progress.
      const progress = this.nearestDist[a] - d;
      if (Math.abs(progress) < 1) this.score[a] += this.o.shaping * progress;
      this.nearestDist[a] = d;
    }
  }

  private nearestFoodDistance(a: number): number {
    const p = this.agents[a].root.translation();
    let best = Infinity;
    for (let f = 0; f < this.o.foodCount; f++) {
      best = Math.min(best, (this.food[2 * f] - p.x) ** 2 + (this.food[2 * f + 1] - p.z) ** 2);
    }
    return Math.sqrt(best);
  }

  positions(out: Float32Array, rotations?: Float32Array): void {
    const base = writeBodyPositions(this.agents, out, 0, rotations);
    for (let f = 0; f < this.o.foodCount; f++) {
      rotations?.set([0, 0, 0, 1], (base / 3 + f) * 4); // pellets do not turn
      out[base + 3 * f] = this.food[2 * f];
      out[base + 3 * f + 1] = FOOD_RADIUS;
      out[base + 3 * f + 2] = this.food[2 * f + 1];
    }
    const poison = this.pellets.poison;
    const after = base + 3 * this.o.foodCount;
    for (let f = 0; f < poison.length / 2; f++) {
      rotations?.set([0, 0, 0, 1], (after / 3 + f) * 4);
      out[after + 3 * f] = poison[2 * f];
      out[after + 3 * f + 1] = FOOD_RADIUS;
      out[after + 3 * f + 2] = poison[2 * f + 1];
    }
  }

  dispose(): void {
    this.world.free();
  }
}

/** The nearest points (x, z pairs) to (px, pz), by insertion into a short sorted list: squared distances in `bestD` (Infinity where there are fewer points), indices in `bestF`. */
function nearest(points: Float64Array, px: number, pz: number, bestD: Float64Array, bestF: Int32Array): void {
  const k = bestD.length;
  bestD.fill(Infinity);
  for (let f = 0; f < points.length / 2; f++) {
    const d = (points[2 * f] - px) ** 2 + (points[2 * f + 1] - pz) ** 2;
    if (d >= bestD[k - 1]) continue;
    let i = k - 1;
    while (i > 0 && bestD[i - 1] > d) {
      bestD[i] = bestD[i - 1];
      bestF[i] = bestF[i - 1];
      i--;
    }
    bestD[i] = d;
    bestF[i] = f;
  }
}
