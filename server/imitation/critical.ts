/**
 * The `critical` strategy's second look: after learning, each learner's learned network and its
 * innate one play one extra evaluation on equal terms, and the learned one is kept only if it
 * scores no worse. In a world of one role the two versions of a learner share an arena (up to
 * half its seats are learners' pairs), so they meet the same food and company; where roles meet,
 * each version plays a match of the same seed against the other roles' scripted experts. The
 * matches are seeded from the run, the generation and the learner, so the verdict is the same on
 * any number of workers.
 */
import { deriveSeed } from '../../agents/rng.ts';
import type { MlpShape } from '../../agents/mlp.ts';
import type { ScenarioSpec } from '../../worlds/scenario.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import type { MatchTask, ScenarioRef, Seat } from '../evaluation/match-task.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import type { Learning } from './learn.ts';

export interface CriticalInput {
  learning: Learning;
  /** The innate genomes, by member index. */
  genomes: Float32Array[];
  shape: MlpShape;
  evaluator: Evaluator;
  world: ScenarioRef;
  spec: ScenarioSpec;
  role: number;
  seed: (...parts: number[]) => number;
}

/** Reverts the learners whose learned network scored worse than their innate one; returns how many were reverted. */
export async function reviewLearners(input: CriticalInput): Promise<number> {
  const { learning, genomes, spec, role } = input;
  const learners = learning.plan.learners;
  if (!learners.length) return 0;
  // Team 0: the learned networks, team 1: the innate ones, member k being learners[k]; team 2: the scripted experts.
  const teams = [
    { kind: 'mlp' as const, shape: input.shape, genomes: learners.map((g) => learning.phenotypes[g]) },
    { kind: 'mlp' as const, shape: input.shape, genomes: learners.map((g) => genomes[g]) },
    { kind: 'expert' as const },
  ];
  const tasks = spec.roles.length === 1 ? sharedArenas(learners.length, spec.roles[0].slots, input.seed) : pairedMatches(learners.length, spec, role, input.seed);
  const results = await input.evaluator.play({ world: input.world, teams, tasks });
  const score = [new Float64Array(learners.length), new Float64Array(learners.length)];
  const byIndex = new Map(results.map((r) => [r.index, r]));
  for (const task of tasks) {
    task.seats.forEach((seats, r) =>
      seats.forEach((seat, slot) => {
        if (seat.scores) score[seat.team][seat.member] += byIndex.get(task.index)!.fitness[r][slot];
      }),
    );
  }
  const kept: number[] = [];
  const outcomes = learning.outcomes.filter((_, k) => {
    if (score[0][k] >= score[1][k]) {
      kept.push(learners[k]);
      return true;
    }
    learning.phenotypes[learners[k]] = genomes[learners[k]];
    return false;
  });
  const rejected = learners.length - kept.length;
  learning.plan.learners = kept;
  learning.outcomes = outcomes;
  const keep = new Set(kept);
  learning.plan.data = learning.plan.data.filter((_, k) => keep.has(learners[k]));
  return rejected;
}

/** One role: arenas holding learners' (learned, innate) pairs side by side, spare seats filled by an innate copy that does not score. */
function sharedArenas(count: number, slots: number, seed: (...parts: number[]) => number): MatchTask[] {
  const perArena = Math.max(1, Math.floor(slots / 2));
  const tasks: MatchTask[] = [];
  for (let first = 0; first < count; first += perArena) {
    const members = Array.from({ length: Math.min(perArena, count - first) }, (_, i) => first + i);
    const seats: Seat[] = members.flatMap((m) => [
      { team: 0, member: m, scores: true },
      { team: 1, member: m, scores: true },
    ]);
    if (slots === 1) {
      // An arena of one seat cannot hold a pair: the two versions play arenas of the same seed.
      const index = tasks.length;
      tasks.push({ index, seed: seed(first), seats: [[seats[0]]] }, { index: index + 1, seed: seed(first), seats: [[seats[1]]] });
      continue;
    }
    while (seats.length < slots) seats.push({ team: 1, member: members[0] });
    tasks.push({ index: tasks.length, seed: seed(first), seats: [seats] });
  }
  return tasks;
}

/** Roles meet: each version of each learner plays a match of one seed, its teammates copies of itself, the other roles scripted. */
function pairedMatches(count: number, spec: ScenarioSpec, role: number, seed: (...parts: number[]) => number): MatchTask[] {
  const tasks: MatchTask[] = [];
  for (let m = 0; m < count; m++) {
    for (const team of [0, 1]) {
      const seats = spec.roles.map((r, k) => Array.from({ length: r.slots }, (_, slot): Seat => (k === role ? { team, member: m, scores: slot === 0 } : { team: 2, member: 0 })));
      tasks.push({ index: tasks.length, seed: seed(m), seats });
    }
  }
  return tasks;
}

export function criticalSeed(runSeed: number, generation: number, streamParts: number[]) {
  return (...parts: number[]) => deriveSeed(runSeed, SEED_STREAMS.critical, generation, ...parts, ...streamParts);
}
