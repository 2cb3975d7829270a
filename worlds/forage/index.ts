import { DEFAULT_GRAVITY } from '../physical.ts';
import type { Rapier } from '../rapier.ts';
import type { BodyDesc, Scenario, ScenarioSpec, WorldDesc } from '../scenario.ts';
import { bodyKind } from '../bodies/index.ts';
import { ForageArena } from './arena.ts';
import { forageExpert } from './expert.ts';
import { walledFloorBodies } from '../walled-floor.ts';
import { forageSensorLines } from './sensor-lines.ts';
import { FOOD_RADIUS, FORAGE_FEATURES, FORAGE_PHYSICS_DT, FORAGE_ROLES, forageEpisodeSteps, forageObservationSize, type ForageOptions } from './options.ts';

export function createForage(options: ForageOptions, gravity = DEFAULT_GRAVITY): Scenario<ForageOptions> {
  const spec: ScenarioSpec = {
    name: 'forage',
    roles: [
      {
        name: FORAGE_ROLES[0],
        body: options.body,
        observationSize: forageObservationSize(options),
        actionSize: bodyKind(options.body).actionSize,
        slots: options.agentsPerArena,
        proprioAt: 2 * options.nearestFood,
        features: FORAGE_FEATURES,
      },
    ],
    episodeSteps: forageEpisodeSteps(options),
    actionRepeat: options.actionRepeat,
    physicsDt: FORAGE_PHYSICS_DT,
    symmetric: false,
  };
  return {
    spec,
    options,
    createArena: (rapier: Rapier, seed: number) => new ForageArena(rapier, options, seed, gravity),
    experts: [forageExpert(options)],
    score: (outcome, role, slot) => outcome[role][slot],
    describe: () => describeForage(options),
    sensorLines: (_role, observation, origin) => forageSensorLines(options, observation, origin),
  };
}

function describeForage(o: ForageOptions): WorldDesc {
  const bodies: BodyDesc[] = walledFloorBodies(o.arenaSize);
  const parts = bodyKind(o.body).parts;
  for (let a = 0; a < o.agentsPerArena; a++) {
    for (const shape of parts) bodies.push({ id: bodies.length, role: 'agent', index: a, shape });
  }
  for (let f = 0; f < o.foodCount; f++) {
    bodies.push({ id: bodies.length, role: 'food', index: f, shape: { kind: 'ball', radius: FOOD_RADIUS } });
  }
  for (let f = 0; f < (o.poison?.count ?? 0); f++) {
    bodies.push({ id: bodies.length, role: 'poison', index: f, shape: { kind: 'ball', radius: FOOD_RADIUS } });
  }
  return { scenario: 'forage', arenaSize: o.arenaSize, bodies };
}
