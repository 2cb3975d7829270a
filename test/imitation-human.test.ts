/** The `human` expert: learners clone what people did while driving, read again before every generation. */
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { setupEngine } from '../server/evaluation/engine.ts';
import { HumanRecorder, demosDir, humanDemoFiles } from '../server/imitation/human-demos.ts';
import { planRun } from '../server/run/populations.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { recordTrajectories } from '../worlds/rollout.ts';
import { smallConfig, tempDir, withoutVolatile } from './helpers.ts';

const HUMAN = { generations: 4, checkpointEvery: 2, imitation: { experts: { human: 1 }, steps: 10, samplesPerLearner: 256 } };

/**
 * A demonstration as drive mode writes it, played here by the scripted forager standing in for a
 * person: `episodes` episodes of seat 0, from seed `seed`.
 */
async function humanDemo(runDir: string, seed: number, episodes = 1, at = new Date(Date.UTC(2026, 10, 30, 12, 0, seed))): Promise<string> {
  const config = smallConfig(HUMAN);
  const { scenario } = planRun(config);
  const engine = await setupEngine(config);
  const role = scenario.spec.roles[0];
  const arenas = Array.from({ length: episodes }, (_, e) => scenario.createArena(engine.rapier, seed * 100 + e));
  const played = recordTrajectories(arenas, scenario.spec, scenario.experts, 0, 1);
  for (const arena of arenas) arena.dispose();
  const recorder = new HumanRecorder(runDir, scenario.spec.name, role, at);
  const { observationSize: o, actionSize: a, features } = role;
  let start = 0;
  // Seat 0's trajectory of each episode (recordTrajectories keeps seat after seat).
  for (let e = 0; e < episodes; e++) {
    const length = played.lengths[e * role.slots];
    for (let i = start; i < start + length; i++) {
      recorder.add(played.observations.subarray(i * o, (i + 1) * o), played.actions!.subarray(i * a, (i + 1) * a), played.features.subarray(i * features.length, (i + 1) * features.length));
    }
    recorder.cut();
    start += played.lengths.slice(e * role.slots, (e + 1) * role.slots).reduce((x, y) => x + y, 0);
  }
  recorder.flush();
  return recorder.path;
}

describe('the human expert', () => {
  it("trains learners on the run directory's human demonstrations and counts their pairs", async () => {
    const runDir = tempDir();
    await humanDemo(runDir, 1);
    await runExperiment({ config: smallConfig(HUMAN), runDir, resume: false });
    const rows = new RunDir(runDir).readMetrics();
    for (const row of rows) {
      const stats = row.imitation as { learners: number; experts: Record<string, number>; humanPairs: number; humanFiles: number; loss: number; lossBefore: number };
      expect(stats).toMatchObject({ learners: 4, experts: { human: 4 }, humanFiles: 1 });
      expect(stats.humanPairs).toBeGreaterThan(30);
      expect(stats.loss).toBeLessThan(stats.lossBefore);
    }
  });

  it('picks up files that appear during the run, between generations', async () => {
    const runDir = tempDir();
    const later = await humanDemo(tempDir(), 2); // recorded elsewhere, copied in as a session's file would appear
    let added = false;
    await runExperiment({
      config: smallConfig(HUMAN),
      runDir,
      resume: false,
      onGeneration: (row) => {
        if (row.generation === 1 && !added) {
          added = true;
          mkdirSync(demosDir(runDir), { recursive: true });
          copyFileSync(later, join(demosDir(runDir), basename(later)));
        }
      },
    });
    const rows = new RunDir(runDir).readMetrics();
    // Nobody has driven yet: no learner has anything to learn from, and the run goes on.
    expect(rows[0].imitation).toMatchObject({ learners: 0, humanPairs: 0, humanFiles: 0 });
    expect(rows[1].imitation).toMatchObject({ learners: 0, humanFiles: 0 });
    expect((rows[2].imitation as { humanFiles: number }).humanFiles).toBe(1);
    expect((rows[3].imitation as { humanFiles: number }).humanFiles).toBe(1);
    expect((rows[3].imitation as { learners: number }).learners).toBe(4);
  });

  it('resumes exactly, and refuses to when a file it learned from has changed', async () => {
    const whole = tempDir();
    await humanDemo(whole, 3);
    await runExperiment({ config: smallConfig(HUMAN), runDir: whole, resume: false });
    const split = tempDir();
    const file = await humanDemo(split, 3);
    await runExperiment({ config: smallConfig({ ...HUMAN, generations: 2 }), runDir: split, resume: false });
    await runExperiment({ config: smallConfig(HUMAN), runDir: split, resume: true });
    expect(new RunDir(split).readMetrics().map(withoutVolatile)).toEqual(new RunDir(whole).readMetrics().map(withoutVolatile));
    // The checkpoint names the file and its checksum: a damaged file stops the resume, with the file named.
    writeFileSync(file, Buffer.from('not a demonstration'));
    await expect(runExperiment({ config: smallConfig({ ...HUMAN, generations: 6 }), runDir: split, resume: true })).rejects.toThrow(/human-.*\.msgpack/);
  });

  it('lets a new run start from a folder that holds only demos/', async () => {
    const runDir = tempDir();
    await humanDemo(runDir, 4);
    expect(humanDemoFiles(runDir)).toHaveLength(1);
    expect(existsSync(join(demosDir(runDir), humanDemoFiles(runDir)[0]))).toBe(true);
    await runExperiment({ config: smallConfig({ ...HUMAN, generations: 1 }), runDir, resume: false });
    expect(new RunDir(runDir).readMetrics()).toHaveLength(1);
  });
});
