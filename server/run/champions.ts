/**
 * Champions: the best member of each population in each generation, as policy files. A run of
 * one population keeps its latest in each checkpoint (champion/); where populations meet, every
 * generation's champion is saved under RUN/champions/NAME/gen-NNNNNN/ and the latest of each in
 * each checkpoint (champion-NAME/).
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { POLICY_FORMAT, POLICY_VERSION, loadPolicy, type PolicyHeader } from '../../agents/policy-file.ts';
import { checkpointName, type Champion } from './checkpoint.ts';
import type { HallOfFameEntry } from './hall-of-fame.ts';
import type { Population } from './populations.ts';

export function championPath(runDir: string, population: string, generation: number): string {
  return join(runDir, 'champions', population, checkpointName(generation));
}

/** The policy header of a champion; `role` only where roles meet. */
export function championHeader(scenario: string, p: Population, withRole: boolean, runSeed: number, generation: number, fitness: number): PolicyHeader {
  return {
    format: POLICY_FORMAT,
    version: POLICY_VERSION,
    scenario,
    ...(withRole ? { role: p.roleName } : {}),
    observationSize: p.shape.inputSize,
    actionSize: p.shape.outputSize,
    hiddenSizes: p.shape.hiddenSizes,
    activation: p.shape.activation,
    origin: { runSeed, generation, ...(Number.isFinite(fitness) ? { fitness } : {}) },
  };
}

/** Champions saved by earlier generations of a resumed run (populations that meet). */
export function loadChampions(runDir: string, population: string, before: number): HallOfFameEntry[] {
  const dir = join(runDir, 'champions', population);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .map((name) => /^gen-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null && Number(m[1]) < before)
    .map((m) => ({ generation: Number(m[1]), genome: loadPolicy(join(dir, m[0])).genome }))
    .sort((a, b) => a.generation - b.generation);
}

/** The champion a checkpoint of a run of one population holds (its champion/ folder), if any. */
export function checkpointChampion(checkpointDir: string): Champion | null {
  const dir = join(checkpointDir, 'champion');
  if (!existsSync(dir)) return null;
  const { header, genome } = loadPolicy(dir);
  return { header, genome };
}
