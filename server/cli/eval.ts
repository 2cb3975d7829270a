/** `coevo eval`: score a policy, a checkpoint's champion, the scripted expert or random actions. */
import { Command, Option } from 'commander';
import { SCENARIOS, type Config } from '../config/schema.ts';
import { readConfigFile, refuseEcology, resolveConfig } from '../config/resolve.ts';
import { CoevoError } from '../errors.ts';
import { evaluateController, formatEval, runDirOfCheckpoint, setupEpisode, type ControllerSource } from '../evaluation/episodes.ts';
import { RunDir } from '../run/run-dir.ts';
import { integer, positiveInteger } from './parse.ts';
import { isMatchScenario } from '../../worlds/registry.ts';

interface EvalFlags {
  policy?: string;
  checkpoint?: string;
  expert?: boolean;
  random?: boolean;
  scenario?: string;
  config?: string;
  episodes: number;
  seed: number;
  json?: boolean;
}

export function evalCommand(): Command {
  return new Command('eval')
    .description('play episodes with one controller in every agent and print the mean fitness ± standard deviation')
    .option('--policy <path>', 'a saved policy folder (or its model.json)')
    .option('--checkpoint <dir>', 'a run directory or checkpoint folder: evaluates its champion')
    .option('--expert', "the scenario's scripted expert")
    .option('--random', 'uniformly random actions')
    .addOption(new Option('--scenario <name>', 'world to play in').choices(SCENARIOS))
    .option('--config <file>', "config file for the world settings (default: the run's config with --checkpoint)")
    .option('--episodes <n>', 'episodes to play', positiveInteger, 10)
    .option('--seed <n>', 'evaluation seed', integer, 1)
    .option('--json', 'print the result as JSON')
    .action(async (flags: EvalFlags) => {
      const source = controllerSource(flags);
      const config = evalConfig(flags);
      if (isMatchScenario(config.scenario)) {
        throw new CoevoError(
          'BAD_FLAG',
          `eval scores one controller in single-role worlds; to rate ${config.scenario} policies against the expert, random and each other use coevo tournament --scenario ${config.scenario} --players ...`,
        );
      }
      const world = await setupEpisode(config);
      const result = evaluateController(world, source, flags.episodes, flags.seed);
      console.log(flags.json ? JSON.stringify({ scenario: config.scenario, seed: flags.seed, ...result }) : formatEval(result));
    });
}

function controllerSource(flags: EvalFlags): ControllerSource {
  const chosen: ControllerSource[] = [];
  if (flags.policy) chosen.push({ kind: 'policy', path: flags.policy });
  if (flags.checkpoint) chosen.push({ kind: 'checkpoint', path: flags.checkpoint });
  if (flags.expert) chosen.push({ kind: 'expert' });
  if (flags.random) chosen.push({ kind: 'random' });
  if (chosen.length !== 1) throw new CoevoError('BAD_FLAG', 'eval: give exactly one of --policy, --checkpoint, --expert, --random');
  return chosen[0];
}

function evalConfig(flags: EvalFlags): Config {
  let base: Record<string, unknown> = {};
  let source = 'default config';
  if (flags.config) {
    base = readConfigFile(flags.config);
    source = flags.config;
  } else if (flags.checkpoint) {
    const runDir = runDirOfCheckpoint(flags.checkpoint);
    if (runDir) {
      base = new RunDir(runDir).readConfig();
      source = `${runDir}/config.json`;
    }
  }
  return refuseEcology(resolveConfig(base, flags.scenario ? { scenario: flags.scenario } : {}, source), 'eval');
}
