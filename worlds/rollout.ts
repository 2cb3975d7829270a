/**
 * Runs a batch of arenas in lockstep to the end of their episodes. All agents of all arenas are
 * observed into one array and acted on by one controller call per control step, so a policy
 * backend sees one large batch instead of many small ones.
 */
import type { Arena, Controller, ScenarioSpec } from './scenario.ts';

/** Counts for one arena of the batch. */
export interface RolloutStats {
  /** Control steps times agents. */
  agentSteps: number;
  /** Observation values that were NaN or infinite (replaced by 0). */
  nonFiniteObservations: number;
  /** Agent actions that held a NaN or infinite value (the whole action zeroed). */
  nonFiniteActions: number;
}

export interface RolloutHooks {
  /** Called after every control step with the step index; lets a recorder or viewer look in. */
  afterStep?(step: number, observations: Float32Array, actions: Float32Array): void;
}

export function rollout(arenas: Arena[], spec: ScenarioSpec, controller: Controller, hooks: RolloutHooks = {}): RolloutStats[] {
  const agents = arenas.reduce((n, arena) => n + arena.agentCount, 0);
  const obsSize = spec.observationSize;
  const actSize = spec.actionSize;
  const observations = new Float32Array(agents * obsSize);
  const actions = new Float32Array(agents * actSize);
  const stats: RolloutStats[] = arenas.map(() => ({ agentSteps: 0, nonFiniteObservations: 0, nonFiniteActions: 0 }));
  for (let step = 0; !arenas.every((arena) => arena.done); step++) {
    let row = 0;
    for (const [i, arena] of arenas.entries()) {
      const rows = observations.subarray(row * obsSize, (row + arena.agentCount) * obsSize);
      arena.observe(rows);
      stats[i].nonFiniteObservations += zeroNonFinite(rows);
      row += arena.agentCount;
    }
    controller(observations, agents, actions);
    row = 0;
    for (const [i, arena] of arenas.entries()) {
      const rows = actions.subarray(row * actSize, (row + arena.agentCount) * actSize);
      stats[i].nonFiniteActions += sanitizeActions(rows, actSize);
      if (!arena.done) {
        arena.applyActions(rows);
        arena.step();
        stats[i].agentSteps += arena.agentCount;
      }
      row += arena.agentCount;
    }
    hooks.afterStep?.(step, observations, actions);
  }
  return stats;
}

export function zeroNonFinite(values: Float32Array): number {
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      values[i] = 0;
      count++;
    }
  }
  return count;
}

/** Zeroes any agent's action that is not finite and clamps the rest to [-1, 1]. Returns agents zeroed. */
export function sanitizeActions(actions: Float32Array, actSize: number): number {
  let zeroed = 0;
  for (let base = 0; base < actions.length; base += actSize) {
    let finite = true;
    for (let j = 0; j < actSize; j++) finite &&= Number.isFinite(actions[base + j]);
    if (!finite) {
      actions.fill(0, base, base + actSize);
      zeroed++;
      continue;
    }
    for (let j = 0; j < actSize; j++) actions[base + j] = Math.max(-1, Math.min(1, actions[base + j]));
  }
  return zeroed;
}
