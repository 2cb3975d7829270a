/**
 * One generation of any run, for one population or several: learners are trained (imitation),
 * the planner seats every population's members (and past champions) in matches, the matches are
 * played wherever the evaluator plays them, each member's fitness is the mean over the seats it
 * scored in, and the populations' champions, halls of fame, imitation records and algorithms
 * move on. Nothing is changed in place until the generation has been played: a generation that
 * fails leaves every population as it was when it began.
 */
import type { EvolutionAlgorithm } from '../../agents/evolution/algorithm.ts';
import { argmax, max, mean, median } from '../../agents/stats.ts';
import type { Config } from '../config/schema.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import { NO_RECORDING, scoringSeats, type MatchResult, type MatchTask, type RecordOptions, type Team } from '../evaluation/match-task.ts';
import { planGeneration, type PlanInput } from '../evaluation/planner.ts';
import { NO_CONTEXT, type ImitationContext } from '../imitation/experts.ts';
import { recordGeneration } from '../imitation/generation-record.ts';
import type { Imitation } from '../imitation/imitation.ts';
import { imitationMetrics, inherit, learn, type Learning } from '../imitation/learn.ts';
import { criticalSeed, reviewLearners } from '../imitation/critical.ts';
import { archiveOf, seededOf } from './algorithms.ts';
import { trialChampions } from './champion-trials.ts';
import type { HallOfFame, HallOfFameEntry } from './hall-of-fame.ts';
import { championMatch, type ChampionMatch } from '../replays/record-replay.ts';
import type { RunPlan } from './populations.ts';
import type { Scenario } from '../../worlds/scenario.ts';

/** Everything a run carries from one generation to the next. */
export interface RunParts {
  config: Config;
  plan: RunPlan;
  evaluator: Evaluator;
  algorithms: EvolutionAlgorithm[];
  /** Where populations meet: each population's hall of fame (empty lists otherwise). */
  halls: HallOfFame[];
  /** Each population's imitation (null where no population imitates). */
  imitations: (Imitation | null)[];
  /** Each population's champions so far (the latest is what the live view and `rival` show). */
  champions: HallOfFameEntry[][];
}

export interface PopulationOutcome {
  /** The networks that played (learned ones where members learned). */
  phenotypes: Float32Array[];
  fitness: Float64Array;
  /** Mean score (scenario.score) over the seats each member scored in: forage food eaten, sumo wins. */
  score: Float64Array;
  /** Best member this generation, by fitness. */
  best: number;
  /** With feature matching: the world's own fitness and the imitation score that `fitness` weighs together. */
  taskFitness?: Float64Array;
  imitationScore?: Float64Array;
  imitation?: Record<string, unknown>;
}

export interface GenerationOutcome {
  populations: PopulationOutcome[];
  matches: number;
  agentSteps: number;
  nonFiniteActions: number;
  nonFiniteObservations: number;
  /** Seconds spent training learners, when any population imitates. */
  learnSeconds?: number;
  /** The first population's champion's match, kept when this generation saves a replay (replays.every). */
  championMatch?: ChampionMatch | null;
  /** Milliseconds of the main thread's phases (timing: they differ between identical runs). */
  phases?: MainPhases;
}

/**
 * Where the main thread's part of a generation goes, in milliseconds: `breed` (the algorithm's
 * ask and tell), `learn` (imitation: training learners in the shards and reviewing them), `plan`
 * (who meets whom), `play` (waiting for the matches), `combine` (fitness, records, imitation
 * scores and bookkeeping).
 */
export interface MainPhases {
  breed: number;
  learn: number;
  plan: number;
  play: number;
  combine: number;
}

function mainLap(phases: MainPhases, phase: keyof MainPhases, since: number): number {
  const now = performance.now();
  phases[phase] += now - since;
  return now;
}

/** Plays one generation. `onFailure` runs (to save a checkpoint) before a failure is rethrown. */
export async function playGeneration(run: RunParts, generation: number, onFailure: () => void): Promise<GenerationOutcome> {
  const { config, plan, evaluator } = run;
  const { populations, scenario } = plan;
  let clock = performance.now();
  await Promise.all(run.algorithms.map((a) => a.prepare?.())); // after a resume; otherwise done at the end of the last generation
  const genomes = run.algorithms.map((a) => a.ask());
  const phases: MainPhases = { breed: 0, learn: 0, plan: 0, play: 0, combine: 0 };
  clock = mainLap(phases, 'breed', clock);
  let learnings: (Learning | null)[];
  let tasks: MatchTask[];
  let results: MatchResult[];
  let teams: Team[];
  let planInput: PlanInput;
  const imitating = run.imitations.some((i) => i?.active || i?.scores);
  // Sparring against the scripted experts: their team comes after every population's, hall's and archive's.
  const expertFraction = plan.meet ? config.coevolution.expertFraction : 0;
  const expertTeam = 2 * populations.length + (config.coevolution.opponents === 'archive' ? populations.length : 0);
  // Opponents from the rivals' MAP-Elites archives, as they stood when this generation began.
  const archives = config.coevolution.opponents === 'archive' ? run.algorithms.map((a) => (archiveOf(a)?.elites ?? []).map((e) => Float32Array.from(e))) : null;
  try {
    learnings = [];
    for (const p of populations) {
      const imitation = run.imitations[p.index];
      const learning = imitation?.active ? await learn(imitation, p.shape, evaluator, generation, genomes[p.index], run.algorithms[p.index].lineage(), imitationContext(run, p.index)) : null;
      if (learning && p.imitation.strategy === 'critical') {
        const seed = criticalSeed(config.seed, generation, plan.meet ? [p.index] : []);
        learning.rejected = await reviewLearners({ learning, genomes: genomes[p.index], shape: p.shape, evaluator, world: plan.ref, spec: scenario.spec, role: p.role, seed });
      }
      learnings.push(learning);
    }
    clock = mainLap(phases, 'learn', clock);
    planInput = {
      runSeed: config.seed,
      generation,
      spec: scenario.spec,
      populations: populations.map((p) => ({ index: p.index, role: p.role, slot: p.slot, size: genomes[p.index].length, islands: p.evolution.islands.count })),
      hallOfFameSizes: run.halls.map((h) => h.entries.length),
      hallOfFameFraction: config.coevolution.hallOfFameFraction,
      matchesPerMember: config.coevolution.matchesPerMember,
      episodesPerGeneration: config.evolution.episodesPerGeneration,
      arenaMates: config.evolution.arenaMates,
      episodeSeeds: config.evolution.episodeSeeds,
      randomCollaborators: config.coevolution.randomCollaborators,
      ...(archives ? { archiveSizes: archives.map((a) => a.length) } : {}),
      ...(expertFraction > 0 ? { expertOpponents: { team: expertTeam, fraction: expertFraction } } : {}),
    };
    tasks = planGeneration(planInput);
    // Behaviour prediction's stochastic policies act on samples of their Gaussians when bp.sample says so.
    const sample = (p: (typeof populations)[number]) => (p.imitation.method === 'bp' && p.imitation.bp.sample ? { sample: true } : {});
    teams = [
      ...populations.map((p): Team => {
        const learned = learnings[p.index]?.phenotypes;
        // Genomes a strategy drew from the noise table may travel as offsets, unless learners changed them.
        const seeded = learned ? null : seededOf(run.algorithms[p.index]);
        return { kind: 'mlp', shape: p.shape, genomes: learned ?? genomes[p.index], ...sample(p), ...(seeded ? { seeded } : {}) };
      }),
      ...populations.map((p): Team => ({ kind: 'mlp', shape: p.shape, genomes: run.halls[p.index]?.entries.map((e) => e.genome) ?? [], ...sample(p) })),
      ...(archives ?? []).map((genomes, p): Team => ({ kind: 'mlp', shape: populations[p].shape, genomes, ...sample(populations[p]) })),
      ...(expertFraction > 0 ? [{ kind: 'expert' } as const] : []),
    ];
    clock = mainLap(phases, 'plan', clock);
    // MAP-Elites places each genome by its behaviour: the matches then report every seat's feature means.
    const describe = run.algorithms.some((a) => a.describes) ? { describe: true } : {};
    results = await evaluator.play({ world: plan.ref, teams, tasks, record: imitating ? recordOptions(run) : NO_RECORDING, ...describe });
    clock = mainLap(phases, 'play', clock);
  } catch (error) {
    onFailure(); // the populations are as they were when this generation began
    throw error;
  }
  const best = plan.cooperative && config.coevolution.credit === 'best';
  const seats = memberScores(
    scenario,
    tasks,
    results,
    genomes.map((g) => g.length),
    best,
  );
  // Where roles meet, optionally: the champion is the best few's best in extra matches against the halls of fame.
  const trials = plan.meet && !plan.cooperative ? config.coevolution.championTrials : 0;
  let champions: number[] | null = null;
  // Their results stay apart: their match indices restart at 0. They count in the steps played.
  let trialResults: MatchResult[] = [];
  if (trials > 0) {
    try {
      ({ champions, results: trialResults } = await trialChampions({ evaluator, world: plan.ref, plan: planInput, teams, fitness: seats.map((s) => s.fitness), trials }));
    } catch (error) {
      onFailure();
      throw error;
    }
  }
  const outcome: GenerationOutcome = { populations: [], matches: tasks.length, ...totals([...results, ...trialResults]) };
  let scoringSeconds = 0;
  for (const p of populations) {
    const learning = learnings[p.index];
    const phenotypes = learning?.phenotypes ?? genomes[p.index];
    const { fitness: task, score } = seats[p.index];
    const imitation = run.imitations[p.index];
    const record = imitation && imitating ? recordGeneration(tasks, results, p.index, scenario.spec.roles, p.role, task, plan.meet) : null;
    // What selection sees: taskWeight x the world's fitness, plus imitationWeight x the imitation score (fm, gail, gaifo).
    const scoringStarted = performance.now();
    const scored = record && imitation?.scores ? imitation.imitationScores(record, generation) : undefined;
    if (scored) scoringSeconds += (performance.now() - scoringStarted) / 1000;
    const imitationScore = scored?.scores;
    const { taskWeight, imitationWeight } = p.imitation;
    const fitness = task.map((t, m) => taskWeight * t + (imitationScore ? imitationWeight * imitationScore[m] : 0));
    const parts = imitationScore ? { taskFitness: task, imitationScore } : {};
    const population: PopulationOutcome = { phenotypes, fitness, score, best: champions?.[p.index] ?? argmax(fitness), ...parts };
    if (scored?.report) population.imitation = { discriminatorAccuracy: scored.report.accuracy, discriminatorLoss: scored.report.loss };
    if (imitation && record) {
      const learners = learning?.plan.learners ?? [];
      imitation.ingest(generation, record, phenotypes, learners, run.algorithms[p.index].lineage());
      if (learning) {
        population.imitation = imitationMetrics(learning, imitation.agreement(record, learners));
        inherit(imitation, learning, genomes[p.index]);
      }
    }
    outcome.populations.push(population);
  }
  // Learning time: training learners, and scoring behaviour (the discriminator's training among it).
  if (learnings.some((l) => l) || scoringSeconds > 0) outcome.learnSeconds = learnings.reduce((s, l) => s + (l?.seconds ?? 0), scoringSeconds);
  // Before tell: the genomes that played are copied while they are still this generation's.
  if (config.replays.keep > 0 && generation % config.replays.every === 0) {
    outcome.championMatch = championMatch(plan.ref, teams, tasks, results, 0, outcome.populations[0].best);
  }
  clock = mainLap(phases, 'combine', clock);
  run.algorithms.forEach((a, i) => a.tell(outcome.populations[i].fitness, a.describes ? memberBehaviour(tasks, results, i, genomes[i].length) : undefined));
  // Long preparations (full CMA-ES's eigendecomposition) run on a thread now, before a checkpoint's snapshot would ask for the next genomes.
  await Promise.all(run.algorithms.map((a) => a.prepare?.()));
  mainLap(phases, 'breed', clock);
  outcome.phases = phases;
  return outcome;
}

/**
 * Each member's fitness and score over the seats it scored in this generation: their mean, or in
 * cooperative co-evolution with `coevolution.credit: "best"` the best trial's (its score with it).
 */
export function memberScores(scenario: Scenario, tasks: MatchTask[], results: MatchResult[], sizes: number[], best: boolean) {
  const scored = sizes.map((size) => ({ fitness: new Float64Array(size).fill(best ? -Infinity : 0), score: new Float64Array(size), plays: new Int32Array(size) }));
  const byIndex = new Map(results.map((r) => [r.index, r]));
  const seats = tasks.map((task) => {
    const result = byIndex.get(task.index);
    if (!result) throw new Error(`generation: no result for match ${task.index}`);
    return { result, scoring: scoringSeats(task) };
  });
  for (const { scoring } of seats) for (const { seat } of scoring) scored[seat.team].plays[seat.member]++;
  for (const { result, scoring } of seats) {
    for (const { role, slot, seat } of scoring) {
      const s = scored[seat.team];
      const fitness = result.fitness[role][slot];
      const score = scenario.score(result.outcome, role, slot);
      if (!best) {
        s.fitness[seat.member] += fitness / s.plays[seat.member];
        s.score[seat.member] += score / s.plays[seat.member];
      } else if (fitness > s.fitness[seat.member]) {
        s.fitness[seat.member] = fitness;
        s.score[seat.member] = score;
      }
    }
  }
  return scored;
}

/** Each member of population (team) `team`: its behaviour features averaged over the seats it scored in (MatchResult.behaviour). */
export function memberBehaviour(tasks: MatchTask[], results: MatchResult[], team: number, size: number): Float64Array[] {
  const sums: Float64Array[] = [];
  const plays = new Int32Array(size);
  const byIndex = new Map(results.map((r) => [r.index, r]));
  for (const task of tasks) {
    const behaviour = byIndex.get(task.index)?.behaviour;
    if (!behaviour) throw new Error(`generation: match ${task.index} reported no behaviour`);
    for (const { role, slot, seat } of scoringSeats(task)) {
      if (seat.team !== team) continue;
      const f = behaviour[role].length / task.seats[role].length;
      sums[seat.member] ??= new Float64Array(f);
      for (let k = 0; k < f; k++) sums[seat.member][k] += behaviour[role][slot * f + k];
      plays[seat.member]++;
    }
  }
  return Array.from({ length: size }, (_, m) => sums[m]?.map((v) => v / plays[m]) ?? new Float64Array(0));
}

function totals(results: MatchResult[]) {
  const sum = { agentSteps: 0, nonFiniteActions: 0, nonFiniteObservations: 0 };
  for (const r of results) {
    sum.agentSteps += r.agentSteps;
    sum.nonFiniteActions += r.nonFiniteActions;
    sum.nonFiniteObservations += r.nonFiniteObservations;
  }
  return sum;
}

/** Pairs are recorded as often as the most eager imitating population asks. */
function recordOptions(run: RunParts): RecordOptions {
  const every = Math.min(...run.imitations.flatMap((i) => (i?.active || i?.scores ? [i.settings.recordEvery] : [])));
  return { every, expertLabels: true };
}

/** What the other populations offer population `p`'s learners: rival champions and past champions. */
function imitationContext(run: RunParts, p: number): ImitationContext {
  const { populations, scenario } = run.plan;
  if (!run.plan.meet) return NO_CONTEXT;
  const own = populations[p];
  const alike = scenario.spec.symmetric;
  const rivals = alike ? populations.filter((q) => q.role !== own.role) : [];
  // Cooperative slots see and act alike (carry): the other slots' champions are teammates to learn from.
  const teammates = run.plan.cooperative ? populations.filter((q) => q.index !== p) : [];
  return {
    rivals: rivals.flatMap((q) => {
      const champion = run.champions[q.index].at(-1);
      return champion ? [{ shape: q.shape, genome: champion.genome, record: run.imitations[q.index]?.lastRecord ?? null }] : [];
    }),
    fame: [own, ...rivals].flatMap((q) => run.halls[q.index].entries.map((e) => ({ shape: q.shape, genome: e.genome }))),
    teammates: teammates.flatMap((q) => {
      const champion = run.champions[q.index].at(-1);
      const record = run.imitations[q.index]?.lastRecord ?? null;
      return champion ? [{ shape: q.shape, genome: champion.genome, record, fitness: record ? Math.max(...record.fitness) : Number.NEGATIVE_INFINITY }] : [];
    }),
  };
}

/** The metrics of each population: fitness, score (as `eaten` in a world of one role) and imitation. */
export function populationStats(outcome: PopulationOutcome) {
  const { fitness, score, taskFitness, imitationScore } = outcome;
  const stats = (values: Float64Array) => ({ best: max(values), mean: mean(values), median: median(values) });
  return {
    fitness: stats(fitness),
    ...(taskFitness && imitationScore ? { taskFitness: stats(taskFitness), imitationScore: stats(imitationScore) } : {}),
    score: { best: max(score), mean: mean(score) },
  };
}
