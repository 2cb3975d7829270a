/**
 * Runs a batch of match arenas in lockstep to the end of their episodes. Each role's agents are
 * observed into one array; each group of seats (the agents one controller drives: one policy
 * network for many agents, or a scripted expert) is gathered from it, acted on in one call, and
 * scattered back. Observations and actions are sanitized as in rollout.ts.
 */
import type { MatchArena, MatchSpec } from './match.ts';
import { sanitizeActions, zeroNonFinite, type RolloutStats } from './rollout.ts';
import type { Controller } from './scenario.ts';

export interface SeatGroup {
  role: number;
  controller: Controller;
  /** The group's agents as rows of the role's batch: arena * slots(role) + slot. */
  rows: Int32Array;
}

/** Called every control step with each role's observations and actions (all arenas, slot by slot). */
export type MatchStepHook = (step: number, observations: Float32Array[], actions: Float32Array[]) => void;

export function matchRollout(arenas: MatchArena[], spec: MatchSpec, groups: SeatGroup[], afterActions?: MatchStepHook): RolloutStats[] {
  const { roles } = spec;
  const observations = roles.map((r) => new Float32Array(arenas.length * r.slots * r.observationSize));
  const actions = roles.map((r) => new Float32Array(arenas.length * r.slots * r.actionSize));
  const buffers = groups.map((g) => ({
    obs: new Float32Array(g.rows.length * roles[g.role].observationSize),
    act: new Float32Array(g.rows.length * roles[g.role].actionSize),
  }));
  const agentsPerArena = roles.reduce((n, r) => n + r.slots, 0);
  const stats: RolloutStats[] = arenas.map(() => ({ agentSteps: 0, nonFiniteObservations: 0, nonFiniteActions: 0 }));
  for (let step = 0; !arenas.every((arena) => arena.done); step++) {
    roles.forEach((role, r) => {
      const per = role.slots * role.observationSize;
      arenas.forEach((arena, i) => {
        const rows = observations[r].subarray(i * per, (i + 1) * per);
        arena.observe(r, rows);
        stats[i].nonFiniteObservations += zeroNonFinite(rows);
      });
    });
    groups.forEach((group, g) => {
      const { obsSize, actSize } = sizes(spec, group.role);
      const { obs, act } = buffers[g];
      group.rows.forEach((row, k) => obs.set(observations[group.role].subarray(row * obsSize, (row + 1) * obsSize), k * obsSize));
      group.controller(obs, group.rows.length, act);
      group.rows.forEach((row, k) => actions[group.role].set(act.subarray(k * actSize, (k + 1) * actSize), row * actSize));
    });
    afterActions?.(step, observations, actions);
    arenas.forEach((arena, i) => {
      if (arena.done) return;
      roles.forEach((role, r) => {
        const per = role.slots * role.actionSize;
        const rows = actions[r].subarray(i * per, (i + 1) * per);
        stats[i].nonFiniteActions += sanitizeActions(rows, role.actionSize);
        arena.applyActions(r, rows);
      });
      arena.step();
      stats[i].agentSteps += agentsPerArena;
    });
  }
  return stats;
}

function sizes(spec: MatchSpec, role: number) {
  return { obsSize: spec.roles[role].observationSize, actSize: spec.roles[role].actionSize };
}
