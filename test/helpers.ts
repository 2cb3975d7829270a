/** Shared fixtures: a small, fast config, a world to play in, and temporary folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect } from 'vitest';
import type { MlpShape } from '../agents/mlp.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import type { Config } from '../server/config/schema.ts';
import type { CoevoError } from '../server/errors.ts';
import { setupEpisode, type EpisodeSetup } from '../server/evaluation/episodes.ts';
import { mlpShape, setupEngine } from '../server/evaluation/engine.ts';
import type { MatchBatch } from '../server/evaluation/match-task.ts';
import { onePopulationPlan, planGeneration } from '../server/evaluation/planner.ts';
import { Imitation } from '../server/imitation/imitation.ts';
import { planRun } from '../server/run/populations.ts';
import { RunDir, VOLATILE_FIELDS, type GenerationRow } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import type { RoleSpec } from '../worlds/scenario.ts';

/** A forage config whose generations take well under a second. */
export const SMALL_CONFIG = {
  seed: 3,
  workers: 0,
  generations: 4,
  checkpointEvery: 2,
  evolution: { populationSize: 16, eliteCount: 2 },
  worlds: { forage: { episodeSeconds: 3 } },
};

/** SMALL_CONFIG with overrides; in other worlds than forage, without its forage settings. */
export function smallConfig(overrides: Record<string, unknown> = {}): Config {
  const base = overrides.scenario && overrides.scenario !== 'forage' ? { ...SMALL_CONFIG, worlds: {} } : SMALL_CONFIG;
  return resolveConfig(base, overrides);
}

/** A world of one role set up to play: its engine, scenario, role and the config's network for it. */
export interface TestSetup extends EpisodeSetup {
  role: RoleSpec;
  shape: MlpShape;
}

export async function setupTestScenario(config: Config): Promise<TestSetup> {
  const world = await setupEpisode(config);
  const role = world.scenario.spec.roles[0];
  return { ...world, role, shape: mlpShape(role.observationSize, role.actionSize, config.policy) };
}

const made: string[] = [];
afterEach(() => {
  while (made.length) rmSync(made.pop()!, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
export function tempDir(prefix = 'coevo-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A metrics row without the fields that describe how the run ran (timing, retries, memory). */
export function withoutVolatile(row: GenerationRow): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...row };
  for (const field of VOLATILE_FIELDS) delete copy[field];
  return copy;
}

/** A run's world for `config`, its engine, and its first population's imitation. */
export async function setupTestImitation(config: Config) {
  const world = planRun(config);
  const engine = await setupEngine(config);
  const population = world.populations[0];
  const imitation = new Imitation({ engine, scenario: world.scenario, population, runSeed: config.seed, streamParts: [] });
  return { world, engine, population, imitation };
}

/** The batch a run of `config` (a world of one role) plays in generation `generation` with `genomes`. */
export function generationBatch(config: Config, genomes: Float32Array[], generation = 0): MatchBatch {
  const world = planRun(config);
  const tasks = planGeneration(onePopulationPlan(world.scenario.spec, config.seed, generation, genomes.length));
  return { world: world.ref, teams: [{ kind: 'mlp', shape: world.populations[0].shape, genomes }], tasks };
}

/**
 * The same run played straight, on 2 workers (a match per shard task), and stopped after one
 * generation less then resumed: each one's metrics, for tests that all three agree.
 */
export async function metricsEverywhere(config: Record<string, unknown>) {
  const generations = config.generations as number;
  const metrics = (dir: string) => new RunDir(dir).readMetrics().map(withoutVolatile);
  const straight = join(tempDir(), 'straight');
  await runExperiment({ config: resolveConfig(config), runDir: straight, resume: false });
  const sharded = join(tempDir(), 'sharded');
  await runExperiment({ config: resolveConfig({ ...config, workers: 2, worldgen: { arenasPerShard: 1 } }), runDir: sharded, resume: false });
  const resumed = join(tempDir(), 'resumed');
  await runExperiment({ config: resolveConfig({ ...config, generations: generations - 1 }), runDir: resumed, resume: false });
  await runExperiment({ config: resolveConfig(config), runDir: resumed, resume: true });
  return { straight: metrics(straight), sharded: metrics(sharded), resumed: metrics(resumed), dir: straight };
}

/** The message with which resolveConfig refuses `config` (failing the test if it is accepted or refused with another code than BAD_CONFIG). */
export function configRefusal(config: Record<string, unknown>): string {
  try {
    resolveConfig(config);
  } catch (error) {
    expect((error as CoevoError).code).toBe('BAD_CONFIG');
    return (error as Error).message;
  }
  throw new Error('the config was accepted');
}
