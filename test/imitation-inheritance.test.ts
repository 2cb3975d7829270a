import { describe, expect, it } from 'vitest';
import { initGenome } from '../agents/mlp.ts';
import { Rng } from '../agents/rng.ts';
import { LocalEvaluator } from '../server/evaluation/evaluator.ts';
import { inherit, learn } from '../server/imitation/learn.ts';
import { NO_CONTEXT } from '../server/imitation/experts.ts';
import { setupTestImitation, smallConfig } from './helpers.ts';

async function learnOnce(inheritance: 'lamarckian' | 'baldwinian') {
  const config = smallConfig({ imitation: { experts: { scripted: 1 }, inheritance, learnFraction: 0.5, steps: 5, demoEpisodes: 1 } });
  const { engine, population, imitation } = await setupTestImitation(config);
  const rng = new Rng(2);
  const genomes = Array.from({ length: 16 }, () => initGenome(population.shape, rng));
  const innate = genomes.map((g) => g.slice());
  const learning = await learn(imitation, population.shape, new LocalEvaluator(engine), 0, genomes, null, NO_CONTEXT);
  expect(genomes).toEqual(innate); // learning alone never touches the genomes
  inherit(imitation, learning, genomes);
  return { genomes, innate, learning };
}

describe('inheritance of what is learned', () => {
  it('lamarckian writes the learned weights back into the genomes', async () => {
    const { genomes, innate, learning } = await learnOnce('lamarckian');
    expect(learning.plan.learners).toHaveLength(8);
    for (const g of learning.plan.learners) {
      expect(genomes[g]).not.toEqual(innate[g]);
      expect(genomes[g]).toEqual(learning.phenotypes[g]);
    }
  });

  it('baldwinian plays the learned weights but leaves the genomes innate', async () => {
    const { genomes, innate, learning } = await learnOnce('baldwinian');
    expect(genomes).toEqual(innate);
    for (const g of learning.plan.learners) expect(learning.phenotypes[g]).not.toEqual(innate[g]);
    const others = genomes.map((_, i) => i).filter((i) => !learning.plan.learners.includes(i));
    for (const g of others) expect(learning.phenotypes[g]).toBe(genomes[g]);
  });
});
