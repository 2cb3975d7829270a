/**
 * Which genomes meet in which arena, and with which seed. Everything derives from the run seed,
 * the generation and the arena's index, never from the worker that runs it, so results do not
 * depend on how arenas are spread over workers.
 */
import { Rng, deriveSeed } from '../../agents/rng.ts';
import type { Recording } from './evaluate-arenas.ts';

export interface ArenaTask {
  /** Index of the arena within the generation. */
  index: number;
  seed: number;
  /** Genome index of each agent slot. */
  genomes: Int32Array;
}

export interface ArenaResult {
  index: number;
  fitness: Float64Array;
  eaten: Int32Array;
  agentSteps: number;
  nonFiniteActions: number;
  nonFiniteObservations: number;
  /** Recorded (observation, action) pairs, when the generation asked for them. */
  recording?: Recording;
}

/** Salt that keeps the planning streams apart from other uses of the same seed. */
const PLAN_STREAM = 0x706c616e;

/**
 * Arenas for one generation: each episode shuffles the population (within each island, so that
 * islands never meet) and fills arenas of `agentsPerArena` in order.
 */
export function planGeneration(
  runSeed: number,
  generation: number,
  populationSize: number,
  agentsPerArena: number,
  episodes: number,
  islands = 1,
): ArenaTask[] {
  const tasks: ArenaTask[] = [];
  const islandSize = populationSize / islands;
  for (let episode = 0; episode < episodes; episode++) {
    const rng = new Rng(deriveSeed(runSeed, PLAN_STREAM, generation, episode));
    const order: number[] = [];
    for (let island = 0; island < islands; island++) {
      order.push(...rng.shuffle(Array.from({ length: islandSize }, (_, i) => island * islandSize + i)));
    }
    for (let start = 0; start < populationSize; start += agentsPerArena) {
      const index = tasks.length;
      tasks.push({
        index,
        seed: deriveSeed(runSeed, generation, index),
        genomes: Int32Array.from(order.slice(start, start + agentsPerArena)),
      });
    }
  }
  return tasks;
}

export interface GenerationOutcome {
  /** Mean fitness of each genome over the arenas it played in. */
  fitness: Float64Array;
  /** Mean food eaten by each genome. */
  eaten: Float64Array;
  agentSteps: number;
  nonFiniteActions: number;
  nonFiniteObservations: number;
}

export function combineResults(tasks: ArenaTask[], results: ArenaResult[], populationSize: number): GenerationOutcome {
  const fitness = new Float64Array(populationSize);
  const eaten = new Float64Array(populationSize);
  const plays = new Int32Array(populationSize);
  const outcome = { fitness, eaten, agentSteps: 0, nonFiniteActions: 0, nonFiniteObservations: 0 };
  const byIndex = new Map(results.map((r) => [r.index, r]));
  for (const task of tasks) {
    const result = byIndex.get(task.index);
    if (!result) throw new Error(`generation: no result for arena ${task.index}`);
    task.genomes.forEach((genome, slot) => {
      fitness[genome] += result.fitness[slot];
      eaten[genome] += result.eaten[slot];
      plays[genome]++;
    });
    outcome.agentSteps += result.agentSteps;
    outcome.nonFiniteActions += result.nonFiniteActions;
    outcome.nonFiniteObservations += result.nonFiniteObservations;
  }
  for (let g = 0; g < populationSize; g++) {
    fitness[g] /= plays[g];
    eaten[g] /= plays[g];
  }
  return outcome;
}
