/**
 * Short runs at fixed seeds whose metrics are kept in test/goldens/. Every setting a machine
 * could change is pinned (the TensorFlow.js backend, the Rapier build, the sensors, the training kernels), so a golden
 * that moves means the simulation, the planner or a random stream changed.
 * `node --import tsx scripts/goldens.ts` rewrites them (say why in the commit).
 */
const PINNED = { workers: 0, tf: { backend: 'wasm' }, physics: { rapier: 'compat' }, policy: { inference: 'tfjs', training: 'tfjs' } };

export const GOLDEN_CONFIGS: Record<string, Record<string, unknown>> = {
  forage: {
    ...PINNED,
    seed: 11,
    generations: 3,
    evolution: { populationSize: 16, eliteCount: 2 },
    worlds: { forage: { episodeSeconds: 3, sensors: 'rapier' } },
  },
  'forage-imitation': {
    ...PINNED,
    seed: 12,
    generations: 3,
    evolution: { populationSize: 16, eliteCount: 2 },
    worlds: { forage: { episodeSeconds: 3, sensors: 'rapier' } },
    imitation: { experts: { scripted: 1, elite: 1, peer: 1 }, method: 'dagger', steps: 10, samplesPerLearner: 128, demoEpisodes: 1 },
  },
  locomotion: {
    ...PINNED,
    scenario: 'locomotion',
    seed: 13,
    generations: 2,
    evolution: { populationSize: 8, eliteCount: 1 },
    worlds: { locomotion: { episodeSeconds: 2, agentsPerArena: 4 } },
  },
  sumo: {
    ...PINNED,
    scenario: 'sumo',
    seed: 14,
    generations: 3,
    evolution: { populationSize: 6, eliteCount: 1 },
    coevolution: { matchesPerMember: 2 },
    worlds: { sumo: { episodeSeconds: 3 } },
  },
  'sumo-imitation': {
    ...PINNED,
    scenario: 'sumo',
    seed: 15,
    generations: 2,
    evolution: { populationSize: 6, eliteCount: 1 },
    coevolution: { matchesPerMember: 1 },
    worlds: { sumo: { episodeSeconds: 3 } },
    populations: [
      { name: 'red', role: 'red', imitation: { learnFraction: 0.5, steps: 10, samplesPerLearner: 128, demoEpisodes: 1 } },
      { name: 'blue', role: 'blue' },
    ],
  },
  pursuit: {
    ...PINNED,
    scenario: 'pursuit',
    seed: 16,
    generations: 2,
    evolution: { populationSize: 6, eliteCount: 1 },
    coevolution: { matchesPerMember: 1 },
    worlds: { pursuit: { episodeSeconds: 3 } },
  },
};
