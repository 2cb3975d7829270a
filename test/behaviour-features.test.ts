import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { loadRapier, type Rapier } from '../worlds/rapier.ts';
import { createScenario } from '../worlds/registry.ts';
import type { Arena, Scenario } from '../worlds/scenario.ts';

let rapier: Rapier;
beforeAll(async () => {
  rapier = await loadRapier('compat');
});

const defaults = resolveConfig({ workers: 0 }).worlds;

/** Each role's features of `arena` now, row by row. */
function featuresOf(scenario: Scenario, arena: Arena): number[][][] {
  return scenario.spec.roles.map((role, r) => {
    const out = new Float32Array(role.slots * role.features.length).fill(Number.NaN);
    arena.features(r, out);
    return Array.from({ length: role.slots }, (_, s) => Array.from(out.subarray(s * role.features.length, (s + 1) * role.features.length)));
  });
}

/** Plays `steps` control steps (fewer if the episode ends) with every role's scripted expert. */
function expertSteps(scenario: Scenario, arena: Arena, steps: number): void {
  const { roles } = scenario.spec;
  const obs = roles.map((r) => new Float32Array(r.slots * r.observationSize));
  const act = roles.map((r) => new Float32Array(r.slots * r.actionSize));
  for (let step = 0; step < steps && !arena.done; step++) {
    roles.forEach((role, r) => {
      arena.observe(r, obs[r]);
      scenario.experts[r](obs[r], role.slots, act[r]);
      arena.applyActions(r, act[r]);
    });
    arena.step();
  }
}

describe('behaviour features', () => {
  it('are declared by every role of every world, and are finite numbers for every seat', () => {
    for (const name of ['forage', 'locomotion', 'sumo', 'pursuit']) {
      for (const body of ['ball', 'crawler'] as const) {
        const worlds = { ...defaults, forage: { ...defaults.forage, body }, locomotion: { ...defaults.locomotion, body } };
        const scenario = createScenario(name, worlds, [body, body]);
        const arena = scenario.createArena(rapier, 3);
        expertSteps(scenario, arena, 20);
        const rows = featuresOf(scenario, arena);
        scenario.spec.roles.forEach((role, r) => {
          expect(role.features.length).toBeGreaterThan(0);
          expect(rows[r].flat().every(Number.isFinite)).toBe(true);
        });
        arena.dispose();
      }
    }
  });

  it('measure forage in world units: the expert moves, turns and stays inside the walls', () => {
    const scenario = createScenario('forage', defaults);
    expect(scenario.spec.roles[0].features).toEqual(['speed', 'turnRate', 'nearestFood', 'wallDistance']);
    const arena = scenario.createArena(rapier, 5);
    const [still] = featuresOf(scenario, arena);
    expect(still.every(([speed, turn]) => speed < 0.05 && turn === 0)).toBe(true);
    expertSteps(scenario, arena, 40);
    const [moving] = featuresOf(scenario, arena);
    expect(Math.max(...moving.map(([speed]) => speed))).toBeGreaterThan(1);
    for (const [, , food, wall] of moving) {
      expect(food).toBeGreaterThanOrEqual(0);
      expect(wall).toBeGreaterThan(0);
      expect(wall).toBeLessThanOrEqual(defaults.forage.arenaSize / 2);
    }
    arena.dispose();
  });

  it("measure the crawler's pose: joint angles as sine and cosine, height, heading", () => {
    const scenario = createScenario('locomotion', defaults);
    const names = scenario.spec.roles[0].features;
    expect(names).toHaveLength(4 * 3 + 3);
    const arena = scenario.createArena(rapier, 2);
    expertSteps(scenario, arena, 30);
    for (const row of featuresOf(scenario, arena)[0]) {
      for (let j = 0; j < 4; j++) expect(row[2 * j] ** 2 + row[2 * j + 1] ** 2).toBeCloseTo(1, 4);
      expect(row[names.indexOf('height')]).toBeGreaterThan(0.1);
      expect(row[names.indexOf('heading.x')] ** 2 + row[names.indexOf('heading.z')] ** 2).toBeCloseTo(1, 4);
    }
    arena.dispose();
  });

  it('measure sumo from each side alike: the same gap, each closing on the other', () => {
    const scenario = createScenario('sumo', defaults);
    const arena = scenario.createArena(rapier, 7);
    const [[red], [blue]] = featuresOf(scenario, arena);
    expect(red[0]).toBeCloseTo(blue[0], 6); // the distance between them
    expect(red[0]).toBeGreaterThan(3);
    expertSteps(scenario, arena, 10);
    const [[r], [b]] = featuresOf(scenario, arena);
    expect(r[2]).toBeCloseTo(b[2], 4); // both see the same gap shrink
    expect(r[2]).toBeGreaterThan(0); // the experts charge
    expect(r[0]).toBeLessThan(red[0]);
    arena.dispose();
  });

  it('give a caught prey nothing but zeros', () => {
    const scenario = createScenario('pursuit', { ...defaults, pursuit: { ...defaults.pursuit, arenaSize: 8, predators: 2, prey: 1 } });
    const arena = scenario.createArena(rapier, 1);
    const still = new Float32Array(2);
    const obs = new Float32Array(scenario.spec.roles[0].slots * scenario.spec.roles[0].observationSize);
    const act = new Float32Array(scenario.spec.roles[0].slots * scenario.spec.roles[0].actionSize);
    while (!arena.done && arena.outcome[0][0] + arena.outcome[0][1] === 0) {
      arena.observe(0, obs);
      scenario.experts[0](obs, 2, act);
      arena.applyActions(0, act);
      arena.applyActions(1, still);
      arena.step();
    }
    expect(arena.outcome[0][0] + arena.outcome[0][1]).toBe(1);
    expect(featuresOf(scenario, arena)[1][0]).toEqual([0, 0, 0]);
    arena.dispose();
  });
});
