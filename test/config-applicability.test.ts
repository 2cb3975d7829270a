import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { populationSettings } from '../server/config/populations.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { tempDir, withoutVolatile } from './helpers.ts';

const refused = (config: Record<string, unknown>) => () => resolveConfig(config);

describe('the schema refuses keys that do not apply, and never defaults', () => {
  it("refuses another world's settings, naming the key and the scenario", () => {
    expect(refused({ worlds: { sumo: { ringRadius: 6 } } })).toThrow(/worlds\.sumo\.ringRadius: does not apply: the scenario is forage, not sumo/);
    expect(refused({ scenario: 'sumo', worlds: { forage: { foodCount: 4 } } })).toThrow(/worlds\.forage\.foodCount: does not apply/);
    // A value that used to be the default is not "set": old runs' config.json files hold them.
    expect(refused({ scenario: 'sumo', worlds: { forage: { sensors: 'rapier' } } })).not.toThrow();
  });

  it("refuses a ball's force for crawler bodies", () => {
    expect(refused({ worlds: { forage: { body: 'crawler', maxForce: 20 } } })).toThrow(/worlds\.forage\.maxForce: does not apply: it is the force of ball bodies/);
    expect(refused({ scenario: 'locomotion', worlds: { locomotion: { maxForce: 20 } } })).toThrow(/worlds\.locomotion\.maxForce/);
    const crawlingPrey = [
      { name: 'predators', role: 'predator' },
      { name: 'prey', role: 'prey', body: 'crawler' },
    ];
    expect(refused({ scenario: 'pursuit', populations: crawlingPrey, worlds: { pursuit: { preyForce: 5 } } })).toThrow(/worlds\.pursuit\.preyForce/);
    expect(() => resolveConfig({ scenario: 'pursuit', populations: crawlingPrey, worlds: { pursuit: { predatorForce: 5 } } })).not.toThrow();
  });

  it('refuses episodesPerGeneration where roles meet, and co-evolution settings where they do not', () => {
    expect(refused({ scenario: 'sumo', evolution: { episodesPerGeneration: 2 } })).toThrow(
      /evolution\.episodesPerGeneration: does not apply: in sumo, where roles meet, coevolution\.matchesPerMember/,
    );
    expect(refused({ coevolution: { matchesPerMember: 5 } })).toThrow(/coevolution\.matchesPerMember: does not apply: forage evolves one population/);
  });

  it('takes coevolution.expertFraction and championTrials where roles meet, and refuses them elsewhere', () => {
    expect(resolveConfig({ scenario: 'pursuit', coevolution: { expertFraction: 0.2 } }).coevolution.expertFraction).toBe(0.2);
    expect(refused({ coevolution: { expertFraction: 0.2 } })).toThrow(/coevolution\.expertFraction: does not apply: forage evolves one population/);
    expect(refused({ scenario: 'carry', coevolution: { expertFraction: 0.2 } })).toThrow(/coevolution\.expertFraction: does not apply: carry/);
    expect(refused({ scenario: 'sumo', coevolution: { expertFraction: 1.5 } })).toThrow(/coevolution\.expertFraction/);
    expect(resolveConfig({ scenario: 'sumo', coevolution: { championTrials: 4 } }).coevolution.championTrials).toBe(4);
    expect(refused({ coevolution: { championTrials: 4 } })).toThrow(/coevolution\.championTrials: does not apply: forage evolves one population/);
    expect(refused({ scenario: 'carry', coevolution: { championTrials: 4 } })).toThrow(/coevolution\.championTrials: does not apply: carry/);
  });

  it('takes arenaMates in worlds of one role, and refuses it where roles meet and in carry', () => {
    expect(resolveConfig({ scenario: 'locomotion', evolution: { arenaMates: 'clones' } }).evolution.arenaMates).toBe('clones');
    expect(resolveConfig({}).evolution.arenaMates).toBe('shuffled');
    expect(refused({ scenario: 'sumo', evolution: { arenaMates: 'clones' } })).toThrow(/evolution\.arenaMates: does not apply: in sumo each member is the focal player/);
    expect(refused({ scenario: 'carry', evolution: { arenaMates: 'clones' } })).toThrow(/evolution\.arenaMates: does not apply: carry always plays/);
    expect(refused({ evolution: { arenaMates: 'twins' } })).toThrow(/evolution\.arenaMates/);
    expect(refused({ evolution: { arenaMates: 'clones' }, imitation: { experts: { peer: 1 } } })).toThrow(/imitation\.experts\.peer: .*met only copies of itself/);
  });

  it('takes episodeSeeds where each genome fills its own arenas, and refuses it elsewhere', () => {
    expect(resolveConfig({}).evolution.episodeSeeds).toBe('per-arena');
    expect(resolveConfig({ evolution: { arenaMates: 'clones', episodeSeeds: 'shared' } }).evolution.episodeSeeds).toBe('shared');
    expect(resolveConfig({ scenario: 'carry', evolution: { episodeSeeds: 'shared' } }).evolution.episodeSeeds).toBe('shared');
    expect(refused({ evolution: { episodeSeeds: 'shared' } })).toThrow(/evolution\.episodeSeeds: does not apply: members share each arena .*it applies with "clones"/);
    expect(refused({ scenario: 'sumo', evolution: { episodeSeeds: 'shared' } })).toThrow(/evolution\.episodeSeeds: does not apply: in sumo each member is the focal player/);
    expect(refused({ scenario: 'carry', coevolution: { mode: 'cooperative' }, evolution: { episodeSeeds: 'shared' } })).toThrow(/evolution\.episodeSeeds: does not apply: carry in cooperative mode/);
    expect(refused({ evolution: { arenaMates: 'clones', episodeSeeds: 'common' } })).toThrow(/evolution\.episodeSeeds/);
  });

  it('accepts any key set to its default, and a whole resolved config of another run', () => {
    expect(() => resolveConfig({ scenario: 'sumo', evolution: { episodesPerGeneration: 1 }, worlds: { forage: { maxForce: 12 } } })).not.toThrow();
    const resolved = resolveConfig({ scenario: 'pursuit', workers: 0 });
    expect(resolveConfig(JSON.parse(JSON.stringify(resolved)))).toEqual(resolved);
  });
});

describe('imitation settings in every world', () => {
  it('let sumo imitate, every population, with learnFraction 0.25 by default', () => {
    const config = resolveConfig({ scenario: 'sumo', imitation: { experts: { scripted: 1, rival: 1 } } });
    const populations = populationSettings(config);
    expect(populations.map((p) => [p.name, p.imitation.experts, p.imitation.learnFraction])).toEqual([
      ['red', { scripted: 1, rival: 1 }, 0.25],
      ['blue', { scripted: 1, rival: 1 }, 0.25],
    ]);
  });

  it("let a population override the run's imitation key by key", () => {
    const config = resolveConfig({
      scenario: 'sumo',
      imitation: { experts: { scripted: 1 }, steps: 7 },
      populations: [
        { name: 'red', role: 'red', imitation: { experts: { peer: 1 }, learnFraction: 0.5 } },
        { name: 'blue', role: 'blue', imitation: { learnFraction: 0 } },
      ],
    });
    const [red, blue] = populationSettings(config);
    expect([red.imitation.experts, red.imitation.learnFraction, red.imitation.steps]).toEqual([{ peer: 1 }, 0.5, 7]);
    expect([blue.imitation.experts, blue.imitation.learnFraction]).toEqual([{ scripted: 1 }, 0]);
  });

  it('refuse the rival where the roles do not see and act alike, and experts of other populations where there are none', () => {
    expect(refused({ scenario: 'pursuit', imitation: { experts: { rival: 1 } } })).toThrow(
      /imitation\.experts\.rival: imitating the rival needs both roles to see and act alike, as in sumo with one body; here predator and prey play different games/,
    );
    const mixed = [
      { name: 'red', role: 'red', body: 'crawler' },
      { name: 'blue', role: 'blue' },
    ];
    expect(refused({ scenario: 'sumo', populations: mixed, imitation: { experts: { rival: 1 } } })).toThrow(/red and blue have different bodies/);
    expect(refused({ imitation: { experts: { champions: 1 } } })).toThrow(/imitation\.experts\.champions: learns from other populations, and forage evolves one population/);
    expect(() => resolveConfig({ scenario: 'pursuit', imitation: { experts: { champions: 1 } } })).not.toThrow();
  });
});

describe('populations evolve by their own algorithm', () => {
  it('split into islands, each population its own way', () => {
    const config = resolveConfig({
      scenario: 'sumo',
      evolution: { populationSize: 12, eliteCount: 1 },
      populations: [
        { name: 'red', role: 'red', evolution: { islands: { count: 3 } } },
        { name: 'blue', role: 'blue' },
      ],
    });
    const [red, blue] = populationSettings(config);
    expect([red.evolution.islands.count, blue.evolution.islands.count]).toEqual([3, 1]);
    expect(refused({ scenario: 'sumo', evolution: { populationSize: 10, islands: { count: 3 } } })).toThrow(/evolution\.islands\.count: the population of 10 does not split into 3 equal islands/);
    expect(refused({ scenario: 'sumo', evolution: { populationSize: 6, eliteCount: 2, islands: { count: 3 } } })).toThrow(/evolution\.eliteCount: must be smaller than each island \(2\)/);
  });
});

describe('runs written before the one engine', () => {
  it('resume a forage run with imitation (config.json, checkpoint, DAgger buffers) and continue exactly as it would have', async () => {
    const dir = join(tempDir(), 'forage');
    cpSync(new URL('./fixtures/v0-forage-run', import.meta.url), dir, { recursive: true });
    const config = resolveConfig(new RunDir(dir).readConfig(), { generations: 3 });
    await runExperiment({ config, runDir: dir, resume: true });
    const rows = new RunDir(dir).readMetrics().map(withoutVolatile);
    const expected = JSON.parse(readFileSync(new URL('./fixtures/v0-forage-run-generation-2.json', import.meta.url), 'utf8'));
    expect(rows).toHaveLength(3);
    expect(rows[2]).toEqual(expected);
  });

  it("resume a sumo run whose population cloned its role's expert (learnFraction without experts)", async () => {
    const dir = join(tempDir(), 'sumo');
    cpSync(new URL('./fixtures/v0-sumo-run', import.meta.url), dir, { recursive: true });
    const config = resolveConfig(new RunDir(dir).readConfig(), { generations: 3 });
    expect(populationSettings(config)[0].imitation.experts).toEqual({ scripted: 1 });
    await runExperiment({ config, runDir: dir, resume: true });
    const rows = new RunDir(dir).readMetrics();
    expect(rows.map((r) => r.generation)).toEqual([0, 1, 2]);
    const red = (rows[2].populations as Record<string, { imitation?: { learners: number }; hallOfFame: number }>).red;
    expect(red.imitation?.learners).toBe(2);
    expect(red.hallOfFame).toBe(3);
  });
});
