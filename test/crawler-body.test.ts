import { beforeAll, describe, expect, it } from 'vitest';
import { evaluateController } from '../server/evaluation/episodes.ts';
import { setupTestScenario, smallConfig, type TestSetup as World } from './helpers.ts';

describe('the crawler body', () => {
  let locomotion: World;
  beforeAll(async () => {
    locomotion = await setupTestScenario(smallConfig({ scenario: 'locomotion', worlds: { locomotion: { episodeSeconds: 8, agentsPerArena: 2 } } }));
  });

  it('walks several metres with the hand-tuned gait, several times farther than random motor targets', () => {
    const gait = evaluateController(locomotion, { kind: 'expert' }, 2, 1);
    const random = evaluateController(locomotion, { kind: 'random' }, 2, 1);
    expect(gait.mean).toBeGreaterThan(3);
    expect(gait.mean).toBeGreaterThan(3 * random.mean);
  });

  it('forages as a body choice: observations grow by its joints, and the expert still eats', async () => {
    const forage = await setupTestScenario(smallConfig({ worlds: { forage: { body: 'crawler', episodeSeconds: 10 } } }));
    expect(forage.role.actionSize).toBe(4);
    expect(forage.role.observationSize).toBe(3 * 2 + 19 + 8 * 2);
    const expert = evaluateController(forage, { kind: 'expert' }, 2, 1);
    expect(expert.mean).toBeGreaterThan(0);
  });
});
