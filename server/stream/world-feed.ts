/**
 * The ecology's live world as the stream server samples it. After every window the run hands
 * over the world; the feed keeps a snapshot (ids, lineages, positions, energies, standing food)
 * that the server's own clock cuts by each client's viewport. With the window's recorded paths
 * (world-motion.ts) the snapshot's positions and tick move through the window's control steps as
 * the wall clock runs. Its arenas are `world` and the regions; a region is the world seen through
 * that region's bounds.
 */
import type { BodyDesc, EventMessage, Viewport, WorldMessage } from '../../client-protocol/protocol.ts';
import { floatBytes, intBytes } from '../../client-protocol/protocol.ts';
import { AGENT_RADIUS, controlSeconds, type EcologyOptions, regionBounds, regionName } from '../../worlds/ecology/options.ts';
import type { Pick } from '../../worlds/ecology/neighbours.ts';
import type { EcologyWorld, WorldEvent } from '../../worlds/ecology/world.ts';
import { stepAt, type WindowMotion } from './world-motion.ts';

export const WORLD_ARENA = 'world';

export interface WorldSnapshot {
  /** Physics steps since the world began. */
  tick: number;
  simSeconds: number;
  ids: Int32Array;
  lineages: Int32Array;
  /** x, y, z per agent. */
  positions: Float32Array;
  energies: Float32Array;
  /** x, z per standing pellet. */
  food: Float32Array;
}

export type WorldFrame = { positions: Uint8Array; ids: Uint8Array; lineages: Uint8Array; energies: Uint8Array; food: Uint8Array };

interface Playback {
  motion: WindowMotion;
  /** Wall clock (ms) at which playback began, and how long it lasts. */
  from: number;
  duration: number;
  /** Per agent of the window's end snapshot: where its path starts in `motion.track`, or -1 (born between windows). */
  paths: Int32Array;
  shown: { step: number; snapshot: WorldSnapshot } | null;
}

interface PendingEvent {
  x: number;
  z: number;
  step: number;
  event: Omit<EventMessage, 'type' | 'arena' | 'tick'>;
}

export class WorldFeed {
  /** The world as the last window left it. */
  private last: WorldSnapshot = {
    tick: 0,
    simSeconds: 0,
    ids: new Int32Array(0),
    lineages: new Int32Array(0),
    positions: new Float32Array(0),
    energies: new Float32Array(0),
    food: new Float32Array(0),
  };
  private playback: Playback | null = null;
  /** Events of the last window that its playback has not reached yet. */
  private pending: PendingEvent[] = [];
  private updatedAt: number | null = null;
  /** Set by the server: where an event happened, and the event as the protocol sends it. */
  onEvent: (x: number, z: number, event: Omit<EventMessage, 'type' | 'arena'>) => void = () => {};

  constructor(
    private readonly o: EcologyOptions,
    private readonly obstacles: Float32Array = new Float32Array(0),
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The world as viewers see it now: the last window's end, or a step along its recorded paths. */
  get state(): WorldSnapshot {
    const p = this.playback;
    const step = this.step();
    if (!p || step === p.motion.steps - 1) return this.last;
    if (p.shown?.step !== step) {
      const positions = this.last.positions.slice();
      for (let i = 0; i < p.paths.length; i++) {
        if (p.paths[i] >= 0) positions.set(p.motion.track.subarray(p.paths[i] + 3 * step, p.paths[i] + 3 * step + 3), 3 * i);
      }
      const behind = p.motion.steps - 1 - step;
      p.shown = { step, snapshot: { ...this.last, positions, tick: this.tickAt(step), simSeconds: this.last.simSeconds - behind * controlSeconds(this.o) } };
    }
    return p.shown.snapshot;
  }

  /** Sends the events whose step the playback has reached (the stream server calls this on its clock), or all of them. */
  releaseEvents(all = false): void {
    const step = all ? Number.POSITIVE_INFINITY : this.step();
    const due = this.pending.filter((e) => e.step <= step);
    if (!due.length) return;
    this.pending = this.pending.filter((e) => e.step > step);
    for (const e of due) this.onEvent(e.x, e.z, { ...e.event, tick: this.tickAt(e.step) });
  }

  /** The control step of the last window that viewers see now (its last while nothing plays). */
  private step(): number {
    const p = this.playback;
    return p ? stepAt(this.now() - p.from, p.duration, p.motion.steps) : Number.POSITIVE_INFINITY;
  }

  /** Physics steps since the world began at control step `step` of the last window. */
  private tickAt(step: number): number {
    const p = this.playback;
    const behind = p ? p.motion.steps - 1 - Math.min(step, p.motion.steps - 1) : 0;
    return this.last.tick - behind * this.o.actionRepeat;
  }

  get arenas(): string[] {
    return [WORLD_ARENA, ...Array.from({ length: this.o.regionsX * this.o.regionsZ }, (_, r) => regionName(r))];
  }

  /** An arena's rectangle, or null when there is no such arena. */
  bounds(arena: string): Viewport | null {
    const half = this.o.size / 2;
    if (arena === WORLD_ARENA) return [-half, -half, half, half];
    const r = this.arenas.indexOf(arena) - 1;
    return r >= 0 ? regionBounds(this.o, r) : null;
  }

  /**
   * Takes the world after a window, with what happened in it and, when the regions recorded them,
   * the agents' paths through it. The paths play over as long as the window took (the time since
   * the last update), at most the window's simulated length.
   */
  update(world: EcologyWorld, events: WorldEvent[], picks: Pick[], motion: WindowMotion | null = null): void {
    const agents = world.agents;
    const now = world.time;
    const food: number[] = [];
    for (let p = 0; p < world.food.count; p++) if (world.food.standing(p, now)) food.push(world.food.xz[2 * p], world.food.xz[2 * p + 1]);
    this.releaseEvents(true); // what the previous window's playback had not reached yet
    const wall = this.now();
    const realTime = motion ? motion.steps * controlSeconds(this.o) * 1000 : 0;
    const duration = this.updatedAt === null ? realTime : Math.min(wall - this.updatedAt, realTime);
    this.updatedAt = wall;
    this.playback = motion && { motion, from: wall, duration, paths: Int32Array.from(agents, (a) => motion.at.get(a.id) ?? -1), shown: null };
    this.last = {
      tick: world.step * this.o.actionRepeat,
      simSeconds: now,
      ids: Int32Array.from(agents, (a) => a.id),
      lineages: Int32Array.from(agents, (a) => a.lineage),
      positions: Float32Array.from(agents.flatMap((a) => [a.body[0], a.body[1], a.body[2]])),
      energies: Float32Array.from(agents, (a) => a.energy),
      food: Float32Array.from(food),
    };
    // Meals at their step of the window; births, deaths and imitation happen between windows, at its end.
    const where = new Map(agents.map((a) => [a.id, a.body]));
    const end = motion ? motion.steps - 1 : 0;
    const queue = (x: number, z: number, step: number, event: PendingEvent['event']) => this.pending.push({ x, z, step, event });
    for (const e of events) {
      const path = e.kind === 'ate' ? motion?.at.get(e.agentId) : undefined;
      if (e.kind === 'ate' && motion && path !== undefined) {
        // Where the meal happened, from the agent's path (it may have died by the window's end).
        queue(motion.track[path + 3 * e.step], motion.track[path + 3 * e.step + 2], e.step, { kind: 'ate', agent: e.agentId, food: e.pellet });
        continue;
      }
      const at = where.get(e.agentId) ?? (e.kind === 'died' ? e.at : null);
      if (!at) continue;
      if (e.kind === 'ate') queue(at[0], at[2], end, { kind: 'ate', agent: e.agentId, food: e.pellet });
      else if (e.kind === 'born') queue(at[0], at[2], end, { kind: 'born', agent: e.agentId, parent: e.parent });
      else queue(at[0], at[2], end, { kind: 'died', agent: e.agentId });
    }
    for (const p of picks) queue(p.learner.body[0], p.learner.body[2], end, { kind: 'imitated', agent: p.learner.id, model: p.model.id, distance: Math.round(p.distance * 1000) / 1000 });
    this.releaseEvents();
  }

  /** The `world` message of a subscription to `arena` through `view` (already cut to the arena). */
  worldMessage(arena: string, view: Viewport): WorldMessage {
    const half = this.o.size / 2;
    const ground: BodyDesc = { id: 0, role: 'ground', shape: { kind: 'box', halfExtents: [half, 0.05, half] }, position: [0, -0.05, 0] };
    const pillars: BodyDesc[] = [];
    for (let k = 0; k < this.obstacles.length; k += 3) {
      const half = this.obstacles[k + 2];
      pillars.push({ id: 1 + k / 3, role: 'wall', shape: { kind: 'box', halfExtents: [half, 1, half] }, position: [this.obstacles[k], 1, this.obstacles[k + 1]] });
    }
    return {
      type: 'world',
      arena,
      scenario: 'ecology',
      arenaSize: this.o.size,
      bodies: [ground, ...pillars],
      moving: [],
      rotating: [],
      viewport: view,
      regions: this.arenas.slice(1).map((name) => ({ name, bounds: this.bounds(name)! })),
    };
  }

  /** The agents and standing food inside `view`, in id order (of `s`, the state a caller already holds, so that its tick and positions agree). */
  frame(view: Viewport, s: WorldSnapshot = this.state): WorldFrame {
    const inside = (x: number, z: number) => x >= view[0] - AGENT_RADIUS && x <= view[2] + AGENT_RADIUS && z >= view[1] - AGENT_RADIUS && z <= view[3] + AGENT_RADIUS;
    const keep: number[] = [];
    for (let i = 0; i < s.ids.length; i++) if (inside(s.positions[3 * i], s.positions[3 * i + 2])) keep.push(i);
    const food: number[] = [];
    for (let p = 0; p < s.food.length / 2; p++) if (inside(s.food[2 * p], s.food[2 * p + 1])) food.push(s.food[2 * p], s.food[2 * p + 1]);
    return {
      positions: floatBytes(Float32Array.from(keep.flatMap((i) => [s.positions[3 * i], s.positions[3 * i + 1], s.positions[3 * i + 2]]))),
      ids: intBytes(Int32Array.from(keep, (i) => s.ids[i])),
      lineages: intBytes(Int32Array.from(keep, (i) => s.lineages[i])),
      energies: floatBytes(Float32Array.from(keep, (i) => s.energies[i])),
      food: floatBytes(Float32Array.from(food)),
    };
  }
}

/** `view` cut to `bounds`, or null when they do not overlap. */
export function intersect(view: Viewport, bounds: Viewport): Viewport | null {
  const cut: Viewport = [Math.max(view[0], bounds[0]), Math.max(view[1], bounds[1]), Math.min(view[2], bounds[2]), Math.min(view[3], bounds[3])];
  return cut[0] < cut[2] && cut[1] < cut[3] ? cut : null;
}
