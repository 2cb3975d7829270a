/**
 * The rolling ball: a 1 kg sphere pushed by a horizontal force in the world frame. It feels its
 * own ground velocity. This is the body forage has always used.
 */
import type { BodyKind } from './body.ts';
import { SPEED_SCALE } from './body.ts';

export const BALL_RADIUS = 0.5;
const DENSITY = 1 / ((4 / 3) * Math.PI * BALL_RADIUS ** 3); // 1 kg
const VELOCITY_GAIN = 0.6; // action per m/s of velocity error

/** A ball of `mass` kilograms (1 by default) pushed with up to `maxForce` newtons. */
export function ballBody(maxForce: number, mass = 1): BodyKind {
  return {
    name: 'ball',
    observationSize: 2,
    actionSize: 2,
    parts: [{ kind: 'ball', radius: BALL_RADIUS }],
    featureNames: ['height', 'speed'],
    footprint: BALL_RADIUS,
    standingHeight: BALL_RADIUS,
    create(rapier, world, spawn) {
      const root = world.createRigidBody(rapier.RigidBodyDesc.dynamic().setTranslation(spawn.x, BALL_RADIUS, spawn.z).setLinearDamping(0.5).setAngularDamping(0.5).setCanSleep(false));
      const collider = world.createCollider(
        rapier.ColliderDesc.ball(BALL_RADIUS)
          .setDensity(DENSITY * mass)
          .setFriction(0.8)
          .setRestitution(0.2),
        root,
      );
      let active = true;
      return {
        root,
        rigidBodies: [root],
        colliders: [collider],
        observe(out, at) {
          const v = root.linvel();
          out[at] = v.x / SPEED_SCALE;
          out[at + 1] = v.z / SPEED_SCALE;
        },
        features(out, at) {
          const v = root.linvel();
          out[at] = root.translation().y;
          out[at + 1] = Math.hypot(v.x, v.z);
        },
        act(actions, at) {
          root.resetForces(false);
          if (active) root.addForce({ x: maxForce * actions[at], y: 0, z: maxForce * actions[at + 1] }, true);
        },
        retire() {
          active = false;
          root.setBodyType(rapier.RigidBodyType.Fixed, false);
          root.setTranslation({ x: root.translation().x, y: -10, z: root.translation().z }, false);
        },
      };
    },
    halfTurnObservation(proprio, at) {
      proprio[at] = -proprio[at];
      proprio[at + 1] = -proprio[at + 1];
    },
    // The force is in the world frame, so it turns with the frame.
    halfTurnActions(actions, at) {
      actions[at] = -actions[at];
      actions[at + 1] = -actions[at + 1];
    },
    steer(proprio, at, vx, vz, actions, out) {
      actions[out] = clamp1(VELOCITY_GAIN * (vx - proprio[at] * SPEED_SCALE));
      actions[out + 1] = clamp1(VELOCITY_GAIN * (vz - proprio[at + 1] * SPEED_SCALE));
    },
  };
}

export function clamp1(x: number): number {
  return x > 1 ? 1 : Math.max(x, -1);
}
