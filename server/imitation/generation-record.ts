/**
 * What one evaluated generation leaves for the next one's learners: each genome's recorded
 * (observation, action, scripted-expert label) pairs, its fitness, and the best agent it shared
 * an arena with. Kept per genome index, flat, so that it checkpoints as a few typed arrays.
 */
import { argmax } from '../../agents/stats.ts';
import type { ArenaResult, ArenaTask } from '../evaluation/generation-plan.ts';

export interface GenerationRecord {
  samples: number;
  observations: Float32Array; // genomes x samples x observationSize
  actions: Float32Array; // genomes x samples x actionSize
  labels: Float32Array; // genomes x samples x actionSize
  fitness: Float64Array;
  /** For each genome, the genome with the best score in its (first) arena. */
  bestArenaMate: Int32Array;
}

export function recordGeneration(
  tasks: ArenaTask[],
  results: ArenaResult[],
  fitness: Float64Array,
  observationSize: number,
  actionSize: number,
): GenerationRecord {
  const genomes = fitness.length;
  const samples = results[0]?.recording?.samples ?? 0;
  const record: GenerationRecord = {
    samples,
    observations: new Float32Array(genomes * samples * observationSize),
    actions: new Float32Array(genomes * samples * actionSize),
    labels: new Float32Array(genomes * samples * actionSize),
    fitness: fitness.slice(),
    bestArenaMate: new Int32Array(genomes).fill(-1),
  };
  const byIndex = new Map(results.map((r) => [r.index, r]));
  for (const task of tasks) {
    const result = byIndex.get(task.index)!;
    const best = argmax(result.fitness);
    task.genomes.forEach((genome, slot) => {
      if (record.bestArenaMate[genome] >= 0) return; // first episode only
      record.bestArenaMate[genome] = task.genomes[best];
      const rec = result.recording;
      if (!rec) return;
      const o = samples * observationSize;
      const a = samples * actionSize;
      record.observations.set(rec.observations.subarray(slot * o, (slot + 1) * o), genome * o);
      record.actions.set(rec.actions.subarray(slot * a, (slot + 1) * a), genome * a);
      if (rec.labels.length) record.labels.set(rec.labels.subarray(slot * a, (slot + 1) * a), genome * a);
    });
  }
  return record;
}

/** One genome's pairs: its observations with its own actions, or with the scripted expert's labels. */
export function pairsOf(record: GenerationRecord, genome: number, observationSize: number, actionSize: number, labelled = false) {
  const s = record.samples;
  return {
    observations: record.observations.subarray(genome * s * observationSize, (genome + 1) * s * observationSize),
    actions: (labelled ? record.labels : record.actions).subarray(genome * s * actionSize, (genome + 1) * s * actionSize),
  };
}
