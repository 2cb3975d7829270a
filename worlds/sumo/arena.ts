/**
 * One sumo bout: two agents start facing each other across a flat ring; the first whose centre
 * leaves the ring loses. Each side observes the ring as if it had started on the -x side (the
 * blue side's view and actions are turned half a turn), so one policy can play either side.
 */
import { DEFAULT_GRAVITY } from '../physical.ts';
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import { Rng } from '../../agents/rng.ts';
import { writeBodyPositions, type AgentBody, type BodyKind } from '../bodies/body.ts';
import { SPEED_SCALE } from '../bodies/body.ts';
import type { Arena } from '../scenario.ts';
import type { Rapier } from '../rapier.ts';
import { SUMO_PHYSICS_DT, SUMO_WORLD_OBS, WIN_FITNESS, sumoEpisodeSteps, type SumoOptions } from './options.ts';

const START_DISTANCE = 0.5; // share of the radius each side starts from the centre
const START_JITTER = 0.15; // metres of seeded jitter in each start position

export class SumoArena implements Arena {
  readonly fitness = [new Float64Array(1), new Float64Array(1)];
  readonly outcome = [new Float64Array(1), new Float64Array(1)];
  private readonly world: RAPIER_TYPE.World;
  private readonly agents: AgentBody[];
  private readonly episodeSteps: number;
  private stepsTaken = 0;
  private decided = false;

  constructor(
    rapier: Rapier,
    private readonly o: SumoOptions,
    private readonly kinds: BodyKind[],
    seed: number,
    gravity = DEFAULT_GRAVITY,
  ) {
    const rng = new Rng(seed);
    this.episodeSteps = sumoEpisodeSteps(o);
    this.world = new rapier.World({ x: 0, y: -gravity, z: 0 });
    this.world.timestep = SUMO_PHYSICS_DT;
    const ground = this.world.createRigidBody(rapier.RigidBodyDesc.fixed().setTranslation(0, -0.5, 0));
    const span = o.ringRadius + 4;
    this.world.createCollider(rapier.ColliderDesc.cuboid(span, 0.5, span).setFriction(o.friction), ground);
    const start = START_DISTANCE * o.ringRadius;
    this.agents = kinds.map((kind, side) => {
      const sign = side === 0 ? -1 : 1;
      const x = sign * start + rng.uniform(-START_JITTER, START_JITTER);
      const z = rng.uniform(-START_JITTER, START_JITTER);
      return kind.create(rapier, this.world, { x, z, yaw: side === 0 ? 0 : Math.PI });
    });
    this.world.step();
  }

  get done(): boolean {
    return this.decided || this.stepsTaken >= this.episodeSteps;
  }

  observe(role: number, out: Float32Array): void {
    const R = this.o.ringRadius;
    const self = this.agents[role];
    const rival = this.agents[1 - role];
    const p = self.root.translation();
    const q = rival.root.translation();
    const v = rival.root.linvel();
    out[0] = p.x / R;
    out[1] = p.z / R;
    out[2] = (q.x - p.x) / R;
    out[3] = (q.z - p.z) / R;
    out[4] = v.x / SPEED_SCALE;
    out[5] = v.z / SPEED_SCALE;
    out[6] = (R - Math.hypot(p.x, p.z)) / R;
    out[7] = 1 - this.stepsTaken / this.episodeSteps;
    const time = this.stepsTaken * this.o.actionRepeat * SUMO_PHYSICS_DT;
    self.observe(out, SUMO_WORLD_OBS, time);
    if (role === 1) {
      for (const i of [0, 1, 2, 3, 4, 5]) out[i] = -out[i];
      this.kinds[1].halfTurnObservation(out, SUMO_WORLD_OBS);
    }
  }

  applyActions(role: number, actions: Float32Array): void {
    if (role === 1) {
      const turned = actions.slice();
      this.kinds[1].halfTurnActions(turned, 0);
      this.agents[1].act(turned, 0);
    } else {
      this.agents[0].act(actions, 0);
    }
  }

  features(role: number, out: Float32Array): void {
    const self = this.agents[role].root;
    const rival = this.agents[1 - role].root;
    const [p, q] = [self.translation(), rival.translation()];
    const [u, v] = [self.linvel(), rival.linvel()];
    const dx = q.x - p.x;
    const dz = q.z - p.z;
    const distance = Math.hypot(dx, dz);
    out[0] = distance;
    out[1] = Math.hypot(p.x, p.z);
    // How fast the gap shrinks: the relative velocity along the line from self to the rival.
    out[2] = distance > 0 ? -((v.x - u.x) * dx + (v.z - u.z) * dz) / distance : 0;
  }

  step(): void {
    for (let s = 0; s < this.o.actionRepeat; s++) this.world.step();
    this.stepsTaken++;
    const R = this.o.ringRadius;
    const radius = this.agents.map((agent) => {
      const p = agent.root.translation();
      return p.y < -1 ? Infinity : Math.hypot(p.x, p.z);
    });
    for (const side of [0, 1]) {
      // Shaping: the rival farther out than oneself is progress toward pushing it off.
      this.fitness[side][0] += (this.o.shaping * (Math.min(radius[1 - side], R) - Math.min(radius[side], R))) / R / this.episodeSteps;
    }
    const out = radius.map((r) => r > R);
    if (out[0] || out[1]) {
      this.decided = true;
      const left = 1 - this.stepsTaken / this.episodeSteps;
      for (const side of [0, 1]) {
        if (out[side] && out[1 - side]) this.outcome[side][0] = 0.5;
        else if (out[1 - side]) {
          this.outcome[side][0] = 1;
          this.fitness[side][0] += WIN_FITNESS * (1 + left); // a quicker win is worth more
        } else this.fitness[side][0] -= WIN_FITNESS;
      }
    } else if (this.done) {
      this.outcome[0][0] = 0.5;
      this.outcome[1][0] = 0.5;
    }
  }

  positions(out: Float32Array, rotations?: Float32Array): void {
    writeBodyPositions(this.agents, out, 0, rotations);
  }

  dispose(): void {
    this.world.free();
  }
}
