import { describe, expect, it } from 'vitest';
import { Rng } from '../agents/rng.ts';
import { createForage } from '../worlds/forage/index.ts';
import { FORAGE_DEFAULTS, type ForageOptions } from '../worlds/forage/options.ts';
import { loadRapier } from '../worlds/rapier.ts';

/** Observations of one arena after the same random actions, sensed one way or the other. */
async function observationsWith(sensors: ForageOptions['sensors'], steps: number, body: ForageOptions['body'] = 'ball'): Promise<Float32Array[]> {
  const rapier = await loadRapier('compat');
  const scenario = createForage({ ...FORAGE_DEFAULTS, sensors, body, agentsPerArena: 12, arenaSize: body === 'ball' ? 10 : 14 });
  const arena = scenario.createArena(rapier, 42);
  const rng = new Rng(8);
  const obs = new Float32Array(12 * scenario.spec.roles[0].observationSize);
  const actions = new Float32Array(12 * scenario.spec.roles[0].actionSize);
  const seen: Float32Array[] = [];
  for (let s = 0; s < steps; s++) {
    arena.observe(0, obs);
    seen.push(obs.slice());
    arena.applyActions(
      0,
      actions.map(() => rng.uniform(-1, 1)),
    );
    arena.step();
  }
  arena.dispose();
  return seen;
}

describe('forage ray sensors', () => {
  it.each(['ball', 'crawler'] as const)('read the same in closed form as through Rapier ray casts (%s bodies)', async (body) => {
    const viaRapier = await observationsWith('rapier', 60, body);
    const analytic = await observationsWith('analytic', 60, body);
    let hits = 0;
    for (let s = 0; s < viaRapier.length; s++) {
      for (let i = 0; i < viaRapier[s].length; i++) {
        expect(analytic[s][i]).toBeCloseTo(viaRapier[s][i], 4);
        if (viaRapier[s][i] > 0) hits++;
      }
    }
    expect(hits).toBeGreaterThan(1000); // the crowded small arena makes both walls and agents visible
  });

  it('see walls and agents in the right channels', async () => {
    const [first] = await observationsWith('rapier', 1);
    const size = first.length / 12;
    const rays = first.subarray(8, size); // agent 0: after 3 food items and the velocity
    const walls = Array.from({ length: 8 }, (_, r) => rays[2 * r]);
    const others = Array.from({ length: 8 }, (_, r) => rays[2 * r + 1]);
    expect(walls.some((p) => p > 0)).toBe(true);
    walls.forEach((w, r) => expect(w > 0 && others[r] > 0).toBe(false)); // one channel per ray
  });
});
