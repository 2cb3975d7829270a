import { bodyKind } from '../bodies/index.ts';
import { DEFAULT_GRAVITY } from '../physical.ts';
import type { BodyDesc, Scenario, ScenarioSpec, WorldDesc } from '../scenario.ts';
import { walledFloorBodies } from '../walled-floor.ts';
import { BLOCK_HALF_HEIGHT, CarryArena } from './arena.ts';
import { carryExpert } from './expert.ts';
import { CARRY_FEATURES, CARRY_PHYSICS_DT, CARRY_ROLES, carryEpisodeSteps, carryWorldObservations, type CarryOptions } from './options.ts';

/** The carry world (docs/carry.md): one role, `teamSize` seats that make one team and share its score. */
export function createCarry(options: CarryOptions, gravity = DEFAULT_GRAVITY): Scenario<CarryOptions> {
  const kind = bodyKind(options.body, options.maxForce, options.bodyMass);
  const worldObs = carryWorldObservations(options);
  const spec: ScenarioSpec = {
    name: 'carry',
    roles: [
      {
        name: CARRY_ROLES[0],
        body: options.body,
        observationSize: worldObs + kind.observationSize,
        actionSize: kind.actionSize,
        slots: options.teamSize,
        proprioAt: worldObs,
        features: CARRY_FEATURES,
      },
    ],
    episodeSteps: carryEpisodeSteps(options),
    actionRepeat: options.actionRepeat,
    physicsDt: CARRY_PHYSICS_DT,
    symmetric: false,
    team: true,
  };
  return {
    spec,
    options,
    createArena: (rapier, seed) => new CarryArena(rapier, options, kind, seed, gravity),
    experts: [carryExpert(options, kind)],
    score: (outcome, role, slot) => outcome[role][slot],
    describe: () => describeCarry(options, kind.parts),
  };
}

function describeCarry(o: CarryOptions, parts: BodyDesc['shape'][]): WorldDesc {
  const bodies: BodyDesc[] = walledFloorBodies(o.arenaSize);
  for (let a = 0; a < o.teamSize; a++) {
    for (const shape of parts) bodies.push({ id: bodies.length, role: 'agent', index: a, shape });
  }
  bodies.push({ id: bodies.length, role: 'block', shape: { kind: 'box', halfExtents: [o.blockSize / 2, BLOCK_HALF_HEIGHT, o.blockSize / 2] } });
  // The goal moves with each episode's layout: it is a moving body that never moves within one.
  bodies.push({ id: bodies.length, role: 'goal', shape: { kind: 'cylinder', radius: o.goalRadius, halfHeight: 0.01 } });
  return { scenario: 'carry', arenaSize: o.arenaSize, bodies };
}
