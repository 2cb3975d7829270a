/**
 * A square floor with a low wall on each side, as forage and carry have: built in a Rapier world,
 * and described for viewers (ground, then the four walls, ids 0 to 4). The same numbers serve
 * both, so what is drawn is what the agents bump into.
 */
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import type { Rapier } from './rapier.ts';
import type { BodyDesc } from './scenario.ts';

export const WALL_HEIGHT = 1;
export const WALL_THICKNESS = 0.5;

/** Centre x, z and half extents x, z of each wall around a floor of side `size`. */
function walls(size: number): [number, number, number, number][] {
  const half = size / 2;
  const t = WALL_THICKNESS / 2;
  const span = half + WALL_THICKNESS;
  return [
    [half + t, 0, t, span],
    [-half - t, 0, t, span],
    [0, half + t, span, t],
    [0, -half - t, span, t],
  ];
}

/** The ground (with friction `friction`) and its walls, fixed bodies of `world`. */
export function buildWalledFloor(rapier: Rapier, world: RAPIER_TYPE.World, size: number, friction: number): void {
  const span = size / 2 + WALL_THICKNESS;
  const ground = world.createRigidBody(rapier.RigidBodyDesc.fixed().setTranslation(0, -0.5, 0));
  world.createCollider(rapier.ColliderDesc.cuboid(span, 0.5, span).setFriction(friction), ground);
  for (const [x, z, hx, hz] of walls(size)) {
    const wall = world.createRigidBody(rapier.RigidBodyDesc.fixed().setTranslation(x, WALL_HEIGHT / 2, z));
    world.createCollider(rapier.ColliderDesc.cuboid(hx, WALL_HEIGHT / 2, hz), wall);
  }
}

/** The floor and walls as a viewer draws them: ids 0 (ground) to 4. */
export function walledFloorBodies(size: number): BodyDesc[] {
  const span = size / 2 + WALL_THICKNESS;
  return [
    { id: 0, role: 'ground', shape: { kind: 'box', halfExtents: [span, 0.5, span] }, position: [0, -0.5, 0] },
    ...walls(size).map(([x, z, hx, hz], i): BodyDesc => ({ id: i + 1, role: 'wall', shape: { kind: 'box', halfExtents: [hx, WALL_HEIGHT / 2, hz] }, position: [x, WALL_HEIGHT / 2, z] })),
  ];
}
