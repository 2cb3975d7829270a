/**
 * Demonstrations a population imitates, from a file (`dataset`) or from its role's scripted
 * expert (`scripted`), in the form its method needs: (observation, action) pairs to clone (bc,
 * dagger), or whole trajectories with behaviour features to score behaviour against (fm, gail,
 * gaifo). A file that cannot serve the method is refused before the run starts, naming the file,
 * the method and what is missing.
 */
import { concatFloat32 } from '../../agents/arrays.ts';
import { readDemonstrations } from '../../agents/imitation/demo-file.ts';
import { recordTrajectories } from '../../worlds/rollout.ts';
import type { RoleSpec, Scenario } from '../../worlds/scenario.ts';
import { isScoringMethod, type ImitationConfig } from '../config/schema.ts';
import type { Engine } from '../evaluation/engine.ts';
import { CoevoError } from '../errors.ts';
import type { DemoTrajectories } from './behaviour-scores.ts';
import type { Pairs } from './experts.ts';

/**
 * A demonstration file as the population's method needs it. With `slot` (a cooperative team slot's
 * population), a team file gives only that slot's trajectories.
 */
export function datasetFor(file: string, settings: ImitationConfig, scenario: Scenario, role: RoleSpec, slot?: number): { pairs: Pairs } | { trajectories: DemoTrajectories } {
  const { method } = settings;
  const read = readDemonstrations(file, { scenario: scenario.spec.name, role: role.name, observationSize: role.observationSize, actionSize: role.actionSize });
  const demos = slot === undefined || !read.trajectories?.slots ? read : { ...read, ...ofSlot(read, read.trajectories.slots, slot, role) };
  const refuse = (why: string): never => {
    throw new CoevoError('BAD_DEMONSTRATIONS', `demonstrations ${file}: ${why}`);
  };
  if (!isScoringMethod(method)) {
    if (!demos.actions) refuse(`holds states only (coevo record --states-only), and imitation.method "${method}" learns from the expert's actions; record them with actions`);
    return { pairs: { observations: demos.observations, actions: demos.actions! } };
  }
  if (!demos.features || !demos.trajectories) {
    return refuse(`a version 1 file holds no behaviour features or trajectories, and imitation.method "${method}" needs them; record it again with coevo record`);
  }
  if (demos.features.names.join() !== role.features.join()) refuse(`its features (${demos.features.names.join(', ')}) are not ${role.name}'s (${role.features.join(', ')})`);
  if (method === 'gail' && !demos.actions) refuse('holds states only, and imitation.method "gail" judges (state, action) pairs; use "gaifo" or "fm", or record it with actions');
  if (method === 'gaifo' && demos.trajectories.every !== settings.recordEvery) {
    refuse(
      `its states are ${demos.trajectories.every} control steps apart and the population's (imitation.recordEvery) ${settings.recordEvery}: "gaifo" compares consecutive states, so they must match`,
    );
  }
  return { trajectories: { lengths: demos.trajectories.lengths, observations: demos.observations, features: demos.features.values, actions: demos.actions } };
}

/** The role's scripted expert (every role played by its expert), one episode per seed, as trajectories (with `slot`, that team slot's only). */
export function scriptedTrajectories(engine: Engine, scenario: Scenario, role: number, seeds: number[], every: number, slot?: number): DemoTrajectories {
  const arenas = seeds.map((seed) => scenario.createArena(engine.rapier, seed));
  try {
    const recorded = recordTrajectories(arenas, scenario.spec, scenario.experts, role, every);
    if (slot === undefined) return recorded;
    const kept = ofSlot({ ...recorded, trajectories: { lengths: recorded.lengths, every }, features: { names: [], values: recorded.features } }, recorded.slots, slot, scenario.spec.roles[role]);
    return { lengths: kept.trajectories.lengths, observations: kept.observations, features: kept.features.values, actions: kept.actions };
  } finally {
    for (const arena of arenas) arena.dispose();
  }
}

interface SlotSource {
  observations: Float32Array;
  actions: Float32Array | null;
  trajectories?: { lengths: Int32Array; every: number };
  features?: { names: string[]; values: Float32Array };
}

/** The trajectories of one team slot, with their observations, actions and features. */
function ofSlot(demos: SlotSource, slots: Int32Array, slot: number, role: RoleSpec) {
  const { observationSize: o, actionSize: a } = role;
  const f = role.features.length;
  const lengths = demos.trajectories!.lengths;
  const keep = { lengths: [] as number[], observations: [] as Float32Array[], actions: [] as Float32Array[], features: [] as Float32Array[] };
  let start = 0;
  lengths.forEach((length, t) => {
    if (slots[t] === slot) {
      keep.lengths.push(length);
      keep.observations.push(demos.observations.subarray(start * o, (start + length) * o));
      if (demos.actions) keep.actions.push(demos.actions.subarray(start * a, (start + length) * a));
      if (demos.features) keep.features.push(demos.features.values.subarray(start * f, (start + length) * f));
    }
    start += length;
  });
  return {
    observations: concatFloat32(keep.observations),
    actions: demos.actions ? concatFloat32(keep.actions) : null,
    trajectories: { lengths: Int32Array.from(keep.lengths), every: demos.trajectories!.every },
    features: { names: demos.features?.names ?? [...role.features], values: concatFloat32(keep.features) },
  };
}
