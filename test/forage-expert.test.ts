import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateController } from '../server/evaluation/episodes.ts';
import { setupTestScenario, smallConfig, type TestSetup as World } from './helpers.ts';

describe('forage scripted expert', () => {
  let world: World;
  beforeAll(async () => {
    world = await setupTestScenario(smallConfig({ worlds: { forage: { episodeSeconds: 10 } } }));
  });

  it('eats food, and many times more than random actions do', () => {
    const expert = evaluateController(world, { kind: 'expert' }, 4, 1);
    const random = evaluateController(world, { kind: 'random' }, 4, 1);
    expect(expert.mean).toBeGreaterThan(5);
    expect(expert.mean).toBeGreaterThan(4 * random.mean);
  });

  it('scores the same twice with the same seed', () => {
    const a = evaluateController(world, { kind: 'expert' }, 2, 5);
    const b = evaluateController(world, { kind: 'expert' }, 2, 5);
    expect(b.scores).toEqual(a.scores);
  });
});
