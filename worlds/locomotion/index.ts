/**
 * Locomotion: get as far as possible from the start. The scripted expert is the body's own
 * steering toward +x: for the crawler, its hand-tuned trot (worlds/bodies/crawler-gait.ts).
 */
import { DEFAULT_GRAVITY } from '../physical.ts';
import { bodyKind } from '../bodies/index.ts';
import type { BodyDesc, Controller, Scenario, ScenarioSpec, WorldDesc } from '../scenario.ts';
import { LocomotionArena } from './arena.ts';
import { LANE_WIDTH, LOCOMOTION_PHYSICS_DT, LOCOMOTION_ROLES, LOCOMOTION_WORLD_OBS, locomotionEpisodeSteps, type LocomotionOptions } from './options.ts';

const EXPERT_SPEED = 6; // m/s asked for: the body's top speed

export function createLocomotion(options: LocomotionOptions, gravity = DEFAULT_GRAVITY): Scenario<LocomotionOptions> {
  const kind = bodyKind(options.body, options.maxForce, options.bodyMass);
  const size = LOCOMOTION_WORLD_OBS + kind.observationSize;
  const spec: ScenarioSpec = {
    name: 'locomotion',
    roles: [
      {
        name: LOCOMOTION_ROLES[0],
        body: options.body,
        observationSize: size,
        actionSize: kind.actionSize,
        slots: options.agentsPerArena,
        proprioAt: LOCOMOTION_WORLD_OBS,
        features: kind.featureNames,
      },
    ],
    episodeSteps: locomotionEpisodeSteps(options),
    actionRepeat: options.actionRepeat,
    physicsDt: LOCOMOTION_PHYSICS_DT,
    symmetric: false,
  };
  const expert: Controller = (obs, count, actions) => {
    for (let a = 0; a < count; a++) kind.steer(obs, a * size + LOCOMOTION_WORLD_OBS, EXPERT_SPEED, 0, actions, a * kind.actionSize);
  };
  return {
    spec,
    options,
    createArena: (rapier, seed) => new LocomotionArena(rapier, options, kind, seed, gravity),
    experts: [expert],
    score: (outcome, role, slot) => outcome[role][slot],
    describe: (): WorldDesc => {
      // Viewers get the ground around the lanes, not the whole (much larger) physical plane.
      const span = 12 + (LANE_WIDTH * options.agentsPerArena) / 2;
      const bodies: BodyDesc[] = [{ id: 0, role: 'ground', shape: { kind: 'box', halfExtents: [span, 0.5, span] }, position: [0, -0.5, 0] }];
      for (let a = 0; a < options.agentsPerArena; a++) {
        for (const shape of kind.parts) bodies.push({ id: bodies.length, role: 'agent', index: a, shape });
      }
      return { scenario: 'locomotion', arenaSize: 2 * span, bodies };
    },
  };
}
