/**
 * Each world's default behaviour descriptor for MAP-Elites (`evolution.mapElites.descriptor`):
 * two of its roles' behaviour features (RoleSpec.features, episode means) and the range each is
 * binned over. The ranges cover what the scripted experts and uniformly random agents do (measured
 * over a few episodes each, docs/optimizers.md), with room beyond; values outside fall in the
 * edge cells.
 */
import type { BodyKindName } from './bodies/body.ts';

export type DescriptorBounds = [[number, number], [number, number]];

export interface BehaviourDescriptor {
  features: [string, string];
  bounds: DescriptorBounds;
}

const WORLD_DESCRIPTORS: Record<string, BehaviourDescriptor> = {
  // Where a forager spends its episode: near food or far from it, near the walls or in the open.
  forage: {
    features: ['nearestFood', 'wallDistance'],
    bounds: [
      [0, 8],
      [0, 10],
    ],
  },
  // How close a wrestler keeps to its rival, and to the ring's centre.
  sumo: {
    features: ['rivalDistance', 'centreDistance'],
    bounds: [
      [0, 6],
      [0, 3],
    ],
  },
  // How near the opponent a chaser or runner stays, and how fast it moves.
  pursuit: {
    features: ['opponentDistance', 'speed'],
    bounds: [
      [0, 14],
      [0, 6],
    ],
  },
  // How near the block a carrier stays, and on which side of its line to the goal.
  carry: {
    features: ['blockDistance', 'sideOffset'],
    bounds: [
      [0, 8],
      [-5, 5],
    ],
  },
};

/** Locomotion's features are its body's: the walker's gait, by body. */
const BODY_DESCRIPTORS: Record<BodyKindName, BehaviourDescriptor> = {
  // How high the crawler carries itself, and how far it turns aside from +x.
  crawler: {
    features: ['height', 'heading.z'],
    bounds: [
      [0.05, 0.4],
      [-1, 1],
    ],
  },
  ball: {
    features: ['height', 'speed'],
    bounds: [
      [0, 1],
      [0, 5],
    ],
  },
};

/** The default descriptor of `scenario` (its walkers' `body` in locomotion); null where a world has none (the ecology). */
export function defaultDescriptor(scenario: string, body: BodyKindName): BehaviourDescriptor | null {
  if (scenario === 'locomotion') return BODY_DESCRIPTORS[body];
  return WORLD_DESCRIPTORS[scenario] ?? null;
}
