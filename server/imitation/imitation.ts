/**
 * Imitation inside the evolutionary loop. Before a generation is played, a share of its genomes
 * (the learners) are trained by behaviour cloning on pairs drawn from the configured expert mix:
 *
 * - scripted: the scenario's scripted expert, from episodes it played at the start (bc) plus,
 *   with dagger, the states learners visited labelled by the expert, aggregated in a bounded buffer;
 * - elite: the best agents of recent generations (a hall of fame of `hallOfFame` generations);
 * - peer: the most successful agent the learner's parent shared an arena with;
 * - dataset: a demonstration file.
 *
 * With dagger, neural experts (elite, peer) label the states the learner's parent visited with
 * their own network. Everything random is drawn from streams derived from the run seed and the
 * generation, and the buffers are checkpointed, so a resumed run learns exactly the same.
 */
import { concatFloat32 } from '../../agents/arrays.ts';
import { pack, unpack } from 'msgpackr';
import { SampleBuffer } from '../../agents/imitation/sample-buffer.ts';
import type { LearnerData } from '../../agents/imitation/trainer.ts';
import { readDemonstrations } from '../../agents/imitation/demo-file.ts';
import { mlpController } from '../../agents/mlp-controller.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import { argmax } from '../../agents/stats.ts';
import { rollout } from '../../worlds/rollout.ts';
import type { Config, ExpertSource } from '../config/schema.ts';
import type { World } from '../evaluation/engine.ts';
import { pairsOf, type GenerationRecord } from './generation-record.ts';

interface Pairs {
  observations: Float32Array;
  actions: Float32Array;
}

export interface LearnPlan {
  learners: number[];
  data: LearnerData[];
  /** How many learners drew on each expert. */
  experts: Partial<Record<ExpertSource, number>>;
}

const DEMO_STREAM = 0x64656d6f;
const LEARN_STREAM = 0x6c726e72;
const BUFFER_STREAM = 0x62756666;

export class Imitation {
  private readonly sources: [ExpertSource, number][];
  private demos: Pairs | null = null;
  private dataset: Pairs | null = null;
  private readonly dagger: SampleBuffer;
  private eliteHistory: Pairs[] = [];
  private last: GenerationRecord | null = null;
  /** The networks the last generation played with (learned ones where they learned). */
  private lastPhenotypes: Float32Array[] | null = null;
  /** The networks the last generation played with (learned ones where they learned). */
  constructor(
    private readonly config: Config,
    private readonly world: World,
  ) {
    this.sources = Object.entries(config.imitation.experts) as [ExpertSource, number][];
    const { spec } = world.scenario;
    this.dagger = new SampleBuffer(config.imitation.bufferCapacity, spec.observationSize, spec.actionSize);
    const { datasetFile } = config.imitation;
    if (this.uses('dataset') && datasetFile) {
      const demos = readDemonstrations(datasetFile, { scenario: spec.name, observationSize: spec.observationSize, actionSize: spec.actionSize });
      this.dataset = { observations: demos.observations, actions: demos.actions };
    }
    if (this.uses('scripted')) {
      this.demos = this.recordScriptedDemos();
      this.dagger.add(this.demos.observations, this.demos.actions, new Rng(deriveSeed(config.seed, BUFFER_STREAM, -1)));
    }
  }

  get active(): boolean {
    return this.sources.length > 0;
  }

  private uses(source: ExpertSource): boolean {
    return this.sources.some(([s]) => s === source);
  }

  /** The scripted expert's own episodes, every recordEvery-th pair; deterministic from the run seed. */
  private recordScriptedDemos(): Pairs {
    const { scenario, rapier } = this.world;
    const { demoEpisodes, recordEvery } = this.config.imitation;
    const arenas = Array.from({ length: demoEpisodes }, (_, i) => scenario.createArena(rapier, deriveSeed(this.config.seed, DEMO_STREAM, i)));
    const obs: Float32Array[] = [];
    const act: Float32Array[] = [];
    try {
      rollout(arenas, scenario.spec, scenario.expert, {
        afterStep: (step, o, a) => {
          if (step % recordEvery === 0) {
            obs.push(o.slice());
            act.push(a.slice());
          }
        },
      });
    } finally {
      for (const arena of arenas) arena.dispose();
    }
    return { observations: concatFloat32(obs), actions: concatFloat32(act) };
  }

  /** Chooses this generation's learners and draws each one's training pairs from the expert mix. */
  plan(generation: number, populationSize: number, lineage: Int32Array | null): LearnPlan {
    const rng = new Rng(deriveSeed(this.config.seed, LEARN_STREAM, generation));
    const { learnFraction, samplesPerLearner } = this.config.imitation;
    const count = Math.round(learnFraction * populationSize);
    const learners = rng
      .shuffle(Array.from({ length: populationSize }, (_, i) => i))
      .slice(0, count)
      .sort((a, b) => a - b);
    const plan: LearnPlan = { learners: [], data: [], experts: {} };
    // Pairs that do not depend on the learner are gathered once per generation.
    const shared = new Map<ExpertSource, Pairs | null>();
    const pairsFor = (source: ExpertSource, parent: number) => {
      if (source === 'peer' || (source === 'elite' && this.config.imitation.method === 'dagger')) return this.pairsFor(source, parent);
      if (!shared.has(source)) shared.set(source, this.pairsFor(source, parent));
      return shared.get(source)!;
    };
    for (const learner of learners) {
      const parent = lineage?.[learner] ?? -1;
      const available = this.sources
        .map(([source, weight]) => ({ source, weight, pairs: pairsFor(source, parent) }))
        .filter((s): s is { source: ExpertSource; weight: number; pairs: Pairs } => s.pairs !== null && s.pairs.actions.length > 0);
      if (!available.length) continue;
      plan.learners.push(learner);
      plan.data.push({ ...this.mix(available, samplesPerLearner, rng), seed: deriveSeed(this.config.seed, LEARN_STREAM, generation, learner) });
      for (const { source } of available) plan.experts[source] = (plan.experts[source] ?? 0) + 1;
    }
    return plan;
  }

  private pairsFor(source: ExpertSource, parent: number): Pairs | null {
    const { spec } = this.world.scenario;
    const dagger = this.config.imitation.method === 'dagger';
    switch (source) {
      case 'scripted':
        return dagger ? this.dagger.contents() : this.demos;
      case 'dataset':
        return this.dataset;
      case 'elite': {
        if (!this.eliteHistory.length) return null;
        if (!dagger || !this.last || parent < 0)
          return { observations: concatFloat32(this.eliteHistory.map((p) => p.observations)), actions: concatFloat32(this.eliteHistory.map((p) => p.actions)) };
        const best = argmax(this.last.fitness);
        return this.labelled(pairsOf(this.last, parent, spec.observationSize, spec.actionSize).observations, best);
      }
      case 'peer': {
        if (!this.last || parent < 0) return null;
        const mate = this.last.bestArenaMate[parent];
        if (dagger) return this.labelled(pairsOf(this.last, parent, spec.observationSize, spec.actionSize).observations, mate);
        return pairsOf(this.last, mate, spec.observationSize, spec.actionSize);
      }
    }
  }

  /** Observations labelled by the network that genome `teacher` of the last generation played with. */
  private labelled(observations: Float32Array, teacher: number): Pairs | null {
    const genome = this.lastPhenotypes?.[teacher];
    if (!genome) return null;
    const n = observations.length / this.world.shape.inputSize;
    const actions = new Float32Array(n * this.world.shape.outputSize);
    mlpController(this.world.shape, new Array(n).fill(genome))(observations, n, actions);
    return { observations, actions };
  }

  /** Draws `n` pairs from the sources in proportion to their weights. */
  private mix(sources: { weight: number; pairs: Pairs }[], n: number, rng: Rng): Pairs {
    const { observationSize: o, actionSize: a } = this.world.scenario.spec;
    const total = sources.reduce((s, x) => s + x.weight, 0);
    const observations = new Float32Array(n * o);
    const actions = new Float32Array(n * a);
    for (let i = 0; i < n; i++) {
      const source = pickWeighted(sources, rng.next() * total);
      const j = rng.int(source.pairs.actions.length / a);
      observations.set(source.pairs.observations.subarray(j * o, (j + 1) * o), i * o);
      actions.set(source.pairs.actions.subarray(j * a, (j + 1) * a), i * a);
    }
    return { observations, actions };
  }

  /** Takes in what the generation recorded; `phenotypes` are the networks that actually played. */
  ingest(generation: number, record: GenerationRecord, phenotypes: Float32Array[], learners: number[]): void {
    const { spec } = this.world.scenario;
    const { eliteCount, hallOfFame, method } = this.config.imitation;
    this.last = record;
    this.lastPhenotypes = phenotypes.map((g) => g.slice());
    if (this.uses('elite')) {
      const order = Array.from(record.fitness.keys()).sort((i, j) => record.fitness[j] - record.fitness[i] || i - j);
      const elites = order.slice(0, eliteCount).map((g) => pairsOf(record, g, spec.observationSize, spec.actionSize));
      this.eliteHistory.push({ observations: concatFloat32(elites.map((p) => p.observations)), actions: concatFloat32(elites.map((p) => p.actions)) });
      // The current generation's elites plus the champions' pairs of `hallOfFame` earlier generations.
      this.eliteHistory = this.eliteHistory.slice(-(hallOfFame + 1));
    }
    if (this.uses('scripted') && method === 'dagger') {
      const rng = new Rng(deriveSeed(this.config.seed, BUFFER_STREAM, generation));
      for (const learner of learners) {
        const visited = pairsOf(record, learner, spec.observationSize, spec.actionSize, true);
        this.dagger.add(visited.observations, visited.actions, rng);
      }
    }
  }

  /** Agreement with the scripted expert on states the learners visited after learning (held out from training). */
  agreement(record: GenerationRecord, learners: number[]): number {
    const { spec } = this.world.scenario;
    let agree = 0;
    let total = 0;
    for (const learner of learners) {
      const own = pairsOf(record, learner, spec.observationSize, spec.actionSize);
      const expert = pairsOf(record, learner, spec.observationSize, spec.actionSize, true);
      for (let i = 0; i < own.actions.length; i += spec.actionSize) {
        let close = true;
        for (let k = 0; k < spec.actionSize; k++) close &&= Math.abs(own.actions[i + k] - expert.actions[i + k]) <= AGREEMENT_TOLERANCE;
        if (close) agree++;
        total++;
      }
    }
    return total ? agree / total : NaN;
  }

  snapshot(): Uint8Array {
    return pack({
      dagger: this.dagger.snapshot(),
      eliteHistory: this.eliteHistory,
      last: this.last,
      lastPhenotypes: this.lastPhenotypes,
    });
  }

  restore(bytes: Uint8Array): void {
    // MessagePack keeps typed arrays as raw bytes (bin): each one is rebuilt with its own type.
    const state = unpack(bytes);
    const pairs = (p: { observations: Uint8Array; actions: Uint8Array }): Pairs => ({ observations: f32(p.observations), actions: f32(p.actions) });
    this.dagger.restore({ ...pairs(state.dagger), offered: state.dagger.offered });
    this.eliteHistory = state.eliteHistory.map(pairs);
    const last = state.last;
    this.last = last && {
      samples: last.samples,
      ...pairs(last),
      labels: f32(last.labels),
      fitness: new Float64Array(copy(last.fitness).buffer),
      bestArenaMate: new Int32Array(copy(last.bestArenaMate).buffer),
    };
    this.lastPhenotypes = state.lastPhenotypes?.map(f32);
  }
}

/** The source in whose share of the total weight `pick` falls (the last one if rounding overshoots). */
function pickWeighted<T extends { weight: number }>(sources: T[], pick: number): T {
  let left = pick;
  for (const source of sources) {
    left -= source.weight;
    if (left < 0) return source;
  }
  return sources[sources.length - 1];
}

/** An action agrees with the expert's when every component is within this distance. */
export const AGREEMENT_TOLERANCE = 0.25;

/** A copy, so that the typed array built on it starts aligned. */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function f32(bytes: Uint8Array): Float32Array {
  return new Float32Array(copy(bytes).buffer);
}
