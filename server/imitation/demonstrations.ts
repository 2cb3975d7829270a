/**
 * Demonstrations a population imitates, from a file (`dataset`) or from its role's scripted
 * expert (`scripted`), in the form its method needs: (observation, action) pairs to clone (bc,
 * dagger), or whole trajectories with behaviour features to score behaviour against (fm, gail,
 * gaifo). A file that cannot serve the method is refused before the run starts, naming the file,
 * the method and what is missing.
 */
import { readDemonstrations } from '../../agents/imitation/demo-file.ts';
import { recordTrajectories } from '../../worlds/rollout.ts';
import type { RoleSpec, Scenario } from '../../worlds/scenario.ts';
import { isScoringMethod, type ImitationConfig } from '../config/schema.ts';
import type { Engine } from '../evaluation/engine.ts';
import { CoevoError } from '../errors.ts';
import type { DemoTrajectories } from './behaviour-scores.ts';
import type { Pairs } from './experts.ts';

/** A demonstration file as the population's method needs it. */
export function datasetFor(file: string, settings: ImitationConfig, scenario: Scenario, role: RoleSpec): { pairs: Pairs } | { trajectories: DemoTrajectories } {
  const { method } = settings;
  const demos = readDemonstrations(file, { scenario: scenario.spec.name, role: role.name, observationSize: role.observationSize, actionSize: role.actionSize });
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

/** The role's scripted expert (every role played by its expert), one episode per seed, as trajectories. */
export function scriptedTrajectories(engine: Engine, scenario: Scenario, role: number, seeds: number[], every: number): DemoTrajectories {
  const arenas = seeds.map((seed) => scenario.createArena(engine.rapier, seed));
  try {
    return recordTrajectories(arenas, scenario.spec, scenario.experts, role, every);
  } finally {
    for (const arena of arenas) arena.dispose();
  }
}
