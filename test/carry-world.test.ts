/** The carry world: a block one agent cannot move alone, a team expert that delivers it, and configs refused with the key named. */
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { evaluateController, setupEpisode } from '../server/evaluation/episodes.ts';
import type { CarryArena } from '../worlds/carry/arena.ts';
import { createCarry } from '../worlds/carry/index.ts';
import { CARRY_DEFAULTS } from '../worlds/carry/options.ts';
import { loadRapier } from '../worlds/rapier.ts';

/** How far the block goes in an episode with the expert team, and with one member pushing while the other stands still. */
async function blockTravel(alone: boolean, seed: number): Promise<number> {
  const rapier = await loadRapier('compat');
  // A long way to the goal, so that the block is never delivered: its travel measures its speed.
  const scenario = createCarry({ ...CARRY_DEFAULTS, goalDistance: 30, arenaSize: 60, episodeSeconds: 12 });
  const arena = scenario.createArena(rapier, seed) as CarryArena;
  const role = scenario.spec.roles[0];
  const observations = new Float32Array(role.slots * role.observationSize);
  const actions = new Float32Array(role.slots * role.actionSize);
  const [x0, z0] = arena.blockPosition();
  try {
    while (!arena.done) {
      arena.observe(0, observations);
      scenario.experts[0](observations, role.slots, actions);
      if (alone) actions.fill(0, role.actionSize);
      arena.applyActions(0, actions);
      arena.step();
    }
    const [x, z] = arena.blockPosition();
    return Math.hypot(x - x0, z - z0);
  } finally {
    arena.dispose();
  }
}

describe('the carry world', () => {
  it('has a block that one agent alone moves at most a fifth as far as two pushing together', async () => {
    for (const seed of [1, 2, 3]) {
      const together = await blockTravel(false, seed);
      const alone = await blockTravel(true, seed);
      expect(together).toBeGreaterThan(5);
      expect(alone).toBeLessThanOrEqual(together / 5);
    }
  });

  it('has a team expert that delivers the block in most episodes, and random actions that do not', async () => {
    const world = await setupEpisode(resolveConfig({ scenario: 'carry', workers: 0 }));
    const expert = evaluateController(world, { kind: 'expert' }, 12, 1);
    expect(expert.team!.successRate).toBeGreaterThanOrEqual(0.8);
    expect(expert.team!.meanProgress).toBeGreaterThan(0.9);
    const random = evaluateController(world, { kind: 'random' }, 12, 1);
    expect(random.team!.successRate).toBe(0);
    for (const teamSize of [3, 4]) {
      const larger = await setupEpisode(resolveConfig({ scenario: 'carry', workers: 0, worlds: { carry: { teamSize } } }));
      expect(evaluateController(larger, { kind: 'expert' }, 6, 2).team!.successRate).toBeGreaterThanOrEqual(0.8);
    }
  });

  it('describes the block and the goal for viewers, and moves them in frames', async () => {
    const scenario = createCarry(CARRY_DEFAULTS);
    const desc = scenario.describe();
    expect(desc.bodies.filter((b) => b.role === 'block')).toHaveLength(1);
    expect(desc.bodies.filter((b) => b.role === 'goal')).toHaveLength(1);
    const rapier = await loadRapier('compat');
    const arena = scenario.createArena(rapier, 7) as CarryArena;
    const positions = new Float32Array((2 + 2) * 3);
    arena.positions(positions);
    expect([positions[6], positions[8]]).toEqual(arena.blockPosition().map(Math.fround));
    expect([positions[9], positions[11]]).toEqual(arena.layout.goal.map(Math.fround));
    arena.dispose();
  });

  it('refuses a team the floor cannot hold, and modes that do not fit the world, naming the key', () => {
    const refused = (config: Record<string, unknown>, pattern: RegExp) => expect(() => resolveConfig(config)).toThrow(pattern);
    refused({ scenario: 'carry', worlds: { carry: { teamSize: 4, arenaSize: 12 } } }, /worlds\.carry\.teamSize: a team of 4 .* needs a floor of at least/);
    refused({ scenario: 'sumo', coevolution: { mode: 'cooperative' } }, /coevolution\.mode: "cooperative" is for worlds where a team shares its score/);
    refused({ scenario: 'carry', coevolution: { mode: 'competitive' } }, /coevolution\.mode: carry is cooperative/);
    refused({ scenario: 'carry', coevolution: { mode: 'cooperative' }, populations: [{ name: 'only', role: 'carrier' }] }, /populations: cooperative mode has one population per team slot: 2/);
    refused({ scenario: 'carry', coevolution: { randomCollaborators: 3 } }, /coevolution\.randomCollaborators: does not apply: carry in homogeneous mode/);
    refused({ scenario: 'forage', coevolution: { mode: 'cooperative' } }, /coevolution\.mode: does not apply/);
    refused({ scenario: 'carry', worlds: { carry: { goalRadius: 7 } } }, /worlds\.carry\.goalRadius: must be less than/);
  });
});

describe('carry in the stream', () => {
  it('sends the block and the goal in the world message and moves them in frames', async () => {
    const { serveRun } = await import('./stream-helpers.ts');
    const { connect } = await import('../client-protocol/client.ts');
    const { framePositions, frameRotations } = await import('../client-protocol/protocol.ts');
    const served = await serveRun({}, { scenario: 'carry', evolution: { populationSize: 6, eliteCount: 1 }, worlds: { carry: { episodeSeconds: 4 } } });
    const client = await connect(served.url);
    try {
      client.subscribe(['showcase'], 30);
      const world = await client.next('world');
      const block = world.bodies.find((b) => b.role === 'block')!;
      const goal = world.bodies.find((b) => b.role === 'goal')!;
      expect(world.moving).toEqual(expect.arrayContaining([block.id, goal.id]));
      expect(world.rotating).toContain(block.id); // a box turned to face the goal
      const frame = await client.next('frame');
      expect(framePositions(frame).length).toBe(world.moving.length * 3);
      expect(frameRotations(frame).length).toBe(world.rotating.length * 4);
    } finally {
      client.close();
      await served.stop();
    }
  });
});
