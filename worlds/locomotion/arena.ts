/**
 * One locomotion episode: agents start side by side in lanes on open ground, facing +x; fitness
 * is the ground distance each one's centre ends from where it started, in metres.
 */
import { DEFAULT_GRAVITY } from '../physical.ts';
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import { Rng } from '../../agents/rng.ts';
import { writeBodyPositions, type AgentBody, type BodyKind } from '../bodies/body.ts';
import type { Rapier } from '../rapier.ts';
import type { Arena } from '../scenario.ts';
import { DISPLACEMENT_SCALE, LANE_WIDTH, LOCOMOTION_PHYSICS_DT, LOCOMOTION_WORLD_OBS, locomotionEpisodeSteps, type LocomotionOptions } from './options.ts';

const START_JITTER = 0.2; // metres, and radians of heading

export class LocomotionArena implements Arena {
  /** One role, the walkers: fitness is distance walked; the outcome (food eaten) is always zero here. */
  readonly fitness: Float64Array[];
  readonly outcome: Float64Array[];
  private readonly distance: Float64Array;
  private readonly world: RAPIER_TYPE.World;
  private readonly agents: AgentBody[];
  private readonly starts: [number, number][];
  private readonly episodeSteps: number;
  private stepsTaken = 0;

  constructor(
    rapier: Rapier,
    private readonly o: LocomotionOptions,
    private readonly kind: BodyKind,
    seed: number,
    gravity = DEFAULT_GRAVITY,
  ) {
    const rng = new Rng(seed);
    this.distance = new Float64Array(o.agentsPerArena);
    this.fitness = [this.distance];
    this.outcome = [new Float64Array(o.agentsPerArena)];
    this.episodeSteps = locomotionEpisodeSteps(o);
    this.world = new rapier.World({ x: 0, y: -gravity, z: 0 });
    this.world.timestep = LOCOMOTION_PHYSICS_DT;
    // The ground turned by `slope` about the z axis through the start, its top face through it.
    const tilt = (o.slope * Math.PI) / 180;
    const ground = this.world.createRigidBody(
      rapier.RigidBodyDesc.fixed()
        .setTranslation(0.5 * Math.sin(tilt), -0.5 * Math.cos(tilt), 0)
        .setRotation({ x: 0, y: 0, z: Math.sin(tilt / 2), w: Math.cos(tilt / 2) }),
    );
    const span = 60 + (LANE_WIDTH * o.agentsPerArena) / 2;
    this.world.createCollider(rapier.ColliderDesc.cuboid(span, 0.5, span).setFriction(o.friction), ground);
    this.starts = [];
    this.agents = Array.from({ length: o.agentsPerArena }, (_, a) => {
      const x = rng.uniform(-START_JITTER, START_JITTER);
      const z = (a - (o.agentsPerArena - 1) / 2) * LANE_WIDTH + rng.uniform(-START_JITTER, START_JITTER);
      this.starts.push([x, z]);
      return kind.create(rapier, this.world, { x, z, yaw: rng.uniform(-START_JITTER, START_JITTER) });
    });
    this.world.step();
  }

  get done(): boolean {
    return this.stepsTaken >= this.episodeSteps;
  }

  observe(_role: number, out: Float32Array): void {
    const size = LOCOMOTION_WORLD_OBS + this.kind.observationSize;
    const time = this.stepsTaken * this.o.actionRepeat * LOCOMOTION_PHYSICS_DT;
    this.agents.forEach((agent, a) => {
      const p = agent.root.translation();
      out[a * size] = (p.x - this.starts[a][0]) / DISPLACEMENT_SCALE;
      out[a * size + 1] = (p.z - this.starts[a][1]) / DISPLACEMENT_SCALE;
      agent.observe(out, a * size + LOCOMOTION_WORLD_OBS, time);
    });
  }

  /** The walkers' behaviour features are their bodies' own: joint angles and speeds, height, heading. */
  features(_role: number, out: Float32Array): void {
    const n = this.kind.featureNames.length;
    this.agents.forEach((agent, a) => agent.features(out, a * n));
  }

  applyActions(_role: number, actions: Float32Array): void {
    this.agents.forEach((agent, a) => agent.act(actions, a * this.kind.actionSize));
  }

  step(): void {
    for (let s = 0; s < this.o.actionRepeat; s++) this.world.step();
    this.stepsTaken++;
    this.agents.forEach((agent, a) => {
      const p = agent.root.translation();
      this.distance[a] = Math.hypot(p.x - this.starts[a][0], p.z - this.starts[a][1]);
    });
  }

  positions(out: Float32Array, rotations?: Float32Array): void {
    writeBodyPositions(this.agents, out, 0, rotations);
  }

  dispose(): void {
    this.world.free();
  }
}
