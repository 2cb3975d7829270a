/**
 * Ray sensors over every collider of a Rapier world, cast by the ray caster: the fixed scenery is
 * read once, the agents' colliders once per decision (`refresh`), and each ray is then plain
 * arithmetic. Tags tell agents apart: an agent's colliders carry its index, scenery −1.
 */
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import type { Rapier } from '../rapier.ts';
import { RayCaster } from './ray-caster.ts';
import { MISS } from './shape-casts.ts';
import { addColliders, readPose } from './rapier-shapes.ts';

/**
 * Above this many shapes, rays find their candidates through a grid of GRID_CELL-metre cells (on
 * this machine the grid casts faster from about 20 shapes up, 6x at 128, even refiled every decision).
 */
const GRID_ABOVE = 24;
const GRID_CELL = 2;

export class WorldRays {
  private readonly caster = new RayCaster();
  /** What the last castRay hit: an agent's index, or −1 for scenery (or nothing). */
  hitTag = -1;
  /** The agents' colliders and their shape indices, re-read every decision. */
  private readonly moving: { collider: RAPIER_TYPE.Collider; index: number }[] = [];

  /** `tagOf` gives a collider's agent, or −1 for scenery (whose pose never changes). */
  constructor(rapier: Rapier, world: RAPIER_TYPE.World, tagOf: (collider: RAPIER_TYPE.Collider) => number) {
    world.forEachCollider((collider) => {
      const tag = tagOf(collider);
      const [index] = addColliders(rapier, this.caster, [collider], tag);
      if (tag >= 0) this.moving.push({ collider, index });
    });
    if (this.caster.count > GRID_ABOVE) this.caster.useGrid(GRID_CELL);
    this.caster.index();
  }

  /** Reads the agents' poses: once per decision, before its rays. */
  refresh(): void {
    for (const { collider, index } of this.moving) readPose(this.caster, index, collider);
    this.caster.index();
  }

  /**
   * The distance to the nearest hit within `maxDistance` of the ray from (ox, oy, oz) along the
   * unit vector (dx, dy, dz), ignoring agent `self`'s own colliders, or MISS (−1); `hitTag` then
   * says what was hit: an agent's index, or −1 for scenery.
   */
  castRay(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDistance: number, self: number): number {
    const distance = this.caster.castRay(ox, oy, oz, dx, dy, dz, maxDistance, self);
    this.hitTag = distance === MISS ? -1 : this.caster.tag(this.caster.hitShape);
    return distance;
  }
}
