/**
 * `coevo tournament`: players meet in a round robin (a few players) or Swiss rounds (many), each
 * pairing playing `games` games with sides swapped in turn, headless across the shards. In a game
 * of two roles (pursuit) every player of the first role meets every player of the second, and
 * each role's seats are all taken by its player. Finished games are appended to OUT/games.jsonl
 * as they come in, so an interrupted tournament resumes where it stopped; every game's seed comes
 * from the tournament seed, so the same seed gives the same results. Ratings are Bradley-Terry
 * fitted to all games (see ratings-files.ts).
 */
import { appendFileSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { crossPairs, roundRobin, swissRound, type Pairing } from '../../agents/ratings/pairings.ts';
import { Rng, deriveSeed } from '../../agents/rng.ts';
import { isMatchScenario } from '../../worlds/registry.ts';
import type { BodyKindName } from '../../worlds/bodies/body.ts';
import { writeFileAtomic } from '../atomic-file.ts';
import type { Config } from '../config/schema.ts';
import { CoevoError } from '../errors.ts';
import { makeOutputFolder } from '../output-folder.ts';
import type { Evaluator } from '../evaluation/evaluator.ts';
import type { MatchTask, ScenarioRef } from '../evaluation/match-task.ts';
import { scenarioOf } from '../evaluation/play.ts';
import type { Scenario } from '../../worlds/scenario.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { resolvePlayers, type Player } from './players.ts';
import { summarize, writeResults, type Standing } from './ratings-files.ts';

export const TOURNAMENT_FORMATS = ['auto', 'round-robin', 'swiss'] as const;
export type TournamentFormat = (typeof TOURNAMENT_FORMATS)[number];

/** Round robin up to this many players under `auto`; Swiss above. */
const ROUND_ROBIN_MAX = 8;
/** Games per evaluator call: each call's results are saved before the next starts. */
const CHUNK = 64;

export interface TournamentOptions {
  config: Config;
  players: string[];
  body: BodyKindName;
  games: number;
  format: TournamentFormat;
  rounds: number | null;
  out: string;
  evaluator: (config: Config) => Promise<Evaluator>;
  onProgress?: (done: number, total: number) => void;
  log?: (line: string) => void;
}

export interface PlayedGame {
  round: number;
  /** Index of the game within its round. */
  game: number;
  /** The player on side 0 (sumo's red, pursuit's predators). */
  red: number;
  /** The player on side 1 (sumo's blue, pursuit's prey). */
  blue: number;
  /** Side 0's share of the game: sumo 1 win, 0.5 draw, 0 loss; pursuit the share of prey caught. */
  score: number;
}

type Settings = {
  scenario: string;
  body: BodyKindName;
  players: string[];
  games: number;
  seed: number;
  /** `cross`: every player of one role against every player of the other (games of two roles). */
  format: 'round-robin' | 'swiss' | 'cross';
  rounds: number;
};

export async function runTournament(o: TournamentOptions): Promise<Standing[]> {
  const { config } = o;
  if (!isMatchScenario(config.scenario)) throw new CoevoError('BAD_FLAG', `--scenario: tournaments need a match world (sumo, pursuit), not ${config.scenario}`);
  const world: ScenarioRef = { scenario: config.scenario, worlds: config.worlds, bodies: [o.body, o.body], gravity: config.physics.gravity };
  const scenario = scenarioOf(world);
  const { spec } = scenario;
  const players = resolvePlayers(o.players, spec);
  const format = spec.symmetric ? (o.format === 'auto' ? (players.length <= ROUND_ROBIN_MAX ? 'round-robin' : 'swiss') : o.format) : crossFormat(o.format, spec.name);
  const sides = spec.roles.map((_, r) => players.flatMap((p, i) => (p.role === r ? [i] : [])));
  const missing = spec.roles.filter((_, r) => !spec.symmetric && sides[r].length === 0).map((r) => r.name);
  if (missing.length > 0) throw new CoevoError('BAD_FLAG', `--players: ${spec.name} needs players of every role; none plays ${missing.join(' or ')} (add expert:${missing[0]}, for example)`);
  const rounds = format === 'swiss' ? (o.rounds ?? Math.ceil(Math.log2(players.length)) + 2) : 1;
  const settings: Settings = {
    scenario: config.scenario,
    body: o.body,
    players: players.map((p) => p.name),
    games: o.games,
    seed: config.seed,
    format,
    rounds,
  };
  // Connected first: an unreachable Redis (--redis) stops the tournament before OUT is touched.
  const evaluator = await o.evaluator(config);
  let played: PlayedGame[];
  try {
    played = openOut(o.out, settings);
  } catch (error) {
    await evaluator.close();
    throw error;
  }
  const perRound = format === 'cross' ? sides[0].length * sides[1].length : format === 'round-robin' ? (players.length * (players.length - 1)) / 2 : Math.floor(players.length / 2);
  const total = rounds * perRound * o.games;
  o.onProgress?.(played.length, total);
  try {
    for (let round = 0; round < rounds; round++) {
      const pairs =
        format === 'cross' ? crossPairs(sides[0], sides[1], o.games) : format === 'round-robin' ? roundRobin(players.length, o.games) : swissPairs(players.length, played, round, o.games, config.seed);
      const done = new Set(played.filter((g) => g.round === round).map((g) => g.game));
      const todo = pairs.map((pair, game) => ({ pair, game })).filter(({ game }) => !done.has(game));
      for (let at = 0; at < todo.length; at += CHUNK) {
        const chunk = todo.slice(at, at + CHUNK);
        const games = await playGames(evaluator, world, players, chunk, round, config.seed, scenario);
        appendFileSync(join(o.out, 'games.jsonl'), games.map((g) => `${JSON.stringify(g)}\n`).join(''));
        played.push(...games);
        o.onProgress?.(played.length, total);
      }
    }
  } finally {
    await evaluator.close();
  }
  const standings = summarize(
    players.map((p) => p.name),
    played,
    spec.symmetric ? undefined : players.map((p) => spec.roles[p.role].name),
  );
  writeResults(o.out, settings, standings, played);
  return standings;
}

async function playGames(
  evaluator: Evaluator,
  world: ScenarioRef,
  players: Player[],
  chunk: { pair: Pairing; game: number }[],
  round: number,
  seed: number,
  { spec, score }: Scenario,
): Promise<PlayedGame[]> {
  const tasks: MatchTask[] = chunk.map(({ pair, game }, index) => ({
    index,
    seed: deriveSeed(seed, SEED_STREAMS.games, round, game),
    seats: spec.roles.map((role, r) => Array.from({ length: role.slots }, () => ({ team: r === 0 ? pair.a : pair.b, member: 0 }))),
  }));
  const results = await evaluator.play({ world, teams: players.map((p) => p.team), tasks });
  return results
    .sort((x, y) => x.index - y.index)
    .map((result) => {
      const { pair, game } = chunk[result.index];
      return { round, game, red: pair.a, blue: pair.b, score: score(result.outcome, 0, 0) };
    });
}

/** A game of two roles is played as a cross table: Swiss pairing needs players who can meet anyone. */
function crossFormat(format: TournamentFormat, scenario: string): 'cross' {
  if (format === 'swiss') throw new CoevoError('BAD_FLAG', `--format swiss: ${scenario} has two roles; its players meet every player of the other role (the default)`);
  return 'cross';
}

/** Round `round` of a Swiss tournament, paired from the games of earlier rounds. */
function swissPairs(players: number, played: PlayedGame[], round: number, games: number, seed: number): Pairing[] {
  const scores = new Float64Array(players);
  const met = new Set<string>();
  const byes = new Set<number>();
  const seatedIn = Array.from({ length: round }, () => new Set<number>());
  for (const g of played) {
    if (g.round >= round) continue;
    scores[g.red] += g.score;
    scores[g.blue] += 1 - g.score;
    met.add(`${Math.min(g.red, g.blue)}:${Math.max(g.red, g.blue)}`);
    seatedIn[g.round].add(g.red).add(g.blue);
  }
  // A bye is whoever sat out a round with an odd number of players.
  for (const seated of seatedIn) for (let p = 0; p < players; p++) if (players % 2 === 1 && !seated.has(p)) byes.add(p);
  const { pairs } = swissRound(scores, (a, b) => met.has(`${Math.min(a, b)}:${Math.max(a, b)}`), byes, new Rng(deriveSeed(seed, SEED_STREAMS.swiss, round)));
  return pairs.flatMap((pair) => Array.from({ length: games }, (_, g) => (g % 2 === 0 ? pair : { a: pair.b, b: pair.a })));
}

/** Prepares OUT; on a resume, returns the games already played (a half-written last line is dropped). */
function openOut(out: string, settings: Settings): PlayedGame[] {
  const settingsPath = join(out, 'tournament.json');
  if (existsSync(settingsPath)) {
    const saved = readFileSync(settingsPath, 'utf8');
    if (saved.trim() !== JSON.stringify(settings, null, 2)) {
      throw new CoevoError('BAD_FLAG', `--out ${out} holds a different tournament (players, games, seed or world differ); choose another folder`);
    }
    const lines = existsSync(join(out, 'games.jsonl')) ? readFileSync(join(out, 'games.jsonl'), 'utf8').split('\n') : [];
    const games: PlayedGame[] = [];
    for (const line of lines) {
      if (!line.trim()) continue;
      try {
        games.push(JSON.parse(line));
      } catch {
        break;
      }
    }
    // Rewrite without any cut-off line, so appends start clean.
    writeFileAtomic(join(out, 'games.jsonl'), games.map((g) => `${JSON.stringify(g)}\n`).join(''));
    return games;
  }
  if (existsSync(out) && readdirSync(out).length > 0) throw new CoevoError('BAD_FLAG', `--out ${out} is not empty and holds no tournament; choose an empty or new folder`);
  makeOutputFolder(out, `--out ${out}`);
  writeFileAtomic(settingsPath, `${JSON.stringify(settings, null, 2)}\n`);
  return [];
}
