/**
 * Runs a batch of arenas in lockstep to the end of their episodes. Each role's seats are observed
 * into one array; each group of seats (the seats one controller drives: one policy network per
 * seat, or a scripted expert) is gathered from it, acted on in one call, and scattered back, so a
 * policy backend sees one large batch instead of many small ones. Non-finite observations are
 * zeroed, and an action holding a non-finite value is zeroed whole; the rest are clamped to [-1, 1].
 */
import { concatFloat32 } from '../agents/arrays.ts';
import type { Arena, Controller, ScenarioSpec } from './scenario.ts';
import { lap } from './phase-clock.ts';

export interface SeatGroup {
  role: number;
  controller: Controller;
  /** The group's seats as rows of the role's batch: arena * slots(role) + slot. */
  rows: Int32Array;
}

/** Counts for one arena of the batch. */
export interface RolloutStats {
  /** Control steps times seats. */
  agentSteps: number;
  /** Observation values that were NaN or infinite (replaced by 0). */
  nonFiniteObservations: number;
  /** Seat actions that held a NaN or infinite value (the whole action zeroed). */
  nonFiniteActions: number;
}

/**
 * Called every control step, after the actions are chosen and sanitized and before they are
 * applied, with each role's observations and actions (all arenas, slot by slot). An arena whose
 * `done` is already true at that moment takes no part in the step.
 */
export type StepHook = (step: number, observations: Float32Array[], actions: Float32Array[]) => void;

export function rollout(arenas: Arena[], spec: ScenarioSpec, groups: SeatGroup[], afterActions?: StepHook): RolloutStats[] {
  const { roles } = spec;
  const observations = roles.map((r) => new Float32Array(arenas.length * r.slots * r.observationSize));
  const actions = roles.map((r) => new Float32Array(arenas.length * r.slots * r.actionSize));
  const buffers = groups.map((g) => ({
    obs: new Float32Array(g.rows.length * roles[g.role].observationSize),
    act: new Float32Array(g.rows.length * roles[g.role].actionSize),
  }));
  const seatsPerArena = roles.reduce((n, r) => n + r.slots, 0);
  const stats: RolloutStats[] = arenas.map(() => ({ agentSteps: 0, nonFiniteObservations: 0, nonFiniteActions: 0 }));
  for (let step = 0; !arenas.every((arena) => arena.done); step++) {
    let clock = performance.now();
    roles.forEach((role, r) => {
      const per = role.slots * role.observationSize;
      arenas.forEach((arena, i) => {
        const rows = observations[r].subarray(i * per, (i + 1) * per);
        arena.observe(r, rows);
        stats[i].nonFiniteObservations += zeroNonFinite(rows);
      });
    });
    clock = lap('sense', clock);
    groups.forEach((group, g) => {
      const obsSize = roles[group.role].observationSize;
      const actSize = roles[group.role].actionSize;
      const { obs, act } = buffers[g];
      group.rows.forEach((row, k) => obs.set(observations[group.role].subarray(row * obsSize, (row + 1) * obsSize), k * obsSize));
      group.controller(obs, group.rows.length, act);
      group.rows.forEach((row, k) => actions[group.role].set(act.subarray(k * actSize, (k + 1) * actSize), row * actSize));
    });
    arenas.forEach((arena, i) => {
      if (arena.done) return;
      roles.forEach((role, r) => {
        const per = role.slots * role.actionSize;
        stats[i].nonFiniteActions += sanitizeActions(actions[r].subarray(i * per, (i + 1) * per), role.actionSize);
      });
    });
    clock = lap('infer', clock);
    afterActions?.(step, observations, actions);
    clock = performance.now(); // recording for imitation is not physics
    arenas.forEach((arena, i) => {
      if (arena.done) return;
      roles.forEach((role, r) => {
        const per = role.slots * role.actionSize;
        arena.applyActions(r, actions[r].subarray(i * per, (i + 1) * per));
      });
      arena.step();
      stats[i].agentSteps += seatsPerArena;
    });
    lap('physics', clock);
  }
  return stats;
}

/**
 * Plays `arenas` to the end with one controller per role over all their seats, and keeps every
 * `every`-th (observation, action) pair of role `role`'s seats while each arena plays: an expert's
 * demonstrations. Observations and actions come back back to back, step by step, arena by arena.
 * With `slot`, only that seat's pairs (a team slot's, in cooperative co-evolution).
 */
export function recordRole(arenas: Arena[], spec: ScenarioSpec, controllers: Controller[], role: number, every: number, slot?: number) {
  const { observationSize: o, actionSize: a, slots } = spec.roles[role];
  const [first, last] = slot === undefined ? [0, slots] : [slot, slot + 1];
  const observations: Float32Array[] = [];
  const actions: Float32Array[] = [];
  rollout(arenas, spec, wholeRoleGroups(spec, arenas.length, controllers), (step, obs, act) => {
    if (step % every !== 0) return;
    arenas.forEach((arena, i) => {
      if (arena.done) return;
      observations.push(obs[role].slice((i * slots + first) * o, (i * slots + last) * o));
      actions.push(act[role].slice((i * slots + first) * a, (i * slots + last) * a));
    });
  });
  return { observations: concatFloat32(observations), actions: concatFloat32(actions) };
}

/** Every seat's kept steps, seat after seat: its observations, behaviour features and actions, and how many it kept. */
export interface Trajectories {
  lengths: Int32Array;
  /** The slot each trajectory's seat had (team demonstrations keep their slots). */
  slots: Int32Array;
  observations: Float32Array;
  features: Float32Array;
  actions: Float32Array;
}

/**
 * Like recordRole, but keeps each seat of role `role` as a whole trajectory (arena by arena, slot by
 * slot), with the world's behaviour features of every kept step: what demonstrations of states need.
 */
export function recordTrajectories(arenas: Arena[], spec: ScenarioSpec, controllers: Controller[], role: number, every: number): Trajectories {
  const { observationSize: o, actionSize: a, slots, features } = spec.roles[role];
  const f = features.length;
  const seats = arenas.length * slots;
  const kept = Array.from({ length: seats }, () => ({ observations: [] as Float32Array[], features: [] as Float32Array[], actions: [] as Float32Array[] }));
  const values = new Float32Array(slots * f);
  rollout(arenas, spec, wholeRoleGroups(spec, arenas.length, controllers), (step, obs, act) => {
    if (step % every !== 0) return;
    arenas.forEach((arena, i) => {
      if (arena.done) return;
      arena.features(role, values);
      for (let slot = 0; slot < slots; slot++) {
        const row = i * slots + slot;
        kept[row].observations.push(obs[role].slice(row * o, (row + 1) * o));
        kept[row].features.push(values.slice(slot * f, (slot + 1) * f));
        kept[row].actions.push(act[role].slice(row * a, (row + 1) * a));
      }
    });
  });
  return {
    lengths: Int32Array.from(kept, (k) => k.observations.length),
    slots: Int32Array.from(kept, (_, row) => row % slots),
    observations: concatFloat32(kept.flatMap((k) => k.observations)),
    features: concatFloat32(kept.flatMap((k) => k.features)),
    actions: concatFloat32(kept.flatMap((k) => k.actions)),
  };
}

/** Every seat of every arena driven by one controller per role (a scripted expert, say). */
export function wholeRoleGroups(spec: ScenarioSpec, arenas: number, controllers: Controller[]): SeatGroup[] {
  return spec.roles.map((role, r) => ({ role: r, controller: controllers[r], rows: Int32Array.from({ length: arenas * role.slots }, (_, k) => k) }));
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

/** Zeroes any seat's action that is not finite and clamps the rest to [-1, 1]. Returns seats zeroed. */
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
