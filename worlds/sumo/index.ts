import { DEFAULT_GRAVITY } from '../physical.ts';
import { bodyKind } from '../bodies/index.ts';
import { roleSpecs, type BodyDesc, type Scenario, type ScenarioSpec, type WorldDesc } from '../scenario.ts';
import { SumoArena } from './arena.ts';
import { sumoExpert } from './expert.ts';
import { SUMO_FEATURES, SUMO_PHYSICS_DT, SUMO_ROLES, SUMO_WORLD_OBS, sumoEpisodeSteps, type SumoBodies, type SumoOptions } from './options.ts';

export function createSumo(options: SumoOptions, bodies: SumoBodies = ['ball', 'ball'], gravity = DEFAULT_GRAVITY): Scenario<SumoOptions> {
  const kinds = bodies.map((name) => bodyKind(name, options.maxForce, options.bodyMass));
  const spec: ScenarioSpec = {
    name: 'sumo',
    roles: roleSpecs(SUMO_ROLES, kinds, SUMO_WORLD_OBS, [1, 1], SUMO_FEATURES),
    episodeSteps: sumoEpisodeSteps(options),
    actionRepeat: options.actionRepeat,
    physicsDt: SUMO_PHYSICS_DT,
    symmetric: bodies[0] === bodies[1],
  };
  return {
    spec,
    options,
    createArena: (rapier, seed) => new SumoArena(rapier, options, kinds, seed, gravity),
    experts: kinds.map((kind) => sumoExpert(kind, options.ringRadius)),
    score: (outcome, role) => outcome[role][0],
    describe: () =>
      describeSumo(
        options,
        kinds.map((k) => k.parts),
      ),
  };
}

function describeSumo(o: SumoOptions, parts: BodyDesc['shape'][][]): WorldDesc {
  const bodies: BodyDesc[] = [
    { id: 0, role: 'ground', shape: { kind: 'box', halfExtents: [o.ringRadius + 4, 0.5, o.ringRadius + 4] }, position: [0, -0.5, 0] },
    { id: 1, role: 'ring', shape: { kind: 'cylinder', radius: o.ringRadius, halfHeight: 0.01 }, position: [0, 0.01, 0] },
  ];
  parts.forEach((shapes, side) => {
    for (const shape of shapes) bodies.push({ id: bodies.length, role: 'agent', index: side, population: side, shape });
  });
  return { scenario: 'sumo', arenaSize: 2 * o.ringRadius + 8, bodies };
}
