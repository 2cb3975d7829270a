/**
 * Champions: the best member of each population in each generation, as policy files. A run of
 * one population keeps its latest in each checkpoint (champion/); where populations meet, every
 * generation's champion is saved under RUN/champions/NAME/gen-NNNNNN/ and the latest of each in
 * each checkpoint (champion-NAME/).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { networkParameterCount } from '../../agents/mlp.ts';
import { POLICY_FORMAT, POLICY_VERSION, loadPolicy, type PolicyHeader } from '../../agents/policy-file.ts';
import { checkpointName, type Champion } from './checkpoint.ts';
import type { HallOfFameEntry } from './hall-of-fame.ts';
import type { Population } from './populations.ts';

export function championPath(runDir: string, population: string, generation: number): string {
  return join(runDir, 'champions', population, checkpointName(generation));
}

/** The policy header of a champion; `role` only where roles meet. */
export function championHeader(scenario: string, p: Population, withRole: boolean, genome: Float32Array, runSeed: number, generation: number, fitness: number): PolicyHeader {
  const logStd = p.shape.stochastic ? { logStd: Array.from(genome.subarray(networkParameterCount(p.shape))) } : {};
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    scenario,
    ...(withRole ? { role: p.roleName } : {}),
    observationSize: p.shape.inputSize,
    actionSize: p.shape.outputSize,
    hiddenSizes: p.shape.hiddenSizes,
    activation: p.shape.activation,
    ...logStd,
    origin: { runSeed, generation, ...(Number.isFinite(fitness) ? { fitness } : {}) },
  };
}

/**
 * Champions saved by generations before `before` (populations that meet), in generation order; at
 * most `most`, evenly spread and always the first and the last (thin), so that a run of any length
 * reads, and holds in memory, a bounded number of them.
 */
export function loadChampions(runDir: string, population: string, before: number, most = Number.POSITIVE_INFINITY): HallOfFameEntry[] {
  const dir = join(runDir, 'champions', population);
  if (!existsSync(dir)) return [];
  const generations = readdirSync(dir)
    .map((name) => /^gen-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) < before)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  return thin(generations, most).map((generation) => ({ generation, genome: loadPolicy(championPath(runDir, population, generation)).genome }));
}

/** At most `max` entries, evenly spread, always keeping the first and the last. */
export function thin<T>(list: readonly T[], max: number): T[] {
  if (list.length <= max) return [...list];
  return Array.from({ length: max }, (_, k) => list[Math.round((k * (list.length - 1)) / (max - 1))]);
}

/** The champion a checkpoint of a run of one population holds (its champion/ folder), if any. */
export function checkpointChampion(checkpointDir: string): Champion | null {
  const dir = join(checkpointDir, 'champion');
  if (!existsSync(dir)) return null;
  const { header, genome } = loadPolicy(dir);
  return { header, genome };
}
