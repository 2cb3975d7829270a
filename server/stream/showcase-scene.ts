/**
 * The showcase's `world` message and how its frames are laid out, from a world's description: the
 * moving bodies (agents, food, poison) in order, and which of them turn (so that frames carry
 * rotations only for those). Rebuilt when a schedule changes the world the showcase replays.
 */
import type { WorldMessage } from '../../client-protocol/protocol.ts';
import type { WorldDesc } from '../../worlds/scenario.ts';

export interface ShowcaseScene {
  message: WorldMessage;
  /** Where each body of `message.rotating` sits among the moving bodies. */
  rotatingAt: number[];
}

export function showcaseScene(arena: string, desc: WorldDesc): ShowcaseScene {
  const moving = desc.bodies.filter((b) => b.role === 'agent' || b.role === 'food' || b.role === 'poison');
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
