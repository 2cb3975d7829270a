import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { metricsEverywhere, tempDir, withoutVolatile } from './helpers.ts';

const BP = {
  seed: 8,
  workers: 0,
  generations: 3,
  checkpointEvery: 2,
  evolution: { populationSize: 8, eliteCount: 1 },
  worlds: { forage: { episodeSeconds: 2, agentsPerArena: 4 } },
  imitation: { experts: { scripted: 1 }, method: 'bp', bp: { sample: true }, steps: 10, samplesPerLearner: 256, demoEpisodes: 1 },
};

describe('imitation.method "bp": behaviour prediction', () => {
  it('trains stochastic policies by Gaussian likelihood and plays their samples, the same on 0 and 2 workers and when resumed', async () => {
    const { straight, sharded, resumed, dir } = await metricsEverywhere(BP);
    const imitation = straight[1].imitation as { learners: number; loss: number; lossBefore: number };
    expect(imitation.learners).toBe(2);
    expect(imitation.loss).toBeLessThan(imitation.lossBefore);
    // The champion's policy file carries its standard deviations beside the LayersModel of its mean.
    const header = JSON.parse(readFileSync(join(dir, 'checkpoints', 'gen-000003', 'champion', 'coevo.json'), 'utf8'));
    expect(header.logStd).toHaveLength(2);
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
  });

  it('samples change what agents do: the same run acting on its means scores differently', async () => {
    const means = join(tempDir(), 'means');
    await runExperiment({ config: resolveConfig({ ...BP, generations: 1, imitation: { ...BP.imitation, bp: { sample: false } } }), runDir: means, resume: false });
    const samples = join(tempDir(), 'samples');
    await runExperiment({ config: resolveConfig({ ...BP, generations: 1 }), runDir: samples, resume: false });
    expect(new RunDir(samples).readMetrics()[0].agentSteps).toBe(new RunDir(means).readMetrics()[0].agentSteps);
    expect(new RunDir(samples).readMetrics().map(withoutVolatile)).not.toEqual(new RunDir(means).readMetrics().map(withoutVolatile));
  });
});
