/**
 * The ecology's food: pellets in round patches. An eaten pellet grows back at its own place
 * `regrowSeconds` later, so the food sets how many agents the world can carry. `place` puts every
 * patch somewhere new (at the start, and at `moveFoodAt`, the experiment's mid-run change).
 */
import type { Rng } from '../../agents/rng.ts';
import { clearPlace } from './obstacles.ts';
import type { EcologyOptions } from './options.ts';

/** Draws per moved patch before settling for the one farthest from the old patches. */
const MOVE_TRIES = 64;

export class Food {
  /** x and z per pellet. */
  readonly xz: Float32Array;
  /** Simulated second from which each pellet stands again (≤ now: standing). */
  readonly regrowAt: Float64Array;

  constructor(
    /** The world's settings (EcologyWorld.setSettings renews them when a schedule changes the world). */
    public o: EcologyOptions,
    count = o.foodPatches * o.pelletsPerPatch,
  ) {
    this.xz = new Float32Array(2 * count);
    this.regrowAt = new Float64Array(count);
  }

  get count(): number {
    return this.regrowAt.length;
  }

  /**
   * New patch centres (kept a patch radius off the walls) and pellets spread uniformly over each
   * disc. At the start they all stand; when the patches move (`growFrom` is the time), the old
   * pellets vanish and the new ones grow in over one regrowth period, so a move costs food rather
   * than handing out a feast. A moved patch lands out of food-sensing range of every old one where
   * it can (the best of `MOVE_TRIES` draws otherwise), so the agents must search for it.
   */
  place(rng: Rng, growFrom: number | null = null, obstacles: Float32Array = new Float32Array(0)): void {
    const { size, patchRadius, pelletsPerPatch } = this.o;
    const reach = size / 2 - patchRadius - 1;
    const old = growFrom === null ? [] : this.centres();
    const apart = 2 * (patchRadius + this.o.foodRange);
    for (let p = 0; p < this.o.foodPatches; p++) {
      let [cx, cz] = [0, 0];
      let best = -1;
      for (let t = 0; t < (old.length ? MOVE_TRIES : 1) && best < apart; t++) {
        const x = rng.uniform(-reach, reach);
        const z = rng.uniform(-reach, reach);
        const gap = Math.min(Number.POSITIVE_INFINITY, ...old.map(([ox, oz]) => Math.hypot(x - ox, z - oz)));
        if (gap > best) [cx, cz, best] = [x, z, gap];
      }
      for (let k = 0; k < pelletsPerPatch; k++) {
        const i = p * pelletsPerPatch + k;
        const [x, z] = clearPlace(obstacles, 0.5, () => {
          const r = patchRadius * Math.sqrt(rng.next());
          const a = 2 * Math.PI * rng.next();
          return [cx + r * Math.cos(a), cz + r * Math.sin(a)];
        });
        this.xz[2 * i] = x;
        this.xz[2 * i + 1] = z;
        this.regrowAt[i] = growFrom === null ? 0 : growFrom + this.o.regrowSeconds * rng.next();
      }
    }
  }

  /** Each patch's centre, as the mean of its pellets. */
  private centres(): [number, number][] {
    const per = this.o.pelletsPerPatch;
    return Array.from({ length: this.o.foodPatches }, (_, p) => {
      let [x, z] = [0, 0];
      for (let k = p * per; k < (p + 1) * per; k++) [x, z] = [x + this.xz[2 * k], z + this.xz[2 * k + 1]];
      return [x / per, z / per];
    });
  }

  standing(i: number, now: number): boolean {
    return this.regrowAt[i] <= now;
  }

  eat(i: number, at: number): void {
    this.regrowAt[i] = at + this.o.regrowSeconds;
  }
}
