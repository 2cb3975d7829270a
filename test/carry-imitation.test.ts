/** Imitating the expert team: team demonstrations keep their slots, and each slot's population learns its own part. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDemonstrations } from '../agents/imitation/demo-file.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { scriptedTrajectories } from '../server/imitation/demonstrations.ts';
import { setupEngine } from '../server/evaluation/engine.ts';
import { planRun } from '../server/run/populations.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { tempDir } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', 'bin', 'coevo.js');
const SMALL = { scenario: 'carry', seed: 3, workers: 0, checkpointEvery: 100, evolution: { populationSize: 6, eliteCount: 1 }, worlds: { carry: { episodeSeconds: 6 } } };

describe('imitating the expert team', () => {
  it('records every member of the team, marked by slot, as whole trajectories', () => {
    const out = join(tempDir(), 'team.msgpack');
    const result = spawnSync(process.execPath, [BIN, 'record', '--scenario', 'carry', '--expert', 'scripted', '--episodes', '3', '--out', out], { encoding: 'utf8' });
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/\(6 trajectories, each of a team slot 0 to 1\)/);
    const demos = readDemonstrations(out, { scenario: 'carry', role: 'carrier', observationSize: 11, actionSize: 2 });
    expect(Array.from(demos.trajectories!.slots!)).toEqual([0, 1, 0, 1, 0, 1]);
    // The two members of an episode played together: their trajectories are equally long.
    const lengths = Array.from(demos.trajectories!.lengths);
    expect(lengths[0]).toBe(lengths[1]);
  });

  it("gives each slot's population its own slot's trajectories", async () => {
    const config = resolveConfig({ ...SMALL, coevolution: { mode: 'cooperative' } });
    const { scenario } = planRun(config);
    const engine = await setupEngine(config);
    const both = scriptedTrajectories(engine, scenario, 0, [11, 12], 1);
    const first = scriptedTrajectories(engine, scenario, 0, [11, 12], 1, 0);
    const second = scriptedTrajectories(engine, scenario, 0, [11, 12], 1, 1);
    expect(first.lengths.length).toBe(2);
    expect(second.lengths.length).toBe(2);
    expect(first.observations.length + second.observations.length).toBe(both.observations.length);
    // Slot 0's first trajectory is the first seat's of the first episode.
    expect(first.observations.subarray(0, 11)).toEqual(both.observations.subarray(0, 11));
  });

  it('trains each slot population by bc and by dagger from the expert team', async () => {
    for (const method of ['bc', 'dagger']) {
      const runDir = tempDir();
      const imitation = { experts: { scripted: 1 }, method, steps: 20, samplesPerLearner: 256, demoEpisodes: 2, learnFraction: 0.5 };
      await runExperiment({ config: resolveConfig({ ...SMALL, generations: 2, coevolution: { mode: 'cooperative' }, imitation }), runDir, resume: false });
      for (const row of new RunDir(runDir).readMetrics()) {
        for (const slot of ['slot0', 'slot1']) {
          const stats = (row.populations as Record<string, { imitation: { learners: number; loss: number; lossBefore: number; agreement: number } }>)[slot].imitation;
          expect(stats.learners).toBe(3);
          expect(stats.loss).toBeLessThan(stats.lossBefore);
          expect(stats.agreement).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it("scores each slot's behaviour against its own slot's by feature matching", async () => {
    const runDir = tempDir();
    const imitation = { experts: { scripted: 1 }, method: 'fm', demoEpisodes: 2 };
    await runExperiment({ config: resolveConfig({ ...SMALL, generations: 1, coevolution: { mode: 'cooperative' }, imitation }), runDir, resume: false });
    const [row] = new RunDir(runDir).readMetrics();
    for (const slot of ['slot0', 'slot1']) {
      const population = (row.populations as Record<string, { imitationScore?: { best: number } }>)[slot];
      expect(Number.isFinite(population.imitationScore?.best)).toBe(true);
    }
  });
});

describe('the teammate expert', () => {
  it("trains a slot's learners on the best other slot's champion, and is refused where teammates are clones", async () => {
    const runDir = tempDir();
    const imitation = { experts: { teammate: 1 }, steps: 10, samplesPerLearner: 128 };
    await runExperiment({ config: resolveConfig({ ...SMALL, generations: 3, coevolution: { mode: 'cooperative' }, imitation }), runDir, resume: false });
    const rows = new RunDir(runDir).readMetrics();
    type Stats = { imitation: { learners: number; experts: Record<string, number> } };
    // No champion of the other slot before the first generation ends.
    expect((rows[0].populations as Record<string, Stats>).slot0.imitation.learners).toBe(0);
    for (const slot of ['slot0', 'slot1']) expect((rows[2].populations as Record<string, Stats>)[slot].imitation.experts).toEqual({ teammate: 2 });
    expect(() => resolveConfig({ ...SMALL, imitation: { experts: { teammate: 1 } } })).toThrow(/imitation\.experts\.teammate: .*every teammate is a clone/);
  });
});
