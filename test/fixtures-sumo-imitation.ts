/** The acceptance run: sumo, imitating the scripted expert, the rival and a peer, by DAgger, on two islands. */
export const SUMO_IMITATION = {
  scenario: 'sumo',
  seed: 3,
  workers: 0,
  generations: 4,
  checkpointEvery: 2,
  evolution: { populationSize: 8, eliteCount: 1, islands: { count: 2, migrationInterval: 2, migrants: 1 } },
  coevolution: { matchesPerMember: 1 },
  worlds: { sumo: { episodeSeconds: 4 } },
  imitation: { experts: { scripted: 1, rival: 1, peer: 1 }, method: 'dagger', steps: 10, samplesPerLearner: 256 },
};
