/**
 * Transfer (`coevo run --init-from SOURCE`): a new run's populations start from genomes another
 * run learned, in this world or another ([adaptation.md](adaptation.md)).
 *
 * A source is a policy folder, a glob of policy folders, a checkpoint, or a run directory (its
 * newest checkpoint): its champion, and where it holds a population, that population's genomes.
 * `init.fraction` of each population is filled from them: the champion unchanged, the rest mutated
 * copies of the source's genomes in turn; the remainder keeps its random start. Where the
 * source's network sees or acts in other sizes, `transfer.observations` and `transfer.actions`
 * say, for each of this world's inputs and outputs, which of the source's it takes (null: a new
 * one, starting at zero weights); the hidden layers must match.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { EvolutionAlgorithm } from '../../agents/evolution/algorithm.ts';
import { StrategyAlgorithm } from '../../agents/evolution/strategy-algorithm.ts';
import { gaussianMutate } from '../../agents/evolution/operators.ts';
import { layers, parameterCount, type MlpShape } from '../../agents/mlp.ts';
import { loadPolicy, policyShape } from '../../agents/policy-file.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import type { Config } from '../config/schema.ts';
import { CoevoError } from '../errors.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { expandGlob } from '../tournament/players.ts';
import { findCheckpoint } from './checkpoint.ts';
import type { Population } from './populations.ts';
import { readRunState } from './state.ts';
import { distilThroughSteering } from './transfer-steer.ts';
import type { Engine } from '../evaluation/engine.ts';
import type { Scenario } from '../../worlds/scenario.ts';

export interface TransferSource {
  /** What the source was, for messages. */
  name: string;
  shape: MlpShape;
  champion: Float32Array;
  /** Every genome it offers (the champion first). */
  genomes: Float32Array[];
}

/** Reads `--init-from`: policy folders (a glob of them), a checkpoint or a run directory. */
export function readTransferSource(arg: string, population?: string): TransferSource {
  const paths = expandGlob(arg, `--init-from ${arg}`);
  if (paths.length === 1 && !existsSync(paths[0])) throw new CoevoError('BAD_POLICY', `--init-from ${arg}: no such file or folder`);
  const policies = paths.filter((p) => existsSync(join(p, 'coevo.json')));
  if (policies.length === paths.length) {
    const loaded = policies.map((p) => loadPolicy(p));
    // The champion: the policy that scored most where its file says (else the first).
    const best = loaded.reduce((b, p, i) => ((p.header.origin?.fitness ?? Number.NEGATIVE_INFINITY) > (loaded[b].header.origin?.fitness ?? Number.NEGATIVE_INFINITY) ? i : b), 0);
    const shape = policyShape(loaded[0].header);
    for (const [i, p] of loaded.entries()) {
      if (parameterCount(policyShape(p.header)) !== parameterCount(shape)) throw new CoevoError('BAD_POLICY', `--init-from: ${policies[i]} has another network than ${policies[0]}`);
    }
    return { name: arg, shape, champion: loaded[best].genome, genomes: [loaded[best].genome, ...loaded.filter((_, i) => i !== best).map((p) => p.genome)] };
  }
  if (paths.length !== 1) throw new CoevoError('BAD_POLICY', `--init-from ${arg}: a pattern must match policy folders only`);
  let checkpoint: string;
  try {
    checkpoint = findCheckpoint(paths[0]);
  } catch {
    throw new CoevoError('BAD_POLICY', `--init-from ${arg}: not a policy folder, a checkpoint or a run directory`);
  }
  const champions = readdirSync(checkpoint).filter((n) => /^champion(-.+)?$/.test(n) && statSync(join(checkpoint, n)).isDirectory());
  const pick = champions.find((n) => n === `champion-${population}`) ?? champions.find((n) => n === 'champion') ?? champions.sort()[0];
  if (!pick) throw new CoevoError('BAD_POLICY', `--init-from ${arg}: checkpoint ${checkpoint} holds no champion`);
  const champion = loadPolicy(join(checkpoint, pick));
  const state = readRunState(checkpoint);
  const held = state.single ? state.populations[0] : (state.populations.find((p) => `champion-${p.name}` === pick) ?? null);
  const shape = policyShape(champion.header);
  const members = (held?.algorithm.population ?? []).filter((g) => g.length === champion.genome.length);
  return { name: `${arg} (${pick})`, shape, champion: champion.genome, genomes: [champion.genome, ...members] };
}

/**
 * Fills `config.init.fraction` of the population's first generation from the source, in place:
 * mapped copies, or with `transfer.steer` networks cloned through the body's steering
 * (transfer-steer.ts), which needs the world to play.
 */
export function seedFromSource(
  config: Config,
  population: Population,
  algorithm: EvolutionAlgorithm,
  source: TransferSource,
  streamParts: number[],
  world: { engine: Engine; scenario: Scenario },
): void {
  const genomes = algorithm.ask();
  const count = Math.round(config.init.fraction * genomes.length);
  if (count === 0) return;
  if (config.transfer.steer) {
    const map = config.transfer.observations;
    if (map) checkMap('transfer.observations', map, population.shape.inputSize, source.shape.inputSize);
    const distilled = distilThroughSteering({ ...world, role: population.role, source, genomes: genomes.slice(0, count), shape: population.shape, config, streamParts });
    distilled.forEach((g, i) => genomes[i].set(g));
    return;
  }
  const mapped = source.genomes.map((g) => mapGenome(source, g, population.shape, config.transfer));
  // A strategy is one search distribution (or MAP-Elites's first batch): centred on the source's champion.
  if (algorithm instanceof StrategyAlgorithm) {
    algorithm.recentre(mapped[0]);
    return;
  }
  const rng = new Rng(deriveSeed(config.seed, SEED_STREAMS.transfer, ...streamParts));
  const { mutationRate, mutationStd } = population.evolution;
  genomes[0].set(mapped[0]);
  for (let i = 1; i < count; i++) genomes[i].set(gaussianMutate(mapped[i % mapped.length].slice(), mutationRate, mutationStd, rng));
}

/** A source genome as a genome of `target`'s shape, through the declared mapping where sizes differ. */
export function mapGenome(source: TransferSource, genome: Float32Array, target: MlpShape, mapping: Config['transfer']): Float32Array {
  const from = source.shape;
  const sameSizes = from.inputSize === target.inputSize && from.outputSize === target.outputSize;
  if (sameSizes && !mapping.observations && !mapping.actions && parameterCount(from) === parameterCount(target)) return genome.slice();
  if (from.hiddenSizes.join() !== target.hiddenSizes.join() || from.activation !== target.activation) {
    throw new CoevoError(
      'BAD_CONFIG',
      `--init-from ${source.name}: its hidden layers are [${from.hiddenSizes}] ${from.activation}, this run's [${target.hiddenSizes}] ${target.activation} (policy.hiddenSizes and policy.activation must match)`,
    );
  }
  const inputs = mapping.observations ?? (from.inputSize === target.inputSize ? identity(target.inputSize) : null);
  const outputs = mapping.actions ?? (from.outputSize === target.outputSize ? identity(target.outputSize) : null);
  if (!inputs) missing('observations', 'observes', from.inputSize, target.inputSize, source.name);
  if (!outputs) missing('actions', 'acts with', from.outputSize, target.outputSize, source.name);
  checkMap('transfer.observations', inputs!, target.inputSize, from.inputSize);
  checkMap('transfer.actions', outputs!, target.outputSize, from.outputSize);
  const out = new Float32Array(parameterCount(target));
  const src = layers(from);
  const dst = layers(target);
  dst.forEach((layer, l) => {
    const s = src[l];
    const first = l === 0;
    const last = l === dst.length - 1;
    // Kernels are stored input by input (row i: input i's weights to every output), then the bias.
    for (let i = 0; i < layer.inputs; i++) {
      const si = first ? inputs![i] : i;
      for (let j = 0; j < layer.outputs; j++) {
        const sj = last ? outputs![j] : j;
        if (si !== null && sj !== null) out[layer.offset + i * layer.outputs + j] = genome[s.offset + si * s.outputs + sj];
      }
    }
    for (let j = 0; j < layer.outputs; j++) {
      const sj = last ? outputs![j] : j;
      if (sj !== null) out[layer.offset + layer.inputs * layer.outputs + j] = genome[s.offset + s.inputs * s.outputs + sj];
    }
  });
  return out;
}

function identity(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function missing(key: string, verb: string, from: number, to: number, name: string): never {
  throw new CoevoError(
    'BAD_CONFIG',
    `--init-from ${name}: the source ${verb} ${from} values, this world ${to}: set transfer.${key} to say which of the source's each of this world's takes (docs/adaptation.md)`,
  );
}

export function checkMap(key: string, map: (number | null)[], length: number, sourceSize: number): void {
  if (map.length !== length) throw new CoevoError('BAD_CONFIG', `${key} has ${map.length} entries; this world needs one for each of its ${length}`);
  const bad = map.findIndex((k) => k !== null && k >= sourceSize);
  if (bad >= 0) throw new CoevoError('BAD_CONFIG', `${key}[${bad}] is ${map[bad]}, but the source has only ${sourceSize} (0 … ${sourceSize - 1})`);
}
