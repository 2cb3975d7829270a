/**
 * Where a thread's time goes while it plays matches (docs/performance.md, "Phases"): milliseconds
 * spent building arenas, sensing, running the policies, stepping physics (with each world's
 * scoring, which its step does), and packing results, summed since the last take. Each thread has
 * its own clock (a module per worker isolate); shards send theirs back with each task's health.
 */
export interface PhaseTimes {
  build: number;
  sense: number;
  infer: number;
  physics: number;
  pack: number;
}

export const PHASES = ['build', 'sense', 'infer', 'physics', 'pack'] as const;

let spent: PhaseTimes = zeroPhases();

export function zeroPhases(): PhaseTimes {
  return { build: 0, sense: 0, infer: 0, physics: 0, pack: 0 };
}

/** Adds the milliseconds since `since` (a performance.now()) to `phase`; returns now. */
export function lap(phase: keyof PhaseTimes, since: number): number {
  const now = performance.now();
  spent[phase] += now - since;
  return now;
}

/** This thread's phases since the last take, and a fresh start. */
export function takePhases(): PhaseTimes {
  const taken = spent;
  spent = zeroPhases();
  return taken;
}
