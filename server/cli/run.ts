/** `coevo run`: start or resume an evolution run. */
import { Command, Option } from 'commander';
import { IMITATION_METHODS, RUN_SCENARIOS, type Config } from '../config/schema.ts';
import { runEcology } from '../ecology/run-ecology.ts';
import { readConfigFile, resolveConfig } from '../config/resolve.ts';
import { CoevoError } from '../errors.ts';
import { RunDir } from '../run/run-dir.ts';
import { runExperiment } from '../run/run.ts';
import { STREAM_DEFAULTS, type StreamOptions } from '../stream/stream-server.ts';
import { imitateList, integer, nonNegativeInteger, portNumber, positiveInteger, positiveNumber, shareNumber } from './parse.ts';
import { printBanner } from './banner.ts';
import { checkRedis } from '../evaluation/distributed/redis-connection.ts';
import { DEFAULT_QUEUE, redisEvaluatorFactory } from '../evaluation/distributed/redis-evaluator.ts';
import { parseRedisUrl } from '../evaluation/distributed/redis-url.ts';

interface RunFlags {
  config?: string;
  scenario?: string;
  population?: number;
  generations?: number;
  seconds?: number;
  seed?: number;
  runDir?: string;
  resume?: string;
  workers?: number;
  imitate?: ReturnType<typeof imitateList>;
  initFrom?: string;
  initFraction?: number;
  method?: string;
  serve?: boolean;
  host?: string;
  port?: number;
  controlToken?: string;
  redis?: string;
  queue: string;
  quiet?: boolean;
}

/** Flags that change the experiment itself and so cannot change on resume. */
const FIXED_ON_RESUME = ['config', 'scenario', 'population', 'seed', 'runDir', 'imitate', 'method', 'initFrom', 'initFraction'] as const;

export function runCommand(): Command {
  return new Command('run')
    .description('run generations of evolution (until stopped unless --generations is given)')
    .option('--config <file>', 'JSON config file (see docs/config.md); flags override it')
    .addOption(new Option('--scenario <name>', 'world to evolve in (ecology: one persistent world without generations, see docs/ecology.md)').choices(RUN_SCENARIOS))
    .option('--population <n>', 'population size (a multiple of agents per arena)', positiveInteger)
    .option('--generations <n>', 'generations to run (default: until stopped)', positiveInteger)
    .option('--seconds <n>', 'ecology: simulated seconds to run (worlds.ecology.runSeconds; default: until stopped)', positiveNumber)
    .option('--seed <n>', 'run seed: same seed and config, same results', integer)
    .option('--run-dir <dir>', 'where config.json, metrics.jsonl and checkpoints/ go (default: runs/<scenario>-s<seed>-<time>)')
    .option('--resume <dir>', 'continue the run in <dir> from its newest checkpoint')
    .option('--workers <n>', 'worker threads (0: play on the main thread)', nonNegativeInteger)
    .option(
      '--imitate <experts>',
      'imitate scripted, elite, peer, rival, champions, human (people driving in the viewer), teammate (carry) and/or dataset:FILE (comma-separated); see docs/imitation.md',
      imitateList,
    )
    .addOption(
      new Option(
        '--method <method>',
        'how to imitate (imitation.method): clone actions (bc), label visited states (dagger), match behaviour features (fm), or adversarially (gail; gaifo from states alone)',
      ).choices(IMITATION_METHODS),
    )
    .option('--init-from <source>', 'start from another run: a run directory, a checkpoint, a policy folder or a glob of policy folders (docs/adaptation.md)')
    .option('--init-fraction <share>', 'share of the population started from --init-from (default 1)', shareNumber)
    .option('--serve', 'serve the live viewer and stream (http://127.0.0.1:8080 unless --host/--port say otherwise)')
    .option('--host <host>', 'address to serve on (implies --serve)')
    .option('--port <port>', 'port to serve on; 0 picks a free one (implies --serve)', portNumber)
    .option('--control-token <token>', 'token viewers must give to pause, resume, step or checkpoint (or COEVO_CONTROL_TOKEN)')
    .option('--redis <url>', 'enqueue the arenas as jobs on this Redis (redis://[user:password@]HOST:PORT) for coevo worker processes; see docs/distributed.md')
    .option('--queue <name>', 'queue name for --redis', DEFAULT_QUEUE)
    .option('--quiet', 'no progress lines')
    .action(async (flags: RunFlags) => {
      const { config, runDir, resume } = resolveRun(flags);
      if (config.scenario === 'ecology') return runEcologyCommand(flags, config, runDir, resume);
      await printBanner(config, flags.quiet);
      const serve = serveOptions(flags);
      // Checked before the run directory is touched, so an unreachable Redis leaves nothing behind.
      if (flags.redis) await checkRedis(parseRedisUrl(flags.redis));
      const summary = await runExperiment({
        config,
        runDir,
        resume,
        serve,
        ...(flags.redis ? { evaluator: redisEvaluatorFactory(flags.redis, flags.queue) } : {}),
        log: flags.quiet ? undefined : (line) => console.log(line),
        onServing: ({ port }) => console.log(`coevo: viewer on http://${serve!.host}:${port}/ (stream at ws://${serve!.host}:${port}/ws)`),
      });
      if (!flags.quiet) {
        console.log(`${summary.stoppedEarly ? 'stopped' : 'finished'} after ${summary.generationsCompleted} generations; run directory ${runDir}`);
      }
    });
}

async function runEcologyCommand(flags: RunFlags, config: Config, runDir: string, resume: boolean): Promise<void> {
  if (flags.redis) throw new CoevoError('BAD_FLAG', '--redis: the ecology does not run over Redis yet; its regions run in worker threads (--workers N)');
  const serve = serveOptions(flags);
  await printBanner(config, flags.quiet);
  const summary = await runEcology({
    config,
    runDir,
    resume,
    serve,
    log: flags.quiet ? undefined : (line) => console.log(line),
    onServing: ({ port }) => console.log(`coevo: viewer on http://${serve!.host}:${port}/ (stream at ws://${serve!.host}:${port}/ws)`),
  });
  if (!flags.quiet) {
    console.log(`${summary.stoppedEarly ? 'stopped' : 'finished'} after ${summary.simSeconds.toFixed(1)} simulated seconds (${summary.reports} reports); run directory ${runDir}`);
  }
}

function resolveRun(flags: RunFlags): { config: Config; runDir: string; resume: boolean } {
  if (flags.resume) {
    const fixed = FIXED_ON_RESUME.filter((key) => flags[key] !== undefined);
    if (fixed.length) {
      throw new CoevoError('BAD_FLAG', `--resume continues the run as configured; it cannot be combined with ${fixed.map(flagName).join(', ')}`);
    }
    const stored = new RunDir(flags.resume).readConfig();
    const config = resolveConfig(stored, commonOverrides(flags), `${flags.resume}/config.json with command-line flags`);
    return { config, runDir: flags.resume, resume: true };
  }
  const base = flags.config ? readConfigFile(flags.config) : {};
  // --imitate names the whole expert mix: it replaces the file's rather than adding to it.
  if (flags.imitate && typeof base.imitation === 'object' && base.imitation) delete (base.imitation as Record<string, unknown>).experts;
  const overrides: Record<string, unknown> = { ...commonOverrides(flags) };
  if (flags.scenario !== undefined) overrides.scenario = flags.scenario;
  if (flags.seed !== undefined) overrides.seed = flags.seed;
  if (flags.population !== undefined) overrides.evolution = { populationSize: flags.population };
  if (flags.initFrom !== undefined || flags.initFraction !== undefined)
    overrides.init = { ...(flags.initFrom ? { from: flags.initFrom } : {}), ...(flags.initFraction !== undefined ? { fraction: flags.initFraction } : {}) };
  if (flags.imitate !== undefined || flags.method !== undefined) overrides.imitation = { ...flags.imitate, ...(flags.method ? { method: flags.method } : {}) };
  const config = resolveConfig(base, overrides, flags.config ? `config (${flags.config} with command-line flags)` : 'config (command-line flags)');
  const runDir = flags.runDir ?? defaultRunDir(config);
  return { config, runDir, resume: false };
}

function serveOptions(flags: RunFlags): StreamOptions | undefined {
  if (!flags.serve && flags.host === undefined && flags.port === undefined) return undefined;
  const controlToken = flags.controlToken ?? process.env.COEVO_CONTROL_TOKEN ?? null;
  if (controlToken !== null && controlToken.length < 8) throw new CoevoError('BAD_FLAG', '--control-token must be at least 8 characters');
  return { ...STREAM_DEFAULTS, host: flags.host ?? STREAM_DEFAULTS.host, port: flags.port ?? STREAM_DEFAULTS.port, controlToken };
}

function commonOverrides(flags: RunFlags): Record<string, unknown> {
  const overrides: Record<string, unknown> = {};
  if (flags.generations !== undefined) overrides.generations = flags.generations;
  if (flags.workers !== undefined) overrides.workers = flags.workers;
  if (flags.seconds !== undefined) overrides.worlds = { ecology: { runSeconds: flags.seconds } };
  return overrides;
}

function defaultRunDir(config: Config): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `runs/${config.scenario}-s${config.seed}-${stamp}`;
}

function flagName(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}
