import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import { beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../agents/rng.ts';
import { loadRapier, type Rapier } from '../worlds/rapier.ts';
import { RayCaster, type CastShape } from '../worlds/sensing/ray-caster.ts';
import { addColliders } from '../worlds/sensing/rapier-shapes.ts';

type Vec = [number, number, number];

function randomRotation(rng: Rng): { x: number; y: number; z: number; w: number } {
  const q = [rng.gaussian(), rng.gaussian(), rng.gaussian(), rng.gaussian()];
  const n = Math.hypot(...q);
  return { x: q[0] / n, y: q[1] / n, z: q[2] / n, w: q[3] / n };
}

function randomDesc(rapier: Rapier, kind: CastShape['kind'], rng: Rng): RAPIER_TYPE.ColliderDesc {
  const size = () => rng.uniform(0.2, 1.5);
  switch (kind) {
    case 'ball':
      return rapier.ColliderDesc.ball(size());
    case 'cuboid':
      return rapier.ColliderDesc.cuboid(size(), size(), size());
    case 'capsule':
      return rapier.ColliderDesc.capsule(size(), size());
    case 'cylinder':
      return rapier.ColliderDesc.cylinder(size(), size());
    case 'halfspace': {
      const n = [rng.gaussian(), rng.gaussian(), rng.gaussian()];
      const len = Math.hypot(...n);
      return new rapier.ColliderDesc(new rapier.HalfSpace({ x: n[0] / len, y: n[1] / len, z: n[2] / len }));
    }
  }
}

/** A world of `count` colliders of the given kinds at random poses within `spread` of the origin, and the caster of the same scene. */
function scene(rapier: Rapier, kinds: CastShape['kind'][], count: number, spread: number, seed: number) {
  const rng = new Rng(seed);
  const world = new rapier.World({ x: 0, y: 0, z: 0 });
  const caster = new RayCaster();
  const colliders: RAPIER_TYPE.Collider[] = [];
  for (let i = 0; i < count; i++) {
    const desc = randomDesc(rapier, kinds[i % kinds.length], rng)
      .setTranslation(rng.uniform(-spread, spread), rng.uniform(-1, 1), rng.uniform(-spread, spread))
      .setRotation(randomRotation(rng));
    colliders.push(world.createCollider(desc));
  }
  world.step(); // builds Rapier's query structures
  colliders.forEach((c, i) => addColliders(rapier, caster, [c], i));
  return { world, caster, colliders, rng };
}

function randomRay(rng: Rng, spread: number, flat: boolean): { origin: Vec; dir: Vec } {
  const origin: Vec = [rng.uniform(-spread, spread), rng.uniform(-1, 1), rng.uniform(-spread, spread)];
  const d = [rng.gaussian(), flat ? 0 : rng.gaussian(), rng.gaussian()];
  const n = Math.hypot(...d);
  return { origin, dir: [d[0] / n, d[1] / n, d[2] / n] };
}

/**
 * Rapier casts rays against cylinders iteratively (GJK), and its hit points lie up to about 6e-4
 * off the surface; the caster's are exact. Against cylinders the agreement asked is Rapier's own
 * precision, and the caster's hit points are checked on the surface besides.
 */
const tolerance = (kind: CastShape['kind']) => (kind === 'cylinder' ? 1e-3 : 1e-4);

function viaRapier(rapier: Rapier, world: RAPIER_TYPE.World, origin: Vec, dir: Vec, max: number): number | null {
  const ray = new rapier.Ray({ x: origin[0], y: origin[1], z: origin[2] }, { x: dir[0], y: dir[1], z: dir[2] });
  return world.castRay(ray, max, true)?.timeOfImpact ?? null;
}

describe('the ray caster', () => {
  let rapier: Rapier;
  beforeAll(async () => {
    rapier = await loadRapier('compat');
  });

  it.each(['ball', 'cuboid', 'capsule', 'cylinder', 'halfspace'] as const)("agrees with Rapier solid ray casts to 1e-4 (cylinders: to Rapier's own precision) against a turned %s", (kind) => {
    const { world, caster, rng } = scene(rapier, [kind], 1, 0.5, 3);
    let hits = 0;
    for (let r = 0; r < 400; r++) {
      const { origin, dir } = randomRay(rng, 3, r % 2 === 0);
      const expected = viaRapier(rapier, world, origin, dir, 10);
      const got = caster.cast(origin, dir, 10);
      expect(got === null, `ray ${r}`).toBe(expected === null);
      if (got && expected !== null) {
        expect(Math.abs(got.distance - expected), `ray ${r}`).toBeLessThan(tolerance(kind));
        hits++;
      }
    }
    // Hits, misses and starts inside all occur, so the agreement covers each.
    expect(hits).toBeGreaterThan(40);
    expect(hits).toBeLessThan(400);
    world.free();
  });

  it('finds the same nearest hits with the grid broad phase as without, and as Rapier, in a crowded scene', () => {
    const kinds = ['ball', 'cuboid', 'capsule', 'cylinder'] as const;
    const { world, caster, rng, colliders } = scene(rapier, [...kinds], 300, 25, 4);
    // A long wall, too large to file in cells, that every ray tests.
    const wall = world.createCollider(
      rapier.ColliderDesc.cuboid(24, 1, 0.25)
        .setTranslation(0, 0, 3)
        .setRotation({ x: 0, y: Math.sin(0.2), z: 0, w: Math.cos(0.2) }),
    );
    world.step();
    colliders.push(wall);
    addColliders(rapier, caster, [wall], colliders.length - 1);
    const kindOf = (shape: number) => (shape === colliders.length - 1 ? 'cuboid' : kinds[shape % kinds.length]);
    const gridded = new RayCaster();
    colliders.forEach((c, i) => addColliders(rapier, gridded, [c], i));
    gridded.useGrid(2);
    gridded.index();
    for (let r = 0; r < 500; r++) {
      const { origin, dir } = randomRay(rng, 25, r % 3 !== 0);
      const brute = caster.cast(origin, dir, 12);
      expect(gridded.cast(origin, dir, 12), `ray ${r}`).toEqual(brute);
      const expected = viaRapier(rapier, world, origin, dir, 12);
      expect(brute === null).toBe(expected === null);
      if (brute && expected !== null) expect(Math.abs(brute.distance - expected)).toBeLessThan(tolerance(kindOf(brute.shape)));
    }
    world.free();
  });

  it('hits an upright cylinder exactly on its surface, side and caps', () => {
    const caster = new RayCaster();
    caster.add({ kind: 'cylinder', halfHeight: 1, radius: 0.5 }, 0);
    const rng = new Rng(6);
    let side = 0;
    let caps = 0;
    for (let r = 0; r < 300; r++) {
      // Origins above and below the caps as well as beside the side, aimed near the cylinder.
      const origin: Vec = [rng.uniform(-2, 2), rng.uniform(-3, 3), rng.uniform(-2, 2)];
      const aim = [rng.uniform(-0.6, 0.6) - origin[0], rng.uniform(-1.2, 1.2) - origin[1], rng.uniform(-0.6, 0.6) - origin[2]];
      const dir: Vec = [aim[0] / Math.hypot(...aim), aim[1] / Math.hypot(...aim), aim[2] / Math.hypot(...aim)];
      const hit = caster.cast(origin, dir, 10);
      if (!hit || hit.distance === 0) continue;
      const p = origin.map((v, k) => v + hit.distance * dir[k]);
      const onSide = Math.abs(Math.hypot(p[0], p[2]) - 0.5) < 1e-9 && Math.abs(p[1]) <= 1 + 1e-9;
      const onCap = Math.abs(Math.abs(p[1]) - 1) < 1e-9 && Math.hypot(p[0], p[2]) <= 0.5 + 1e-9;
      expect(onSide || onCap, `ray ${r}`).toBe(true);
      if (onSide) side++;
      else caps++;
    }
    expect(side).toBeGreaterThan(10);
    expect(caps).toBeGreaterThan(10);
  });

  it('skips the shapes whose tag the caller excludes (an agent its own parts)', () => {
    const caster = new RayCaster();
    caster.add({ kind: 'ball', radius: 1 }, 7);
    const far = caster.add({ kind: 'cuboid', halfExtents: [1, 1, 1] }, 8);
    caster.setPose(far, { x: 5, y: 0, z: 0, qx: 0, qy: 0, qz: 0, qw: 1 });
    expect(caster.cast([0, 0, 0], [1, 0, 0], 10)).toEqual({ distance: 0, shape: 0 });
    expect(caster.cast([0, 0, 0], [1, 0, 0], 10, 7)).toEqual({ distance: 4, shape: far });
    expect(caster.cast([0, 0, 0], [-1, 0, 0], 10, 7)).toBeNull();
  });
});
