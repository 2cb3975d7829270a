/** `coevo record`: play episodes with an expert in one role's seats and save its (observation, action) pairs. */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { concatFloat32 } from '../../agents/arrays.ts';
import { writeDemonstrations } from '../../agents/imitation/demo-file.ts';
import { deriveSeed } from '../../agents/rng.ts';
import { ROLES, isMatchScenario, type ScenarioName } from '../../worlds/registry.ts';
import { recordTrajectories, type Trajectories } from '../../worlds/rollout.ts';
import { readConfigFile, refuseEcology, resolveConfig } from '../config/resolve.ts';
import { SCENARIOS } from '../config/schema.ts';
import { CoevoError } from '../errors.ts';
import { makeOutputFolder } from '../output-folder.ts';
import { makeController, setupEpisode, type ControllerSource } from '../evaluation/episodes.ts';
import { SEED_STREAMS } from '../seed-streams.ts';
import { integer, positiveInteger } from './parse.ts';

interface RecordFlags {
  scenario?: string;
  role?: string;
  expert: string;
  episodes: number;
  out: string;
  config?: string;
  seed: number;
  every: number;
  statesOnly?: boolean;
}

/** Episodes played at once, in lockstep. */
const BATCH = 16;

export function recordCommand(): Command {
  return new Command('record')
    .description('play episodes with an expert in every seat of one role and save its (observation, action) pairs (docs/demonstrations.md)')
    .addOption(new Option('--scenario <name>', 'world to play in').choices(SCENARIOS))
    .option('--role <name>', 'the role to record where roles meet (sumo: red, blue; pursuit: predator, prey); the other roles play their scripted experts')
    .requiredOption('--expert <who>', '"scripted" or policy:PATH')
    .option('--episodes <n>', 'episodes to play', positiveInteger, 6)
    .requiredOption('--out <file>', 'demonstration file to write')
    .option('--config <file>', 'config file for the world settings')
    .option('--seed <n>', 'seed of the episodes', integer, 1)
    .option('--every <k>', 'keep every k-th step of each agent', positiveInteger, 1)
    .option('--states-only', 'keep observations and behaviour features but no actions, as motion capture or a video would give')
    .action(async (flags: RecordFlags) => {
      const source = expertSource(flags.expert);
      const config = refuseEcology(resolveConfig(flags.config ? readConfigFile(flags.config) : {}, flags.scenario ? { scenario: flags.scenario } : {}, flags.config ?? 'config'), 'record');
      const role = recordedRole(config.scenario, flags.role);
      prepareOut(flags.out);
      const world = await setupEpisode(config);
      const { scenario } = world;
      const { spec } = scenario;
      const { observationSize: o, actionSize: a, slots } = spec.roles[role];
      const parts: Trajectories[] = [];
      for (let start = 0; start < flags.episodes; start += BATCH) {
        const count = Math.min(BATCH, flags.episodes - start);
        const arenas = Array.from({ length: count }, (_, i) => scenario.createArena(world.engine.rapier, deriveSeed(flags.seed, SEED_STREAMS.recording, start + i)));
        const recorded = makeController(source, world, deriveSeed(flags.seed, start), count * slots, role);
        const controllers = spec.roles.map((_, r) => (r === role ? recorded.controller : scenario.experts[r]));
        try {
          parts.push(recordTrajectories(arenas, spec, controllers, role, flags.every));
        } finally {
          recorded.dispose();
          for (const arena of arenas) arena.dispose();
        }
      }
      const all = (pick: (t: Trajectories) => Float32Array) => concatFloat32(parts.map(pick));
      const demos = {
        scenario: spec.name,
        role: spec.roles[role].name,
        observationSize: o,
        actionSize: a,
        expert: flags.expert,
        episodes: flags.episodes,
        observations: all((t) => t.observations),
        actions: flags.statesOnly ? null : all((t) => t.actions),
        trajectories: {
          lengths: Int32Array.from(parts.flatMap((t) => Array.from(t.lengths))),
          every: flags.every,
          // A team's members keep their slots: cooperative populations imitate their own slot's.
          ...(spec.team ? { slots: Int32Array.from(parts.flatMap((t) => Array.from(t.slots))) } : {}),
        },
        features: { names: [...spec.roles[role].features], values: all((t) => t.features) },
      };
      writeDemonstrations(flags.out, demos);
      const of = isMatchScenario(config.scenario) ? ` of ${demos.role}` : '';
      const kept = demos.observations.length / o;
      const what = flags.statesOnly ? `${kept} states (no actions)` : `${kept} pairs`;
      const team = spec.team ? `, each of a team slot 0 to ${slots - 1}` : '';
      console.log(`recorded ${what}${of} from ${flags.episodes} episodes of ${flags.expert} to ${flags.out} (${demos.trajectories.lengths.length} trajectories${team})`);
    });
}

/** Before anything is played: `--out` must name a file in a folder, which is created if absent (as `tournament --out` and `report --out` are). */
function prepareOut(out: string): void {
  const path = resolve(out);
  if (existsSync(path) && statSync(path).isDirectory())
    throw new CoevoError('BAD_FLAG', `--out ${out}: is a folder; name the demonstration file to write, such as ${out.replace(/\/$/, '')}/demos.msgpack`);
  makeOutputFolder(dirname(path), `--out ${out}`);
}

/** The role to record: named where roles meet, the one role elsewhere. */
function recordedRole(scenario: string, role: string | undefined): number {
  const roles = ROLES[scenario as ScenarioName];
  if (role === undefined) {
    if (roles.length === 1) return 0;
    throw new CoevoError('BAD_FLAG', `--role: ${scenario} has roles ${roles.map((r) => `"${r}"`).join(', ')}; name the one to record`);
  }
  const index = roles.indexOf(role);
  if (index < 0) throw new CoevoError('BAD_FLAG', `--role: ${scenario} has no role "${role}" (its roles: ${roles.join(', ')})`);
  return index;
}

function expertSource(expert: string): ControllerSource {
  if (expert === 'scripted') return { kind: 'expert' };
  if (expert.startsWith('policy:') && expert.length > 'policy:'.length) return { kind: 'policy', path: expert.slice('policy:'.length) };
  throw new CoevoError('BAD_FLAG', `--expert must be "scripted" or policy:PATH, not "${expert}"`);
}
