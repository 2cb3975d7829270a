/**
 * `evolution.*` in the config schema (schema.ts): the GA's settings, which strategy a population
 * evolves by (docs/optimizers.md) and each strategy's own settings; a population may override any
 * of them (`populations.N.evolution`, every key optional).
 */
import { z } from 'zod';
import { EVOLUTION_ALGORITHMS } from '../../agents/evolution/algorithm.ts';
import { OPENAI_ES_DEFAULTS } from '../../agents/evolution/strategies/openai-es.ts';
import { PGPE_DEFAULTS } from '../../agents/evolution/strategies/pgpe.ts';
import { PERTURBATION_SOURCES, SEP_RATES } from '../../agents/evolution/strategies/strategy.ts';
import { ARENA_MATES, EPISODE_SEEDS } from '../evaluation/planner.ts';
import { choice, doc, int, optional, share, withDefaults } from './schema-kit.ts';

/** The genetic algorithm's settings, also what a population may set for itself (then all optional). */
const gaFields = {
  algorithm: doc(
    choice(EVOLUTION_ALGORITHMS),
    'how the population evolves: the genetic algorithm, or an evolution strategy centred on a freshly initialised network, σ₀ = `mutationStd` ([optimizers.md](optimizers.md)); a config.json without it means `ga`',
  ),
  perturbations: doc(
    choice(PERTURBATION_SOURCES),
    'how `openai-es` and `pgpe` draw their perturbations: slices of the shared noise table, so that a shard or a Redis worker rebuilds each genome from its offset (`table`), or values drawn one by one (`stream`); a config.json without it means `stream`, as those runs drew them',
  ),
  populationSize: doc(int(2, 100_000), 'genomes per generation (`--population`)', {
    range: '2 … 100,000; in forage and locomotion a multiple of agents per arena (times islands)',
  }),
  eliteCount: doc(int(0), 'best genomes copied unchanged into the next generation', { range: '< population (of each island)' }),
  tournamentSize: doc(int(1, 64), 'contestants per tournament selection'),
  crossoverRate: doc(share(), 'chance that a child is a uniform crossover of two parents (else a copy of one)'),
  mutationRate: doc(share(), 'chance that each gene of a child is mutated'),
  mutationStd: doc(z.number().min(0).max(10), 'standard deviation of the Gaussian mutation; for a strategy, its initial σ'),
};

const islandFields = {
  count: doc(int(1, 256), 'islands: sub-populations that breed apart (and in forage and locomotion never share an arena); 1 is one global population'),
  migrationInterval: doc(int(1), 'generations between migrations'),
  migrants: doc(int(0), 'best genomes each island sends to the next one in a ring', { range: '< island size' }),
};

/** MAP-Elites's archive (docs/optimizers.md); read only when `evolution.algorithm` is `map-elites`. */
const range = z.tuple([z.number(), z.number()]);
const mapElitesFields = {
  descriptor: doc(
    z.tuple([z.string(), z.string()]).nullable(),
    "two of the role's behaviour features (episode means) that place a genome in the archive; null: the world's default ([optimizers.md](optimizers.md))",
    { range: 'two feature names, or null' },
  ),
  bounds: doc(z.tuple([range, range]).nullable(), "[low, high] of each descriptor value, binned into `cells`; null: the default descriptor's (required for another descriptor)", {
    range: 'two [low, high] pairs, or null',
  }),
  cells: doc(int(1, 1000), 'cells along each axis of the archive (cells² in all)'),
  lineStd: doc(z.number().min(0).max(10), 'σ₂ of the Iso+LineDD variation: how far along the line to a second elite a child moves; σ₁ is `mutationStd`'),
};

/** OpenAI-ES's and PGPE's own rates (docs/optimizers.md); read only by populations that use them. */
const openaiEsFields = {
  learningRate: doc(z.number().positive().max(10), "Adam's step on the mean"),
  weightDecay: doc(z.number().min(0).max(1), 'L2 decay of the mean (the paper used 0.005 for its networks)'),
};
/** CMA-ES's and sep-CMA-ES's option (docs/optimizers.md); read only by populations that use them. */
const cmaEsFields = {
  active: doc(z.boolean(), "active covariance update (the tutorial's, pycma's default): the worse half of each generation shrinks C along its steps; false, the classic update every earlier run used"),
  sepRates: doc(
    choice(SEP_RATES),
    "sep-cma-es only: the diagonal's learning rates, Ros and Hansen's (2008; every earlier run's) or pycma's (`cc_sep`, `c1_sep`, `cmu_sep`; fewer evaluations on the 100-D Rosenbrock function: results.md)",
  ),
};
const pgpeFields = {
  maxSpeed: doc(z.number().positive().max(10), "ClipUp's largest step of the centre (its step size is half that); it sets the floor at which the centre hovers"),
  momentum: doc(z.number().min(0).max(0.999), "ClipUp's heavy-ball momentum"),
  stdevLearningRate: doc(z.number().min(0).max(10), 'rate of the per-parameter σ updates'),
  stdevMaxChange: doc(z.number().min(0).max(1), 'largest relative change of a σ in one generation'),
};

/** The run's evolution settings, every key with its default. */
export const evolutionSchema = z.strictObject({
  ...withDefaults(gaFields, { algorithm: 'ga', perturbations: 'table', populationSize: 64, eliteCount: 4, tournamentSize: 3, crossoverRate: 0.25, mutationRate: 1, mutationStd: 0.05 }),
  episodesPerGeneration: doc(
    int(1, 100).default(1),
    'arenas each genome plays per generation in forage and locomotion; its fitness is the mean (where populations meet, `coevolution.matchesPerMember` plays this part)',
  ),
  arenaMates: doc(
    choice(ARENA_MATES).default('shuffled'),
    "who shares a genome's arenas in forage and locomotion: members of its population (of its island) shuffled together, or copies of itself, the company a champion is judged in (`clones`: each genome fills its own arenas, so a generation plays `populationSize` × `episodesPerGeneration` arenas instead of that ÷ agents per arena)",
  ),
  episodeSeeds: doc(
    choice(EPISODE_SEEDS).default('per-arena'),
    'where each genome fills its own arenas (`arenaMates` `clones`, carry homogeneous): a seed for every arena, or `shared`: episode e of every genome of a generation plays the same seed (common random numbers), so that genomes are compared on the same food and starts and differ by their play',
  ),
  islands: z.strictObject(withDefaults(islandFields, { count: 1, migrationInterval: 10, migrants: 2 })).prefault({}),
  mapElites: z.strictObject(withDefaults(mapElitesFields, { descriptor: null, bounds: null, cells: 10, lineStd: 0.2 })).prefault({}),
  openaiEs: z.strictObject(withDefaults(openaiEsFields, OPENAI_ES_DEFAULTS)).prefault({}),
  pgpe: z.strictObject(withDefaults(pgpeFields, PGPE_DEFAULTS)).prefault({}),
  cmaEs: z.strictObject(withDefaults(cmaEsFields, { active: false, sepRates: 'ros-hansen' })).prefault({}),
});

/** A population's overrides of the run's evolution settings (then all optional). */
export const populationEvolutionSchema = z.strictObject({
  ...optional(gaFields),
  islands: z.strictObject(optional(islandFields)).optional(),
  mapElites: z.strictObject(optional(mapElitesFields)).optional(),
  openaiEs: z.strictObject(optional(openaiEsFields)).optional(),
  pgpe: z.strictObject(optional(pgpeFields)).optional(),
  cmaEs: z.strictObject(optional(cmaEsFields)).optional(),
});
