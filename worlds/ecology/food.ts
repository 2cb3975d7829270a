/**
 * The ecology's food: pellets in round patches. An eaten pellet grows back at its own place
 * `regrowSeconds` later, so the food sets how many agents the world can carry. `place` puts every
 * patch somewhere new (at the start, and at `moveFoodAt`, the experiment's mid-run change).
 */
import type { Rng } from '../../agents/rng.ts';
import { clearPlace } from './obstacles.ts';
import type { EcologyOptions } from './options.ts';

export class Food {
  /** x and z per pellet. */
  readonly xz: Float32Array;
  /** Simulated second from which each pellet stands again (≤ now: standing). */
  readonly regrowAt: Float64Array;

  constructor(
    private readonly o: EcologyOptions,
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
   * than handing out a feast.
   */
  place(rng: Rng, growFrom: number | null = null, obstacles: Float32Array = new Float32Array(0)): void {
    const { size, patchRadius, pelletsPerPatch } = this.o;
    const reach = size / 2 - patchRadius - 1;
    for (let p = 0; p < this.o.foodPatches; p++) {
      const cx = rng.uniform(-reach, reach);
      const cz = rng.uniform(-reach, reach);
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

  standing(i: number, now: number): boolean {
    return this.regrowAt[i] <= now;
  }

  eat(i: number, at: number): void {
    this.regrowAt[i] = at + this.o.regrowSeconds;
  }
}
