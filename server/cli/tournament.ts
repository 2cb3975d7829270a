/** `coevo tournament`: rate saved policies (and the built-in expert and random) against each other. */
import { Command, Option } from 'commander';
import { BODY_KINDS, type BodyKindName } from '../../worlds/bodies/body.ts';
import { MATCH_SCENARIOS } from '../../worlds/registry.ts';
import { readConfigFile, resolveConfig } from '../config/resolve.ts';
import { createEvaluator } from '../evaluation/evaluator.ts';
import { DEFAULT_QUEUE, redisEvaluatorFactory } from '../evaluation/distributed/redis-evaluator.ts';
import { setupEngine } from '../evaluation/engine.ts';
import { formatDuration } from '../run/progress-line.ts';
import { standingsTable } from '../tournament/ratings-files.ts';
import { TOURNAMENT_FORMATS, runTournament, type TournamentFormat } from '../tournament/tournament.ts';
import { integer, nonNegativeInteger, positiveInteger } from './parse.ts';

interface TournamentFlags {
  players: string[];
  scenario: string;
  body: BodyKindName;
  games: number;
  workers?: number;
  seed: number;
  out: string;
  format: TournamentFormat;
  rounds?: number;
  config?: string;
  redis?: string;
  queue: string;
  quiet?: boolean;
}

export function tournamentCommand(): Command {
  return new Command('tournament')
    .description('play saved policies against each other and rate them (Bradley-Terry, Elo scale, 95% intervals)')
    .requiredOption('--players <players...>', 'policy folders, checkpoints (their champions), run directories, globs, "expert", "random" (in pursuit also "expert:prey", "random:predator", ...)')
    .addOption(new Option('--scenario <name>', 'the game').choices(MATCH_SCENARIOS).default('sumo'))
    .addOption(new Option('--body <body>', "the players' body").choices(BODY_KINDS).default('ball'))
    .option('--games <n>', 'games per pairing (sides swap each game)', positiveInteger, 10)
    .option('--workers <n>', 'worker threads (0: play on the main thread; default: one per core)', nonNegativeInteger)
    .option('--seed <n>', 'tournament seed: same seed and players, same results', integer, 1)
    .requiredOption('--out <dir>', 'where tournament.json, games.jsonl, ratings.{csv,json} and matrix.{csv,json} go; an interrupted tournament resumes there')
    .addOption(
      new Option('--format <format>', 'pairing: round robin, Swiss rounds, or auto (round robin up to 8 players); in pursuit every player meets every player of the other role')
        .choices(TOURNAMENT_FORMATS)
        .default('auto'),
    )
    .option('--rounds <n>', 'Swiss rounds (default: log2(players) + 2)', positiveInteger)
    .option('--config <file>', 'JSON config for the world settings (worlds.sumo, physics, tf)')
    .option('--redis <url>', 'play the games as jobs on this Redis for coevo worker processes (docs/distributed.md)')
    .option('--queue <name>', 'queue name for --redis', DEFAULT_QUEUE)
    .option('--quiet', 'no progress bar or table')
    .action(async (flags: TournamentFlags) => {
      const base = flags.config ? readConfigFile(flags.config) : {};
      const overrides: Record<string, unknown> = { scenario: flags.scenario, seed: flags.seed };
      if (flags.workers !== undefined) overrides.workers = flags.workers;
      const config = resolveConfig(base, overrides, flags.config ? `config (${flags.config} with command-line flags)` : 'config (command-line flags)');
      const bar = progressBar(flags.quiet);
      const standings = await runTournament({
        config,
        players: flags.players,
        body: flags.body,
        games: flags.games,
        format: flags.format,
        rounds: flags.rounds ?? null,
        out: flags.out,
        evaluator: async (c) => {
          const engine = await setupEngine(c);
          return flags.redis ? redisEvaluatorFactory(flags.redis, flags.queue)(c, engine, () => {}) : createEvaluator(c, engine, () => {});
        },
        onProgress: bar,
      });
      if (!flags.quiet) {
        process.stderr.write('\n');
        console.log(standingsTable(standings));
        console.log(`results in ${flags.out} (ratings.csv, ratings.json, matrix.csv, matrix.json)`);
      }
    });
}

/** A one-line progress bar on stderr, redrawn in place. */
function progressBar(quiet = false): (done: number, total: number) => void {
  const started = performance.now();
  let first: number | null = null;
  return (done, total) => {
    if (quiet) return;
    first ??= done;
    const width = 30;
    const filled = Math.round((width * done) / (total || 1));
    const elapsed = (performance.now() - started) / 1000;
    const rate = (done - first) / (elapsed || 1);
    const eta = rate > 0 ? ` ETA ${formatDuration((total - done) / rate)}` : '';
    process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total} games${eta}   `);
  };
}
