/**
 * Transfer through a body's steering layer (`transfer.steer`, docs/adaptation.md): a source that
 * drove a ball reads its two actions as a desired ground velocity (STEER_SPEED m/s at action 1),
 * which the target body's own `steer` turns into its actions (a crawler's motor speeds), as every
 * scripted expert does. That composite plays the target world's role for `imitation.demoEpisodes`
 * episodes (the other roles played by their scripted experts), and the pairs it leaves are cloned
 * into the starting networks (`transfer.steps` Adam steps each, from their own random start): the
 * result is an ordinary network of the target's shape. Everything is seeded from the run.
 */
import { trainWith } from '../../agents/imitation/trainer.ts';
import { mlpController } from '../../agents/mlp-controller.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { bodyKind } from '../../worlds/bodies/index.ts';
import { recordRole } from '../../worlds/rollout.ts';
import type { Controller, Scenario } from '../../worlds/scenario.ts';
import type { Config } from '../config/schema.ts';
import type { Engine } from '../evaluation/engine.ts';
import { CoevoError } from '../errors.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import type { TransferSource } from './transfer.ts';

/** Ground speed the source's action 1 asks for, m/s (the scripted experts cruise at about this). */
export const STEER_SPEED = 5;

export interface SteerInput {
  engine: Engine;
  scenario: Scenario;
  role: number;
  source: TransferSource;
  /** The networks to start from (random), trained in place of copies. */
  genomes: Float32Array[];
  shape: MlpShape;
  config: Config;
  streamParts: number[];
}

/** The starting networks, each cloned from the source driving the target body through its steering. */
export function distilThroughSteering(input: SteerInput): Float32Array[] {
  const { scenario, role, source, config } = input;
  const spec = scenario.spec.roles[role];
  if (source.shape.outputSize !== 2) {
    throw new CoevoError('BAD_CONFIG', `transfer.steer reads the source's two actions as a desired velocity; ${source.name} acts with ${source.shape.outputSize}`);
  }
  if (spec.proprioAt === undefined) throw new CoevoError('BAD_CONFIG', `transfer.steer: ${scenario.spec.name} does not say where its body's own observation starts`);
  const map = config.transfer.observations;
  if (!map) throw new CoevoError('BAD_CONFIG', "transfer.steer needs transfer.observations: which of the source's observation values each of this world's is");
  const body = bodyKind(spec.body);
  const sourceNet = mlpController(source.shape, [source.champion]);
  const teacher: Controller = (obs, count, actions) => {
    const seen = new Float32Array(source.shape.inputSize);
    const wanted = new Float32Array(2);
    for (let a = 0; a < count; a++) {
      const base = a * spec.observationSize;
      seen.fill(0);
      map.forEach((j, k) => {
        if (j !== null) seen[j] = obs[base + k];
      });
      sourceNet(seen, 1, wanted);
      body.steer(obs, base + spec.proprioAt!, wanted[0] * STEER_SPEED, wanted[1] * STEER_SPEED, actions, a * spec.actionSize);
    }
  };
  const seed = (...parts: number[]) => deriveSeed(config.seed, SEED_STREAMS.transfer, ...parts, ...input.streamParts);
  const arenas = Array.from({ length: config.imitation.demoEpisodes }, (_, e) => scenario.createArena(input.engine.rapier, seed(-1, e)));
  let pairs: { observations: Float32Array; actions: Float32Array };
  try {
    const controllers = scenario.experts.map((expert, r) => (r === role ? teacher : expert));
    pairs = recordRole(arenas, scenario.spec, controllers, role, config.imitation.recordEvery);
  } finally {
    for (const arena of arenas) arena.dispose();
  }
  const data = input.genomes.map((_, i) => ({ ...pairs, seed: seed(i) }));
  const { batchSize, learningRate } = config.imitation;
  return trainWith(input.engine.training, input.engine.tf, input.shape, input.genomes, data, { steps: config.transfer.steps, batchSize, learningRate }).map((o) => o.genome);
}
