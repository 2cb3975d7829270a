/** The start-up line: which backends this process runs on. */
import { initTf } from '../../agents/tf.ts';
import { loadRapier } from '../../worlds/rapier.ts';
import type { Config } from '../config/schema.ts';

export async function printBanner(config: Config, quiet = false): Promise<void> {
  const tf = await initTf(config.tf.backend);
  const rapier = await loadRapier(config.physics.rapier);
  if (quiet) return;
  const population =
    config.scenario === 'ecology'
      ? `${config.worlds.ecology.initialAgents} agents in ${config.worlds.ecology.regionsX * config.worlds.ecology.regionsZ} regions`
      : `population ${config.evolution.populationSize}`;
  console.log(
    `coevo: scenario ${config.scenario}, seed ${config.seed}, ${population}, ` + `rapier ${config.physics.rapier} ${rapier.version()}, tfjs backend ${tf.getBackend()}, workers ${config.workers}`,
  );
}
