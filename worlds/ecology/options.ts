/**
 * Settings of the ecology: one large persistent world, cut into regions, where agents live, eat,
 * reproduce and die without generations ([ecology.md](../../docs/ecology.md)). Validated by the
 * config schema (server/config/schema.ts), which documents every key.
 */
import { BALL_RADIUS } from '../bodies/ball.ts';
import { PHYSICAL_DEFAULTS, type Physical } from '../physical.ts';

export const IMITATION_STRATEGIES = ['success', 'prestige', 'conformist', 'random', 'none'] as const;
export type ImitationStrategy = (typeof IMITATION_STRATEGIES)[number];
/** Who learns in a round: a seeded share of all agents, or that share of the worst fed (copy-if-dissatisfied). */
export const LEARN_WHEN = ['always', 'dissatisfied'] as const;
export type LearnWhen = (typeof LEARN_WHEN)[number];
/** Whether a learner keeps what it copied: always, or only if it then feeds no worse than before (critical social learning). */
export const KEEP_COPY = ['always', 'critical'] as const;
export type KeepCopy = (typeof KEEP_COPY)[number];

export interface EcologyOptions extends Physical {
  /** Side of the square floor, metres. */
  size: number;
  /** The regions: a grid of regionsX × regionsZ, each its own Rapier world. */
  regionsX: number;
  regionsZ: number;
  /** Agents within this many metres of a region's border appear in the neighbour as ghosts. */
  borderMargin: number;
  /** Control steps a region is stepped on its own before agents migrate and ghosts are renewed. */
  exchangeSteps: number;
  actionRepeat: number;
  maxForce: number;
  initialAgents: number;
  minAgents: number;
  maxAgents: number;
  /** Dead agents whose genomes are kept to reseed the world below `minAgents`. */
  archiveSize: number;
  foodPatches: number;
  patchRadius: number;
  pelletsPerPatch: number;
  /** Simulated seconds before an eaten pellet grows back. */
  regrowSeconds: number;
  foodEnergy: number;
  initialEnergy: number;
  /** Energy spent per simulated second alive, and per second at full force (scaled by |action|²/2). */
  livingCost: number;
  moveCost: number;
  /** Degrees the force of an action is turned by, in the floor's plane: 180 reverses every push. */
  forceTurn: number;
  reproduceEnergy: number;
  /** What a child starts with; its parent pays it. */
  childEnergy: number;
  /** What a birth costs its parent beyond `childEnergy`, lost to the world (slows births without richer children). */
  birthCost: number;
  maxAgeSeconds: number;
  /** Sectors of the food sense around an agent, and its range. */
  foodSectors: number;
  foodRange: number;
  /** Nearest visible agents in the observation, and how far an agent sees them. */
  neighbours: number;
  sightRadius: number;
  learnEvery: number;
  learnFraction: number;
  learnWhen: LearnWhen;
  keepCopy: KeepCopy;
  /** Under `keepCopy: "critical"`, the imitation rounds a copy is on trial before it is judged. */
  trialRounds: number;
  strategy: ImitationStrategy;
  learnSteps: number;
  learnBatchSize: number;
  learningRate: number;
  /** (observation, action) pairs each agent keeps for others to imitate. */
  pairBuffer: number;
  /** Control steps between recorded pairs. */
  recordEvery: number;
  inheritance: 'darwinian' | 'baldwinian' | 'lamarckian';
  /** Simulated seconds between metrics rows. */
  reportSeconds: number;
  /** Simulated seconds to run; null runs until stopped. */
  runSeconds: number | null;
  /** Simulated second at which every food patch moves to a new place (the experiment's change); null never. */
  moveFoodAt: number | null;
  /** Square pillars on the floor, and their side in metres. */
  obstacles: number;
  obstacleSize: number;
}

export const ECOLOGY_DEFAULTS: EcologyOptions = {
  ...PHYSICAL_DEFAULTS,
  size: 160,
  regionsX: 4,
  regionsZ: 1,
  borderMargin: 8,
  exchangeSteps: 15,
  actionRepeat: 4,
  maxForce: 12,
  initialAgents: 1000,
  minAgents: 100,
  maxAgents: 4000,
  archiveSize: 64,
  foodPatches: 24,
  patchRadius: 8,
  pelletsPerPatch: 40,
  regrowSeconds: 20,
  foodEnergy: 8,
  initialEnergy: 20,
  livingCost: 0.3,
  moveCost: 0.3,
  forceTurn: 0,
  reproduceEnergy: 40,
  childEnergy: 15,
  birthCost: 0,
  maxAgeSeconds: 600,
  foodSectors: 8,
  foodRange: 10,
  neighbours: 3,
  sightRadius: 6,
  learnEvery: 10,
  learnFraction: 0.25,
  learnWhen: 'always',
  keepCopy: 'always',
  trialRounds: 1,
  strategy: 'success',
  learnSteps: 20,
  learnBatchSize: 32,
  learningRate: 0.01,
  pairBuffer: 64,
  recordEvery: 3,
  inheritance: 'lamarckian',
  reportSeconds: 10,
  runSeconds: null,
  moveFoodAt: null,
  obstacles: 0,
  obstacleSize: 4,
};

export const ECOLOGY_PHYSICS_DT = 1 / 60;
export const AGENT_RADIUS = BALL_RADIUS;
/** An agent eats a pellet its centre comes this close to. */
export const EAT_RADIUS = AGENT_RADIUS + 0.3;
/** Observation scale of speeds, m/s. */
export const SPEED_SCALE = 5;
/** Per neighbour: present, relative x and z, velocity x and z, its last action (2). */
export const NEIGHBOUR_FIELDS = 7;
export const ACTION_SIZE = 2;
/** Per agent and window: mean speed, mean |action|, mean food sensed, mean neighbours seen. */
export const BEHAVIOUR_FEATURES = ['speed', 'effort', 'food', 'company'] as const;

export function ecologyObservationSize(o: EcologyOptions): number {
  return o.foodSectors + 3 + o.neighbours * NEIGHBOUR_FIELDS;
}

/** Simulated seconds per control step. */
export function controlSeconds(o: EcologyOptions): number {
  return o.actionRepeat * ECOLOGY_PHYSICS_DT;
}

/** Region r's rectangle [x0, z0, x1, z1]; the world spans [-size/2, size/2] on both axes, regions row by row. */
export function regionBounds(o: EcologyOptions, r: number): [number, number, number, number] {
  const half = o.size / 2;
  const w = o.size / o.regionsX;
  const d = o.size / o.regionsZ;
  const ix = r % o.regionsX;
  const iz = Math.floor(r / o.regionsX);
  return [-half + ix * w, -half + iz * d, -half + (ix + 1) * w, -half + (iz + 1) * d];
}

/** The region holding (x, z); points on the outer edge belong to the last row or column. */
export function regionOf(o: EcologyOptions, x: number, z: number): number {
  const half = o.size / 2;
  const ix = Math.min(o.regionsX - 1, Math.max(0, Math.floor(((x + half) / o.size) * o.regionsX)));
  const iz = Math.min(o.regionsZ - 1, Math.max(0, Math.floor(((z + half) / o.size) * o.regionsZ)));
  return iz * o.regionsX + ix;
}

export function regionName(r: number): string {
  return `region-${r}`;
}
