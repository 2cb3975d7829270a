/**
 * Every salt that keeps one use of the run seed apart from another, in one table (`deriveSeed(
 * runSeed, SEED_STREAMS.x, ...)`). Each is four ASCII letters read as a 32-bit number; a test
 * checks they are distinct. Changing one reseeds every run that uses it: the golden tests fail.
 */
export const SEED_STREAMS = {
  /** The first population of each run (its genomes' initial weights). */
  init: 0x696e6974, // "init"
  /** Shuffles that fill the arenas of a single-role world. */
  plan: 0x706c616e, // "plan"
  /** Matchmaking in worlds where roles meet: teammates and opponents. */
  matchmaking: 0x6d617463, // "matc"
  /** Seats driven by uniform random actions (tournaments' `random` players, `coevo eval --random`), and the samples of stochastic policies (`imitation.bp.sample`). */
  randomActions: 0x72616e64, // "rand"
  /** Episodes the scripted experts play at the start to seed their demonstrations. */
  demonstrations: 0x64656d6f, // "demo"
  /** Which members learn each generation, and what each one's training set holds. */
  learning: 0x6c726e72, // "lrnr"
  /** The demonstration samples feature matching's kernel statistic compares with. */
  features: 0x66656174, // "feat"
  /** The adversarial discriminator's initial weights, minibatches and buffer. */
  discriminator: 0x64697363, // "disc"
  /** Which visited states enter the bounded DAgger buffers. */
  buffer: 0x62756666, // "buff"
  /** The ecology's births, mutations and reseeding. */
  life: 0x6c696665, // "life"
  /** Where the ecology's food patches lie (at the start and when they move). */
  food: 0x666f6f64, // "food"
  /** Champion trials where roles meet: the extra matches that pick each population's champion among its best members. */
  championTrials: 0x63686d70, // "chmp"
  /** The mutated copies of a transfer source that start a run (`--init-from`). */
  transfer: 0x7472616e, // "tran"
  /** The extra evaluation in which the `critical` strategy compares learned and innate networks. */
  critical: 0x63726974, // "crit"
  /** Which ecology agents imitate in a round, and each one's minibatches. */
  neighbours: 0x6e656967, // "neig"
  /** CIAO matrices and champion ratings of co-evolution runs. */
  ciao: 0x6369616f, // "ciao"
  /** Episodes of the live showcase. */
  showcase: 0x73686f77, // "show"
  /** Episodes of `coevo eval`. */
  evaluation: 0x6576616c, // "eval"
  /** Episodes of `coevo record`. */
  recording: 0x72656364, // "recd"
  /** Games of `coevo tournament`. */
  games: 0x67616d65, // "game"
  /** Swiss pairings of `coevo tournament`. */
  swiss: 0x73776973, // "swis"
  /** The champion team's episodes that measure the specialisation of team slots (carry). */
  specialisation: 0x73706563, // "spec"
} as const;
