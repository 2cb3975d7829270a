/**
 * Who meets whom in a generation, and with which seed: one planner for every world. Teams are
 * numbered: population p's current members are team p, its hall of fame is team
 * populations.length + p. Everything derives from the run seed, the generation and the match's
 * index, never from the worker that plays it, so results do not depend on how matches are spread.
 *
 * - A world of one role (forage, locomotion) whose seats all score: each of
 *   `episodesPerGeneration` episodes shuffles the population (within each island, so that islands
 *   never meet) and fills arenas in order; every seat scores. With `evolution.arenaMates:
 *   "clones"`, each member's clones fill its own arenas instead, as in carry.
 * - A world where roles meet (sumo, pursuit): every member of every population plays
 *   `matchesPerMember` matches as the focal player of its role, the only seat that scores. The
 *   other seats of its role are filled by members of its own population (teammates), and the
 *   seats of other roles by opponents: a population of that role chosen at random, then with
 *   probability `hallOfFameFraction` one of its hall-of-fame champions, otherwise a current member
 *   (or, with `coevolution.opponents: "archive"`, an elite of its MAP-Elites archive). With
 *   `coevolution.expertFraction` above 0, an opponent is first, with that probability, the
 *   scripted expert of its role. With `coevolution.championTrials`, the fittest few then play extra
 *   matches against the halls of fame to pick the champion (planChampionTrials).
 * - A world whose seats are one team (carry), homogeneous: each member's clones fill every seat of
 *   `episodesPerGeneration` arenas; every seat scores (the team's shared score).
 * - The same, cooperative (Potter and De Jong's CCEA): population p fills slot p. Each member plays
 *   1 + `randomCollaborators` trials, the only scoring seat being its own: first with the other
 *   populations' previous-generation best (the newest of their halls of fame; a random member
 *   before there is one), then with random current members of theirs.
 */
import { Rng, deriveSeed } from '../../agents/rng.ts';
import type { ScenarioSpec } from '../../worlds/scenario.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import type { MatchTask, Seat } from './match-task.ts';

/** Who shares a genome's arenas in a world of one role (`evolution.arenaMates`). */
export const ARENA_MATES = ['shuffled', 'clones'] as const;
export type ArenaMates = (typeof ARENA_MATES)[number];

/**
 * Where each member fills its own arenas (`evolution.arenaMates: "clones"`, carry homogeneous):
 * every arena its own seed, or episode e of every member on the same seed (`shared`, common random
 * numbers), so that members differ by their play, not by the food they happened to get.
 */
export const EPISODE_SEEDS = ['per-arena', 'shared'] as const;
export type EpisodeSeeds = (typeof EPISODE_SEEDS)[number];

export interface PlannedPopulation {
  index: number;
  /** The role its members play. */
  role: number;
  size: number;
  /** Islands it is split into (members island * size / islands ...); 1 for none. */
  islands: number;
  /** Cooperative co-evolution: the team slot it fills. */
  slot?: number;
}

export interface PlanInput {
  runSeed: number;
  generation: number;
  spec: ScenarioSpec;
  populations: PlannedPopulation[];
  /** Champions in each population's hall of fame (match worlds). */
  hallOfFameSizes: number[];
  hallOfFameFraction: number;
  /**
   * Where roles meet, with `coevolution.opponents: "archive"`: the elites in each population's
   * MAP-Elites archive (team 2 × populations.length + p), from which opponents that are not from
   * the hall of fame are drawn once there are any. Absent: opponents are current members.
   */
  archiveSizes?: number[];
  matchesPerMember: number;
  /**
   * Where roles meet, with `coevolution.expertFraction` above 0: the team of scripted experts, and
   * the chance that an opponent seat is theirs. Absent: no expert opponents (and no draw for them,
   * so plans without them are the same as before the option).
   */
  expertOpponents?: { team: number; fraction: number };
  episodesPerGeneration: number;
  /** Worlds of one role: shuffled members share arenas (the default), or each member plays among its clones. */
  arenaMates?: ArenaMates;
  /** Where each member fills its own arenas: a seed per arena (the default), or one per episode shared by every member. */
  episodeSeeds?: EpisodeSeeds;
  /** Cooperative co-evolution: trials with random collaborators besides the one with the best. */
  randomCollaborators?: number;
}

export function planGeneration(input: PlanInput): MatchTask[] {
  if (input.spec.team) return input.populations.length === 1 ? cloneArenas(input) : cooperativeTrials(input);
  if (input.spec.roles.length > 1) return focalMatches(input);
  return input.arenaMates === 'clones' ? cloneArenas(input) : fillArenas(input);
}

/** A team world, homogeneous, or a world of one role among clones: a member's clones fill every seat of its arenas, and every seat scores. */
function cloneArenas(input: PlanInput): MatchTask[] {
  const { runSeed, generation, spec, populations } = input;
  const tasks: MatchTask[] = [];
  for (let member = 0; member < populations[0].size; member++) {
    for (let episode = 0; episode < input.episodesPerGeneration; episode++) {
      const index = tasks.length;
      const seats = [Array.from({ length: spec.roles[0].slots }, (): Seat => ({ team: 0, member, scores: true }))];
      // Shared: member 0's seeds, the same as per arena, for every member.
      tasks.push({ index, seed: deriveSeed(runSeed, generation, input.episodeSeeds === 'shared' ? episode : index), seats });
    }
  }
  return tasks;
}

/** A team world, cooperative: each member plays its slot with the best, then random, collaborators from the other slots' populations. */
function cooperativeTrials(input: PlanInput): MatchTask[] {
  const { runSeed, generation, spec, populations, hallOfFameSizes } = input;
  const bySlot = new Map(populations.map((p) => [p.slot ?? p.index, p]));
  if (bySlot.size !== spec.roles[0].slots) throw new Error(`planner: a cooperative team of ${spec.roles[0].slots} needs a population per slot, not ${bySlot.size}`);
  const tasks: MatchTask[] = [];
  for (const population of populations) {
    for (let member = 0; member < population.size; member++) {
      const rng = new Rng(deriveSeed(runSeed, SEED_STREAMS.matchmaking, generation, population.index, member));
      for (let trial = 0; trial <= (input.randomCollaborators ?? 0); trial++) {
        const seats = [
          Array.from({ length: spec.roles[0].slots }, (_, slot): Seat => {
            const other = bySlot.get(slot)!;
            if (other === population) return { team: population.index, member, scores: true };
            const fame = hallOfFameSizes[other.index];
            // The collaborator of the first trial is the other population's latest champion.
            if (trial === 0 && fame > 0) return { team: populations.length + other.index, member: fame - 1 };
            return { team: other.index, member: rng.int(other.size) };
          }),
        ];
        const index = tasks.length;
        tasks.push({ index, seed: deriveSeed(runSeed, generation, index), seats });
      }
    }
  }
  return tasks;
}

/** Worlds of one role: shuffled members fill the arenas; every seat scores. */
function fillArenas(input: PlanInput): MatchTask[] {
  const { runSeed, generation, populations, spec } = input;
  if (populations.length !== 1) throw new Error(`planner: a world of one role plays one population, not ${populations.length}`);
  const { size, islands } = populations[0];
  const perArena = spec.roles[0].slots;
  const islandSize = size / islands;
  const tasks: MatchTask[] = [];
  for (let episode = 0; episode < input.episodesPerGeneration; episode++) {
    const rng = new Rng(deriveSeed(runSeed, SEED_STREAMS.plan, generation, episode));
    const order: number[] = [];
    for (let island = 0; island < islands; island++) {
      order.push(...rng.shuffle(Array.from({ length: islandSize }, (_, i) => island * islandSize + i)));
    }
    for (let start = 0; start < size; start += perArena) {
      const index = tasks.length;
      const seats = order.slice(start, start + perArena).map((member): Seat => ({ team: 0, member, scores: true }));
      tasks.push({ index, seed: deriveSeed(runSeed, generation, index), seats: [seats] });
    }
  }
  return tasks;
}

/**
 * Champion trials where roles meet (`coevolution.championTrials`): each population's candidates
 * (its best members by fitness) play `trials` more matches as focal players, every opponent from
 * the rival's hall of fame (a current member while it is empty), with seeds of their own stream.
 */
export function planChampionTrials(input: PlanInput, candidates: number[][], trials: number): MatchTask[] {
  const only = { ...input, hallOfFameFraction: 1, archiveSizes: undefined, expertOpponents: undefined, matchesPerMember: trials };
  return focalMatches(only, (p) => candidates[p.index], [SEED_STREAMS.championTrials]);
}

/** Worlds where roles meet: each member (of `members`, by default all) is the focal (scoring) player of its own matches. */
function focalMatches(input: PlanInput, members = (p: PlannedPopulation) => Array.from({ length: p.size }, (_, m) => m), salt: number[] = []): MatchTask[] {
  const { runSeed, generation, spec, populations, hallOfFameSizes, hallOfFameFraction, archiveSizes, expertOpponents } = input;
  const tasks: MatchTask[] = [];
  const byRole = spec.roles.map((_, r) => populations.filter((p) => p.role === r));
  for (const population of populations) {
    for (const member of members(population)) {
      for (let episode = 0; episode < input.matchesPerMember; episode++) {
        const rng = new Rng(deriveSeed(runSeed, SEED_STREAMS.matchmaking, ...salt, generation, population.index, member, episode));
        const seats: Seat[][] = spec.roles.map((role, r) =>
          Array.from({ length: role.slots }, (_, slot): Seat => {
            if (r === population.role) {
              if (slot === 0) return { team: population.index, member, scores: true };
              return { team: population.index, member: rng.int(population.size) };
            }
            if (expertOpponents && rng.next() < expertOpponents.fraction) return { team: expertOpponents.team, member: 0 };
            const rival = byRole[r][rng.int(byRole[r].length)];
            const fame = hallOfFameSizes[rival.index];
            if (fame > 0 && rng.next() < hallOfFameFraction) return { team: populations.length + rival.index, member: rng.int(fame) };
            const archived = archiveSizes?.[rival.index] ?? 0;
            if (archived > 0) return { team: 2 * populations.length + rival.index, member: rng.int(archived) };
            return { team: rival.index, member: rng.int(rival.size) };
          }),
        );
        const index = tasks.length;
        tasks.push({ index, seed: deriveSeed(runSeed, ...salt, generation, index), seats });
      }
    }
  }
  return tasks;
}

/** What a world of one role plans for one population of `size`, without islands (benchmarks, tools, tests). */
export function onePopulationPlan(spec: ScenarioSpec, runSeed: number, generation: number, size: number): PlanInput {
  return {
    runSeed,
    generation,
    spec,
    populations: [{ index: 0, role: 0, size, islands: 1 }],
    hallOfFameSizes: [0],
    hallOfFameFraction: 0,
    matchesPerMember: 1,
    episodesPerGeneration: 1,
  };
}
