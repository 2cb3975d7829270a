/**
 * One region of the ecology stepped for one window of control steps. A window is a pure function
 * of its plain-data input: the region's Rapier world is built from the agents' positions and
 * velocities, stepped, read back and freed within the call. So a window gives the same result on
 * the main thread or in any worker, and a world between windows is only plain data (what the
 * checkpoint holds). Agents of other regions near the border are kinematic ghosts here: they
 * move on at their velocity from the window's start, push and can be seen, but feel nothing.
 */
import type { DisposableController } from '../scenario.ts';
import type { Rapier } from '../rapier.ts';
import { PointGrid } from './grid.ts';
import { ACTION_SIZE, AGENT_RADIUS, BEHAVIOUR_FEATURES, EAT_RADIUS, ECOLOGY_PHYSICS_DT, type EcologyOptions, ecologyObservationSize, NEIGHBOUR_FIELDS, SPEED_SCALE } from './options.ts';

/** Per agent in `bodies`: position (3), linear velocity (3), angular velocity (3). */
export const BODY_FIELDS = 9;
/** Per ghost in `ghostBodies`: position (3), velocity (3). */
export const GHOST_FIELDS = 6;

export interface RegionWindow {
  region: number;
  /** The world's settings for this window (a run's schedule may change them between windows) and its gravity, m/s². */
  options: EcologyOptions;
  gravity: number;
  /** Control steps since the world began, at the window's start (recording is aligned to it). */
  step: number;
  steps: number;
  /** The region's agents in id order. */
  ids: Int32Array;
  bodies: Float64Array;
  energy: Float64Array;
  /** Each agent's last action (what its neighbours see it doing). */
  actions: Float32Array;
  /** The world's weight slab (shared, read only here): the agents' networks lie at `slots`, `genomeLength` floats each. */
  weights: Float32Array;
  genomeLength: number;
  slots: Int32Array;
  ghostIds: Int32Array;
  ghostBodies: Float64Array;
  ghostActions: Float32Array;
  /** Pellets standing within sight of the region: index, x and z, and whether it lies inside the region (only those can be eaten here). */
  foodIndex: Int32Array;
  foodXz: Float32Array;
  foodOwned: Uint8Array;
  /** x, z and half side per obstacle (every region has them all). */
  obstacles: Float32Array;
  /** Record every agent's position after each control step (`RegionOutcome.track`) for the live stream; changes nothing else. */
  track: boolean;
}

export interface RegionOutcome {
  region: number;
  bodies: Float64Array;
  energy: Float64Array;
  actions: Float32Array;
  /** Energy each agent gained from food, and spent living and moving, in this window. */
  gained: Float64Array;
  spent: Float64Array;
  /** Pellets eaten: (pellet index, agent's position in `ids`, control step in the window) triples. */
  eaten: Int32Array;
  /** Recorded (observation, action) pairs: `pairsPerAgent` for each agent, agent by agent. */
  pairsPerAgent: number;
  observations: Float32Array;
  pairActions: Float32Array;
  /** BEHAVIOUR_FEATURES per agent, averaged over the window. */
  behaviour: Float32Array;
  /** With `RegionWindow.track`: x, y, z of each agent after each control step, step by step (`steps` × agents × 3); else empty. */
  track: Float32Array;
  physicsSeconds: number;
  inferenceSeconds: number;
  /** Wall seconds of the whole call (building, sensing, inference, physics, reading back), on whichever thread ran it. */
  taskSeconds: number;
}

const DENSITY = 1 / ((4 / 3) * Math.PI * AGENT_RADIUS ** 3); // 1 kg, as forage's ball (times bodyMass)

export function stepRegion(rapier: Rapier, policies: (weights: Float32Array[]) => DisposableController, w: RegionWindow): RegionOutcome {
  const called = performance.now();
  const o = w.options;
  const n = w.ids.length;
  const m = w.ghostIds.length;
  const obsSize = ecologyObservationSize(o);
  const length = w.genomeLength;
  const world = new rapier.World({ x: 0, y: -w.gravity, z: 0 });
  const { controller, dispose } = policies(Array.from(w.slots, (slot) => w.weights.subarray(slot * length, (slot + 1) * length)));
  try {
    buildStage(rapier, world, o, w.obstacles);
    const agents = Array.from({ length: n }, (_, i) => {
      const b = w.bodies.subarray(i * BODY_FIELDS, (i + 1) * BODY_FIELDS);
      const body = world.createRigidBody(
        rapier.RigidBodyDesc.dynamic()
          .setTranslation(b[0], b[1], b[2])
          .setLinvel(b[3], b[4], b[5])
          .setAngvel({ x: b[6], y: b[7], z: b[8] })
          .setLinearDamping(0.5)
          .setAngularDamping(0.5)
          .setCanSleep(false),
      );
      world.createCollider(
        rapier.ColliderDesc.ball(AGENT_RADIUS)
          .setDensity(DENSITY * (o.bodyMass ?? 1))
          .setFriction(0.8)
          .setRestitution(0.2),
        body,
      );
      return body;
    });
    const ghosts = Array.from({ length: m }, (_, g) => {
      const b = w.ghostBodies.subarray(g * GHOST_FIELDS, g * GHOST_FIELDS + 3);
      const body = world.createRigidBody(rapier.RigidBodyDesc.kinematicPositionBased().setTranslation(b[0], b[1], b[2]));
      world.createCollider(rapier.ColliderDesc.ball(AGENT_RADIUS).setFriction(0.8).setRestitution(0.2), body);
      return body;
    });

    const energy = Float64Array.from(w.energy);
    const gained = new Float64Array(n);
    const spent = new Float64Array(n);
    const eaten: number[] = [];
    const standing = new Uint8Array(w.foodIndex.length).fill(1);
    const foodGrid = new PointGrid(-o.size / 2, -o.size / 2, o.size / 2, o.size / 2, o.foodRange);
    foodGrid.build(w.foodXz, w.foodIndex.length);
    const everyoneGrid = new PointGrid(-o.size / 2, -o.size / 2, o.size / 2, o.size / 2, o.sightRadius);
    const nearest: Nearest = { j: new Int32Array(o.neighbours), d: new Float64Array(o.neighbours) };

    const recordSteps = Array.from({ length: w.steps }, (_, s) => s).filter((s) => (w.step + s) % o.recordEvery === 0);
    const observations = new Float32Array(n * recordSteps.length * obsSize);
    const pairActions = new Float32Array(n * recordSteps.length * ACTION_SIZE);
    const behaviour = new Float32Array(n * BEHAVIOUR_FEATURES.length);
    const obs = new Float32Array(n * obsSize);
    let actions = Float32Array.from(w.actions);
    let next = new Float32Array(n * ACTION_SIZE);
    // Positions and velocities of agents (0 .. n-1) then ghosts (n .. n+m-1), x and z.
    const xz = new Float64Array(2 * (n + m));
    const vxz = new Float64Array(2 * (n + m));
    const dtControl = o.actionRepeat * ECOLOGY_PHYSICS_DT;
    // `forceTurn` turns the push an action gives (the action itself, recorded for imitation, is the policy's own).
    const turnForce = o.forceTurn !== 0;
    const turnCos = Math.cos((o.forceTurn * Math.PI) / 180);
    const turnSin = Math.sin((o.forceTurn * Math.PI) / 180);
    const inner = o.size / 2 - AGENT_RADIUS; // ghosts stop at the walls, as the agents they stand for do
    const track = new Float32Array(w.track ? w.steps * n * 3 : 0);
    let physicsSeconds = 0;
    let inferenceSeconds = 0;

    for (let s = 0; s < w.steps; s++) {
      for (let i = 0; i < n; i++) {
        const p = agents[i].translation();
        const v = agents[i].linvel();
        xz[2 * i] = p.x;
        xz[2 * i + 1] = p.z;
        vxz[2 * i] = v.x;
        vxz[2 * i + 1] = v.z;
      }
      const t = s * o.actionRepeat * ECOLOGY_PHYSICS_DT;
      for (let g = 0; g < m; g++) {
        const b = g * GHOST_FIELDS;
        xz[2 * (n + g)] = ghostAt(w.ghostBodies[b], w.ghostBodies[b + 3], t, inner);
        xz[2 * (n + g) + 1] = ghostAt(w.ghostBodies[b + 2], w.ghostBodies[b + 5], t, inner);
        vxz[2 * (n + g)] = w.ghostBodies[b + 3];
        vxz[2 * (n + g) + 1] = w.ghostBodies[b + 5];
      }
      everyoneGrid.build(xz, n + m);
      foodGrid.build(w.foodXz, w.foodIndex.length, (k) => !standing[k]);
      for (let i = 0; i < n; i++) {
        const seen = observe(o, i, energy[i], xz, vxz, n, actions, w.ghostActions, everyoneGrid, foodGrid, w.foodXz, obs, i * obsSize, nearest);
        const f = i * BEHAVIOUR_FEATURES.length;
        behaviour[f] += Math.hypot(vxz[2 * i], vxz[2 * i + 1]) / w.steps;
        behaviour[f + 2] += seen.food / w.steps;
        behaviour[f + 3] += seen.company / w.steps;
      }
      let started = performance.now();
      controller(obs, n, next);
      inferenceSeconds += (performance.now() - started) / 1000;
      for (let i = 0; i < n; i++) {
        if (energy[i] <= 0) next[2 * i] = next[2 * i + 1] = 0; // the dying do nothing
        agents[i].resetForces(false);
        const ax = next[2 * i];
        const az = next[2 * i + 1];
        const fx = turnForce ? ax * turnCos - az * turnSin : ax;
        const fz = turnForce ? ax * turnSin + az * turnCos : az;
        agents[i].addForce({ x: o.maxForce * fx, y: 0, z: o.maxForce * fz }, true);
        behaviour[i * BEHAVIOUR_FEATURES.length + 1] += Math.hypot(next[2 * i], next[2 * i + 1]) / w.steps;
      }
      const slot = recordSteps.indexOf(s);
      if (slot >= 0) {
        for (let i = 0; i < n; i++) {
          const at = i * recordSteps.length + slot;
          observations.set(obs.subarray(i * obsSize, (i + 1) * obsSize), at * obsSize);
          pairActions.set(next.subarray(i * ACTION_SIZE, (i + 1) * ACTION_SIZE), at * ACTION_SIZE);
        }
      }
      started = performance.now();
      for (let k = 0; k < o.actionRepeat; k++) {
        const ahead = t + (k + 1) * ECOLOGY_PHYSICS_DT;
        for (let g = 0; g < m; g++) {
          const b = g * GHOST_FIELDS;
          ghosts[g].setNextKinematicTranslation({
            x: ghostAt(w.ghostBodies[b], w.ghostBodies[b + 3], ahead, inner),
            y: w.ghostBodies[b + 1],
            z: ghostAt(w.ghostBodies[b + 2], w.ghostBodies[b + 5], ahead, inner),
          });
        }
        world.step();
      }
      physicsSeconds += (performance.now() - started) / 1000;
      for (let i = 0; w.track && i < n; i++) {
        const p = agents[i].translation();
        track.set([p.x, p.y, p.z], 3 * (s * n + i));
      }
      for (let i = 0; i < n; i++) {
        if (energy[i] <= 0) continue;
        const p = agents[i].translation();
        foodGrid.near(p.x, p.z, EAT_RADIUS, (k) => {
          if (!standing[k] || !w.foodOwned[k] || energy[i] <= 0) return;
          const dx = w.foodXz[2 * k] - p.x;
          const dz = w.foodXz[2 * k + 1] - p.z;
          if (dx * dx + dz * dz > EAT_RADIUS * EAT_RADIUS) return;
          standing[k] = 0;
          energy[i] += o.foodEnergy;
          gained[i] += o.foodEnergy;
          eaten.push(w.foodIndex[k], i, s);
        });
        const cost = (o.livingCost + (o.moveCost * (next[2 * i] ** 2 + next[2 * i + 1] ** 2)) / 2) * dtControl;
        energy[i] -= cost;
        spent[i] += cost;
      }
      [actions, next] = [next, actions];
    }

    const bodies = new Float64Array(n * BODY_FIELDS);
    agents.forEach((body, i) => {
      const p = body.translation();
      const v = body.linvel();
      const a = body.angvel();
      bodies.set([p.x, p.y, p.z, v.x, v.y, v.z, a.x, a.y, a.z], i * BODY_FIELDS);
    });
    return {
      region: w.region,
      bodies,
      energy,
      actions,
      gained,
      spent,
      eaten: Int32Array.from(eaten),
      pairsPerAgent: recordSteps.length,
      observations,
      pairActions,
      behaviour,
      track,
      physicsSeconds,
      inferenceSeconds,
      taskSeconds: (performance.now() - called) / 1000,
    };
  } finally {
    dispose();
    world.free();
  }
}

/** A ghost's coordinate `t` seconds into the window: moving on at its starting velocity, but never through a wall. */
function ghostAt(start: number, velocity: number, t: number, inner: number): number {
  return Math.max(-inner, Math.min(inner, start + velocity * t));
}

/** The floor, the four outer walls and the obstacles (every region has them all: they cost one collider each). */
function buildStage(rapier: Rapier, world: InstanceType<Rapier['World']>, o: EcologyOptions, obstacles: Float32Array): void {
  for (let k = 0; k < obstacles.length; k += 3) {
    world.createCollider(rapier.ColliderDesc.cuboid(obstacles[k + 2], 1, obstacles[k + 2]).setTranslation(obstacles[k], 1, obstacles[k + 1]));
  }
  const half = o.size / 2;
  world.createCollider(
    rapier.ColliderDesc.cuboid(half + 1, 0.5, half + 1)
      .setTranslation(0, -0.5, 0)
      .setFriction(o.friction),
  );
  for (const [x, z, hx, hz] of [
    [0, -half - 0.25, half + 0.5, 0.25],
    [0, half + 0.25, half + 0.5, 0.25],
    [-half - 0.25, 0, 0.25, half + 0.5],
    [half + 0.25, 0, 0.25, half + 0.5],
  ]) {
    world.createCollider(rapier.ColliderDesc.cuboid(hx, 1, hz).setTranslation(x, 1, z));
  }
}

/** The K nearest neighbours so far, nearest first: their indices and distances (scratch, reused across agents). */
interface Nearest {
  j: Int32Array;
  d: Float64Array;
}

/**
 * Squared distances beyond the range times this are out of range whatever the rounding, so the
 * exact test (`Math.hypot`, as the sensors have always measured) runs only for the rest.
 */
const CERTAINLY_BEYOND = 1 + 1e-9;

/**
 * Writes agent i's observation at `at`: the food sense (per sector, the nearest standing pellet's
 * proximity), its own energy and velocity, and its nearest neighbours (agents or ghosts) within
 * sight, nearest first. Returns what the behaviour features need.
 */
function observe(
  o: EcologyOptions,
  i: number,
  energy: number,
  xz: Float64Array,
  vxz: Float64Array,
  n: number,
  actions: Float32Array,
  ghostActions: Float32Array,
  everyone: PointGrid,
  food: PointGrid,
  foodXz: Float32Array,
  out: Float32Array,
  at: number,
  nearest: Nearest,
): { food: number; company: number } {
  out.fill(0, at, at + ecologyObservationSize(o));
  const x = xz[2 * i];
  const z = xz[2 * i + 1];
  const sectorWidth = (2 * Math.PI) / o.foodSectors;
  let nearestFood = 0;
  const foodReach = o.foodRange * o.foodRange * CERTAINLY_BEYOND;
  food.near(x, z, o.foodRange, (k) => {
    const dx = foodXz[2 * k] - x;
    const dz = foodXz[2 * k + 1] - z;
    if (dx * dx + dz * dz > foodReach) return;
    const d = Math.hypot(dx, dz);
    if (d > o.foodRange) return;
    const sector = Math.min(o.foodSectors - 1, Math.floor((Math.atan2(dz, dx) + Math.PI) / sectorWidth));
    const proximity = 1 - d / o.foodRange;
    if (proximity > out[at + sector]) out[at + sector] = proximity;
    if (proximity > nearestFood) nearestFood = proximity;
  });
  const own = at + o.foodSectors;
  out[own] = energy / o.reproduceEnergy;
  out[own + 1] = vxz[2 * i] / SPEED_SCALE;
  out[own + 2] = vxz[2 * i + 1] / SPEED_SCALE;
  // The K nearest within sight, by insertion into a short sorted list (K is small; ties keep the first seen).
  const K = o.neighbours;
  const sightReach = o.sightRadius * o.sightRadius * CERTAINLY_BEYOND;
  let held = 0;
  let company = 0;
  everyone.near(x, z, o.sightRadius, (j) => {
    if (j === i) return;
    const dx = xz[2 * j] - x;
    const dz = xz[2 * j + 1] - z;
    if (dx * dx + dz * dz > sightReach) return;
    const d = Math.hypot(dx, dz);
    if (d > o.sightRadius) return;
    company++;
    if (held === K && d >= nearest.d[K - 1]) return;
    let k = held;
    while (k > 0 && nearest.d[k - 1] > d) k--;
    for (let m = Math.min(held, K - 1); m > k; m--) {
      nearest.d[m] = nearest.d[m - 1];
      nearest.j[m] = nearest.j[m - 1];
    }
    nearest.d[k] = d;
    nearest.j[k] = j;
    if (held < K) held++;
  });
  for (let k = 0; k < held; k++) {
    const j = nearest.j[k];
    const f = own + 3 + k * NEIGHBOUR_FIELDS;
    const act = j < n ? actions.subarray(2 * j, 2 * j + 2) : ghostActions.subarray(2 * (j - n), 2 * (j - n) + 2);
    out[f] = 1;
    out[f + 1] = (xz[2 * j] - x) / o.sightRadius;
    out[f + 2] = (xz[2 * j + 1] - z) / o.sightRadius;
    out[f + 3] = vxz[2 * j] / SPEED_SCALE;
    out[f + 4] = vxz[2 * j + 1] / SPEED_SCALE;
    out[f + 5] = act[0];
    out[f + 6] = act[1];
  }
  return { food: nearestFood, company };
}
