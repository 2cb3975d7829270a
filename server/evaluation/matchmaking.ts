/**
 * Who meets whom in a co-evolution generation. Every member of every population plays
 * `episodes` matches as the focal player of its role; the other seats of its role are filled by
 * members of its own population (teammates), and the seats of other roles by opponents: a
 * population of that role chosen at random, then with probability `hallOfFameFraction` one of
 * its hall-of-fame champions, otherwise one of its current members. Only the focal player's
 * score counts toward its fitness. Everything comes from the run seed and the generation.
 */
import { Rng, deriveSeed } from '../../agents/rng.ts';
import type { MatchSpec } from '../../worlds/match.ts';
import type { MatchTask, Seat } from './match-task.ts';
import type { Population } from '../run/populations.ts';

/** Salt of the matchmaking streams. */
const MATCH_STREAM = 0x6d617463;

export interface MatchPlan {
  tasks: MatchTask[];
  /** For each task, the focal player: its population and member. */
  focal: { population: number; member: number }[];
}

/**
 * Teams are numbered: population p's current members are team p; its hall of fame is team
 * populations.length + p.
 */
export function planMatches(
  runSeed: number,
  generation: number,
  spec: MatchSpec,
  populations: Population[],
  hallOfFameSizes: number[],
  hallOfFameFraction: number,
  episodes: number,
): MatchPlan {
  const tasks: MatchTask[] = [];
  const focal: MatchPlan['focal'] = [];
  const byRole = spec.roles.map((_, r) => populations.filter((p) => p.role === r));
  for (const population of populations) {
    for (let member = 0; member < population.ga.populationSize; member++) {
      for (let episode = 0; episode < episodes; episode++) {
        const rng = new Rng(deriveSeed(runSeed, MATCH_STREAM, generation, population.index, member, episode));
        const seats: Seat[][] = spec.roles.map((role, r) =>
          Array.from({ length: role.slots }, (_, slot): Seat => {
            if (r === population.role) {
              if (slot === 0) return { team: population.index, member };
              return { team: population.index, member: rng.int(population.ga.populationSize) };
            }
            const rival = byRole[r][rng.int(byRole[r].length)];
            const fame = hallOfFameSizes[rival.index];
            if (fame > 0 && rng.next() < hallOfFameFraction) return { team: populations.length + rival.index, member: rng.int(fame) };
            return { team: rival.index, member: rng.int(rival.ga.populationSize) };
          }),
        );
        const index = tasks.length;
        tasks.push({ index, seed: deriveSeed(runSeed, generation, index), seats });
        focal.push({ population: population.index, member });
      }
    }
  }
  return { tasks, focal };
}
