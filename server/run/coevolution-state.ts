/**
 * What a co-evolution checkpoint holds: for each population its algorithm's state and its hall
 * of fame, in the same sealed envelope as single-population checkpoints (server/checkpoint.ts).
 */
import { unpack } from 'msgpackr';
import type { AlgorithmSnapshot } from '../../agents/evolution/algorithm.ts';
import { openState, packAlgorithm, packGenomes, sealState, splitGenomes, unpackAlgorithm, type StoredAlgorithm } from './checkpoint.ts';
import { CoevoError } from '../errors.ts';
import type { HallOfFameEntry } from './hall-of-fame.ts';

export interface PopulationState {
  name: string;
  algorithm: AlgorithmSnapshot;
  hallOfFame: HallOfFameEntry[];
}

export interface CoevolutionState {
  generation: number;
  runSeed: number;
  populations: PopulationState[];
}

interface Stored {
  generation: number;
  runSeed: number;
  populations: { name: string; algorithm: StoredAlgorithm; hallOfFame: { generations: number[]; genomeLength: number; genomes: Uint8Array } }[];
}

export function encodeCoevolutionState(state: CoevolutionState): Uint8Array {
  const stored: Stored = {
    generation: state.generation,
    runSeed: state.runSeed,
    populations: state.populations.map((p) => ({
      name: p.name,
      algorithm: packAlgorithm(p.algorithm),
      hallOfFame: {
        generations: p.hallOfFame.map((e) => e.generation),
        genomeLength: p.hallOfFame[0]?.genome.length ?? 0,
        genomes: packGenomes(p.hallOfFame.map((e) => e.genome)),
      },
    })),
  };
  return sealState(stored);
}

export function readCoevolutionState(checkpointDir: string): CoevolutionState {
  const raw = unpack(openState(checkpointDir)) as Partial<Stored>;
  if (!Array.isArray(raw.populations)) {
    throw new CoevoError('BAD_CHECKPOINT', `checkpoint ${checkpointDir}: holds a single-population run, not a co-evolution run`);
  }
  return {
    generation: raw.generation!,
    runSeed: raw.runSeed!,
    populations: raw.populations.map((p) => {
      const genomes = splitGenomes(p.hallOfFame.genomes, p.hallOfFame.genomeLength);
      return {
        name: p.name,
        algorithm: unpackAlgorithm(p.algorithm),
        hallOfFame: p.hallOfFame.generations.map((generation, i) => ({ generation, genome: genomes[i] })),
      };
    }),
  };
}
