import { describe, expect, it } from 'vitest';
import { SampleBuffer } from '../agents/imitation/sample-buffer.ts';
import { Rng } from '../agents/rng.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { onePopulationPlan, planGeneration } from '../server/evaluation/planner.ts';
import { playMatches } from '../server/evaluation/play.ts';
import { NO_CONTEXT } from '../server/imitation/experts.ts';
import { recordGeneration } from '../server/imitation/generation-record.ts';
import { initGenome } from '../agents/mlp.ts';
import { setupTestImitation, smallConfig } from './helpers.ts';

describe('DAgger', () => {
  it('labels the states the learners visited with the scripted expert, and aggregates them', async () => {
    const config = smallConfig({ imitation: { experts: { scripted: 1 }, method: 'dagger', demoEpisodes: 1, recordEvery: 5 } });
    const { world, engine, population, imitation } = await setupTestImitation(config);
    const rng = new Rng(3);
    const genomes = Array.from({ length: 16 }, () => initGenome(population.shape, rng));
    const { spec } = world.scenario;
    const tasks = planGeneration(onePopulationPlan(spec, config.seed, 0, 16));
    const teams = [{ kind: 'mlp' as const, shape: population.shape, genomes }];
    const results = playMatches(engine, { world: world.ref, teams, tasks, record: { every: 5, expertLabels: true } });
    const record = recordGeneration(tasks, results, 0, spec.roles, 0, new Float64Array(16), false);
    const before = imitation.plan(1, 16, null, NO_CONTEXT).data[0].observations.length;
    const role = spec.roles[0];

    imitation.ingest(0, record, genomes, [3]);

    // Every pair the learner's data can now draw on is labelled by the expert on its own observation.
    const { data } = imitation.plan(1, 16, null, NO_CONTEXT);
    const pairs = data[0];
    const n = pairs.observations.length / role.observationSize;
    const expert = new Float32Array(n * role.actionSize);
    world.scenario.experts[0](pairs.observations, n, expert);
    expect(Array.from(pairs.actions)).toEqual(Array.from(expert));
    // The learner's visited states are in the aggregated set, beside the expert's own episodes.
    const visited = record.observations.subarray(3 * record.samples * role.observationSize, (3 * record.samples + 1) * role.observationSize);
    const contents = (imitation as unknown as { dagger: SampleBuffer }).dagger.contents();
    const rows = contents.observations.length / role.observationSize;
    const found = Array.from({ length: rows }, (_, i) => contents.observations.subarray(i * role.observationSize, (i + 1) * role.observationSize)).some((row) => row.every((x, k) => x === visited[k]));
    expect(found).toBe(true);
    expect(before).toBe(config.imitation.samplesPerLearner * role.observationSize);
  });
});

describe('SampleBuffer', () => {
  it('never holds more than its capacity and keeps a spread of old and new pairs', () => {
    const buffer = new SampleBuffer(100, 1, 1);
    const rng = new Rng(1);
    for (let batch = 0; batch < 50; batch++) {
      const values = Float32Array.from({ length: 100 }, (_, i) => batch * 100 + i);
      buffer.add(values, values, rng);
    }
    expect(buffer.size).toBe(100);
    const kept = Array.from(buffer.contents().observations);
    expect(kept.filter((v) => v < 2500).length).toBeGreaterThan(30);
    expect(kept.filter((v) => v >= 2500).length).toBeGreaterThan(30);
  });

  it('continues identically after snapshot and restore', () => {
    const a = new SampleBuffer(10, 1, 1);
    const b = new SampleBuffer(10, 1, 1);
    const fill = (buffer: SampleBuffer, seed: number) => {
      const values = Float32Array.from({ length: 30 }, (_, i) => seed * 100 + i);
      buffer.add(values, values, new Rng(seed));
    };
    fill(a, 1);
    b.restore(a.snapshot());
    fill(a, 2);
    fill(b, 2);
    expect(b.contents()).toEqual(a.contents());
  });
});

describe('imitation config', () => {
  it('refuses dataset without a file and darwinian with experts', () => {
    expect(() => resolveConfig({ imitation: { experts: { dataset: 1 } } })).toThrow(/imitation\.datasetFile: is required/);
    expect(() => resolveConfig({ imitation: { experts: { scripted: 1 }, inheritance: 'darwinian' } })).toThrow(/imitation\.inheritance/);
  });
});
