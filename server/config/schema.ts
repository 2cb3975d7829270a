/**
 * The one schema for a run's configuration. Files and CLI flags are merged into it and validated
 * here, so every bad value is reported with the path of the field that holds it. Each key carries
 * its documentation (`doc`), from which docs/config.md is generated (`npm run docs:config`); the
 * checks that span several keys are in checks.ts.
 */
import { availableParallelism } from 'node:os';
import { z } from 'zod';
import { FEATURE_STATISTICS } from '../../agents/imitation/feature-matching.ts';
import { ACTIVATIONS } from '../../agents/mlp.ts';
import { INFERENCE_KINDS } from '../../agents/policy-batch.ts';
import { TRAINING_KERNELS } from '../../agents/imitation/trainer.ts';
import { TF_BACKENDS } from '../../agents/tf.ts';
import { BODY_KINDS } from '../../worlds/bodies/body.ts';
import { RAPIER_BUILDS } from '../../worlds/rapier.ts';
import { SCENARIOS } from '../../worlds/registry.ts';
import { DEFAULT_GRAVITY } from '../../worlds/physical.ts';
import { checkConfig } from './checks.ts';
import { evolutionSchema, populationEvolutionSchema } from './evolution-schema.ts';
import { choice, doc, int, optional, share, withDefaults } from './schema-kit.ts';
import { carrySchema, ecologySchema, forageSchema, locomotionSchema, pursuitSchema, sumoSchema } from './world-schemas.ts';

export type { KeyDoc } from './schema-kit.ts';

export { SCENARIOS };
/** Every world `coevo run` takes: the match worlds, and the ecology, a world of its own kind ([ecology.md](ecology.md)). */
export const RUN_SCENARIOS = [...SCENARIOS, 'ecology'] as const;
export type RunScenario = (typeof RUN_SCENARIOS)[number];

export const COEVOLUTION_MODES = ['competitive', 'cooperative', 'homogeneous'] as const;
export type CoevolutionMode = (typeof COEVOLUTION_MODES)[number];

export const EXPERT_SOURCES = ['scripted', 'elite', 'peer', 'dataset', 'rival', 'champions', 'human', 'teammate'] as const;
export const IMITATION_METHODS = ['bc', 'dagger', 'bp', 'fm', 'gail', 'gaifo'] as const;
/** Whom the `peer` and `elite` experts show, and when a learner copies (docs/imitation.md). */
export const SOCIAL_STRATEGIES = ['success', 'prestige', 'conformist', 'whenUncertain', 'critical'] as const;
export type SocialStrategy = (typeof SOCIAL_STRATEGIES)[number];
/** Methods that score behaviour (and so shape fitness) instead of training weights. */
export const SCORING_METHODS = ['fm', 'gail', 'gaifo'] as const;
export type ScoringMethod = (typeof SCORING_METHODS)[number];

export function isScoringMethod(method: string): method is ScoringMethod {
  return (SCORING_METHODS as readonly string[]).includes(method);
}
export type ExpertSource = (typeof EXPERT_SOURCES)[number];

const imitationFields = {
  experts: doc(
    z.strictObject(Object.fromEntries(EXPERT_SOURCES.map((s) => [s, z.number().positive().max(1000).optional()])) as Record<ExpertSource, z.ZodOptional<z.ZodNumber>>),
    'whom learners imitate, and how much of each; empty: no imitation (`--imitate`). `rival` and `champions` exist where populations meet; `human` learns from people driving agents in the viewer; `teammate` from the best other slot in the cooperative mode of carry ([imitation.md](imitation.md))',
    { range: 'map of `scripted`, `elite`, `peer`, `dataset`, `rival`, `champions`, `human`, `teammate` to weights > 0' },
  ),
  datasetFile: doc(z.string().min(1).nullable(), 'demonstration file for the `dataset` expert (required with it)', { range: 'a path' }),
  method: doc(
    choice(IMITATION_METHODS),
    "`bc`: clone the experts' own pairs; `dagger`: the experts label the learners' visited states; `bp`: behaviour prediction, a stochastic policy (a mean and a learned standard deviation per action) trained to make the experts' actions likely; `fm`: feature matching, an imitation score for every member from how its behaviour features match the demonstrations' (no learning, no actions needed); `gail`: adversarial imitation, a discriminator of (state, action) pairs rewards expert-like behaviour; `gaifo`: the same from consecutive states alone",
  ),
  bp: z.strictObject({
    sample: doc(z.boolean().default(false), 'with `bp`: agents act on samples of their learned Gaussian (seeded from the run) instead of its mean'),
  }),
  fm: z.strictObject({
    statistic: doc(
      choice(FEATURE_STATISTICS).default('moments'),
      "with `fm`: compare the behaviour features' `moments` (means and covariances) or their distributions (`mmd`, a kernel two-sample statistic)",
    ),
  }),
  gail: z.strictObject({
    steps: doc(int(1, 100_000).default(20), 'with `gail` and `gaifo`: Adam steps of the discriminator per generation'),
    batchSize: doc(int(2, 4096).default(128), 'inputs per discriminator step, half expert, half population'),
    learningRate: doc(z.number().positive().max(1).default(0.001), "the discriminator's Adam learning rate"),
    hiddenSizes: doc(z.array(int(1, 1024)).max(4).default([32, 32]), "the discriminator's hidden layers (tanh)", { range: 'up to 4 layers of 1 … 1024' }),
    labelSmoothing: doc(z.number().min(0).max(0.5).default(0.1), 'labels 1 - s for the expert and s for the population, so the discriminator does not saturate'),
    bufferCapacity: doc(int(64, 10_000_000).default(20_000), "the population's past inputs the discriminator trains on (reservoir-sampled)"),
  }),
  strategy: doc(
    choice(SOCIAL_STRATEGIES),
    "how the `peer` and `elite` experts teach: `success` shows whoever scored most; `prestige` whoever comes from the longest line of elites; `conformist` labels each state with the action most teachers agree on (the median of the arena-mates', or the elites', actions); `whenUncertain` copies as `success` does, but only members that did worse than their parent learn; `critical` copies as `success` does, then keeps a learned network only if it scores no worse than the innate one in one extra evaluation",
  ),
  taskWeight: doc(z.number().min(0).max(1000), "selection sees `taskWeight` x the world's fitness + `imitationWeight` x the imitation score; 0 learns from demonstrations alone"),
  imitationWeight: doc(z.number().min(0).max(1000), 'the weight of the imitation score (`fm`, `gail`, `gaifo`) in the fitness selection sees'),
  inheritance: doc(choice(['darwinian', 'baldwinian', 'lamarckian'] as const), 'what learning does to evolution; `darwinian` may not be combined with experts'),
  learnFraction: doc(share(), 'share of the population that learns each generation'),
  steps: doc(int(1, 100_000), 'Adam steps per learner per generation'),
  batchSize: doc(int(1, 4096), 'pairs per learner per step'),
  learningRate: doc(z.number().positive().max(1), 'Adam learning rate'),
  samplesPerLearner: doc(int(16, 1_000_000), "pairs drawn from the expert mix into each learner's training set"),
  bufferCapacity: doc(int(64, 10_000_000), 'pairs kept in each DAgger buffer'),
  recordEvery: doc(int(1, 1000), "control steps between recorded pairs while a generation plays (and in the experts' demonstrations)"),
  eliteCount: doc(int(1, 1000), 'best agents whose pairs feed the `elite` expert'),
  hallOfFame: doc(int(0, 1000), 'earlier generations whose elites the `elite` expert still shows'),
  demoEpisodes: doc(int(1, 1000), 'episodes the scripted experts play at the start to seed their demonstrations'),
};

const IMITATION_DEFAULTS = {
  experts: {},
  datasetFile: null,
  method: 'bc',
  bp: { sample: false },
  fm: { statistic: 'moments' },
  gail: { steps: 20, batchSize: 128, learningRate: 0.001, hiddenSizes: [32, 32] as number[], labelSmoothing: 0.1, bufferCapacity: 20_000 },
  strategy: 'success',
  taskWeight: 1,
  imitationWeight: 1,
  inheritance: 'lamarckian',
  learnFraction: 0.25,
  steps: 50,
  batchSize: 64,
  learningRate: 0.01,
  samplesPerLearner: 2048,
  bufferCapacity: 20_000,
  recordEvery: 4,
  eliteCount: 4,
  hallOfFame: 8,
  demoEpisodes: 4,
} as const;

/** One population: see docs/coevolution.md. */
const populationSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits and dashes, starting with a letter'),
  /** The role its agents play: sumo "red" or "blue", pursuit "predator" or "prey". */
  role: z.string(),
  body: choice(BODY_KINDS).default('ball'),
  policy: z.strictObject({ hiddenSizes: z.array(int(1, 4096)).max(8).optional(), activation: choice(ACTIVATIONS).optional() }).prefault({}),
  /** Overrides of the run's `evolution`, key by key. */
  evolution: populationEvolutionSchema.prefault({}),
  /** Overrides of the run's `imitation`, key by key. */
  imitation: z.strictObject(optional(imitationFields)).prefault({}),
});

/** A partial config (`{ "worlds": { "forage": { "foodCount": 4 } } }`); what it may hold is checked in schedule-checks.ts. */
const partialConfig = z.record(z.string(), z.unknown());

/** One change of a run's schedule (schedule.ts): exactly one of `set`, `cycle` (with `every`) or `drift` (with `over`). */
const scheduleEntrySchema = z.strictObject({
  at: z.number().min(0),
  set: partialConfig.optional(),
  every: z.number().positive().optional(),
  cycle: z.array(partialConfig).min(1).max(64).optional(),
  over: z.number().positive().optional(),
  drift: partialConfig.optional(),
});

const baseSchema = z.strictObject({
  scenario: doc(
    choice(RUN_SCENARIOS).default('forage'),
    'the world (`--scenario`); sumo and pursuit are co-evolution worlds ([coevolution.md](coevolution.md)); ecology is one persistent world without generations ([ecology.md](ecology.md))',
  ),
  seed: doc(int(0, 2 ** 32 - 1).default(1), 'run seed; all randomness derives from it (`--seed`)', { range: '0 … 2³²−1' }),
  generations: doc(int(1).nullable().default(null), 'generations to run; null runs until stopped (`--generations`)'),
  workers: doc(
    int(0, 256).default(() => availableParallelism()),
    'worker threads (shards) that play the arenas (`--workers`); 0 plays them on the main thread',
    { defaultText: 'number of cores' },
  ),
  worldgen: z
    .strictObject({
      arenasPerShard: doc(
        z
          .union([int(1), z.literal('auto')], { error: (issue) => `must be "auto", a whole number ≥ 1 or null (got ${JSON.stringify(issue.input)})` })
          .nullable()
          .default('auto'),
        'arenas (or matches) in one shard task or Redis job (workers take the next task as they finish one). `"auto"` gives every worker thread at least 8 tasks of at most 8 arenas (Redis jobs: 8 arenas); a number fixes the size; null splits each generation evenly, one task per worker. The size never changes results ([performance.md](performance.md): with a fixed 8, a 64-agent forage run was one task and left a second worker idle)',
        { range: '"auto", ≥ 1 or null' },
      ),
    })
    .prefault({}),
  shards: z
    .strictObject({
      taskTimeoutSeconds: doc(z.number().positive().max(86_400).default(300), 'a shard task running longer is treated as hung: its worker is replaced and the task retried'),
      maxRetries: doc(int(0, 10).default(2), 'retries of a failed shard task before the run saves a checkpoint and stops (`SHARD_FAILED`)'),
    })
    .prefault({}),
  checkpointEvery: doc(int(1).default(10), 'write a checkpoint every this many generations (and at a clean stop)'),
  keepCheckpoints: doc(int(1).default(3), 'checkpoints kept; older ones are deleted once a newer one is safely written'),
  replays: z
    .strictObject({
      every: doc(int(1).default(1), "save the champion's episode (match) as a replay every this many generations ([viewer.md](viewer.md))"),
      keep: doc(int(0, 100_000).default(200), 'replays kept in `RUN/replays/`: the newest, plus generation 0; 0 saves none'),
    })
    .prefault({}),
  physics: z
    .strictObject({
      rapier: doc(choice(RAPIER_BUILDS).default('compat'), 'Rapier build; see [performance.md](performance.md)'),
      gravity: doc(z.number().min(0).max(100).default(DEFAULT_GRAVITY), 'downward acceleration of every world, m/s²'),
    })
    .prefault({}),
  tf: z
    .strictObject({
      backend: doc(choice(TF_BACKENDS).default('auto'), 'TensorFlow.js backend; `auto` tries native TensorFlow, then WebAssembly, then plain JavaScript'),
    })
    .prefault({}),
  policy: z
    .strictObject({
      hiddenSizes: doc(z.array(int(1, 4096)).max(8).default([32, 32]), 'hidden layer widths of the MLP', { range: 'up to 8 layers of 1 … 4096' }),
      activation: doc(choice(ACTIVATIONS).default('tanh'), 'hidden activation (the output is always tanh)'),
      inference: doc(choice(INFERENCE_KINDS).default('fused'), "how a batch of agents' networks runs: `fused` WebAssembly SIMD kernels, tfjs batched matMul, or plain JavaScript (the reference)"),
      training: doc(
        choice(TRAINING_KERNELS).default('fused'),
        'how learners are trained (behaviour cloning, DAgger, transfer, neighbour imitation): `fused` WebAssembly SIMD kernels, or `tfjs`, the reference; a config.json written without this key means `tfjs`',
      ),
    })
    .prefault({}),
  evolution: evolutionSchema.prefault({}),
  worlds: z
    .strictObject({
      forage: forageSchema.prefault({}),
      locomotion: locomotionSchema.prefault({}),
      sumo: sumoSchema.prefault({}),
      pursuit: pursuitSchema.prefault({}),
      carry: carrySchema.prefault({}),
      ecology: ecologySchema.prefault({}),
    })
    .prefault({}),
  populations: doc(
    z.array(populationSchema).min(1).max(16).nullable().default(null),
    "worlds where roles meet: the populations, each `{ name, role, body, policy, evolution, imitation }`, whose `evolution` and `imitation` override the run's key by key; null gives the scenario's default pair ([coevolution.md](coevolution.md)). In carry with `coevolution.mode` `cooperative`: one population per slot, in slot order (null: `slot0`, `slot1`, …)",
    { range: '1 … 16 populations, or null' },
  ),
  coevolution: z
    .strictObject({
      mode: doc(
        choice(COEVOLUTION_MODES).nullable().default(null),
        "how populations meet: `competitive` (sumo, pursuit), `cooperative` (carry: one population per team slot, each member scored with collaborators from the others), `homogeneous` (carry: one population whose clones fill every slot); null: the world's own (competitive, or homogeneous in carry) ([carry.md](carry.md))",
        { range: '`competitive`, `cooperative`, `homogeneous` or null' },
      ),
      randomCollaborators: doc(int(0, 16).default(1), "cooperative mode: trials with random members of the other populations, besides the one with their previous generation's best"),
      credit: doc(choice(['best', 'mean'] as const).default('best'), "cooperative mode: a member's fitness is its best, or its mean, team score over its trials"),
      matchesPerMember: doc(int(1, 100).default(3), 'matches each member plays per generation as the focal player; fitness is the mean. One match is a noisy verdict: 3 made better champions in sumo'),
      hallOfFameSize: doc(int(1, 10_000).default(20), 'champions kept per population as opponents from the past (and for the `champions` expert)'),
      hallOfFameFraction: doc(share().default(0.3), 'chance that an opponent comes from the hall of fame'),
      championTrials: doc(
        int(0, 100).default(0),
        "matches each of a population's 4 best members plays against the rival's hall of fame to pick the champion saved (and added to the hall of fame); 0: the champion is the member with the best fitness, a verdict of `matchesPerMember` matches ([coevolution.md](coevolution.md))",
      ),
      expertFraction: doc(
        share().default(0),
        "chance that an opponent is the rival role's scripted expert, drawn before the hall of fame: sparring against the teacher, so that selection rewards what beats it ([coevolution.md](coevolution.md))",
      ),
      opponents: doc(
        choice(['population', 'archive'] as const).default('population'),
        "where an opponent that is not from the hall of fame comes from: the rival population's current members, or (every population evolving by `map-elites`) the elites of the rival's archive, for diverse opponents ([optimizers.md](optimizers.md))",
      ),
      ciaoEvery: doc(int(1).default(50), 'generations between progress reports (CIAO, champion ratings); also at the end'),
      ciaoEpisodes: doc(int(1, 100).default(2), 'games per pair of champions in a CIAO cell'),
      ciaoMaxGenerations: doc(int(2, 1000).default(30), 'most generations (evenly spaced) in a report'),
    })
    .prefault({}),
  imitation: z.strictObject(withDefaults(imitationFields, IMITATION_DEFAULTS)).prefault({}),
  init: z
    .strictObject({
      from: doc(
        z.string().min(1).nullable().default(null),
        'start the populations from another run: a run directory, a checkpoint, a policy folder or a glob of policy folders (`--init-from`; [adaptation.md](adaptation.md))',
        { range: 'a path, or null' },
      ),
      fraction: doc(
        share().default(1),
        'share of each population started from the source: its champion unchanged, the rest mutated copies of its genomes; the remainder starts random (`--init-fraction`)',
      ),
    })
    .prefault({}),
  transfer: z
    .strictObject({
      observations: doc(
        z.array(int(0, 4095).nullable()).max(4096).nullable().default(null),
        "with `init.from`, where the source observes other values: for each of this world's observation values, which of the source's it takes (null: a new input, zero weights); null: the same as the source's",
        { range: 'a list of source indices or null, one per observation value' },
      ),
      actions: doc(
        z.array(int(0, 4095).nullable()).max(4096).nullable().default(null),
        "the same for this world's actions: which of the source's outputs each one takes (null: a new output, zero weights)",
        {
          range: 'a list of source indices or null, one per action',
        },
      ),
      steer: doc(
        z.boolean().default(false),
        "transfer across bodies: the source's two actions (a ball's) are read as a desired ground velocity that this body's steering turns into its actions, and the starting networks are cloned from that composite playing this world ([adaptation.md](adaptation.md))",
      ),
      steps: doc(int(1, 100_000).default(200), 'with `transfer.steer`: Adam steps cloning the composite into each starting network'),
    })
    .prefault({}),
  schedule: doc(
    z.array(scheduleEntrySchema).max(1000).default([]),
    "changes to the world during the run: `{ at, set }`, seasons `{ at, every, cycle: [set, …] }`, drift `{ at, over, drift: set }`; `at`, `every` and `over` count generations (the ecology: simulated seconds); only the run's world keys and `physics.gravity` may change ([adaptation.md](adaptation.md))",
    { range: 'up to 1,000 entries' },
  ),
});

export const configSchema = baseSchema.superRefine(checkConfig);

export type Config = z.output<typeof baseSchema>;
export type ConfigInput = z.input<typeof baseSchema>;
export type ImitationConfig = Config['imitation'];
export type PopulationConfig = NonNullable<Config['populations']>[number];
export type EvolutionConfig = Config['evolution'];
/** Whether the key at `path` (e.g. ['worlds', 'forage', 'foodCount']) holds an integer; drifting values of such keys are rounded. */
export function isIntegerKey(path: string[]): boolean {
  type Node = { _zod: { def: { type: string; shape?: Record<string, Node>; innerType?: Node } }; isInt?: boolean };
  const bare = (node: Node): Node => (node._zod.def.innerType ? bare(node._zod.def.innerType) : node);
  let node: Node | undefined = baseSchema as unknown as Node;
  for (const key of path) node = node ? bare(node)._zod.def.shape?.[key] : undefined;
  return node ? bare(node).isInt === true : false;
}

/** The schema's defaults: a key whose value equals its default counts as unset. */
export const CONFIG_DEFAULTS: Config = baseSchema.parse({ workers: 0 });
