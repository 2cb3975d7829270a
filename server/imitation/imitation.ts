/**
 * Imitation inside the evolutionary loop, one instance per population, the same in every world.
 * Before a generation is played, a share of the population's genomes (the learners) are trained
 * by behaviour cloning on pairs drawn from the configured expert mix (experts.ts says what each
 * expert gives). The buffers are checkpointed and everything random is drawn from streams derived
 * from the run seed, the generation and (where populations meet) the population's index, so a
 * resumed run learns exactly the same.
 */
import { pack, unpack } from 'msgpackr';
import { concatFloat32 } from '../../agents/arrays.ts';
import { SampleBuffer } from '../../agents/imitation/sample-buffer.ts';
import type { LearnerData } from '../../agents/imitation/trainer.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import type { Scenario } from '../../worlds/scenario.ts';
import { isScoringMethod, type ExpertSource, type ImitationConfig } from '../config/schema.ts';
import type { Engine } from '../evaluation/engine.ts';
import type { Population } from '../run/populations.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { expertPairs, recordScriptedDemos, type ImitationContext, type Pairs } from './experts.ts';
import { createScorer, type BehaviourScorer, type DemoTrajectories } from './behaviour-scores.ts';
import { datasetFor, scriptedTrajectories } from './demonstrations.ts';
import { pairsOf, type GenerationRecord } from './generation-record.ts';
import { readHumanDemos, verifyHumanDemos, type HumanDemos, type HumanFileUse } from './human-demos.ts';
import { CoevoError } from '../errors.ts';

export interface LearnPlan {
  learners: number[];
  data: LearnerData[];
  /** How many learners drew on each expert. */
  experts: Partial<Record<ExpertSource, number>>;
  /** With the `human` expert: the pairs of human demonstrations on offer this generation, and from how many files. */
  human?: { pairs: number; files: number };
}

export interface ImitationSetup {
  engine: Engine;
  scenario: Scenario;
  population: Population;
  runSeed: number;
  /** Appended to every stream this population draws from: [] for a run of one population, [index] where several meet. */
  streamParts: number[];
  /** The run directory, whose `demos/human-*.msgpack` the `human` expert reads (null: no human expert). */
  runDir?: string | null;
}

export class Imitation {
  readonly settings: ImitationConfig;
  private readonly sources: [ExpertSource, number][];
  private readonly demos: Pairs | null = null;
  private readonly dataset: Pairs | null = null;
  private readonly dagger: SampleBuffer;
  private eliteHistory: Pairs[] = [];
  private last: GenerationRecord | null = null;
  /** The networks the last generation played with (learned ones where they learned). */
  private lastPhenotypes: Float32Array[] | null = null;
  /** Per member of the last generation: how many generations in a row its line has been elite (it, its parent, …), for `prestige`. */
  private line: Int32Array | null = null;
  /** Per member of the last generation: 1 if it scored less than its parent had, for `whenUncertain`. */
  private fell: Uint8Array | null = null;
  /** With fm, gail or gaifo: what scores each member's behaviour (behaviour-scores.ts). */
  private readonly scorer: BehaviourScorer | null = null;
  /** The human demonstrations read for the latest generation (human-demos.ts). */
  private human: HumanDemos | null = null;
  /** The files the `human` expert used, from each generation whose files differed from the one before. */
  private humanHistory: { generation: number; files: HumanFileUse[] }[] = [];

  constructor(private readonly setup: ImitationSetup) {
    const { population, scenario } = setup;
    this.settings = population.imitation;
    this.sources = Object.entries(this.settings.experts) as [ExpertSource, number][];
    const role = scenario.spec.roles[population.role];
    this.dagger = new SampleBuffer(this.settings.bufferCapacity, role.observationSize, role.actionSize);
    const { datasetFile, method, recordEvery } = this.settings;
    const demonstrated: DemoTrajectories[] = [];
    if (this.uses('dataset') && datasetFile) {
      const dataset = datasetFor(datasetFile, this.settings, scenario, role, population.slot);
      if ('pairs' in dataset) this.dataset = dataset.pairs;
      else demonstrated.push(dataset.trajectories);
    }
    if (this.uses('human') && !setup.runDir) throw new CoevoError('BAD_CONFIG', "the human expert reads the run directory's demos/ folder, and this run has none");
    const demoSeeds = Array.from({ length: this.settings.demoEpisodes }, (_, i) => this.seed(SEED_STREAMS.demonstrations, i));
    if (this.uses('scripted') && isScoringMethod(method)) {
      demonstrated.push(scriptedTrajectories(setup.engine, scenario, population.role, demoSeeds, recordEvery, population.slot));
    } else if (this.uses('scripted')) {
      // A cooperative slot's population learns its own slot's part of the expert team's play.
      this.demos = recordScriptedDemos(setup.engine, scenario, population.role, demoSeeds, recordEvery, population.slot);
      this.dagger.add(this.demos.observations, this.demos.actions, new Rng(this.seed(SEED_STREAMS.buffer, -1)));
    }
    if (isScoringMethod(method) && demonstrated.length > 0) {
      this.scorer = createScorer(method, this.settings, role, demonstrated, setup.engine.tf, (stream, ...parts) => this.seed(stream, ...parts));
    }
  }

  /** True when members learn this generation (bc, dagger). */
  get active(): boolean {
    return this.sources.length > 0 && this.settings.learnFraction > 0 && !isScoringMethod(this.settings.method);
  }

  /** True when every member gets an imitation score (fm, gail, gaifo). */
  get scores(): boolean {
    return this.scorer !== null;
  }

  /** Each member's imitation score for the generation `record` holds (behaviour-scores.ts). */
  imitationScores(record: GenerationRecord, generation: number) {
    if (!this.scorer) throw new Error('imitationScores: this population does not score behaviour');
    return this.scorer.score(record, generation);
  }

  uses(source: ExpertSource): boolean {
    return this.sources.some(([s]) => s === source);
  }

  /** The last generation's record (rivals' `rival` expert clones its champion's play). */
  get lastRecord(): GenerationRecord | null {
    return this.last;
  }

  private seed(stream: number, ...parts: number[]): number {
    return deriveSeed(this.setup.runSeed, stream, ...parts, ...this.setup.streamParts);
  }

  /** Chooses this generation's learners and draws each one's training pairs from the expert mix. */
  plan(generation: number, populationSize: number, lineage: Int32Array | null, context: ImitationContext): LearnPlan {
    const rng = new Rng(this.seed(SEED_STREAMS.learning, generation));
    const { learnFraction, samplesPerLearner, method } = this.settings;
    if (this.uses('human')) this.readHuman(generation);
    const count = Math.round(learnFraction * populationSize);
    const learners = rng
      .shuffle(Array.from({ length: populationSize }, (_, i) => i))
      .slice(0, count)
      .sort((a, b) => a - b);
    const plan: LearnPlan = { learners: [], data: [], experts: {} };
    // Pairs that do not depend on the learner are gathered once per generation.
    const shared = new Map<ExpertSource, Pairs | null>();
    const perLearner = (source: ExpertSource) => source === 'peer' || source === 'champions' || (method === 'dagger' && (source === 'elite' || source === 'rival' || source === 'teammate'));
    const pairsFor = (source: ExpertSource, parent: number) => {
      const ask = () => expertPairs(source, this.view(), parent, context, rng);
      if (perLearner(source)) return ask();
      if (!shared.has(source)) shared.set(source, ask());
      return shared.get(source)!;
    };
    for (const learner of learners) {
      const parent = lineage?.[learner] ?? -1;
      // whenUncertain: only a member whose parent did worse than its own parent copies (once there is a past to compare with).
      if (this.settings.strategy === 'whenUncertain' && this.fell && parent >= 0 && !this.fell[parent]) continue;
      const available = this.sources
        .map(([source, weight]) => ({ source, weight, pairs: pairsFor(source, parent) }))
        .filter((s): s is { source: ExpertSource; weight: number; pairs: Pairs } => s.pairs !== null && s.pairs.actions.length > 0);
      if (!available.length) continue;
      plan.learners.push(learner);
      plan.data.push({ ...this.mix(available, samplesPerLearner, rng), seed: this.seed(SEED_STREAMS.learning, generation, learner) });
      for (const { source } of available) plan.experts[source] = (plan.experts[source] ?? 0) + 1;
    }
    if (this.human) plan.human = { pairs: (this.human.pairs?.actions.length ?? 0) / this.setup.scenario.spec.roles[this.setup.population.role].actionSize, files: this.human.files.length };
    return plan;
  }

  /** Reads the run's human demonstrations again (a person may have driven since), noting what changed. */
  private readHuman(generation: number): void {
    const { runDir, scenario, population } = this.setup;
    this.human = readHumanDemos(runDir!, scenario.spec.name, scenario.spec.roles[population.role]);
    const last = this.humanHistory.at(-1)?.files;
    const same = last && last.length === this.human.files.length && last.every((f, i) => f.file === this.human!.files[i].file && f.sha256 === this.human!.files[i].sha256);
    if (!same && (last || this.human.files.length)) this.humanHistory.push({ generation, files: this.human.files });
  }

  /** What the experts may read of this population's past. */
  private view() {
    const { population, scenario } = this.setup;
    return {
      role: scenario.spec.roles[population.role],
      shape: population.shape,
      method: this.settings.method,
      demos: this.demos,
      dagger: this.dagger,
      dataset: this.dataset,
      human: this.human?.pairs ?? null,
      eliteHistory: this.eliteHistory,
      last: this.last,
      lastPhenotypes: this.lastPhenotypes,
      strategy: this.settings.strategy,
      eliteCount: this.settings.eliteCount,
      line: this.line,
    };
  }

  /** Draws `n` pairs from the sources in proportion to their weights. */
  private mix(sources: { weight: number; pairs: Pairs }[], n: number, rng: Rng): Pairs {
    const { observationSize: o, actionSize: a } = this.setup.scenario.spec.roles[this.setup.population.role];
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
  ingest(generation: number, record: GenerationRecord, phenotypes: Float32Array[], learners: number[], lineage: Int32Array | null = null): void {
    const { observationSize: o, actionSize: a } = this.setup.scenario.spec.roles[this.setup.population.role];
    const { eliteCount, hallOfFame, method } = this.settings;
    // Elite lines and falls, from the parents' figures (the previous record) before it is replaced.
    const elite = new Set(
      Array.from(record.fitness.keys())
        .sort((i, j) => record.fitness[j] - record.fitness[i] || i - j)
        .slice(0, eliteCount),
    );
    const parentOf = (m: number) => (lineage && this.last ? lineage[m] : -1);
    const previous = { line: this.line, fitness: this.last?.fitness ?? null };
    this.line = Int32Array.from(record.fitness, (_, m) => (elite.has(m) ? 1 + (parentOf(m) >= 0 && previous.line ? (previous.line[parentOf(m)] ?? 0) : 0) : 0));
    // Unknown (null) until a generation has parents with figures to compare with: then everyone chosen learns.
    this.fell = lineage && previous.fitness ? Uint8Array.from(record.fitness, (f, m) => (f < previous.fitness![lineage[m]] ? 1 : 0)) : null;
    this.last = record;
    this.lastPhenotypes = phenotypes.map((g) => g.slice());
    if (this.uses('elite')) {
      const order = Array.from(record.fitness.keys()).sort((i, j) => record.fitness[j] - record.fitness[i] || i - j);
      const elites = order.slice(0, eliteCount).map((g) => pairsOf(record, g, o, a));
      this.eliteHistory.push({ observations: concatFloat32(elites.map((p) => p.observations)), actions: concatFloat32(elites.map((p) => p.actions)) });
      // The current generation's elites plus the champions' pairs of `hallOfFame` earlier generations.
      this.eliteHistory = this.eliteHistory.slice(-(hallOfFame + 1));
    }
    if (this.uses('scripted') && method === 'dagger') {
      const rng = new Rng(this.seed(SEED_STREAMS.buffer, generation));
      for (const learner of learners) {
        const visited = pairsOf(record, learner, o, a, true);
        this.dagger.add(visited.observations, visited.actions, rng);
      }
    }
  }

  /** Agreement with the scripted expert on states the learners visited after learning (held out from training). */
  agreement(record: GenerationRecord, learners: number[]): number {
    const { observationSize: o, actionSize: a } = this.setup.scenario.spec.roles[this.setup.population.role];
    let agree = 0;
    let total = 0;
    for (const learner of learners) {
      const own = pairsOf(record, learner, o, a);
      const expert = pairsOf(record, learner, o, a, true);
      for (let i = 0; i < own.actions.length; i += a) {
        let close = true;
        for (let k = 0; k < a; k++) close &&= Math.abs(own.actions[i + k] - expert.actions[i + k]) <= AGREEMENT_TOLERANCE;
        if (close) agree++;
        total++;
      }
    }
    return total ? agree / total : Number.NaN;
  }

  snapshot(): Uint8Array {
    const scorer = this.scorer?.snapshot();
    return pack({
      dagger: this.dagger.snapshot(),
      eliteHistory: this.eliteHistory,
      last: this.last,
      lastPhenotypes: this.lastPhenotypes,
      line: this.line,
      fell: this.fell,
      ...(this.humanHistory.length ? { humanHistory: this.humanHistory } : {}),
      ...(scorer ? { scorer } : {}),
    });
  }

  restore(bytes: Uint8Array): void {
    // MessagePack keeps typed arrays as raw bytes (bin): each one is rebuilt with its own type.
    const state = unpack(bytes);
    const pairs = (p: { observations: Uint8Array; actions: Uint8Array }): Pairs => ({ observations: f32(p.observations), actions: f32(p.actions) });
    this.dagger.restore({ ...pairs(state.dagger), offered: state.dagger.offered });
    this.eliteHistory = state.eliteHistory.map(pairs);
    const last = state.last;
    if (last) {
      const fitness = new Float64Array(copy(last.fitness).buffer);
      // Checkpoints written before matches could end early have no `valid` (every row was recorded)
      // and call the peer `bestArenaMate`.
      const valid = last.valid ? new Int32Array(copy(last.valid).buffer) : new Int32Array(fitness.length).fill(last.samples);
      this.last = {
        samples: last.samples,
        valid,
        ...pairs(last),
        labels: f32(last.labels),
        features: last.features ? f32(last.features) : new Float32Array(0),
        fitness,
        peer: new Int32Array(copy(last.peer ?? last.bestArenaMate).buffer),
        group: last.group ? new Int32Array(copy(last.group).buffer) : new Int32Array(fitness.length).fill(-1),
      };
    } else {
      this.last = null;
    }
    this.lastPhenotypes = state.lastPhenotypes?.map(f32) ?? null;
    this.line = state.line ? new Int32Array(copy(state.line).buffer) : null;
    this.fell = state.fell ? new Uint8Array(copy(state.fell)) : null;
    if (state.scorer) this.scorer?.restore(state.scorer);
    this.humanHistory = state.humanHistory ?? [];
    const used = this.humanHistory.at(-1)?.files;
    if (used && this.setup.runDir) {
      const { scenario, population } = this.setup;
      verifyHumanDemos(this.setup.runDir, scenario.spec.name, scenario.spec.roles[population.role], used);
    }
  }
}

/** An action agrees with the expert's when every component is within this distance. */
export const AGREEMENT_TOLERANCE = 0.25;

/** The source in whose share of the total weight `pick` falls (the last one if rounding overshoots). */
function pickWeighted<T extends { weight: number }>(sources: T[], pick: number): T {
  let left = pick;
  for (const source of sources) {
    left -= source.weight;
    if (left < 0) return source;
  }
  return sources[sources.length - 1];
}

/** A copy, so that the typed array built on it starts aligned. */
function copy(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function f32(bytes: Uint8Array): Float32Array {
  return new Float32Array(copy(bytes).buffer);
}
