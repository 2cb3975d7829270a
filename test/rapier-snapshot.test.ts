/**
 * Whether a restored Rapier snapshot steps exactly as the original world (dimforge/rapier issue 966
 * reports divergence). The ecology does not depend on it (a region's world lives only within a
 * window, docs/ecology.md), but this records what the builds in use do, so that a Rapier upgrade
 * that changes it is noticed before anyone relies on moving worlds between threads.
 */
import { describe, expect, it } from 'vitest';
import { loadRapier, RAPIER_BUILDS } from '../worlds/rapier.ts';

describe('Rapier snapshots', () => {
  it.each(RAPIER_BUILDS)('%s: a restored snapshot of 60 colliding balls steps bit-identically', async (build) => {
    const R = await loadRapier(build);
    const world = new R.World({ x: 0, y: -9.81, z: 0 });
    world.createCollider(R.ColliderDesc.cuboid(20, 0.1, 20));
    const handles: number[] = [];
    for (let i = 0; i < 60; i++) {
      const body = world.createRigidBody(
        R.RigidBodyDesc.dynamic()
          .setTranslation((i % 10) * 1.1 - 5, 0.6, Math.floor(i / 10) * 1.1 - 3)
          .setLinearDamping(0.5),
      );
      world.createCollider(R.ColliderDesc.ball(0.5).setFriction(0.8), body);
      handles.push(body.handle);
    }
    const push = (w: InstanceType<typeof R.World>, t: number) => {
      for (const h of handles) {
        const body = w.getRigidBody(h);
        body.resetForces(true);
        body.addForce({ x: 8 * Math.sin(h * 0.7 + t * 0.05), y: 0, z: 8 * Math.cos(h * 1.3 + t * 0.03) }, true);
      }
    };
    for (let t = 0; t < 60; t++) {
      push(world, t);
      world.step();
    }
    const copy = R.World.restoreSnapshot(world.takeSnapshot());
    try {
      for (let t = 60; t < 240; t++) {
        push(world, t);
        world.step();
        push(copy, t);
        copy.step();
      }
      const where = (w: InstanceType<typeof R.World>) => handles.flatMap((h) => Object.values(w.getRigidBody(h).translation()));
      expect(where(copy)).toEqual(where(world));
    } finally {
      world.free();
      copy.free();
    }
  });
});
