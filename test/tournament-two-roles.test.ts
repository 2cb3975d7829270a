import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initGenome } from '../agents/mlp.ts';
import { POLICY_FORMAT, POLICY_VERSION, savePolicy } from '../agents/policy-file.ts';
import { Rng } from '../agents/rng.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { LocalEvaluator } from '../server/evaluation/evaluator.ts';
import { scenarioOf } from '../server/evaluation/play.ts';
import { setupEngine } from '../server/evaluation/engine.ts';
import { runTournament, type PlayedGame, type TournamentOptions } from '../server/tournament/tournament.ts';
import { tempDir } from './helpers.ts';

const config = resolveConfig({ scenario: 'pursuit', seed: 5, workers: 0, worlds: { pursuit: { episodeSeconds: 6 } } });
const { spec } = scenarioOf({ scenario: 'pursuit', worlds: config.worlds, bodies: ['ball', 'ball'] });

function options(out: string, players: string[], extra: Partial<TournamentOptions> = {}): TournamentOptions {
  return {
    config,
    players,
    body: 'ball',
    games: 6,
    format: 'auto',
    rounds: null,
    out,
    evaluator: async (c) => new LocalEvaluator(await setupEngine(c)),
    ...extra,
  };
}

/** A random network saved as a pursuit policy of `role` (none: a file that names no role). */
function savedPolicy(dir: string, role: 'predator' | 'prey' | undefined): string {
  const { observationSize, actionSize } = spec.roles[role === 'prey' ? 1 : 0];
  const shape = { inputSize: observationSize, hiddenSizes: [8], outputSize: actionSize, activation: 'tanh' as const, outputActivation: 'tanh' as const };
  savePolicy(dir, { format: POLICY_FORMAT, version: POLICY_VERSION, scenario: 'pursuit', role, observationSize, actionSize, hiddenSizes: [8], activation: 'tanh' }, initGenome(shape, new Rng(2)));
  return dir;
}

describe('a tournament in a world of two roles (pursuit)', () => {
  it('plays every predator against every prey and rates the expert predators above random ones', async () => {
    const dir = tempDir();
    const hunter = savedPolicy(join(dir, 'hunter'), 'predator');
    const standings = await runTournament(options(join(dir, 'out'), ['expert', 'random', hunter]));
    expect(standings.map((s) => [s.player, s.role]).sort()).toEqual(
      [
        ['expert:predator', 'predator'],
        ['expert:prey', 'prey'],
        [hunter, 'predator'],
        ['random:predator', 'predator'],
        ['random:prey', 'prey'],
      ].sort(),
    );
    const of = (name: string) => standings.find((s) => s.player === name)!;
    expect(of('expert:predator').rating - of('random:predator').rating).toBeGreaterThan(of('expert:predator').interval95);
    // 3 predators x 2 prey, 6 games each: a predator plays 12 games, a prey 18.
    expect(of(hunter).games).toBe(12);
    expect(of('expert:prey').games).toBe(18);
    const out = JSON.parse(readFileSync(join(dir, 'out', 'ratings.json'), 'utf8'));
    expect(out.format).toBe('cross');
    // Side 0 of every game is a predator player, side 1 a prey player (games index tournament.json's players).
    const names: string[] = JSON.parse(readFileSync(join(dir, 'out', 'tournament.json'), 'utf8')).players;
    const games = readFileSync(join(dir, 'out', 'games.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as PlayedGame);
    expect(games).toHaveLength(36);
    for (const g of games) {
      expect([of(names[g.red]).role, of(names[g.blue]).role]).toEqual(['predator', 'prey']);
      expect(g.score).toBeGreaterThanOrEqual(0);
      expect(g.score).toBeLessThanOrEqual(1);
    }
    expect(readFileSync(join(dir, 'out', 'ratings.csv'), 'utf8').split('\n')[0]).toBe('player,rating,interval95,games,wins,draws,losses,role');
  });

  it('refuses a policy that names no role, a role the world lacks, a side with no players, and Swiss pairing', async () => {
    const dir = tempDir();
    const roleless = savedPolicy(join(dir, 'roleless'), undefined);
    await expect(runTournament(options(join(dir, 'o1'), ['expert', roleless]))).rejects.toThrow(`player ${roleless}: its file names no role`);
    await expect(runTournament(options(join(dir, 'o2'), ['expert', 'random:dragon']))).rejects.toThrow('pursuit has no role "dragon"');
    await expect(runTournament(options(join(dir, 'o3'), ['expert:predator', 'random:predator']))).rejects.toMatchObject({
      code: 'BAD_FLAG',
      message: expect.stringMatching(/none plays prey/),
    });
    await expect(runTournament(options(join(dir, 'o4'), ['expert', 'random'], { format: 'swiss' }))).rejects.toMatchObject({
      code: 'BAD_FLAG',
      message: expect.stringMatching(/--format swiss/),
    });
  });
});
