import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { planGeneration } from '../server/evaluation/planner.ts';
import { runExperiment } from '../server/run/run.ts';
import { createScenario } from '../worlds/registry.ts';
import { configRefusal, metricsEverywhere, tempDir } from './helpers.ts';

const SUMO = {
  scenario: 'sumo',
  seed: 8,
  workers: 0,
  generations: 3,
  checkpointEvery: 100,
  evolution: { algorithm: 'map-elites', populationSize: 6 },
  coevolution: { matchesPerMember: 1, opponents: 'archive' },
  worlds: { sumo: { episodeSeconds: 2 } },
};

describe('MAP-Elites in runs', () => {
  it('co-evolves sumo wrestlers against opponents from the rival archive, the same on 0 and 2 workers and resumed, and draws each archive', async () => {
    const { straight, sharded, resumed, dir } = await metricsEverywhere(SUMO);
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    for (const name of ['red', 'blue']) {
      const picture = readFileSync(join(dir, `archive-${name}.svg`), 'utf8');
      expect(picture).toMatch(/^<svg/);
      // At least one cell holds an elite, and the axes name the world's default descriptor.
      expect(picture).toMatch(/: [1-9]\d*\/100 cells/);
      expect(picture).toContain('rivalDistance');
      expect(picture).toContain('centreDistance');
    }
  }, 120_000);

  it('imitates with Lamarckian inheritance in forage (learners injected as elites), the same on 0 and 2 workers and resumed', async () => {
    const imitation = { experts: { scripted: 1 }, inheritance: 'lamarckian', steps: 10, samplesPerLearner: 128, demoEpisodes: 1 };
    const config = { seed: 5, workers: 0, generations: 3, checkpointEvery: 100, worlds: { forage: { episodeSeconds: 2 } }, evolution: { algorithm: 'map-elites', populationSize: 16 }, imitation };
    const { straight, sharded, resumed, dir } = await metricsEverywhere(config);
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    expect(readFileSync(join(dir, 'archive-main.svg'), 'utf8')).toContain('nearestFood');
    // The metrics follow the archive: it fills (and its QD-score grows) as generations go.
    const archive = straight.map((row) => row.archive as { filled: number; coverage: number; qdScore: number });
    expect(archive[0].filled).toBeGreaterThan(0);
    expect(archive[2].filled).toBeGreaterThanOrEqual(archive[0].filled);
    expect(archive[2].coverage).toBe(archive[2].filled / 100);
  }, 120_000);

  it('plans opponents from the rival archive once it has elites (the hall of fame keeps its share)', () => {
    const spec = createScenario('sumo', resolveConfig({ scenario: 'sumo' }).worlds, ['ball', 'ball']).spec;
    const input = {
      runSeed: 1,
      generation: 4,
      spec,
      populations: [
        { index: 0, role: 0, size: 6, islands: 1 },
        { index: 1, role: 1, size: 6, islands: 1 },
      ],
      hallOfFameSizes: [0, 0],
      hallOfFameFraction: 0.3,
      matchesPerMember: 2,
      episodesPerGeneration: 1,
    };
    const opponents = (archiveSizes?: number[]) => planGeneration({ ...input, ...(archiveSizes ? { archiveSizes } : {}) }).map((t) => t.seats[1 - t.seats.findIndex((s) => s[0].scores)][0]);
    expect(new Set(opponents().map((s) => s.team))).toEqual(new Set([0, 1]));
    // Archives of 3 and 5 elites: every opponent is an archived elite of its rival (teams 4 and 5).
    const archived = opponents([3, 5]);
    expect(archived.every((s) => (s.team === 4 && s.member < 3) || (s.team === 5 && s.member < 5))).toBe(true);
    // An empty archive (the first generation) falls back to the current members.
    expect(opponents([0, 0])).toEqual(opponents());
  });

  it('refuses what MAP-Elites cannot take, naming the key', async () => {
    expect(
      configRefusal({
        ...SUMO,
        populations: [
          { name: 'red', role: 'red' },
          { name: 'blue', role: 'blue', evolution: { algorithm: 'ga', eliteCount: 1 } },
        ],
      }),
    ).toMatch(/populations\.1\.evolution\.algorithm.*"archive".*map-elites/);
    expect(configRefusal({ coevolution: { opponents: 'archive' }, evolution: { algorithm: 'map-elites' } })).toMatch(/coevolution\.opponents/);
    expect(configRefusal({ evolution: { mapElites: { cells: 20 } } })).toMatch(/evolution\.mapElites\.cells.*no population uses/);
    const start = async (mapElites: Record<string, unknown>) => {
      const config = resolveConfig({ seed: 1, workers: 0, generations: 1, evolution: { algorithm: 'map-elites', populationSize: 16, mapElites } });
      await runExperiment({ config, runDir: tempDir(), resume: false });
    };
    await expect(start({ descriptor: ['speed', 'height'] })).rejects.toThrow(/evolution\.mapElites\.descriptor: "height" is not a behaviour feature of forager; it has speed, turnRate/);
    await expect(start({ descriptor: ['speed', 'turnRate'] })).rejects.toThrow(/evolution\.mapElites\.bounds: give \[low, high\] for speed and turnRate/);
    await expect(
      start({
        descriptor: ['speed', 'turnRate'],
        bounds: [
          [0, 4],
          [1, -1],
        ],
      }),
    ).rejects.toThrow(/bounds\.1: high must be above low/);
  });
});
