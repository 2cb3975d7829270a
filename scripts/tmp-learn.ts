import { loadRapier } from '../worlds/rapier.ts';
import { createForage } from '../worlds/forage/index.ts';
import { FORAGE_DEFAULTS } from '../worlds/forage/options.ts';
import { GeneticAlgorithm } from '../agents/evolution/ga.ts';
import { initGenome, type MlpShape } from '../agents/mlp.ts';
import { planGeneration, combineResults } from '../server/generation-plan.ts';
import { evaluateArenas } from '../server/evaluate-arenas.ts';
const [pop, std, rate, xo, hidden, shaping, seed] = process.argv.slice(2).map(Number);
const R = await loadRapier('compat');
const sc = createForage({ ...FORAGE_DEFAULTS, shaping });
const shape: MlpShape = { inputSize: sc.spec.observationSize, hiddenSizes: [hidden, hidden], outputSize: 2, activation: 'tanh', outputActivation: 'tanh' };
const ga = GeneticAlgorithm.create({ populationSize: pop, eliteCount: Math.max(1, pop/16), tournamentSize: 3, crossoverRate: xo, mutationRate: rate, mutationStd: std }, seed, (r) => initGenome(shape, r));
const t0 = performance.now();
for (let g = 0; g < 40; g++) {
  const genomes = ga.ask();
  const tasks = planGeneration(seed, g, pop, 8, 1);
  const res = evaluateArenas(R, sc, shape, tasks, genomes);
  const out = combineResults(tasks, res, pop);
  ga.tell(out.fitness);
  const e = Array.from(out.eaten).sort((a,b)=>b-a);
  if (g % 5 === 4 || g === 0) console.log(g, 'best', e[0], 'mean', (e.reduce((a,b)=>a+b,0)/pop).toFixed(2), 'sps', Math.round(out.agentSteps / ((performance.now()-t0)/1000) * (g+1)));
}
