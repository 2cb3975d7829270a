/**
 * The one schema for a run's configuration. Files and CLI flags are merged into it and
 * validated here, so every bad value is reported with the path of the field that holds it.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { ACTIVATIONS } from '../agents/mlp.ts';
import { INFERENCE_KINDS } from '../agents/policy-batch.ts';
import { TF_BACKENDS } from '../agents/tf.ts';
import { FORAGE_DEFAULTS, FORAGE_SENSORS } from '../worlds/forage/options.ts';
import { RAPIER_BUILDS } from '../worlds/rapier.ts';

export const SCENARIOS = ['forage'] as const;

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
const positive = (max: number) => z.number().positive().max(max);
/** An enum whose error lists the choices and what was given. */
const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => `must be one of ${values.map((v) => `"${v}"`).join(', ')} (got ${JSON.stringify(issue.input)})` });

const forageSchema = z.strictObject({
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

export const EXPERT_SOURCES = ['scripted', 'elite', 'peer', 'dataset'] as const;
export type ExpertSource = (typeof EXPERT_SOURCES)[number];

const imitationSchema = z.strictObject({
  /** Whom learners imitate, with mixing weights; empty: no imitation (Darwinian evolution). */
  experts: z.strictObject(Object.fromEntries(EXPERT_SOURCES.map((s) => [s, z.number().positive().max(1000).optional()])) as Record<ExpertSource, z.ZodOptional<z.ZodNumber>>).default({}),
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
    worlds: z.strictObject({ forage: forageSchema.prefault({}) }).prefault({}),
    imitation: imitationSchema.prefault({}),
  })
  .superRefine((config, ctx) => {
    const perArena = config.worlds.forage.agentsPerArena;
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
      ctx.addIssue({ code: 'custom', path: ['imitation', 'inheritance'], message: '"darwinian" means no learning; remove imitation.experts or choose "baldwinian" or "lamarckian"' });
    }
    if (config.worlds.forage.nearestFood > config.worlds.forage.foodCount) {
      ctx.addIssue({ code: 'custom', path: ['worlds', 'forage', 'nearestFood'], message: 'must not exceed worlds.forage.foodCount' });
    }
  });

export type Config = z.output<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
