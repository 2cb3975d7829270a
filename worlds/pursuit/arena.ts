/**
 * One pursuit episode: predators and prey in a walled square. A predator that touches a prey
 * catches it: the prey leaves play, the predator scores. Prey score for every moment they stay
 * free. The episode ends when time runs out or no prey is left.
 */
import { buildWalledFloor } from '../walled-floor.ts';
import { DEFAULT_GRAVITY } from '../physical.ts';
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import { Rng } from '../../agents/rng.ts';
import { writeBodyPositions, type AgentBody, type BodyKind } from '../bodies/body.ts';
import { SPEED_SCALE } from '../bodies/body.ts';
import type { Arena } from '../scenario.ts';
import type { Rapier } from '../rapier.ts';
import { CATCH_FITNESS, POSITION_SCALE, PURSUIT_FEATURES, PURSUIT_PHYSICS_DT, PURSUIT_WORLD_OBS, RIVALS_SEEN, pursuitEpisodeSteps, type PursuitOptions } from './options.ts';

const PREDATOR = 0;
const PREY = 1;

export class PursuitArena implements Arena {
  readonly fitness: Float64Array[];
  readonly outcome: Float64Array[];
  private readonly world: RAPIER_TYPE.World;
  /** Agents by role: predators, then prey. */
  private readonly agents: AgentBody[][];
  private readonly free: boolean[];
  private readonly episodeSteps: number;
  private readonly nearest: Float64Array; // per predator: distance to the nearest free prey, for shaping
  private readonly nearestPrey: Int32Array; // per predator: which prey that is (-1: none)
  private stepsTaken = 0;

  constructor(
    rapier: Rapier,
    private readonly o: PursuitOptions,
    private readonly kinds: BodyKind[],
    seed: number,
    gravity = DEFAULT_GRAVITY,
  ) {
    const rng = new Rng(seed);
    this.episodeSteps = pursuitEpisodeSteps(o);
    this.fitness = [new Float64Array(o.predators), new Float64Array(o.prey)];
    this.outcome = [new Float64Array(o.predators), new Float64Array(o.prey)];
    this.world = new rapier.World({ x: 0, y: -gravity, z: 0 });
    this.world.timestep = PURSUIT_PHYSICS_DT;
    buildWalledFloor(rapier, this.world, this.o.arenaSize, this.o.friction);
    // Predators start in the -x half, prey in the +x half, at seeded spots.
    const half = o.arenaSize / 2;
    const placed: [number, number][] = [];
    const place = (kind: BodyKind, side: number) => {
      const margin = kind.footprint + 0.5;
      let x = 0;
      let z = 0;
      for (let attempt = 0; attempt < 100; attempt++) {
        x = side * rng.uniform(1, half - margin);
        z = rng.uniform(-half + margin, half - margin);
        if (placed.every(([px, pz]) => Math.hypot(px - x, pz - z) > 3 * kind.footprint)) break;
      }
      placed.push([x, z]);
      return kind.create(rapier, this.world, { x, z, yaw: rng.uniform(-Math.PI, Math.PI) });
    };
    this.agents = [Array.from({ length: o.predators }, () => place(kinds[PREDATOR], -1)), Array.from({ length: o.prey }, () => place(kinds[PREY], 1))];
    this.free = Array.from({ length: o.prey }, () => true);
    this.world.step();
    const nearest = this.agents[PREDATOR].map((_, p) => this.nearestPreyOf(p));
    this.nearest = Float64Array.from(nearest, ([d]) => d);
    this.nearestPrey = Int32Array.from(nearest, ([, q]) => q);
  }

  get done(): boolean {
    return this.stepsTaken >= this.episodeSteps || this.free.every((f) => !f);
  }

  observe(role: number, out: Float32Array): void {
    const size = PURSUIT_WORLD_OBS + this.kinds[role].observationSize;
    const time = this.stepsTaken * this.o.actionRepeat * PURSUIT_PHYSICS_DT;
    const rivals = this.activeOf(1 - role);
    const mates = this.activeOf(role);
    const half = this.o.arenaSize / 2;
    this.agents[role].forEach((agent, slot) => {
      const base = slot * size;
      out.fill(0, base, base + PURSUIT_WORLD_OBS);
      const p = agent.root.translation();
      const byDistance = (list: AgentBody[]) => list.map((other) => ({ other, d: Math.hypot(other.root.translation().x - p.x, other.root.translation().z - p.z) })).sort((a, b) => a.d - b.d);
      byDistance(rivals)
        .slice(0, RIVALS_SEEN)
        .forEach(({ other }, i) => {
          const q = other.root.translation();
          const v = other.root.linvel();
          out.set([(q.x - p.x) / POSITION_SCALE, (q.z - p.z) / POSITION_SCALE, v.x / SPEED_SCALE, v.z / SPEED_SCALE, 1], base + 5 * i);
        });
      const mate = byDistance(mates.filter((m) => m !== agent))[0];
      if (mate) {
        const q = mate.other.root.translation();
        out.set([(q.x - p.x) / POSITION_SCALE, (q.z - p.z) / POSITION_SCALE, 1], base + 5 * RIVALS_SEEN);
      }
      out[base + 5 * RIVALS_SEEN + 3] = p.x / half;
      out[base + 5 * RIVALS_SEEN + 4] = p.z / half;
      agent.observe(out, base + PURSUIT_WORLD_OBS, time);
    });
  }

  private activeOf(role: number): AgentBody[] {
    return role === PREY ? this.agents[PREY].filter((_, i) => this.free[i]) : this.agents[PREDATOR];
  }

  features(role: number, out: Float32Array): void {
    const rivals = this.activeOf(1 - role);
    this.agents[role].forEach((agent, slot) => {
      const at = slot * PURSUIT_FEATURES.length;
      out.fill(0, at, at + PURSUIT_FEATURES.length);
      if (role === PREY && !this.free[slot]) return; // caught: out of play
      const p = agent.root.translation();
      const u = agent.root.linvel();
      out[at + 1] = Math.hypot(u.x, u.z);
      let nearest: AgentBody | null = null;
      let best = Infinity;
      for (const rival of rivals) {
        const q = rival.root.translation();
        const d = Math.hypot(q.x - p.x, q.z - p.z);
        if (d < best) [best, nearest] = [d, rival];
      }
      if (!nearest) return;
      const q = nearest.root.translation();
      const v = nearest.root.linvel();
      out[at] = best;
      // How fast the gap shrinks: the relative velocity along the line to that opponent.
      out[at + 2] = best > 0 ? -((v.x - u.x) * (q.x - p.x) + (v.z - u.z) * (q.z - p.z)) / best : 0;
    });
  }

  applyActions(role: number, actions: Float32Array): void {
    const size = this.kinds[role].actionSize;
    this.agents[role].forEach((agent, slot) => agent.act(actions, slot * size));
  }

  step(): void {
    for (let s = 0; s < this.o.actionRepeat; s++) this.world.step();
    this.stepsTaken++;
    const reach = this.kinds[PREDATOR].footprint + this.kinds[PREY].footprint + 0.15;
    this.agents[PREDATOR].forEach((predator, p) => {
      const a = predator.root.translation();
      this.agents[PREY].forEach((prey, q) => {
        if (!this.free[q]) return;
        const b = prey.root.translation();
        if (Math.hypot(a.x - b.x, a.z - b.z) > reach) return;
        this.free[q] = false;
        prey.retire();
        this.outcome[PREDATOR][p] += 1;
        this.fitness[PREDATOR][p] += CATCH_FITNESS;
      });
    });
    const share = 1 / this.episodeSteps;
    this.free.forEach((free, q) => {
      if (free) this.fitness[PREY][q] += CATCH_FITNESS * share;
    });
    const { shaping } = this.o;
    if (shaping !== 0) {
      this.agents[PREDATOR].forEach((_, p) => {
        const [d, q] = this.nearestPreyOf(p);
        // Progress counts only while the same prey stays nearest: after a catch the nearest is
        // another prey, farther away, and that jump is no retreat.
        if (q >= 0 && q === this.nearestPrey[p]) this.fitness[PREDATOR][p] += (shaping * (this.nearest[p] - d)) / POSITION_SCALE;
        this.nearest[p] = d;
        this.nearestPrey[p] = q;
      });
    }
    if (this.done) this.free.forEach((free, q) => (this.outcome[PREY][q] = free ? 1 : 0));
  }

  /** The distance from predator `p` to the nearest free prey, and which prey that is (-1 when none is free). */
  private nearestPreyOf(p: number): [number, number] {
    const a = this.agents[PREDATOR][p].root.translation();
    let best = Infinity;
    let which = -1;
    this.agents[PREY].forEach((prey, q) => {
      if (!this.free[q]) return;
      const b = prey.root.translation();
      const d = Math.hypot(a.x - b.x, a.z - b.z);
      if (d < best) {
        best = d;
        which = q;
      }
    });
    return [best, which];
  }

  positions(out: Float32Array, rotations?: Float32Array): void {
    writeBodyPositions(this.agents.flat(), out, 0, rotations);
  }

  dispose(): void {
    this.world.free();
  }
}
