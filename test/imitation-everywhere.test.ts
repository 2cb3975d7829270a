import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { SUMO_IMITATION } from './fixtures-sumo-imitation.ts';
import { tempDir, withoutVolatile } from './helpers.ts';

const metricsOf = (dir: string) => new RunDir(dir).readMetrics().map(withoutVolatile);

async function run(overrides: Record<string, unknown> = {}, dir = join(tempDir(), 'run'), resume = false) {
  await runExperiment({ config: resolveConfig({ ...SUMO_IMITATION, ...overrides }), runDir: dir, resume });
  return dir;
}

describe('imitation where populations meet', () => {
  it('learns from the scripted expert, the rival champion and a peer, by DAgger, in every population', async () => {
    const rows = new RunDir(await run()).readMetrics();
    for (const name of ['red', 'blue']) {
      const first = (rows[0].populations as Record<string, { imitation: { learners: number; experts: Record<string, number> } }>)[name].imitation;
      // Nothing has played yet in generation 0: only the scripted expert can teach.
      expect(first.experts).toEqual({ scripted: 2 });
      const later = (rows[2].populations as Record<string, { imitation: { learners: number; experts: Record<string, number>; loss: number } }>)[name].imitation;
      expect(later.learners).toBe(2); // learnFraction 0.25 of 8
      expect(later.experts).toEqual({ scripted: 2, rival: 2, peer: 2 });
      expect(later.loss).toBeGreaterThan(0);
    }
  });

  it('gives the same metrics on 0, 1 and 2 workers, and when resumed', async () => {
    const straight = metricsOf(await run());
    expect(metricsOf(await run({ workers: 1, worldgen: { arenasPerShard: 3 } }))).toEqual(straight);
    expect(metricsOf(await run({ workers: 2, worldgen: { arenasPerShard: 2 } }))).toEqual(straight);
    const resumed = await run({ generations: 2 });
    await run({}, resumed, true);
    expect(metricsOf(resumed)).toEqual(straight);
  });

  it("learns by behaviour cloning from the rival champion's own play and from past champions, the same on any worker count", async () => {
    const bc = { imitation: { experts: { rival: 1, champions: 1 }, method: 'bc', steps: 10, samplesPerLearner: 256 } };
    const rows = new RunDir(await run(bc)).readMetrics();
    const experts = (row: number) => (rows[row].populations as Record<string, { imitation: { experts: Record<string, number> } }>).red.imitation.experts;
    expect(experts(0)).toEqual({}); // nobody has played yet: no champion, no hall of fame
    expect(experts(2)).toEqual({ rival: 2, champions: 2 });
    expect(metricsOf(await run({ ...bc, workers: 2 }))).toEqual(rows.map(withoutVolatile));
  });
});
