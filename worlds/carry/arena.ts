/**
 * One carry episode: a team pushes a heavy block across a walled floor into a goal zone. The block
 * is too heavy for one agent to move much (docs/carry.md measures it), so the team only scores by
 * pushing together. Every seat shares the team's fitness: the block's progress toward the goal
 * (times `shaping`) and a bonus for delivering it, the sooner the more.
 */
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import { Rng } from '../../agents/rng.ts';
import { SPEED_SCALE, writeBodyPositions, type AgentBody, type BodyKind } from '../bodies/body.ts';
import { buildWalledFloor } from '../walled-floor.ts';
import { DEFAULT_GRAVITY } from '../physical.ts';
import type { Rapier } from '../rapier.ts';
import type { Arena } from '../scenario.ts';
import { CARRY_PHYSICS_DT, CARRY_POSITION_SCALE as S, GOAL_FITNESS, carryEpisodeSteps, carryWorldObservations, type CarryOptions } from './options.ts';

/** The block is 1 m tall. */
export const BLOCK_HALF_HEIGHT = 0.5;

export interface CarryLayout {
  block: [number, number];
  goal: [number, number];
}

/** Where the block starts and the goal lies: `goalDistance` apart across the floor's centre, in a seeded direction. */
export function carryLayout(o: CarryOptions, rng: Rng): CarryLayout {
  const angle = rng.uniform(0, 2 * Math.PI);
  const [dx, dz] = [Math.cos(angle), Math.sin(angle)];
  const half = o.goalDistance / 2;
  return { block: [-dx * half, -dz * half], goal: [dx * half, dz * half] };
}

export class CarryArena implements Arena {
  readonly fitness: Float64Array[];
  readonly outcome: Float64Array[];
  readonly layout: CarryLayout;
  private readonly world: RAPIER_TYPE.World;
  private readonly block: RAPIER_TYPE.RigidBody;
  private readonly agents: AgentBody[] = [];
  private readonly episodeSteps: number;
  private readonly startDistance: number;
  private lastDistance: number;
  private stepsTaken = 0;
  private delivered = false;

  constructor(
    rapier: Rapier,
    private readonly o: CarryOptions,
    private readonly kind: BodyKind,
    seed: number,
    gravity = DEFAULT_GRAVITY,
  ) {
    const rng = new Rng(seed);
    this.episodeSteps = carryEpisodeSteps(o);
    this.fitness = [new Float64Array(o.teamSize)];
    this.outcome = [new Float64Array(o.teamSize)];
    this.world = new rapier.World({ x: 0, y: -gravity, z: 0 });
    this.world.timestep = CARRY_PHYSICS_DT;
    buildWalledFloor(rapier, this.world, o.arenaSize, o.friction);
    this.layout = carryLayout(o, rng);
    const [bx, bz] = this.layout.block;
    const side = o.blockSize / 2;
    // A square block turned to face the goal, that slides without turning or tipping: pushed on its
    // back face it goes straight for the goal, and members pushing side by side both bear on it.
    // Its friction with anything is the lower of the two coefficients (Rapier's Min rule), so
    // blockFriction alone sets how hard it is to slide.
    const [gx, gz] = this.layout.goal;
    const yaw = Math.atan2(-(gz - bz), gx - bx);
    this.block = this.world.createRigidBody(
      rapier.RigidBodyDesc.dynamic()
        .setTranslation(bx, BLOCK_HALF_HEIGHT, bz)
        .setRotation({ x: 0, y: Math.sin(yaw / 2), z: 0, w: Math.cos(yaw / 2) })
        .lockRotations()
        .setCanSleep(false),
    );
    this.world.createCollider(
      rapier.ColliderDesc.cuboid(side, BLOCK_HALF_HEIGHT, side).setMass(o.blockMass).setFriction(o.blockFriction).setFrictionCombineRule(rapier.CoefficientCombineRule.Min),
      this.block,
    );
    this.placeAgents(rapier, rng);
    this.world.step();
    this.startDistance = this.goalDistanceNow();
    this.lastDistance = this.startDistance;
  }

  /** The team starts scattered 1.5 to 3 m from the block's edge, inside the walls and apart. */
  private placeAgents(rapier: Rapier, rng: Rng): void {
    const [bx, bz] = this.layout.block;
    const limit = this.o.arenaSize / 2 - this.kind.footprint - 0.3;
    const placed: [number, number][] = [];
    for (let a = 0; a < this.o.teamSize; a++) {
      let x = 0;
      let z = 0;
      for (let attempt = 0; attempt < 100; attempt++) {
        const angle = rng.uniform(0, 2 * Math.PI);
        const r = this.o.blockSize / 2 + rng.uniform(1.5, 3);
        x = Math.max(-limit, Math.min(limit, bx + Math.cos(angle) * r));
        z = Math.max(-limit, Math.min(limit, bz + Math.sin(angle) * r));
        if (placed.every(([px, pz]) => (px - x) ** 2 + (pz - z) ** 2 > (2.5 * this.kind.footprint) ** 2)) break;
      }
      placed.push([x, z]);
      this.agents.push(this.kind.create(rapier, this.world, { x, z, yaw: 0 }));
    }
  }

  get done(): boolean {
    return this.delivered || this.stepsTaken >= this.episodeSteps;
  }

  private goalDistanceNow(): number {
    const p = this.block.translation();
    return Math.hypot(this.layout.goal[0] - p.x, this.layout.goal[1] - p.z);
  }

  observe(_role: number, out: Float32Array): void {
    const size = carryWorldObservations(this.o) + this.kind.observationSize;
    const b = this.block.translation();
    const v = this.block.linvel();
    const [gx, gz] = this.layout.goal;
    const time = this.stepsTaken * this.o.actionRepeat * CARRY_PHYSICS_DT;
    this.agents.forEach((agent, a) => {
      const base = a * size;
      const p = agent.root.translation();
      out[base] = (b.x - p.x) / S;
      out[base + 1] = (b.z - p.z) / S;
      out[base + 2] = v.x / SPEED_SCALE;
      out[base + 3] = v.z / SPEED_SCALE;
      out[base + 4] = (gx - p.x) / S;
      out[base + 5] = (gz - p.z) / S;
      let at = base + 6;
      this.agents.forEach((mate, m) => {
        if (m === a) return;
        const q = mate.root.translation();
        out[at++] = (q.x - p.x) / S;
        out[at++] = (q.z - p.z) / S;
      });
      out[at++] = 1 - this.stepsTaken / this.episodeSteps;
      agent.observe(out, at, time);
    });
  }

  applyActions(_role: number, actions: Float32Array): void {
    this.agents.forEach((agent, a) => agent.act(actions, a * this.kind.actionSize));
  }

  features(_role: number, out: Float32Array): void {
    const b = this.block.translation();
    const [gx, gz] = this.layout.goal;
    const toGoal = Math.hypot(gx - b.x, gz - b.z) || 1;
    const [ux, uz] = [(gx - b.x) / toGoal, (gz - b.z) / toGoal];
    this.agents.forEach((agent, a) => {
      const p = agent.root.translation();
      const v = agent.root.linvel();
      out[a * 3] = Math.hypot(p.x - b.x, p.z - b.z);
      // Left of the block-to-goal line is positive: the cross product of the line and the agent's offset.
      out[a * 3 + 1] = ux * (p.z - b.z) - uz * (p.x - b.x);
      out[a * 3 + 2] = Math.hypot(v.x, v.z);
    });
  }

  step(): void {
    for (let s = 0; s < this.o.actionRepeat; s++) this.world.step();
    this.stepsTaken++;
    const distance = this.goalDistanceNow();
    const reach = Math.max(this.startDistance - this.o.goalRadius, 1e-6);
    const progress = Math.min(1, (this.startDistance - distance) / reach);
    const gained = (this.o.shaping * (this.lastDistance - distance)) / reach;
    this.lastDistance = distance;
    this.delivered = distance <= this.o.goalRadius;
    const bonus = this.delivered ? GOAL_FITNESS * (2 - this.stepsTaken / this.episodeSteps) : 0;
    for (let a = 0; a < this.o.teamSize; a++) {
      this.fitness[0][a] += gained + bonus;
      this.outcome[0][a] = progress + (this.delivered ? 1 : 0);
    }
  }

  positions(out: Float32Array, rotations?: Float32Array): void {
    const at = writeBodyPositions(this.agents, out, 0, rotations);
    const p = this.block.translation();
    if (rotations) {
      const q = this.block.rotation();
      rotations.set([q.x, q.y, q.z, q.w], (at / 3) * 4);
    }
    out.set([p.x, p.y, p.z], at);
    // The goal zone: a body that moves only between episodes (each has its own layout).
    out.set([this.layout.goal[0], 0.01, this.layout.goal[1]], at + 3);
    if (rotations) rotations.set([0, 0, 0, 1], (at / 3 + 1) * 4);
  }

  /** The block's centre (x, z), for tests and tools. */
  blockPosition(): [number, number] {
    const p = this.block.translation();
    return [p.x, p.z];
  }

  dispose(): void {
    this.world.free();
  }
}
