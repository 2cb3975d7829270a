/**
 * How differently a team's slots behave (docs/carry.md): the champion team plays a few episodes
 * (in the shards, seeded from the run), every seat's behaviour features (the ones feature matching
 * uses: distance to the block, side of the block-to-goal line, speed) are averaged per slot, each
 * feature divided by its spread over all seats, and the specialisation is the mean distance between
 * two slots' averages. 0: the slots behave alike; about 1 and more: they play apart (in carry,
 * mostly members keeping to opposite sides of the block).
 */
import { deriveSeed } from '../../agents/rng.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import type { ScenarioSpec } from '../../worlds/scenario.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import type { MatchTask, ScenarioRef } from '../evaluation/match-task.ts';
import { SEED_STREAMS } from '../seed-streams.ts';

export interface SpecialisationInput {
  evaluator: Evaluator;
  world: ScenarioRef;
  spec: ScenarioSpec;
  /** The network of each slot, in slot order (clones: the same one in every slot). */
  slots: { shape: MlpShape; genome: Float32Array }[];
  runSeed: number;
  generation: number;
  episodes: number;
}

/** Control steps between the kept features. */
const EVERY = 4;

export async function measureSpecialisation(input: SpecialisationInput): Promise<{ value: number; slotMeans: number[][] }> {
  const { spec, slots } = input;
  const features = spec.roles[0].features.length;
  const tasks: MatchTask[] = Array.from({ length: input.episodes }, (_, e) => ({
    index: e,
    seed: deriveSeed(input.runSeed, SEED_STREAMS.specialisation, input.generation, e),
    seats: [slots.map((_, slot) => ({ team: slot, member: 0, scores: true }))],
  }));
  const results = await input.evaluator.play({
    world: input.world,
    teams: slots.map((s) => ({ kind: 'mlp' as const, shape: s.shape, genomes: [s.genome] })),
    tasks,
    record: { every: EVERY, expertLabels: false },
  });
  // Every kept step of every seat, per slot.
  const rows: number[][][] = slots.map(() => []);
  for (const result of results) {
    const recording = result.recording!;
    slots.forEach((_, slot) => {
      const at = slot * recording.samples * features;
      for (let i = 0; i < recording.valid[slot]; i++) rows[slot].push(Array.from(recording.features.subarray(at + i * features, at + (i + 1) * features)));
    });
  }
  const all = rows.flat();
  const spread = Array.from({ length: features }, (_, f) => {
    const mean = all.reduce((s, r) => s + r[f], 0) / all.length;
    return Math.sqrt(all.reduce((s, r) => s + (r[f] - mean) ** 2, 0) / all.length) || 1;
  });
  const slotMeans = rows.map((r) => Array.from({ length: features }, (_, f) => r.reduce((s, x) => s + x[f], 0) / Math.max(1, r.length)));
  let sum = 0;
  let pairs = 0;
  for (let a = 0; a < slotMeans.length; a++) {
    for (let b = a + 1; b < slotMeans.length; b++) {
      sum += Math.hypot(...slotMeans[a].map((m, f) => (m - slotMeans[b][f]) / spread[f]));
      pairs++;
    }
  }
  return { value: pairs ? sum / pairs : 0, slotMeans };
}
