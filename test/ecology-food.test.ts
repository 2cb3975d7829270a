import { describe, expect, it } from 'vitest';
import { Rng } from '../agents/rng.ts';
import { Food } from '../worlds/ecology/food.ts';
import { ECOLOGY_DEFAULTS } from '../worlds/ecology/options.ts';

const o = { ...ECOLOGY_DEFAULTS, size: 160, foodPatches: 2, patchRadius: 8, pelletsPerPatch: 50, foodRange: 10 };

function centres(food: Food): [number, number][] {
  return [0, 1].map((p) => {
    let [x, z] = [0, 0];
    for (let k = p * o.pelletsPerPatch; k < (p + 1) * o.pelletsPerPatch; k++) [x, z] = [x + food.xz[2 * k], z + food.xz[2 * k + 1]];
    return [x / o.pelletsPerPatch, z / o.pelletsPerPatch];
  });
}

describe('the food moving mid-run', () => {
  it('lands every patch out of food-sensing range of the old ones, growing in over one regrowth period', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const food = new Food(o);
      const rng = new Rng(seed);
      food.place(rng);
      const before = centres(food);
      food.place(rng, 300);
      for (const [x, z] of centres(food)) {
        for (const [ox, oz] of before) expect(Math.hypot(x - ox, z - oz)).toBeGreaterThan(2 * (o.patchRadius + o.foodRange) - 2);
      }
      for (let i = 0; i < food.count; i++) {
        expect(food.regrowAt[i]).toBeGreaterThanOrEqual(300);
        expect(food.regrowAt[i]).toBeLessThanOrEqual(300 + o.regrowSeconds);
      }
    }
  });
});
