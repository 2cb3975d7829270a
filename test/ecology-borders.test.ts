import { describe, expect, it } from 'vitest';
import { createEcologyWorld } from '../server/ecology/run-ecology.ts';
import { NEIGHBOUR_FIELDS, regionOf } from '../worlds/ecology/options.ts';
import { ecologyConfig, pushEast, stepWindow, worldOf } from './ecology-helpers.ts';

describe('ecology borders', () => {
  it('an agent walking across a border is the same agent on the other side: identity, energy, genome', async () => {
    const { world } = worldOf([[-3, 0]]);
    const agent = world.agents[0];
    const genome = agent.genome.slice();
    expect(regionOf(world.o, agent.body[0], agent.body[2])).toBe(0);
    let energyBefore = agent.energy;
    const regions = new Set<number>();
    for (let k = 0; k < 6 && agent.body[0] < 4; k++) {
      const windows = await stepWindow(world, pushEast);
      const home = windows.find((w) => w.ids.includes(agent.id))!;
      regions.add(home.region);
      expect(world.agents).toHaveLength(1);
      expect(world.agents[0]).toBe(agent);
      expect(agent.energy).toBeLessThan(energyBefore); // it paid for living and moving, in whichever region
      energyBefore = agent.energy;
    }
    expect(agent.body[0]).toBeGreaterThan(0);
    expect(regionOf(world.o, agent.body[0], agent.body[2])).toBe(1);
    expect([...regions]).toContain(0);
    expect(world.windows()[1].ids).toEqual(Int32Array.from([agent.id]));
    expect(agent.genome).toEqual(genome);
    expect(agent.lineage).toBe(agent.id);
  });

  it('a ghost is seen by sensors across a border', async () => {
    // x = 0 is the border; 2 m apart, inside sight (5 m) and the margin (6 m).
    const { world } = worldOf([
      [-1, 0],
      [1, 0],
    ]);
    const windows = world.windows();
    expect([...windows[0].ids]).toEqual([world.agents[0].id]);
    expect([...windows[0].ghostIds]).toEqual([world.agents[1].id]);
    expect([...windows[1].ghostIds]).toEqual([world.agents[0].id]);
    const seen: Float32Array[] = [];
    await stepWindow(world, () => {}, seen);
    const neighbour = world.o.foodSectors + 3;
    for (const [region, dx] of [
      [0, 2 / world.o.sightRadius],
      [1, -2 / world.o.sightRadius],
    ]) {
      const obs = seen[region];
      expect(obs[neighbour]).toBe(1); // present
      expect(obs[neighbour + 1]).toBeCloseTo(dx, 2); // where: across the border
      expect(obs[neighbour + NEIGHBOUR_FIELDS]).toBe(0); // and nobody else
    }
  });

  it('agents beyond the margin are not ghosts, and nobody is seen beyond sight', async () => {
    const { world } = worldOf([
      [-10, 0],
      [10, 0],
    ]);
    const windows = world.windows();
    expect(windows[0].ghostIds).toHaveLength(0);
    expect(windows[1].ghostIds).toHaveLength(0);
    const seen: Float32Array[] = [];
    await stepWindow(world, () => {}, seen);
    expect(seen[0][world.o.foodSectors + 3]).toBe(0);
  });
});

describe('ecology obstacles', () => {
  it('stand in every region: an agent pushed at one stops against it, and nothing is placed inside one', async () => {
    const { world } = worldOf([[-12, 0]], { obstacles: 3, obstacleSize: 4 });
    expect(world.obstacles).toHaveLength(9);
    // Put the first obstacle across the border, in the agent's path.
    world.obstacles.set([1, 0, 2], 0);
    for (let k = 0; k < 8; k++) await stepWindow(world, pushEast);
    expect(world.agents[0].body[0]).toBeLessThan(1 - 2 - 0.45); // stopped at the pillar's west face
    expect(world.agents[0].body[0]).toBeGreaterThan(-5);
    const fresh = createEcologyWorld(ecologyConfig({ obstacles: 6, obstacleSize: 6, initialAgents: 150, maxAgents: 300 }));
    fresh.populate();
    const inside = (x: number, z: number, margin: number) => {
      for (let k = 0; k < fresh.obstacles.length; k += 3)
        if (Math.abs(x - fresh.obstacles[k]) < fresh.obstacles[k + 2] + margin && Math.abs(z - fresh.obstacles[k + 1]) < fresh.obstacles[k + 2] + margin) return true;
      return false;
    };
    expect(fresh.agents.filter((a) => inside(a.body[0], a.body[2], 0.5))).toEqual([]);
    for (let p = 0; p < fresh.food.count; p++) expect(inside(fresh.food.xz[2 * p], fresh.food.xz[2 * p + 1], 0)).toBe(false);
  });
});
