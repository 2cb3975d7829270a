import { describe, expect, it } from 'vitest';
import { Rng } from '../agents/rng.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../server/evaluation/episodes.ts';
import { FORAGE_DEFAULTS, forageObservationSize, POISON_FIELDS } from '../worlds/forage/options.ts';
import { Pellets } from '../worlds/forage/pellets.ts';

const o = { ...FORAGE_DEFAULTS, foodCount: 40, patches: 2, patchRadius: 3, patchSpeed: 1 };

describe('food in patches that move', () => {
  it('places food within a patch of its centre, and the centres drift at patchSpeed', () => {
    const pellets = new Pellets(o, new Rng(4), o.arenaSize / 2);
    const centres = () => Array.from((pellets as unknown as { patches: Float64Array }).patches);
    const before = centres();
    pellets.placeAll();
    for (let f = 0; f < o.foodCount; f++) {
      const near = [0, 1].map((p) => Math.hypot(pellets.food[2 * f] - before[4 * p], pellets.food[2 * f + 1] - before[4 * p + 1]));
      expect(Math.min(...near)).toBeLessThanOrEqual(o.patchRadius + 1e-9);
    }
    pellets.drift(0.5);
    const after = centres();
    for (const p of [0, 1]) expect(Math.hypot(after[4 * p] - before[4 * p], after[4 * p + 1] - before[4 * p + 1])).toBeCloseTo(0.5, 6);
  });
});

describe('poison', () => {
  const world = async (forage: Record<string, unknown>) => setupEpisode(resolveConfig({ workers: 0, worlds: { forage: { sensors: 'analytic', ...forage } } }));

  it('has its channel in the observation when configured, empty while there is none', async () => {
    const none = await world({ poison: { count: 0 } });
    const some = await world({ poison: { count: 2 } });
    const size = forageObservationSize(none.scenario.options as typeof FORAGE_DEFAULTS);
    expect(size).toBe(forageObservationSize(FORAGE_DEFAULTS) + 3 * POISON_FIELDS);
    const read = async (setup: Awaited<ReturnType<typeof world>>) => {
      const arena = setup.scenario.createArena(setup.engine.rapier, 9);
      const out = new Float32Array(8 * size);
      arena.observe(0, out);
      arena.dispose();
      return Array.from(out.subarray(size - 3 * POISON_FIELDS, size)).filter((_, i) => i % POISON_FIELDS === 0); // present flags of agent 0
    };
    expect(await read(none)).toEqual([0, 0, 0]);
    expect(await read(some)).toEqual([1, 1, 0]);
  });

  it('costs fitness when eaten; the scripted expert keeps clear of it', async () => {
    const poisoned = await world({ poison: { count: 120, penalty: 1 } });
    expect(evaluateController(poisoned, { kind: 'random' }, 8, 1).mean).toBeLessThan(0);
    expect(evaluateController(poisoned, { kind: 'expert' }, 8, 1).mean).toBeGreaterThan(0);
  });
});
