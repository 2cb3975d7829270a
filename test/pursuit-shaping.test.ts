import { describe, expect, it } from 'vitest';
import { createPursuit } from '../worlds/pursuit/index.ts';
import { CATCH_FITNESS, PURSUIT_DEFAULTS } from '../worlds/pursuit/options.ts';
import { loadRapier } from '../worlds/rapier.ts';

describe('pursuit shaping', () => {
  it('never charges a predator for a catch: the next prey being farther away is no retreat', async () => {
    const rapier = await loadRapier('compat');
    const scenario = createPursuit({ ...PURSUIT_DEFAULTS, predators: 1, prey: 2, arenaSize: 8, shaping: 5, episodeSeconds: 60 });
    const [predator, prey] = scenario.spec.roles;
    let catches = 0;
    for (let seed = 1; seed <= 6 && catches < 2; seed++) {
      const arena = scenario.createArena(rapier, seed);
      const obs = new Float32Array(predator.observationSize);
      const act = new Float32Array(predator.actionSize);
      const still = new Float32Array(prey.slots * prey.actionSize);
      while (!arena.done) {
        arena.observe(0, obs);
        scenario.experts[0](obs, 1, act);
        arena.applyActions(0, act);
        arena.applyActions(1, still);
        const before = arena.fitness[0][0];
        const caught = arena.outcome[0][0];
        arena.step();
        if (arena.outcome[0][0] > caught && !arena.done) {
          // A catch with a prey still free: the catch is worth CATCH_FITNESS, give or take one step's progress.
          expect(arena.fitness[0][0] - before).toBeGreaterThan(CATCH_FITNESS - 0.5);
          catches++;
        }
      }
      arena.dispose();
    }
    expect(catches).toBeGreaterThan(0);
  });
});
