/** `coevo record`: play episodes with an expert and save its (observation, action) pairs. */
import { concatFloat32 } from '../../agents/arrays.ts';
import { Command, Option } from 'commander';
import { writeDemonstrations } from '../../agents/imitation/demo-file.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { rollout } from '../../worlds/rollout.ts';
import { SCENARIOS } from '../config/schema.ts';
import { readConfigFile, resolveConfig } from '../config/resolve.ts';
import { CoevoError } from '../errors.ts';
import { makeController, type ControllerSource } from '../evaluation/episodes.ts';
import { setupWorld } from '../evaluation/engine.ts';
import { integer, positiveInteger } from './parse.ts';

interface RecordFlags {
  scenario?: string;
  expert: string;
  episodes: number;
  out: string;
  config?: string;
  seed: number;
  every: number;
}

const RECORD_STREAM = 0x72656364;
/** Episodes played at once, in lockstep. */
const BATCH = 16;

export function recordCommand(): Command {
  return new Command('record')
    .description('play episodes with an expert in every agent and save its (observation, action) pairs (docs/demonstrations.md)')
    .addOption(new Option('--scenario <name>', 'world to play in').choices(SCENARIOS))
    .requiredOption('--expert <who>', '"scripted" or policy:PATH')
    .option('--episodes <n>', 'episodes to play', positiveInteger, 6)
    .requiredOption('--out <file>', 'demonstration file to write')
    .option('--config <file>', 'config file for the world settings')
    .option('--seed <n>', 'seed of the episodes', integer, 1)
    .option('--every <k>', 'keep every k-th pair of each agent', positiveInteger, 1)
    .action(async (flags: RecordFlags) => {
      const source = expertSource(flags.expert);
      const config = resolveConfig(
        flags.config ? readConfigFile(flags.config) : {},
        flags.scenario ? { scenario: flags.scenario } : {},
        flags.config ?? 'config',
      );
      const world = await setupWorld(config);
      const { scenario } = world;
      const observations: Float32Array[] = [];
      const actions: Float32Array[] = [];
      for (let start = 0; start < flags.episodes; start += BATCH) {
        const count = Math.min(BATCH, flags.episodes - start);
        const arenas = Array.from({ length: count }, (_, i) => scenario.createArena(world.rapier, deriveSeed(flags.seed, RECORD_STREAM, start + i)));
        const { controller, dispose } = makeController(source, world, deriveSeed(flags.seed, start), count * scenario.spec.agentsPerArena);
        try {
          rollout(arenas, scenario.spec, controller, {
            afterStep: (step, obs, act) => {
              if (step % flags.every !== 0) return;
              observations.push(obs.slice());
              actions.push(act.slice());
            },
          });
        } finally {
          dispose();
          for (const arena of arenas) arena.dispose();
        }
      }
      const demos = {
        scenario: scenario.spec.name,
        observationSize: scenario.spec.observationSize,
        actionSize: scenario.spec.actionSize,
        expert: flags.expert,
        episodes: flags.episodes,
        observations: concatFloat32(observations),
        actions: concatFloat32(actions),
      };
      writeDemonstrations(flags.out, demos);
      console.log(`recorded ${demos.actions.length / demos.actionSize} pairs from ${flags.episodes} episodes of ${flags.expert} to ${flags.out}`);
    });
}

function expertSource(expert: string): ControllerSource {
  if (expert === 'scripted') return { kind: 'expert' };
  if (expert.startsWith('policy:') && expert.length > 'policy:'.length) return { kind: 'policy', path: expert.slice('policy:'.length) };
  throw new CoevoError('BAD_FLAG', `--expert must be "scripted" or policy:PATH, not "${expert}"`);
}
