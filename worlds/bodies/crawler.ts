/**
 * The crawler: a box torso on four spoke legs, each a rigid rod with a foot, joined to the torso
 * by a revolute joint about the torso's sideways axis and turned by a velocity motor (Rapier
 * impulse joints). Turning the spokes walks the torso along like a wheel of legs (the "whegs"
 * of legged robotics); turning one side faster than the other steers it. Actions are the motors'
 * target speeds; the crawler feels its spokes' angles (as sine and cosine) and speeds, which way
 * is up, where it faces, and its ground velocity.
 */
import type RAPIER_TYPE from '@dimforge/rapier3d-compat';
import type { AgentBody, BodyKind, Spawn } from './body.ts';
import type { Rapier } from '../rapier.ts';
import { SPEED_SCALE } from './body.ts';
import { clamp1 } from './ball.ts';
import { crawlerGait } from './crawler-gait.ts';
import { CRAWLER_JOINTS, CRAWLER_OBS, LEG_LAYOUT, LEG_LENGTH, MAX_LEG_SPEED, TORSO } from './crawler-layout.ts';
import { jointAngle, rotateVector, rotateY, type Quat } from './quaternion.ts';

const FOOT_RADIUS = 0.08;
/** Torso centre height when a foot points straight down. */
const HEIGHT = LEG_LENGTH + FOOT_RADIUS;
/** How hard a motor holds its target speed. */
const MOTOR_FACTOR = 20;
const LATERAL_AXIS = [0, 0, 1] as const;

const TORSO_DENSITY = 30;
const FOOT_DENSITY = 400;
/** The crawler's own mass, kg: its torso and feet (the spokes are massless rods). */
export const CRAWLER_MASS = TORSO_DENSITY * 8 * TORSO.hx * TORSO.hy * TORSO.hz + LEG_LAYOUT.length * FOOT_DENSITY * (4 / 3) * Math.PI * FOOT_RADIUS ** 3;

/** A crawler of `mass` kilograms (its own by default): every part's density scales alike. */
export function crawlerBody(mass = CRAWLER_MASS): BodyKind {
  const scale = mass / CRAWLER_MASS;
  return { ...CRAWLER, create: (rapier, world, spawn) => createCrawler(rapier, world, spawn, scale) };
}

const CRAWLER: BodyKind = {
  name: 'crawler',
  observationSize: CRAWLER_OBS.size,
  actionSize: CRAWLER_JOINTS,
  parts: [{ kind: 'box', halfExtents: [TORSO.hx, TORSO.hy, TORSO.hz] }, ...LEG_LAYOUT.map(() => ({ kind: 'ball', radius: FOOT_RADIUS }) as const)],
  featureNames: [...LEG_LAYOUT.flatMap((_, j) => [`joint${j}.sin`, `joint${j}.cos`]), ...LEG_LAYOUT.map((_, j) => `joint${j}.speed`), 'height', 'heading.x', 'heading.z'],
  footprint: TORSO.hx + FOOT_RADIUS,
  standingHeight: HEIGHT,
  create(rapier, world, spawn) {
    return createCrawler(rapier, world, spawn, 1);
  },
  steer: crawlerGait,
  halfTurnObservation(proprio, at) {
    for (const i of [CRAWLER_OBS.up, CRAWLER_OBS.up + 2, CRAWLER_OBS.heading, CRAWLER_OBS.heading + 1, CRAWLER_OBS.velocity, CRAWLER_OBS.velocity + 1]) {
      proprio[at + i] = -proprio[at + i];
    }
  },
  // Spoke speeds are in the crawler's own frame: nothing to turn.
  halfTurnActions() {},
};

/** One crawler's parts and joints, its densities times `scale`. */
function createCrawler(rapier: Rapier, world: RAPIER_TYPE.World, spawn: Spawn, scale: number): AgentBody {
  const yaw: Quat = rotateY(spawn.yaw);

  const dynamic = (x: number, y: number, z: number) => {
    // Torso-frame offsets turned by the spawn's yaw: x' = x cos + z sin, z' = -x sin + z cos.
    const c = Math.cos(spawn.yaw);
    const s = Math.sin(spawn.yaw);
    const desc = rapier.RigidBodyDesc.dynamic().setTranslation(spawn.x + x * c + z * s, y, spawn.z - x * s + z * c);
    return world.createRigidBody(desc.setRotation(yaw).setCanSleep(false).setAngularDamping(0.5));
  };
  const torso = dynamic(0, HEIGHT, 0);
  const colliders: RAPIER_TYPE.Collider[] = [
    world.createCollider(
      rapier.ColliderDesc.cuboid(TORSO.hx, TORSO.hy, TORSO.hz)
        .setDensity(TORSO_DENSITY * scale)
        .setFriction(0.3),
      torso,
    ),
  ];
  const rigidBodies = [torso];
  const joints: RAPIER_TYPE.RevoluteImpulseJoint[] = [];
  for (const leg of LEG_LAYOUT) {
    const z = leg.side * (TORSO.hz + FOOT_RADIUS + 0.02);
    // The spoke's body sits at its foot, turned to its starting angle about the hip.
    const fx = LEG_LENGTH * Math.sin(leg.phase);
    const fy = -LEG_LENGTH * Math.cos(leg.phase);
    const foot = dynamic(leg.x + fx, HEIGHT + fy, z);
    colliders.push(
      world.createCollider(
        rapier.ColliderDesc.ball(FOOT_RADIUS)
          .setDensity(FOOT_DENSITY * scale)
          .setFriction(1.2),
        foot,
      ),
    );
    rigidBodies.push(foot);
    const joint = world.createImpulseJoint(rapier.JointData.revolute({ x: leg.x, y: 0, z }, { x: -fx, y: -fy, z: 0 }, { x: 0, y: 0, z: 1 }), torso, foot, true) as RAPIER_TYPE.RevoluteImpulseJoint;
    // Force-based: the acceleration-based default barely turns a loaded spoke.
    joint.configureMotorModel(rapier.MotorModel.ForceBased);
    joint.setContactsEnabled(false);
    joints.push(joint);
  }
  let active = true;
  const seen = new Float32Array(CRAWLER_OBS.size);
  const body: AgentBody = {
    root: torso,
    rigidBodies,
    colliders,
    // Joint angles as sine and cosine (no wrap-around for statistics), joint speeds in rad/s,
    // the torso's height in metres and the direction it faces on the ground.
    features(out, at) {
      body.observe(seen, 0, 0);
      out.set(seen.subarray(CRAWLER_OBS.angles, CRAWLER_OBS.angles + 2 * CRAWLER_JOINTS), at);
      for (let j = 0; j < CRAWLER_JOINTS; j++) out[at + 2 * CRAWLER_JOINTS + j] = seen[CRAWLER_OBS.speeds + j] * MAX_LEG_SPEED;
      out[at + 3 * CRAWLER_JOINTS] = torso.translation().y;
      out[at + 3 * CRAWLER_JOINTS + 1] = seen[CRAWLER_OBS.heading];
      out[at + 3 * CRAWLER_JOINTS + 2] = seen[CRAWLER_OBS.heading + 1];
    },
    observe(out, at) {
      const q = torso.rotation();
      const w1 = torso.angvel();
      const axis = rotateVector(q, ...LATERAL_AXIS);
      LEG_LAYOUT.forEach((leg, j) => {
        const foot = rigidBodies[j + 1];
        const angle = jointAngle(q, foot.rotation(), ...LATERAL_AXIS) + leg.phase;
        out[at + CRAWLER_OBS.angles + 2 * j] = Math.sin(angle);
        out[at + CRAWLER_OBS.angles + 2 * j + 1] = Math.cos(angle);
        const w2 = foot.angvel();
        // Forward rolling turns the spokes backwards about +z: report it as positive.
        const speed = -((w2.x - w1.x) * axis.x + (w2.y - w1.y) * axis.y + (w2.z - w1.z) * axis.z);
        out[at + CRAWLER_OBS.speeds + j] = speed / MAX_LEG_SPEED;
      });
      const up = rotateVector(q, 0, 1, 0);
      out[at + CRAWLER_OBS.up] = up.x;
      out[at + CRAWLER_OBS.up + 1] = up.y;
      out[at + CRAWLER_OBS.up + 2] = up.z;
      const forward = rotateVector(q, 1, 0, 0);
      const norm = Math.hypot(forward.x, forward.z) || 1;
      out[at + CRAWLER_OBS.heading] = forward.x / norm;
      out[at + CRAWLER_OBS.heading + 1] = forward.z / norm;
      const v = torso.linvel();
      out[at + CRAWLER_OBS.velocity] = v.x / SPEED_SCALE;
      out[at + CRAWLER_OBS.velocity + 1] = v.z / SPEED_SCALE;
    },
    act(actions, at) {
      for (let j = 0; j < CRAWLER_JOINTS; j++) {
        const speed = active ? clamp1(actions[at + j]) * MAX_LEG_SPEED : 0;
        joints[j].configureMotorVelocity(-speed, MOTOR_FACTOR);
      }
    },
    retire() {
      active = false;
      for (const part of rigidBodies) {
        part.setBodyType(rapier.RigidBodyType.Fixed, false);
        const p = part.translation();
        part.setTranslation({ x: p.x, y: p.y - 10, z: p.z }, false);
      }
    },
  };
  return body;
}
