import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../server/evaluation/episodes.ts';

/** The scripted expert's mean fitness over a few episodes of a world set up by `config`. */
async function expertIn(config: Record<string, unknown>): Promise<number> {
  const world = await setupEpisode(resolveConfig({ workers: 0, ...config }));
  return evaluateController(world, { kind: 'expert' }, 6, 1).mean;
}

describe('the physical keys', () => {
  it('a slope slows the walkers uphill and speeds them downhill', async () => {
    const at = (slope: number) => expertIn({ scenario: 'locomotion', worlds: { locomotion: { slope } } });
    const [up, flat, down] = [await at(8), await at(0), await at(-8)];
    expect(up).toBeLessThan(flat);
    expect(down).toBeGreaterThan(flat);
  });

  it('a heavier body, and a slippery floor, change how the same force moves a ball', async () => {
    const forage = (worlds: Record<string, unknown>) => expertIn({ worlds: { forage: { sensors: 'analytic', ...worlds } } });
    const light = await forage({});
    expect(await forage({ bodyMass: 6 })).toBeLessThan(light);
    expect(await forage({ friction: 0 })).not.toBe(light);
  });
});
