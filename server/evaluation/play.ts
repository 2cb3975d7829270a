/**
 * Plays a batch of matches in lockstep: one arena per match, one controller per (team, role)
 * group of seats. Everything random comes from each match's seed, so a match gives the same
 * result in any batch, on any thread. When the batch asks, every `record.every`-th step of each
 * scoring seat is kept, with the role's scripted expert's label, for imitation.
 */
import { actionStd, parameterCount, type MlpShape } from '../../agents/mlp.ts';
import { policyBatchFactory } from '../../agents/policy-batch.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import { createScenario } from '../../worlds/registry.ts';
import { lap } from '../../worlds/phase-clock.ts';
import { rollout, type SeatGroup, type StepHook } from '../../worlds/rollout.ts';
import type { Arena, Controller, DisposableController, Scenario, ScenarioSpec } from '../../worlds/scenario.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import type { Engine } from './engine.ts';
import { NO_RECORDING, scoringSeats, type MatchBatch, type MatchRecording, type MatchResult, type MatchTask, type ScenarioRef, type Team } from './match-task.ts';

const scenarios = new Map<string, Scenario>();

/** Worlds are built once per thread for each distinct description (a schedule's changes make new ones). */
export function scenarioOf(ref: ScenarioRef): Scenario {
  const key = JSON.stringify([ref.scenario, ref.worlds[ref.scenario as keyof typeof ref.worlds], ref.bodies, ref.gravity]);
  let scenario = scenarios.get(key);
  if (!scenario) {
    scenario = createScenario(ref.scenario, ref.worlds, ref.bodies, ref.gravity);
    // A drifting schedule describes a new world every generation: keep only the latest few.
    if (scenarios.size >= 16) scenarios.delete(scenarios.keys().next().value as string);
    scenarios.set(key, scenario);
  }
  return scenario;
}

/** Sees every arena of a batch as it plays (a replay's recorder): before each control step, and once at the end. */
export interface MatchWatcher {
  beforeStep(step: number, arenas: Arena[]): void;
  end(arenas: Arena[]): void;
}

export function playMatches(engine: Engine, batch: MatchBatch, watcher?: MatchWatcher): MatchResult[] {
  const scenario = scenarioOf(batch.world);
  const { spec } = scenario;
  checkTeams(batch, scenario);
  let clock = performance.now();
  const arenas = batch.tasks.map((task) => scenario.createArena(engine.rapier, task.seed));
  const disposables: DisposableController[] = [];
  try {
    const groups: SeatGroup[] = [];
    batch.teams.forEach((team, t) => {
      spec.roles.forEach((role, r) => {
        const rows: number[] = [];
        const members: number[] = [];
        const seeds: number[] = [];
        batch.tasks.forEach((task, i) =>
          task.seats[r].forEach((seat, slot) => {
            if (seat.team !== t) return;
            rows.push(i * role.slots + slot);
            members.push(seat.member);
            seeds.push(deriveSeed(task.seed, SEED_STREAMS.randomActions, r, slot));
          }),
        );
        if (rows.length === 0) return;
        const controller = controllerFor(engine, team, members, seeds, scenario.experts[r], disposables);
        groups.push({ role: r, controller, rows: Int32Array.from(rows) });
      });
    });
    const recorder = (batch.record ?? NO_RECORDING).every > 0 ? new Recorder(scenario, batch, arenas) : null;
    const describer = batch.describe ? new Describer(spec, arenas) : null;
    clock = lap('build', clock); // arenas, policies (weights packed into tensors) and recorders
    const hooks: StepHook[] = [];
    if (recorder) hooks.push(recorder.hook);
    if (describer) hooks.push(describer.hook);
    if (watcher) hooks.push((step) => watcher.beforeStep(step, arenas));
    const hook: StepHook | undefined = hooks.length > 1 ? (step, observations, actions) => hooks.forEach((h) => h(step, observations, actions)) : hooks[0];
    const stats = rollout(arenas, spec, groups, hook);
    watcher?.end(arenas);
    clock = performance.now();
    const results = batch.tasks.map((task, i) => ({
      index: task.index,
      fitness: arenas[i].fitness.map((f) => f.slice()),
      outcome: arenas[i].outcome.map((o) => o.slice()),
      // Agent-steps are counted in physics steps, the unit the benchmarks compare with raw Rapier.
      agentSteps: stats[i].agentSteps * spec.actionRepeat,
      nonFiniteActions: stats[i].nonFiniteActions,
      nonFiniteObservations: stats[i].nonFiniteObservations,
      ...(recorder ? { recording: recorder.recordings[i] } : {}),
      ...(describer ? { behaviour: describer.means(i) } : {}),
    }));
    lap('pack', clock);
    return results;
  } finally {
    for (const d of disposables) d.dispose();
    for (const arena of arenas) arena.dispose();
  }
}

/** Keeps every `every`-th step of each scoring seat while its match lasts. */
class Recorder {
  readonly recordings: MatchRecording[];
  private readonly seats: { role: number; slot: number; obsAt: number; actAt: number; featAt: number }[][];
  private readonly labels: Float32Array[];
  private readonly features: Float32Array[];

  constructor(
    private readonly scenario: Scenario,
    private readonly batch: MatchBatch,
    private readonly arenas: Arena[],
  ) {
    const { spec } = scenario;
    const every = batch.record!.every;
    const samples = Math.ceil(spec.episodeSteps / every);
    this.seats = batch.tasks.map((task: MatchTask) => {
      let obsAt = 0;
      let actAt = 0;
      let featAt = 0;
      return scoringSeats(task).map(({ role, slot }) => {
        const at = { role, slot, obsAt, actAt, featAt };
        obsAt += samples * spec.roles[role].observationSize;
        actAt += samples * spec.roles[role].actionSize;
        featAt += samples * spec.roles[role].features.length;
        return at;
      });
    });
    this.recordings = this.seats.map((seats) => {
      const obs = seats.reduce((n, s) => n + samples * spec.roles[s.role].observationSize, 0);
      const act = seats.reduce((n, s) => n + samples * spec.roles[s.role].actionSize, 0);
      const feat = seats.reduce((n, s) => n + samples * spec.roles[s.role].features.length, 0);
      return {
        samples,
        valid: new Int32Array(seats.length),
        observations: new Float32Array(obs),
        actions: new Float32Array(act),
        labels: new Float32Array(batch.record!.expertLabels ? act : 0),
        features: new Float32Array(feat),
      };
    });
    this.labels = spec.roles.map((role) => new Float32Array(arenas.length * role.slots * role.actionSize));
    this.features = spec.roles.map((role) => new Float32Array(role.slots * role.features.length));
  }

  readonly hook: StepHook = (step, observations, actions) => {
    const { every, expertLabels } = this.batch.record!;
    if (step % every !== 0) return;
    const sample = step / every;
    const { roles } = this.scenario.spec;
    if (expertLabels) roles.forEach((role, r) => this.scenario.experts[r](observations[r], this.arenas.length * role.slots, this.labels[r]));
    this.arenas.forEach((arena, i) => {
      if (arena.done) return;
      const rec = this.recordings[i];
      const measured = new Set<number>();
      this.seats[i].forEach(({ role, slot, obsAt, actAt, featAt }, k) => {
        const { observationSize: o, actionSize: a, slots, features } = roles[role];
        const row = i * slots + slot;
        if (!measured.has(role)) {
          arena.features(role, this.features[role]);
          measured.add(role);
        }
        const f = features.length;
        rec.features.set(this.features[role].subarray(slot * f, (slot + 1) * f), featAt + sample * f);
        rec.observations.set(observations[role].subarray(row * o, (row + 1) * o), obsAt + sample * o);
        rec.actions.set(actions[role].subarray(row * a, (row + 1) * a), actAt + sample * a);
        if (expertLabels) rec.labels.set(this.labels[role].subarray(row * a, (row + 1) * a), actAt + sample * a);
        rec.valid[k] = sample + 1;
      });
    });
  };
}

/** Sums each seat's behaviour features over the control steps its arena plays, for their episode means. */
class Describer {
  private readonly sums: Float64Array[][];
  private readonly steps: Int32Array;
  private readonly values: Float32Array[];

  constructor(
    private readonly spec: ScenarioSpec,
    private readonly arenas: Arena[],
  ) {
    this.sums = arenas.map(() => spec.roles.map((role) => new Float64Array(role.slots * role.features.length)));
    this.steps = new Int32Array(arenas.length);
    this.values = spec.roles.map((role) => new Float32Array(role.slots * role.features.length));
  }

  readonly hook: StepHook = () => {
    this.arenas.forEach((arena, i) => {
      if (arena.done) return;
      this.spec.roles.forEach((_, r) => {
        arena.features(r, this.values[r]);
        const sum = this.sums[i][r];
        for (let k = 0; k < sum.length; k++) sum[k] += this.values[r][k];
      });
      this.steps[i]++;
    });
  };

  /** Arena `i`'s episode means, per role, slot by slot. */
  means(i: number): Float64Array[] {
    return this.sums[i].map((sum) => sum.map((v) => v / Math.max(1, this.steps[i])));
  }
}

function controllerFor(engine: Engine, team: Team, members: number[], seeds: number[], expert: Controller, disposables: DisposableController[]): Controller {
  switch (team.kind) {
    case 'expert':
      return expert;
    case 'random': {
      const streams = seeds.map((seed) => new Rng(seed));
      return (_obs, count, actions) => {
        const size = actions.length / count;
        for (let k = 0; k < count; k++) for (let j = 0; j < size; j++) actions[k * size + j] = streams[k].uniform(-1, 1);
      };
    }
    case 'mlp': {
      const genomes = members.map((m) => team.genomes[m]);
      const policy = policyBatchFactory(engine.inference, team.shape, engine.tf)(genomes);
      disposables.push(policy);
      return team.sample && team.shape.stochastic ? sampling(policy.controller, team.shape, genomes, seeds) : policy.controller;
    }
  }
}

/** A stochastic policy acting on samples of its Gaussian: the mean plus its own standard deviation times seeded noise, per seat. */
function sampling(mean: Controller, shape: MlpShape, genomes: Float32Array[], seeds: number[]): Controller {
  const streams = seeds.map((seed) => new Rng(seed));
  const std = genomes.map((genome) => Array.from({ length: shape.outputSize }, (_, k) => actionStd(shape, genome, k)));
  return (observations, count, actions) => {
    mean(observations, count, actions);
    for (let s = 0; s < count; s++) for (let k = 0; k < shape.outputSize; k++) actions[s * shape.outputSize + k] += std[s][k] * streams[s].gaussian();
  };
}

/** A network team must fit every role it sits in; genomes must fit the network. */
function checkTeams(batch: MatchBatch, scenario: Scenario): void {
  const { roles } = scenario.spec;
  batch.teams.forEach((team, t) => {
    if (team.kind !== 'mlp') return;
    const expected = parameterCount(team.shape);
    const wrong = team.genomes.findIndex((g) => g.length !== expected);
    if (wrong >= 0) throw new Error(`team ${t}: genome ${wrong} has ${team.genomes[wrong].length} values, the network needs ${expected}`);
    batch.tasks.forEach((task) =>
      task.seats.forEach((seats, r) => {
        if (!seats.some((s) => s.team === t)) return;
        if (team.shape.inputSize !== roles[r].observationSize || team.shape.outputSize !== roles[r].actionSize) {
          throw new Error(`team ${t}: a ${team.shape.inputSize}-in ${team.shape.outputSize}-out network cannot play ${roles[r].name} (${roles[r].observationSize} in, ${roles[r].actionSize} out)`);
        }
      }),
    );
  });
}
