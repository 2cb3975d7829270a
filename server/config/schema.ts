/**
 * The one schema for a run's configuration. Files and CLI flags are merged into it and
 * validated here, so every bad value is reported with the path of the field that holds it.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { ACTIVATIONS } from '../../agents/mlp.ts';
import { INFERENCE_KINDS } from '../../agents/policy-batch.ts';
import { TF_BACKENDS } from '../../agents/tf.ts';
import { FORAGE_DEFAULTS, FORAGE_SENSORS } from '../../worlds/forage/options.ts';
import { RAPIER_BUILDS } from '../../worlds/rapier.ts';
import { BODY_KINDS } from '../../worlds/bodies/body.ts';
import { LOCOMOTION_DEFAULTS } from '../../worlds/locomotion/options.ts';
import { PURSUIT_DEFAULTS } from '../../worlds/pursuit/options.ts';
import { ROLES, SCENARIOS, isMatchScenario } from '../../worlds/registry.ts';
import { SUMO_DEFAULTS } from '../../worlds/sumo/options.ts';

export { SCENARIOS };

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const positive = (max: number) => z.number().positive().max(max);
/** An enum whose error lists the choices and what was given. */
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => `must be one of ${values.map((v) => `"${v}"`).join(', ')} (got ${JSON.stringify(issue.input)})` });

const forageSchema = z.strictObject({
  body: choice(BODY_KINDS).default(FORAGE_DEFAULTS.body),
  arenaSize: z.number().min(6).max(200).default(FORAGE_DEFAULTS.arenaSize),
  agentsPerArena: int(1, 64).default(FORAGE_DEFAULTS.agentsPerArena),
  foodCount: int(1, 1000).default(FORAGE_DEFAULTS.foodCount),
  episodeSeconds: positive(3600).default(FORAGE_DEFAULTS.episodeSeconds),
  actionRepeat: int(1, 60).default(FORAGE_DEFAULTS.actionRepeat),
  nearestFood: int(1, 16).default(FORAGE_DEFAULTS.nearestFood),
  rays: int(0, 64).default(FORAGE_DEFAULTS.rays),
  rayLength: positive(100).default(FORAGE_DEFAULTS.rayLength),
  maxForce: positive(1000).default(FORAGE_DEFAULTS.maxForce),
  shaping: z.number().min(0).max(100).default(FORAGE_DEFAULTS.shaping),
  sensors: choice(FORAGE_SENSORS).default(FORAGE_DEFAULTS.sensors),
});

const locomotionSchema = z.strictObject({
  body: choice(BODY_KINDS).default(LOCOMOTION_DEFAULTS.body),
  agentsPerArena: int(1, 64).default(LOCOMOTION_DEFAULTS.agentsPerArena),
  episodeSeconds: positive(3600).default(LOCOMOTION_DEFAULTS.episodeSeconds),
  actionRepeat: int(1, 60).default(LOCOMOTION_DEFAULTS.actionRepeat),
  maxForce: positive(1000).default(LOCOMOTION_DEFAULTS.maxForce),
});

const sumoSchema = z.strictObject({
  ringRadius: z.number().min(2).max(100).default(SUMO_DEFAULTS.ringRadius),
  episodeSeconds: positive(3600).default(SUMO_DEFAULTS.episodeSeconds),
  actionRepeat: int(1, 60).default(SUMO_DEFAULTS.actionRepeat),
  maxForce: positive(1000).default(SUMO_DEFAULTS.maxForce),
  shaping: z.number().min(0).max(100).default(SUMO_DEFAULTS.shaping),
});

const pursuitSchema = z.strictObject({
  arenaSize: z.number().min(6).max(200).default(PURSUIT_DEFAULTS.arenaSize),
  predators: int(1, 32).default(PURSUIT_DEFAULTS.predators),
  prey: int(1, 32).default(PURSUIT_DEFAULTS.prey),
  episodeSeconds: positive(3600).default(PURSUIT_DEFAULTS.episodeSeconds),
  actionRepeat: int(1, 60).default(PURSUIT_DEFAULTS.actionRepeat),
  predatorForce: positive(1000).default(PURSUIT_DEFAULTS.predatorForce),
  preyForce: positive(1000).default(PURSUIT_DEFAULTS.preyForce),
  shaping: z.number().min(0).max(100).default(PURSUIT_DEFAULTS.shaping),
});

/** Evolution settings a population may set for itself; unset ones come from `evolution`. */
const populationEvolutionSchema = z.strictObject({
  populationSize: int(2, 100_000).optional(),
  eliteCount: int(0).optional(),
  tournamentSize: int(1, 64).optional(),
  crossoverRate: z.number().min(0).max(1).optional(),
  mutationRate: z.number().min(0).max(1).optional(),
  mutationStd: z.number().min(0).max(10).optional(),
});

/** One population of a co-evolution run (sumo, pursuit): see docs/coevolution.md. */
const populationSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits and dashes, starting with a letter'),
  /** The role its agents play: sumo "red" or "blue", pursuit "predator" or "prey". */
  role: z.string(),
  body: choice(BODY_KINDS).default('ball'),
  policy: z.strictObject({ hiddenSizes: z.array(int(1, 4096)).max(8).optional(), activation: choice(ACTIVATIONS).optional() }).prefault({}),
  evolution: populationEvolutionSchema.prefault({}),
  /**
   * Behaviour cloning from the role's scripted expert inside the loop (0: none): each generation
   * a seeded share of the population trains on expert demonstrations, Lamarckian (the learned
   * weights are what plays and what breeds). See docs/coevolution.md.
   */
  imitation: z
    .strictObject({
      learnFraction: z.number().min(0).max(1).default(0),
      steps: int(1, 100_000).default(50),
      batchSize: int(1, 4096).default(64),
      learningRate: z.number().positive().max(1).default(0.01),
      /** Pairs drawn from the demonstrations into each learner's training set. */
      samplesPerLearner: int(16, 1_000_000).default(2048),
      /** Expert-versus-expert episodes recorded once, at the start, as the demonstrations. */
      demoEpisodes: int(1, 1000).default(8),
    })
    .prefault({}),
});

export const EXPERT_SOURCES = ['scripted', 'elite', 'peer', 'dataset'] as const;
export type ExpertSource = (typeof EXPERT_SOURCES)[number];

const imitationSchema = z.strictObject({
  /** Whom learners imitate, with mixing weights; empty: no imitation (Darwinian evolution). */
  experts: z
    .strictObject(
      Object.fromEntries(EXPERT_SOURCES.map((s) => [s, z.number().positive().max(1000).optional()])) as Record<ExpertSource, z.ZodOptional<z.ZodNumber>>,
    )
    .default({}),
  /** Demonstration file for the `dataset` expert (coevo record writes one). */
  datasetFile: z.string().min(1).nullable().default(null),
  /** bc: clone the experts' own (observation, action) pairs; dagger: the experts label the states the learners visited. */
  method: choice(['bc', 'dagger'] as const).default('bc'),
  /** What learning does to evolution (see docs/imitation.md). */
  inheritance: choice(['darwinian', 'baldwinian', 'lamarckian'] as const).default('lamarckian'),
  /** Share of the population that learns each generation. */
  learnFraction: z.number().min(0).max(1).default(0.25),
  steps: int(1, 100_000).default(50),
  batchSize: int(1, 4096).default(64),
  learningRate: z.number().positive().max(1).default(0.01),
  /** Pairs drawn from the expert mix into each learner's training set. */
  samplesPerLearner: int(16, 1_000_000).default(2048),
  /** Capacity of each aggregated buffer (expert demonstrations, DAgger data), in pairs. */
  bufferCapacity: int(64, 10_000_000).default(20_000),
  /** Control steps between recorded (observation, action) pairs during evaluation. */
  recordEvery: int(1, 1000).default(4),
  /** Best agents of a generation whose pairs feed the `elite` expert. */
  eliteCount: int(1, 1000).default(4),
  /** Past generations whose champions the `elite` expert still shows (the hall of fame). */
  hallOfFame: int(0, 1000).default(8),
  /** Episodes the scripted expert plays at the start to seed its demonstrations. */
  demoEpisodes: int(1, 1000).default(4),
});

export const configSchema = z
  .strictObject({
    scenario: choice(SCENARIOS).default('forage'),
    seed: int(0, 2 ** 32 - 1).default(1),
    /** Generations to run; null runs until stopped. */
    generations: int(1).nullable().default(null),
    /** Worker threads (shards); 0 plays the arenas on the main thread. Default: one per core. */
    workers: int(0, 256).default(() => availableParallelism()),
    worldgen: z
      .strictObject({
        /**
         * Arenas in one shard task; null splits each generation evenly, one task per worker.
         * Blocks of 8 arenas (64 agents) were the fastest on two workers (docs/performance.md).
         */
        arenasPerShard: int(1).nullable().default(8),
      })
      .prefault({}),
    shards: z
      .strictObject({
        /** A shard task running longer than this is treated as hung: its worker is replaced. */
        taskTimeoutSeconds: z.number().positive().max(86_400).default(300),
        /** Attempts after the first before a failing shard task stops the run. */
        maxRetries: int(0, 10).default(2),
      })
      .prefault({}),
    checkpointEvery: int(1).default(10),
    /** How many checkpoints to keep; older ones are deleted after a newer one is safely written. */
    keepCheckpoints: int(1).default(3),
    physics: z.strictObject({ rapier: choice(RAPIER_BUILDS).default('compat') }).prefault({}),
    tf: z.strictObject({ backend: choice(TF_BACKENDS).default('auto') }).prefault({}),
    policy: z
      .strictObject({
        hiddenSizes: z.array(int(1, 4096)).max(8).default([32, 32]),
        activation: choice(ACTIVATIONS).default('tanh'),
        /** How a shard runs its agents' networks: tfjs batched matMul or plain JavaScript. */
        inference: choice(INFERENCE_KINDS).default('tfjs'),
      })
      .prefault({}),
    evolution: z
      .strictObject({
        populationSize: int(2, 100_000).default(64),
        eliteCount: int(0).default(4),
        tournamentSize: int(1, 64).default(3),
        crossoverRate: z.number().min(0).max(1).default(0.25),
        mutationRate: z.number().min(0).max(1).default(1),
        mutationStd: z.number().min(0).max(10).default(0.05),
        /** Arenas each genome plays per generation; its fitness is the mean. */
        episodesPerGeneration: int(1, 100).default(1),
        /** Island model: separate sub-populations that exchange their best every few generations. */
        islands: z
          .strictObject({
            count: int(1, 256).default(1),
            migrationInterval: int(1).default(10),
            migrants: int(0).default(2),
          })
          .prefault({}),
      })
      .prefault({}),
    worlds: z
      .strictObject({
        forage: forageSchema.prefault({}),
        locomotion: locomotionSchema.prefault({}),
        sumo: sumoSchema.prefault({}),
        pursuit: pursuitSchema.prefault({}),
      })
      .prefault({}),
    /** Populations of a co-evolution run (sumo, pursuit); null: the scenario's default pair. */
    populations: z.array(populationSchema).min(1).max(16).nullable().default(null),
    coevolution: z
      .strictObject({
        /**
         * Matches each member plays per generation as the focal player; its fitness is the mean.
         * One match is a noisy verdict in a two-player game: 3 made better champions in sumo.
         */
        matchesPerMember: int(1, 100).default(3),
        /** Champions kept per population as opponents from the past. */
        hallOfFameSize: int(1, 10_000).default(20),
        /** Chance that an opponent is drawn from the hall of fame rather than the current population. */
        hallOfFameFraction: z.number().min(0).max(1).default(0.3),
        /** Generations between CIAO reports (current champions against ancestral ones); also at the end. */
        ciaoEvery: int(1).default(50),
        /** Episodes each pair of champions plays for a CIAO cell. */
        ciaoEpisodes: int(1, 100).default(2),
        /** Most generations in a CIAO report (evenly spaced) to bound its cost. */
        ciaoMaxGenerations: int(2, 1000).default(30),
      })
      .prefault({}),
    imitation: imitationSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    if (isMatchScenario(config.scenario)) {
      checkPopulations(config.scenario, config.populations, ctx);
      return;
    }
    if (config.populations) {
      ctx.addIssue({
        code: 'custom',
        path: ['populations'],
        message: `populations are for co-evolution worlds (sumo, pursuit); ${config.scenario} evolves one population`,
      });
    }
    const perArena = config.scenario === 'locomotion' ? config.worlds.locomotion.agentsPerArena : config.worlds.forage.agentsPerArena;
    const { populationSize, islands } = config.evolution;
    if (populationSize % (perArena * islands.count) !== 0) {
      const what = islands.count > 1 ? ` times evolution.islands.count (${perArena} x ${islands.count})` : ` (${perArena})`;
      ctx.addIssue({
        code: 'custom',
        path: ['evolution', 'populationSize'],
        message: `must be a multiple of worlds.${config.scenario}.agentsPerArena${what}`,
      });
    }
    if (islands.count > 1 && islands.migrants >= populationSize / islands.count) {
      ctx.addIssue({ code: 'custom', path: ['evolution', 'islands', 'migrants'], message: 'must be smaller than an island (populationSize / islands.count)' });
    }
    if (config.evolution.eliteCount >= populationSize / islands.count) {
      ctx.addIssue({ code: 'custom', path: ['evolution', 'eliteCount'], message: 'must be smaller than the population (of each island)' });
    }
    const { imitation } = config;
    const experts = Object.keys(imitation.experts);
    if (experts.includes('dataset') && !imitation.datasetFile) {
      ctx.addIssue({ code: 'custom', path: ['imitation', 'datasetFile'], message: 'is required when imitation.experts includes "dataset"' });
    }
    if (experts.length > 0 && imitation.inheritance === 'darwinian') {
      ctx.addIssue({
        code: 'custom',
        path: ['imitation', 'inheritance'],
        message: '"darwinian" means no learning; remove imitation.experts or choose "baldwinian" or "lamarckian"',
      });
    }
    if (config.worlds.forage.nearestFood > config.worlds.forage.foodCount) {
      ctx.addIssue({ code: 'custom', path: ['worlds', 'forage', 'nearestFood'], message: 'must not exceed worlds.forage.foodCount' });
    }
  });

type PopulationInput = z.output<typeof populationSchema>;

function checkPopulations(scenario: keyof typeof ROLES, populations: PopulationInput[] | null, ctx: z.RefinementCtx): void {
  if (!populations) return;
  const roles = ROLES[scenario];
  const names = new Set<string>();
  const bodyOfRole = new Map<string, string>();
  populations.forEach((population, i) => {
    const at = ['populations', i];
    if (!roles.includes(population.role)) {
      ctx.addIssue({
        code: 'custom',
        path: [...at, 'role'],
        message: `must be one of ${roles.map((r) => `"${r}"`).join(', ')} in ${scenario} (got "${population.role}")`,
      });
    }
    if (names.has(population.name)) ctx.addIssue({ code: 'custom', path: [...at, 'name'], message: `"${population.name}" is used by two populations` });
    names.add(population.name);
    const body = bodyOfRole.get(population.role);
    if (body && body !== population.body) {
      ctx.addIssue({ code: 'custom', path: [...at, 'body'], message: `populations of role "${population.role}" must share one body (another has "${body}")` });
    }
    bodyOfRole.set(population.role, population.body);
  });
  for (const role of roles) {
    if (!bodyOfRole.has(role)) ctx.addIssue({ code: 'custom', path: ['populations'], message: `no population plays role "${role}" of ${scenario}` });
  }
}

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
