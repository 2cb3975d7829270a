/** Settings of the forage world; validated by the config schema (server/config/schema.ts). */
import { PHYSICAL_DEFAULTS, type Physical } from '../physical.ts';
import { bodyKind } from '../bodies/index.ts';
import type { BodyKindName } from '../bodies/body.ts';

export interface ForageOptions extends Physical {
  /** The agents' body: the rolling ball, or the legged crawler. */
  body: BodyKindName;
  /** Side of the square arena, metres. */
  arenaSize: number;
  agentsPerArena: number;
  foodCount: number;
  episodeSeconds: number;
  /** Physics steps per policy decision. */
  actionRepeat: number;
  /** Food items in the observation, nearest first. */
  nearestFood: number;
  rays: number;
  rayLength: number;
  /** Force at action magnitude 1, newtons. */
  maxForce: number;
  /** Fitness bonus per metre of progress toward the nearest food (0: fitness is food eaten). */
  shaping: number;
  /** How ray sensors are computed: Rapier ray casts, or the same rays in closed form (faster). */
  sensors: ForageSensors;
  /**
   * What closed-form rays see of other agents: their colliders' exact shapes (the ray caster of
   * worlds/sensing/), or a 0.5 m circle at each agent's centre, the closed form before the caster
   * (exact for balls, which read the same either way).
   */
  agentShapes: ForageAgentShapes;
  /** Food patches (0: food anywhere), their radius, and how fast their centres drift (m/s). */
  patches: number;
  patchRadius: number;
  patchSpeed: number;
  /** Poison pellets, and the fitness each costs; null: none, and no poison channel in the observation. */
  poison: { count: number; penalty: number } | null;
}

/**
 * Behaviour features of a forager: ground speed (m/s), turn rate (rad/s: how fast the direction of
 * its motion turns), metres to the nearest food, and metres to the nearest wall.
 */
export const FORAGE_FEATURES = ['speed', 'turnRate', 'nearestFood', 'wallDistance'] as const;

/** The one role of the forage world: every seat forages and scores. */
export const FORAGE_ROLES = ['forager'] as const;

export const FORAGE_SENSORS = ['rapier', 'analytic'] as const;
export type ForageSensors = (typeof FORAGE_SENSORS)[number];
export const FORAGE_AGENT_SHAPES = ['exact', 'circles'] as const;
export type ForageAgentShapes = (typeof FORAGE_AGENT_SHAPES)[number];

export const FORAGE_DEFAULTS: ForageOptions = {
  ...PHYSICAL_DEFAULTS,
  body: 'ball',
  arenaSize: 20,
  agentsPerArena: 8,
  foodCount: 16,
  episodeSeconds: 20,
  actionRepeat: 3,
  nearestFood: 3,
  rays: 8,
  rayLength: 6,
  maxForce: 12,
  shaping: 0,
  sensors: 'analytic',
  agentShapes: 'exact',
  patches: 0,
  patchRadius: 3,
  patchSpeed: 0,
  poison: null,
};

export const AGENT_RADIUS = 0.5;
export const FOOD_RADIUS = 0.3;
/** Observation scale: relative positions in units of this many metres. */
export const POSITION_SCALE = 10;

/** Per poison slot (nearestFood of them, after the rays, when poison is configured): present, relative x and z. */
export const POISON_FIELDS = 3;

export function forageObservationSize(o: ForageOptions): number {
  return o.nearestFood * 2 + bodyKind(o.body).observationSize + o.rays * 2 + (o.poison ? o.nearestFood * POISON_FIELDS : 0);
}

export const FORAGE_PHYSICS_DT = 1 / 60;

export function forageEpisodeSteps(o: ForageOptions): number {
  return Math.round(o.episodeSeconds / (FORAGE_PHYSICS_DT * o.actionRepeat));
}
