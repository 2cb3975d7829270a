/**
 * The ecology's live world as the stream server samples it. After every window the run hands
 * over the world; the feed keeps a snapshot (ids, lineages, positions, energies, standing food)
 * that the server's own clock cuts by each client's viewport. Its arenas are `world` and the
 * regions; a region is the world seen through that region's bounds.
 */
import type { BodyDesc, EventMessage, Viewport, WorldMessage } from '../../client-protocol/protocol.ts';
import { floatBytes, intBytes } from '../../client-protocol/protocol.ts';
import { AGENT_RADIUS, type EcologyOptions, regionBounds, regionName } from '../../worlds/ecology/options.ts';
import type { Pick } from '../../worlds/ecology/neighbours.ts';
import type { EcologyWorld, WorldEvent } from '../../worlds/ecology/world.ts';

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

export class WorldFeed {
  state: WorldSnapshot = { tick: 0, simSeconds: 0, ids: new Int32Array(0), lineages: new Int32Array(0), positions: new Float32Array(0), energies: new Float32Array(0), food: new Float32Array(0) };
  /** Set by the server: where an event happened, and the event as the protocol sends it. */
  onEvent: (x: number, z: number, event: Omit<EventMessage, 'type' | 'arena'>) => void = () => {};

  constructor(
    private readonly o: EcologyOptions,
    private readonly obstacles: Float32Array = new Float32Array(0),
  ) {}

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

  /** Takes the world after a window, with what happened in it. */
  update(world: EcologyWorld, events: WorldEvent[], picks: Pick[]): void {
    const agents = world.agents;
    const now = world.time;
    const food: number[] = [];
    for (let p = 0; p < world.food.count; p++) if (world.food.standing(p, now)) food.push(world.food.xz[2 * p], world.food.xz[2 * p + 1]);
    this.state = {
      tick: world.step * this.o.actionRepeat,
      simSeconds: now,
      ids: Int32Array.from(agents, (a) => a.id),
      lineages: Int32Array.from(agents, (a) => a.lineage),
      positions: Float32Array.from(agents.flatMap((a) => [a.body[0], a.body[1], a.body[2]])),
      energies: Float32Array.from(agents, (a) => a.energy),
      food: Float32Array.from(food),
    };
    const where = new Map(agents.map((a) => [a.id, a.body]));
    const tick = this.state.tick;
    for (const e of events) {
      const at = where.get(e.agentId) ?? (e.kind === 'died' ? e.at : null);
      if (!at) continue;
      if (e.kind === 'ate') this.onEvent(at[0], at[2], { tick, kind: 'ate', agent: e.agentId, food: e.pellet });
      else if (e.kind === 'born') this.onEvent(at[0], at[2], { tick, kind: 'born', agent: e.agentId, parent: e.parent });
      else this.onEvent(at[0], at[2], { tick, kind: 'died', agent: e.agentId });
    }
    for (const p of picks) this.onEvent(p.learner.body[0], p.learner.body[2], { tick, kind: 'imitated', agent: p.learner.id, model: p.model.id, distance: Math.round(p.distance * 1000) / 1000 });
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

  /** The agents and standing food inside `view`, in id order. */
  frame(view: Viewport): WorldFrame {
    const s = this.state;
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
