/**
 * Forage's pellets, as plain data: food, placed anywhere (as forage always did) or in `patches`
 * around centres that drift at `patchSpeed` and bounce off the walls, so the good places move;
 * and optionally poison (`poison.count` pellets anywhere, each costing `poison.penalty` fitness
 * when eaten). An eaten pellet is placed anew at once. All draws come from the arena's generator,
 * and a world without patches or poison draws exactly as before they existed.
 */
import type { Rng } from '../../agents/rng.ts';
import type { ForageOptions } from './options.ts';

export class Pellets {
  /** x, z per food pellet, and per poison pellet. */
  readonly food: Float64Array;
  readonly poison: Float64Array;
  /** x, z and velocity x, z per patch. */
  private readonly patches: Float64Array;
  private readonly inset: number;

  constructor(
    private readonly o: ForageOptions,
    private readonly rng: Rng,
    half: number,
  ) {
    this.inset = half - 1;
    this.food = new Float64Array(2 * o.foodCount);
    this.poison = new Float64Array(2 * (o.poison?.count ?? 0));
    this.patches = new Float64Array(4 * o.patches);
    for (let p = 0; p < o.patches; p++) {
      const heading = 2 * Math.PI * rng.next();
      this.patches.set([rng.uniform(-this.inset, this.inset), rng.uniform(-this.inset, this.inset), o.patchSpeed * Math.cos(heading), o.patchSpeed * Math.sin(heading)], 4 * p);
    }
  }

  /** Places every pellet: food first, then poison. */
  placeAll(): void {
    for (let f = 0; f < this.food.length / 2; f++) this.placeFood(f);
    for (let p = 0; p < this.poison.length / 2; p++) this.placePoison(p);
  }

  placeFood(f: number): void {
    const { rng, inset } = this;
    if (this.o.patches === 0) {
      this.food[2 * f] = rng.uniform(-inset, inset);
      this.food[2 * f + 1] = rng.uniform(-inset, inset);
      return;
    }
    const p = rng.int(this.o.patches);
    const r = this.o.patchRadius * Math.sqrt(rng.next());
    const angle = 2 * Math.PI * rng.next();
    this.food[2 * f] = clamp(this.patches[4 * p] + r * Math.cos(angle), inset);
    this.food[2 * f + 1] = clamp(this.patches[4 * p + 1] + r * Math.sin(angle), inset);
  }

  placePoison(p: number): void {
    this.poison[2 * p] = this.rng.uniform(-this.inset, this.inset);
    this.poison[2 * p + 1] = this.rng.uniform(-this.inset, this.inset);
  }

  /** Moves the patch centres on by `seconds` (pellets already placed stay where they are). */
  drift(seconds: number): void {
    if (this.o.patchSpeed === 0) return;
    for (let p = 0; p < this.o.patches; p++) {
      for (let axis = 0; axis < 2; axis++) {
        let x = this.patches[4 * p + axis] + this.patches[4 * p + 2 + axis] * seconds;
        if (Math.abs(x) > this.inset) {
          x = Math.sign(x) * (2 * this.inset - Math.abs(x));
          this.patches[4 * p + 2 + axis] *= -1;
        }
        this.patches[4 * p + axis] = x;
      }
    }
  }
}

function clamp(x: number, limit: number): number {
  return Math.max(-limit, Math.min(limit, x));
}
