/**
 * An ecology metrics row: every `reportSeconds` simulated seconds. Everything but `timing` depends
 * only on the seed and config, so rows compare across worker counts and resumes.
 */
import { BEHAVIOUR_FEATURES } from '../../worlds/ecology/options.ts';
import type { Counters, EcologyWorld, Ledger } from '../../worlds/ecology/world.ts';
import { round } from '../run/health.ts';

export interface WindowTiming {
  /** Wall seconds of the windows since the last row, and of their parts. */
  seconds: number;
  exchangeSeconds: number;
  /** Wall seconds from sending the regions' windows to having all their outcomes. */
  regionSeconds: number;
  /** The region tasks' own wall seconds, summed over regions (RegionOutcome.taskSeconds). */
  taskSeconds: number;
  physicsSeconds: number;
  inferenceSeconds: number;
  learnSeconds: number;
  /** Agents × physics steps stepped. */
  agentSteps: number;
  simSeconds: number;
}

export function emptyTiming(): WindowTiming {
  return { seconds: 0, exchangeSeconds: 0, regionSeconds: 0, taskSeconds: 0, physicsSeconds: 0, inferenceSeconds: 0, learnSeconds: 0, agentSteps: 0, simSeconds: 0 };
}

export interface ReportInput {
  report: number;
  world: EcologyWorld;
  counters: Counters;
  ledger: Ledger;
  imitations: number;
  imitationDistance: number;
  /** Copies undone since the last row, under `keepCopy: "critical"`; null otherwise (the row then has no such field). */
  reverted: number | null;
  timing: WindowTiming;
  /** Threads the regions were stepped on (1 for the main thread). */
  threads: number;
  /** Memory gauges and retries (run/health.ts), which differ between machines and worker counts too. */
  health: Record<string, unknown>;
}

export function ecologyRow(input: ReportInput): Record<string, unknown> & { report: number } {
  const { world, counters, timing } = input;
  const agents = world.agents;
  const energies = agents.map((a) => a.energy).sort((a, b) => a - b);
  const depths = agents.map((a) => a.depth);
  const diversity = Object.fromEntries(BEHAVIOUR_FEATURES.map((name, f) => [name, round(spread(agents.map((a) => a.behaviour[f])), 4)]));
  const compute = timing.physicsSeconds + timing.inferenceSeconds;
  return {
    report: input.report,
    simSeconds: round(world.time, 6),
    population: agents.length,
    births: counters.births,
    deaths: counters.deaths,
    seeded: counters.seeded,
    eaten: counters.eaten,
    energy: {
      mean: round(mean(energies), 4),
      p90: round(energies.length ? energies[Math.min(energies.length - 1, Math.floor(0.9 * energies.length))] : 0, 4),
      total: round(world.energy(), 4),
    },
    energyFlows: { food: round(input.ledger.food, 4), spent: round(input.ledger.spent, 4), dead: round(input.ledger.dead, 4), seeded: round(input.ledger.seeded, 4) },
    meanAgeAtDeath: counters.deaths ? round(counters.ageAtDeath / counters.deaths, 3) : null,
    lineageDepth: { mean: round(mean(depths), 3), max: depths.length ? Math.max(...depths) : 0 },
    lineages: new Set(agents.map((a) => a.lineage)).size,
    diversity,
    imitation: {
      events: input.imitations,
      meanDistance: input.imitations ? round(input.imitationDistance / input.imitations, 3) : null,
      ...(input.reverted === null ? {} : { reverted: input.reverted }),
    },
    timing: {
      seconds: round(timing.seconds, 3),
      agentStepsPerSec: Math.round(timing.agentSteps / Math.max(timing.seconds, 1e-9)),
      realTimeFactor: round(timing.simSeconds / Math.max(timing.seconds, 1e-9), 3),
      exchangeSeconds: round(timing.exchangeSeconds, 3),
      learnSeconds: round(timing.learnSeconds, 3),
      regionSeconds: round(timing.regionSeconds, 3),
      taskSeconds: round(timing.taskSeconds, 3),
      physicsSeconds: round(timing.physicsSeconds, 3),
      inferenceSeconds: round(timing.inferenceSeconds, 3),
      // The share of the threads' time not spent in Rapier or inference.
      outsideShare: round(1 - compute / Math.max(timing.seconds * input.threads, 1e-9), 3),
      ...input.health,
    },
  };
}

function mean(xs: number[]): number {
  return xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0;
}

function spread(xs: number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length);
}

/** The progress line of a row. */
export function ecologyLine(row: ReturnType<typeof ecologyRow>): string {
  const t = row.timing as { realTimeFactor: number; agentStepsPerSec: number };
  const e = row.energy as { mean: number };
  return `t=${row.simSeconds}s agents=${row.population} born=${row.births} died=${row.deaths} ate=${row.eaten} energy=${e.mean.toFixed(1)} imitated=${(row.imitation as { events: number }).events} rt=${t.realTimeFactor}x ${t.agentStepsPerSec} agent-steps/s`;
}
