import { describe, expect, it } from 'vitest';
import type { MatchResult, MatchTask } from '../server/evaluation/match-task.ts';
import { recordGeneration } from '../server/imitation/generation-record.ts';
import type { RoleSpec } from '../worlds/scenario.ts';

const roles: RoleSpec[] = [
  { name: 'red', body: 'ball', observationSize: 2, actionSize: 1, slots: 1, features: [] },
  { name: 'blue', body: 'ball', observationSize: 2, actionSize: 1, slots: 1, features: [] },
];

/** A match where red member `member` (scoring) meets `opponent` (a seat of team `team`). */
function match(index: number, member: number, team: number, opponent: number): MatchTask {
  return { index, seed: index, seats: [[{ team: 0, member, scores: true }], [{ team, member: opponent }]] };
}

function result(index: number): MatchResult {
  return { index, fitness: [Float64Array.of(0), Float64Array.of(0)], outcome: [Float64Array.of(0), Float64Array.of(0)], agentSteps: 0, nonFiniteActions: 0, nonFiniteObservations: 0 };
}

describe('peers where populations meet', () => {
  it('are the most successful members of the own population that met the same opponent', () => {
    // Members 0 and 2 met blue member 5; member 1 met blue's hall-of-fame champion 5 (team 3), alone.
    const tasks = [match(0, 0, 1, 5), match(1, 1, 3, 5), match(2, 2, 1, 5)];
    const fitness = Float64Array.of(1, 0.5, 3);
    const record = recordGeneration(
      tasks,
      tasks.map((t) => result(t.index)),
      0,
      roles,
      0,
      fitness,
      true,
    );
    expect(Array.from(record.peer)).toEqual([2, 1, 2]);
  });

  it('in a world of one role, are the best of the arena each member played in first', () => {
    const role: RoleSpec = { ...roles[0], slots: 3 };
    const tasks: MatchTask[] = [{ index: 0, seed: 0, seats: [[0, 1, 2].map((member) => ({ team: 0, member, scores: true }))] }];
    const results = [{ ...result(0), fitness: [Float64Array.of(1, 7, 2)], outcome: [Float64Array.of(0, 0, 0)] }];
    const record = recordGeneration(tasks, results, 0, [role], 0, Float64Array.of(1, 7, 2), false);
    expect(Array.from(record.peer)).toEqual([1, 1, 1]);
  });
});
