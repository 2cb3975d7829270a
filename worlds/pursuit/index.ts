import { DEFAULT_GRAVITY } from '../physical.ts';
import type { BodyKindName } from '../bodies/body.ts';
import { bodyKind } from '../bodies/index.ts';
import { roleSpecs, type BodyDesc, type Scenario, type ScenarioSpec, type WorldDesc } from '../scenario.ts';
import { PursuitArena } from './arena.ts';
import { walledFloorBodies } from '../walled-floor.ts';
import { predatorExpert, preyExpert } from './expert.ts';
import { PURSUIT_FEATURES, PURSUIT_PHYSICS_DT, PURSUIT_ROLES, PURSUIT_WORLD_OBS, pursuitEpisodeSteps, type PursuitOptions } from './options.ts';

export function createPursuit(options: PursuitOptions, bodies: [BodyKindName, BodyKindName] = ['ball', 'ball'], gravity = DEFAULT_GRAVITY): Scenario<PursuitOptions> {
  const kinds = [bodyKind(bodies[0], options.predatorForce, options.bodyMass), bodyKind(bodies[1], options.preyForce, options.bodyMass)];
  const slots = [options.predators, options.prey];
  const spec: ScenarioSpec = {
    name: 'pursuit',
    roles: roleSpecs(PURSUIT_ROLES, kinds, PURSUIT_WORLD_OBS, slots, PURSUIT_FEATURES),
    episodeSteps: pursuitEpisodeSteps(options),
    actionRepeat: options.actionRepeat,
    physicsDt: PURSUIT_PHYSICS_DT,
    symmetric: false,
  };
  return {
    spec,
    options,
    createArena: (rapier, seed) => new PursuitArena(rapier, options, kinds, seed, gravity),
    experts: [predatorExpert(kinds[0]), preyExpert(kinds[1])],
    score: (outcome, role) => {
      const free = outcome[1].reduce((a, b) => a + b, 0) / outcome[1].length;
      return role === 1 ? free : 1 - free;
    },
    describe: () =>
      describePursuit(
        options,
        kinds.map((k) => k.parts),
        slots,
      ),
  };
}

function describePursuit(o: PursuitOptions, parts: BodyDesc['shape'][][], slots: number[]): WorldDesc {
  const bodies: BodyDesc[] = walledFloorBodies(o.arenaSize);
  slots.forEach((count, role) => {
    for (let slot = 0; slot < count; slot++) {
      for (const shape of parts[role]) bodies.push({ id: bodies.length, role: 'agent', index: slot, population: role, shape });
    }
  });
  return { scenario: 'pursuit', arenaSize: o.arenaSize, bodies };
}
