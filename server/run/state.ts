/**
 * What a checkpoint's state.msgpack holds, in the sealed envelope of checkpoint.ts. A run of one
 * population keeps the layout documented in docs/run-directory.md: `{generation, runSeed,
 * algorithm, imitation?}`. Where populations meet: `{generation, runSeed, populations: [{name,
 * algorithm, hallOfFame, imitation?}]}`. Both read back into one RunState.
 */
import { unpack } from 'msgpackr';
import type { AlgorithmSnapshot } from '../../agents/evolution/algorithm.ts';
import { CoevoError } from '../errors.ts';
import { openState, packAlgorithm, packGenomes, sealState, splitGenomes, unpackAlgorithm, type StoredAlgorithm } from './checkpoint.ts';
import type { HallOfFameEntry } from './hall-of-fame.ts';

export interface PopulationState {
  name: string;
  algorithm: AlgorithmSnapshot;
  hallOfFame: HallOfFameEntry[];
  /** The imitation buffers (server/imitation), opaque here; absent without imitation. */
  imitation?: Uint8Array;
}

export interface RunState {
  /** Generations completed; the run continues with this generation index. */
  generation: number;
  runSeed: number;
  populations: PopulationState[];
  /** True for the layout of a run of one population (no halls of fame, no names). */
  single: boolean;
}

interface StoredHall {
  generations: number[];
  genomeLength: number;
  genomes: Uint8Array;
}

interface Stored {
  generation: number;
  runSeed: number;
  algorithm?: StoredAlgorithm;
  imitation?: Uint8Array;
  populations?: { name: string; algorithm: StoredAlgorithm; hallOfFame: StoredHall; imitation?: Uint8Array }[];
}

export function encodeRunState(state: RunState): Uint8Array {
  const { generation, runSeed } = state;
  if (state.single) {
    const [p] = state.populations;
    return sealState({ generation, runSeed, ...(p.imitation ? { imitation: p.imitation } : {}), algorithm: packAlgorithm(p.algorithm) });
  }
  const populations = state.populations.map((p) => ({
    name: p.name,
    algorithm: packAlgorithm(p.algorithm),
    hallOfFame: {
      generations: p.hallOfFame.map((e) => e.generation),
      genomeLength: p.hallOfFame[0]?.genome.length ?? 0,
      genomes: packGenomes(p.hallOfFame.map((e) => e.genome)),
    },
    ...(p.imitation ? { imitation: p.imitation } : {}),
  }));
  return sealState({ generation, runSeed, populations });
}

export function readRunState(checkpointDir: string): RunState {
  const raw = unpack(openState(checkpointDir)) as Stored;
  if (raw.algorithm) {
    const imitation = raw.imitation ? { imitation: new Uint8Array(raw.imitation) } : {};
    return {
      generation: raw.generation,
      runSeed: raw.runSeed,
      single: true,
      populations: [{ name: 'main', algorithm: unpackAlgorithm(raw.algorithm), hallOfFame: [], ...imitation }],
    };
  }
  if (!Array.isArray(raw.populations)) throw new CoevoError('BAD_CHECKPOINT', `checkpoint ${checkpointDir}: holds no population`);
  return {
    generation: raw.generation,
    runSeed: raw.runSeed,
    single: false,
    populations: raw.populations.map((p) => {
      const genomes = splitGenomes(p.hallOfFame.genomes, p.hallOfFame.genomeLength);
      return {
        name: p.name,
        algorithm: unpackAlgorithm(p.algorithm),
        hallOfFame: p.hallOfFame.generations.map((generation, i) => ({ generation, genome: genomes[i] })),
        ...(p.imitation ? { imitation: new Uint8Array(p.imitation) } : {}),
      };
    }),
  };
}
