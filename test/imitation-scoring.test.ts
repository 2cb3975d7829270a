import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { featureDistance, featureReference } from '../agents/imitation/feature-matching.ts';
import { Rng } from '../agents/rng.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { loadRapier, type Rapier } from '../worlds/rapier.ts';
import { createScenario } from '../worlds/registry.ts';
import { recordTrajectories } from '../worlds/rollout.ts';
import type { Controller } from '../worlds/scenario.ts';
import { metricsEverywhere, tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');
let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier('compat');
});

describe('feature matching in the worlds', () => {
  it("scores the crawler gait closest to the gait's own demonstrations, random motors far off", () => {
    const scenario = createScenario('locomotion', resolveConfig({ workers: 0 }).worlds);
    const features = (controller: Controller, seeds: number[]) => {
      const arenas = seeds.map((seed) => scenario.createArena(rapier, seed));
      const kept = recordTrajectories(arenas, scenario.spec, [controller], 0, 2).features;
      for (const arena of arenas) arena.dispose();
      return kept;
    };
    const count = scenario.spec.roles[0].features.length;
    const reference = featureReference(features(scenario.experts[0], [1, 2, 3]), count, new Rng(1));
    const rng = new Rng(9);
    const random: Controller = (_obs, _n, actions) => actions.forEach((_, i) => (actions[i] = rng.uniform(-1, 1)));
    const still: Controller = (_obs, _n, actions) => actions.fill(0);
    for (const statistic of ['moments', 'mmd'] as const) {
      const gait = featureDistance(reference, features(scenario.experts[0], [7]), statistic);
      expect(gait).toBeLessThan(featureDistance(reference, features(random, [7]), statistic));
      expect(gait).toBeLessThan(featureDistance(reference, features(still, [7]), statistic));
    }
  });
});

describe('imitation methods that score behaviour: fm, gail, gaifo', () => {
  let gait: string;
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'coevo-fm-')); // outlives single tests, unlike tempDir()
    gait = join(folder, 'gait.msgpack');
    const recorded = spawnSync(process.execPath, [BIN, 'record', '--scenario', 'locomotion', '--expert', 'scripted', '--states-only', '--episodes', '2', '--every', '2', '--out', gait], {
      encoding: 'utf8',
    });
    expect(recorded.status).toBe(0);
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  const config = (file: string, extra: Record<string, unknown> = {}) => ({
    scenario: 'locomotion',
    seed: 4,
    workers: 0,
    generations: 3,
    checkpointEvery: 2,
    evolution: { populationSize: 8, eliteCount: 1 },
    worlds: { locomotion: { episodeSeconds: 2, agentsPerArena: 4 } },
    imitation: { experts: { dataset: 1 }, datasetFile: file, method: 'fm', taskWeight: 0, recordEvery: 2 },
    ...extra,
  });

  it('selects on the imitation score alone with task weight 0, from states-only demonstrations, and reports both parts', async () => {
    const dir = join(tempDir(), 'run');
    await runExperiment({ config: resolveConfig(config(gait)), runDir: dir, resume: false });
    const rows = new RunDir(dir).readMetrics() as unknown as Record<string, { best: number; mean: number; median: number }>[];
    for (const row of rows) {
      expect(row.fitness).toEqual(row.imitationScore); // 0 x task + 1 x imitation
      expect(row.imitationScore.best).toBeLessThanOrEqual(0);
      expect(row.taskFitness.best).toBeGreaterThan(0); // the distance walked, still measured
    }
  });

  it('gives the same metrics on 0 and 2 workers and when resumed, with the moments or the kernel statistic', async () => {
    for (const statistic of ['moments', 'mmd']) {
      const { straight, sharded, resumed } = await metricsEverywhere(config(gait, { imitation: { ...config(gait).imitation, fm: { statistic } } }));
      expect(sharded).toEqual(straight);
      expect(resumed).toEqual(straight);
    }
  });

  it('is refused with experts that have no demonstrations to match, and allowed with darwinian inheritance', () => {
    expect(() => resolveConfig({ imitation: { experts: { elite: 1 }, method: 'fm' } })).toThrow(/imitation\.experts\.elite: with imitation\.method "fm"/);
    expect(() => resolveConfig({ imitation: { experts: { scripted: 1 }, method: 'fm', inheritance: 'darwinian' } })).not.toThrow();
  });

  it('refuses a version 1 file, which holds no behaviour features, before the run starts', async () => {
    const v1 = join(tempDir(), 'v1.msgpack');
    const { pack } = await import('msgpackr');
    writeFileSync(
      v1,
      pack({
        format: 'coevo-demonstrations',
        version: 1,
        scenario: 'locomotion',
        observationSize: 21,
        actionSize: 4,
        expert: 'scripted',
        episodes: 1,
        samples: 0,
        observations: new Uint8Array(0),
        actions: new Uint8Array(0),
        sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      }),
    );
    const dir = join(tempDir(), 'never');
    await expect(runExperiment({ config: resolveConfig(config(v1)), runDir: dir, resume: false })).rejects.toMatchObject({
      code: 'BAD_DEMONSTRATIONS',
      message: expect.stringMatching(/a version 1 file holds no behaviour features or trajectories, and imitation\.method "fm" needs them/),
    });
  });

  it('gail: a discriminator of (state, action) pairs scores every member, the same on 0 and 2 workers and when resumed', async () => {
    const gail = {
      scenario: 'forage',
      seed: 6,
      workers: 0,
      generations: 3,
      checkpointEvery: 2,
      evolution: { populationSize: 8, eliteCount: 1 },
      worlds: { forage: { episodeSeconds: 2, agentsPerArena: 4 } },
      imitation: { experts: { scripted: 1 }, method: 'gail', demoEpisodes: 1, recordEvery: 2, gail: { steps: 10, hiddenSizes: [8] } },
    };
    const { straight: rows, sharded, resumed } = await metricsEverywhere(gail);
    for (const row of rows) {
      const { discriminatorAccuracy } = row.imitation as { discriminatorAccuracy: number };
      expect(discriminatorAccuracy).toBeGreaterThanOrEqual(0);
      expect(discriminatorAccuracy).toBeLessThanOrEqual(1);
      expect((row.imitationScore as { best: number }).best).toBeGreaterThan(0); // a sum of -log(1 - D) > 0
    }
    expect(sharded).toEqual(rows);
    expect(resumed).toEqual(rows); // the discriminator and its buffer are in the checkpoint
  });

  it('gaifo learns from states-only demonstrations, the same on 0 and 2 workers and when resumed; gail refuses them, naming the file and the method', async () => {
    const gaifo = config(gait, { imitation: { ...config(gait).imitation, method: 'gaifo', gail: { steps: 5, hiddenSizes: [8] } } });
    const { straight, sharded, resumed } = await metricsEverywhere(gaifo);
    expect(straight[0].imitation).toMatchObject({ discriminatorAccuracy: expect.any(Number) });
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    const refused = config(gait, { imitation: { ...config(gait).imitation, method: 'gail' } });
    await expect(runExperiment({ config: resolveConfig(refused), runDir: join(tempDir(), 'never'), resume: false })).rejects.toMatchObject({
      code: 'BAD_DEMONSTRATIONS',
      message: expect.stringMatching(/gait\.msgpack: holds states only, and imitation\.method "gail" judges \(state, action\) pairs/),
    });
  });
});
