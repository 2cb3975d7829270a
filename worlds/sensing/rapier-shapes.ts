/**
 * The caster's view of Rapier colliders: each collider's primitive shape, read once, and its
 * pose, read once per decision into the caster's flat arrays (two calls per collider, however
 * many rays are then cast).
 */
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import type { Rapier } from '../rapier.ts';
import type { CastShape, RayCaster } from './ray-caster.ts';

/** The collider's shape as the caster knows it; throws for shapes it does not cast against (meshes, cones, rounded shapes). */
export function castShapeOf(rapier: Rapier, collider: RAPIER_TYPE.Collider): CastShape {
  const type = collider.shapeType();
  const { ShapeType } = rapier;
  if (type === ShapeType.Ball) return { kind: 'ball', radius: collider.radius() };
  if (type === ShapeType.Cuboid) {
    const h = collider.halfExtents()!;
    return { kind: 'cuboid', halfExtents: [h.x, h.y, h.z] };
  }
  if (type === ShapeType.Capsule) return { kind: 'capsule', halfHeight: collider.halfHeight(), radius: collider.radius() };
  if (type === ShapeType.Cylinder) return { kind: 'cylinder', halfHeight: collider.halfHeight(), radius: collider.radius() };
  if (type === ShapeType.HalfSpace) {
    const n = (collider.shape as RAPIER_TYPE.HalfSpace).normal;
    return { kind: 'halfspace', normal: [n.x, n.y, n.z] };
  }
  throw new Error(`ray caster: collider shape type ${ShapeType[type]} is not a primitive it casts against`);
}

/** Adds each collider to the caster with its tag; returns their shape indices. */
export function addColliders(rapier: Rapier, caster: RayCaster, colliders: RAPIER_TYPE.Collider[], tag: number): number[] {
  return colliders.map((collider) => {
    const index = caster.add(castShapeOf(rapier, collider), tag);
    readPose(caster, index, collider);
    return index;
  });
}

/** Copies the collider's current world pose into the caster. */
export function readPose(caster: RayCaster, index: number, collider: RAPIER_TYPE.Collider): void {
  const t = collider.translation();
  const q = collider.rotation();
  caster.setPose(index, { x: t.x, y: t.y, z: t.z, qx: q.x, qy: q.y, qz: q.z, qw: q.w });
}
