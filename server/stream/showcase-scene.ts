/**
 * The showcase's `world` message and how its frames are laid out, from a world's description: the
 * moving bodies (agents, food, poison, carry's block and goal) in order, and which of them turn (so that frames carry
 * rotations only for those). Rebuilt when a schedule changes the world the showcase replays.
 */
import type { WorldMessage } from '../../client-protocol/protocol.ts';
import type { WorldDesc } from '../../worlds/scenario.ts';

/** Bodies whose poses frames carry (carry's goal moves only between episodes, but it does move). */
export const MOVING_ROLES: ReadonlySet<string> = new Set(['agent', 'food', 'poison', 'block', 'goal']);

export interface ShowcaseScene {
  message: WorldMessage;
  /** Where each body of `message.rotating` sits among the moving bodies. */
  rotatingAt: number[];
}

export function showcaseScene(arena: string, desc: WorldDesc): ShowcaseScene {
  const moving = desc.bodies.filter((b) => MOVING_ROLES.has(b.role));
  const rotatingAt = moving.flatMap((b, i) => (b.shape.kind === 'ball' ? [] : [i]));
  return {
    rotatingAt,
    message: {
      type: 'world',
      arena,
      scenario: desc.scenario,
      arenaSize: desc.arenaSize,
      bodies: desc.bodies.map((b) => (b.role === 'agent' ? { ...b, population: b.population ?? 0 } : b)),
      moving: moving.map((b) => b.id),
      rotating: rotatingAt.map((i) => moving[i].id),
    },
  };
}
