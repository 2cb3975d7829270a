/**
 * Plays a batch of matches in lockstep: one arena per match, one controller per (team, role)
 * group of seats. Everything random comes from each match's seed, so a match gives the same
 * result in any batch, on any thread.
 */
import { Rng, deriveSeed } from '../../agents/rng.ts';
import { policyBatchFactory } from '../../agents/policy-batch.ts';
import { parameterCount } from '../../agents/mlp.ts';
import { matchRollout, type SeatGroup } from '../../worlds/match-rollout.ts';
import type { MatchScenario } from '../../worlds/match.ts';
import { createMatchScenario } from '../../worlds/registry.ts';
import type { Controller, DisposableController } from '../../worlds/scenario.ts';
import type { Engine } from './engine.ts';
import type { MatchBatch, MatchResult, MatchWorldRef, Team } from './match-task.ts';

/** Salt of the streams random seats draw from. */
const RANDOM_STREAM = 0x72616e64;

const scenarios = new Map<string, MatchScenario>();

/** Match worlds are built once per thread for each distinct description. */
export function matchScenarioOf(ref: MatchWorldRef): MatchScenario {
  const key = JSON.stringify([ref.scenario, ref.worlds[ref.scenario as keyof typeof ref.worlds], ref.bodies]);
  let scenario = scenarios.get(key);
  if (!scenario) {
    scenario = createMatchScenario(ref.scenario, ref.worlds, ref.bodies);
    scenarios.set(key, scenario);
  }
  return scenario;
}

export function playMatches(engine: Engine, batch: MatchBatch): MatchResult[] {
  const scenario = matchScenarioOf(batch.world);
  const { spec } = scenario;
  checkTeams(batch, scenario);
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
            seeds.push(deriveSeed(task.seed, RANDOM_STREAM, r, slot));
          }),
        );
        if (rows.length === 0) return;
        const controller = controllerFor(engine, team, members, seeds, scenario.experts[r], disposables);
        groups.push({ role: r, controller, rows: Int32Array.from(rows) });
      });
    });
    const stats = matchRollout(arenas, spec, groups);
    return batch.tasks.map((task, i) => ({
      index: task.index,
      fitness: arenas[i].fitness.map((f) => f.slice()),
      outcome: arenas[i].outcome.map((o) => o.slice()),
      agentSteps: stats[i].agentSteps * spec.actionRepeat,
      nonFiniteActions: stats[i].nonFiniteActions,
      nonFiniteObservations: stats[i].nonFiniteObservations,
    }));
  } finally {
    for (const d of disposables) d.dispose();
    for (const arena of arenas) arena.dispose();
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
      const policy = policyBatchFactory(engine.inference, team.shape, engine.tf)(members.map((m) => team.genomes[m]));
      disposables.push(policy);
      return policy.controller;
    }
  }
}

/** A network team must fit every role it sits in; genomes must fit the network. */
function checkTeams(batch: MatchBatch, scenario: MatchScenario): void {
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
          throw new Error(
            `team ${t}: a ${team.shape.inputSize}-in ${team.shape.outputSize}-out network cannot play ${roles[r].name} (${roles[r].observationSize} in, ${roles[r].actionSize} out)`,
          );
        }
      }),
    );
  });
}
