import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initGenome } from '../agents/mlp.ts';
import { POLICY_FORMAT, POLICY_VERSION, savePolicy } from '../agents/policy-file.ts';
import { Rng } from '../agents/rng.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { LocalEvaluator } from '../server/evaluation/evaluator.ts';
import { setupEngine } from '../server/evaluation/engine.ts';
import { runTournament, type TournamentOptions } from '../server/tournament/tournament.ts';
import { main } from '../server/cli/program.ts';
import { tempDir } from './helpers.ts';

const config = resolveConfig({ scenario: 'sumo', seed: 4, workers: 0, worlds: { sumo: { episodeSeconds: 6 } } });

function options(out: string, players: string[], games = 6): TournamentOptions {
  return { config, players, body: 'ball', games, format: 'auto', rounds: null, out, evaluator: async (c) => new LocalEvaluator(await setupEngine(c)) };
}

/** A random network saved as a policy of `scenario` with the given sizes. */
function savedPolicy(dir: string, scenario: string, observationSize: number, actionSize: number): string {
  const shape = { inputSize: observationSize, hiddenSizes: [8], outputSize: actionSize, activation: 'tanh' as const, outputActivation: 'tanh' as const };
  savePolicy(dir, { format: POLICY_FORMAT, version: POLICY_VERSION, scenario, observationSize, actionSize, hiddenSizes: [8], activation: 'tanh' }, initGenome(shape, new Rng(1)));
  return dir;
}

describe('coevo tournament', () => {
  it('rates the scripted expert clearly above random, with the same results for the same seed', async () => {
    const dir = tempDir();
    const policy = savedPolicy(join(dir, 'net'), 'sumo', 10, 2);
    const first = await runTournament(options(join(dir, 'a'), ['expert', 'random', policy], 10));
    const expert = first.find((s) => s.player === 'expert')!;
    const random = first.find((s) => s.player === 'random')!;
    expect(first[0].player).toBe('expert');
    // Random's rating lies outside the expert's 95% interval.
    expect(expert.rating - random.rating).toBeGreaterThan(expert.interval95);
    expect(expert.wins).toBeGreaterThan(expert.losses);
    expect(first.map((s) => s.rating)).toEqual([...first.map((s) => s.rating)].sort((a, b) => b - a));
    // Sides swap: each of the 3 pairs plays 10 games, 5 on each side.
    expect(expert.games).toBe(20);
    const again = await runTournament(options(join(dir, 'b'), ['expert', 'random', policy], 10));
    expect(again).toEqual(first);
    const csv = readFileSync(join(dir, 'a', 'ratings.csv'), 'utf8').split('\n');
    expect(csv[0]).toBe('player,rating,interval95,games,wins,draws,losses');
    expect(JSON.parse(readFileSync(join(dir, 'a', 'ratings.json'), 'utf8')).players[0]).toMatchObject({ player: 'expert' });
  });

  it('resumes an interrupted tournament from its saved games and ends with the same ratings', async () => {
    const dir = tempDir();
    const players = ['expert', 'random', savedPolicy(join(dir, 'net'), 'sumo', 10, 2)];
    const whole = await runTournament(options(join(dir, 'whole'), players, 4));
    const cut = join(dir, 'cut');
    await runTournament(options(cut, players, 4));
    // Keep the first five games and half of the sixth line, as a crash would.
    const lines = readFileSync(join(cut, 'games.jsonl'), 'utf8').split('\n');
    writeFileSync(join(cut, 'games.jsonl'), `${lines.slice(0, 5).join('\n')}\n${lines[5].slice(0, 10)}`);
    let resumedFrom = -1;
    const resumed = await runTournament({ ...options(cut, players, 4), onProgress: (done) => (resumedFrom = resumedFrom < 0 ? done : resumedFrom) });
    expect(resumedFrom).toBe(5);
    expect(resumed).toEqual(whole);
  });

  it('refuses a player that does not fit the world, or is missing, naming it, before any game', async () => {
    const dir = tempDir();
    const forage = savedPolicy(join(dir, 'forager'), 'forage', 24, 2);
    const wrongSize = savedPolicy(join(dir, 'odd'), 'sumo', 12, 2);
    await expect(runTournament(options(join(dir, 'o1'), ['expert', forage]))).rejects.toThrow(`player ${forage}: trained for "forage"`);
    await expect(runTournament(options(join(dir, 'o2'), ['expert', wrongSize]))).rejects.toThrow(`player ${wrongSize}: observes 12`);
    await expect(runTournament(options(join(dir, 'o3'), ['expert', join(dir, 'nothing')]))).rejects.toThrow(/no such file or folder/);
  });

  it('exits with status 2 and a message for an unknown scenario', async () => {
    const code = await main(['tournament', '--players', 'expert', 'random', '--scenario', 'chess', '--out', join(tempDir(), 'x')]);
    expect(code).toBe(2);
  });

  it('names players as given, or relative to the working directory when given as absolute paths inside it', async () => {
    mkdirSync(join(process.cwd(), 'test-output'), { recursive: true });
    const inside = mkdtempSync(join(process.cwd(), 'test-output', 'players-'));
    try {
      const policy = savedPolicy(join(inside, 'net'), 'sumo', 10, 2);
      const standings = await runTournament(options(join(inside, 'out'), ['expert', policy], 2));
      expect(standings.map((s) => s.player).sort()).toEqual(['expert', relative(process.cwd(), policy)]);
    } finally {
      rmSync(inside, { recursive: true, force: true });
    }
  });
});
