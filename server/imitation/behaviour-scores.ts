/**
 * Imitation by scoring behaviour rather than training weights: every member of a population gets
 * an imitation score for the generation it just played, which selection weighs with the task
 * (generation.ts). Evolution needs no gradient, so these methods learn from states alone.
 *
 * - fm (feature matching): minus the distance between the statistics of a member's behaviour
 *   features and the demonstrations' (agents/imitation/feature-matching.ts);
 * - gail: a discriminator of (state, action) inputs is trained each generation to tell the
 *   demonstrations from the population's play (kept in a bounded buffer); a member's score is its
 *   reward -log(1 - D) summed over its recorded steps;
 * - gaifo: the same on (state, next state) inputs, for demonstrations without actions.
 *
 * A state is the observation followed by the world's behaviour features.
 */
import { concatFloat32 } from '../../agents/arrays.ts';
import { Discriminator, imitationReward, type TrainingReport } from '../../agents/imitation/discriminator.ts';
import { featureDistance, featureReference, type FeatureReference } from '../../agents/imitation/feature-matching.ts';
import { SampleBuffer } from '../../agents/imitation/sample-buffer.ts';
import { Rng } from '../../agents/rng.ts';
import type { Tf } from '../../agents/tf.ts';
import type { RoleSpec } from '../../worlds/scenario.ts';
import type { ImitationConfig, ScoringMethod } from '../config/schema.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { featuresOf, pairsOf, type GenerationRecord } from './generation-record.ts';

/** Demonstrated trajectories: their kept steps back to back, `lengths` cutting them apart. */
export interface DemoTrajectories {
  lengths: Int32Array;
  observations: Float32Array;
  features: Float32Array;
  /** Null when the demonstrations hold states only. */
  actions: Float32Array | null;
}

export interface BehaviourScorer {
  /** Each member's imitation score for the generation `record` holds; the discriminator learns from it first. */
  score(record: GenerationRecord, generation: number): { scores: Float64Array; report?: TrainingReport };
  snapshot(): Uint8Array[] | null;
  restore(state: Uint8Array[]): void;
}

/** Streams derived from the run seed (and the population, where several meet). */
export type SeedOf = (stream: number, ...parts: number[]) => number;

export function createScorer(method: ScoringMethod, settings: ImitationConfig, role: RoleSpec, demos: DemoTrajectories[], tf: Tf, seedOf: SeedOf): BehaviourScorer {
  const rows = new StateRows(role);
  if (method === 'fm') {
    const reference = featureReference(concatFloat32(demos.map((d) => d.features)), role.features.length, new Rng(seedOf(SEED_STREAMS.features)));
    return new FeatureMatcher(reference, settings.fm.statistic);
  }
  const inputs = concatFloat32(demos.map((d) => (method === 'gail' ? rows.stateActions(d.observations, d.features, d.actions!) : rows.stateTransitions(d))));
  return new Adversary(method, rows, inputs, settings.gail, tf, seedOf);
}

class FeatureMatcher implements BehaviourScorer {
  constructor(
    private readonly reference: FeatureReference,
    private readonly statistic: ImitationConfig['fm']['statistic'],
  ) {}

  score(record: GenerationRecord) {
    const raw = Float64Array.from(record.fitness, (_, m) => -featureDistance(this.reference, featuresOf(record, m, this.reference.count), this.statistic));
    return { scores: withWorstForMissing(raw) };
  }

  snapshot(): null {
    return null;
  }

  restore(): void {}
}

class Adversary implements BehaviourScorer {
  private readonly discriminator: Discriminator;
  private readonly buffer: SampleBuffer;

  constructor(
    private readonly method: 'gail' | 'gaifo',
    private readonly rows: StateRows,
    private readonly expert: Float32Array,
    private readonly options: ImitationConfig['gail'],
    private readonly tf: Tf,
    private readonly seedOf: SeedOf,
  ) {
    const size = method === 'gail' ? rows.stateSize + rows.actionSize : 2 * rows.stateSize;
    this.discriminator = new Discriminator(size, options.hiddenSizes, expert, new Rng(seedOf(SEED_STREAMS.discriminator)));
    // The buffer's "actions" are unused: it keeps the population's inputs alone.
    this.buffer = new SampleBuffer(options.bufferCapacity, size, 1);
  }

  score(record: GenerationRecord, generation: number) {
    const perMember = Array.from(record.fitness, (_, m) => this.inputsOf(record, m));
    const played = concatFloat32(perMember);
    const n = played.length / this.discriminator.inputSize;
    this.buffer.add(played, new Float32Array(n), new Rng(this.seedOf(SEED_STREAMS.discriminator, generation, 0)));
    const report = this.discriminator.train(this.tf, this.expert, this.buffer.contents().observations, this.options, new Rng(this.seedOf(SEED_STREAMS.discriminator, generation)));
    const raw = Float64Array.from(perMember, (inputs) => (inputs.length ? this.discriminator.logits(inputs).reduce((sum, z) => sum + imitationReward(z), 0) : Number.NaN));
    return { scores: withWorstForMissing(raw), report };
  }

  /** A member's inputs in the generation just played: its (state, action) rows, or its consecutive states. */
  private inputsOf(record: GenerationRecord, member: number): Float32Array {
    const { observations, actions } = pairsOf(record, member, this.rows.observationSize, this.rows.actionSize);
    const features = featuresOf(record, member, this.rows.featureCount);
    if (this.method === 'gail') return this.rows.stateActions(observations, features, actions);
    return this.rows.stateTransitions({ lengths: Int32Array.of(observations.length / this.rows.observationSize), observations, features, actions: null });
  }

  snapshot(): Uint8Array[] {
    const { observations, offered } = this.buffer.snapshot();
    return [bytesOf(this.discriminator.weights), bytesOf(observations), bytesOf(Float64Array.of(offered))];
  }

  restore([weights, inputs, offered]: Uint8Array[]): void {
    this.discriminator.weights = new Float32Array(new Uint8Array(weights).buffer);
    const observations = new Float32Array(new Uint8Array(inputs).buffer);
    const count = observations.length / this.discriminator.inputSize;
    this.buffer.restore({ observations, actions: new Float32Array(count), offered: new Float64Array(new Uint8Array(offered).buffer)[0] });
  }
}

/** How a role's states are laid out: the observation, then the behaviour features. */
class StateRows {
  readonly observationSize: number;
  readonly actionSize: number;
  readonly featureCount: number;
  readonly stateSize: number;

  constructor(role: RoleSpec) {
    this.observationSize = role.observationSize;
    this.actionSize = role.actionSize;
    this.featureCount = role.features.length;
    this.stateSize = role.observationSize + role.features.length;
  }

  private stateInto(out: Float32Array, at: number, observations: Float32Array, features: Float32Array, row: number): void {
    const { observationSize: o, featureCount: f } = this;
    out.set(observations.subarray(row * o, (row + 1) * o), at);
    out.set(features.subarray(row * f, (row + 1) * f), at + o);
  }

  /** Every row's [state, action]. */
  stateActions(observations: Float32Array, features: Float32Array, actions: Float32Array): Float32Array {
    const n = observations.length / this.observationSize;
    const width = this.stateSize + this.actionSize;
    const out = new Float32Array(n * width);
    for (let i = 0; i < n; i++) {
      this.stateInto(out, i * width, observations, features, i);
      out.set(actions.subarray(i * this.actionSize, (i + 1) * this.actionSize), i * width + this.stateSize);
    }
    return out;
  }

  /** Every pair of consecutive kept steps of a trajectory: [state, next state]. */
  stateTransitions(demos: DemoTrajectories): Float32Array {
    const width = 2 * this.stateSize;
    const pairs = demos.lengths.reduce((sum, length) => sum + Math.max(0, length - 1), 0);
    const out = new Float32Array(pairs * width);
    let row = 0;
    let pair = 0;
    for (const length of demos.lengths) {
      for (let t = 0; t + 1 < length; t++, pair++) {
        this.stateInto(out, pair * width, demos.observations, demos.features, row + t);
        this.stateInto(out, pair * width + this.stateSize, demos.observations, demos.features, row + t + 1);
      }
      row += length;
    }
    return out;
  }
}

/** A member with nothing recorded gets the population's worst score (0 if nobody has one). */
function withWorstForMissing(scores: Float64Array): Float64Array {
  const finite = scores.filter(Number.isFinite);
  const worst = finite.length ? Math.min(...finite) : 0;
  return scores.map((s) => (Number.isFinite(s) ? s : worst));
}

function bytesOf(values: ArrayBufferView): Uint8Array {
  return new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
}
