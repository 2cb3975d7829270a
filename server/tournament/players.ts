/**
 * Turns `--players` arguments into players: the built-in `expert` and `random`, policy folders,
 * checkpoints (their champions), run directories (their newest checkpoint's champions) and globs
 * of any of these. Every player is checked against the world before a game is played, and a
 * problem names the player.
 *
 * In a game between equals (sumo) every player may take either side. In a game of two roles
 * (pursuit) each player has one: a policy's from its file (champions record theirs), while
 * `expert` and `random` stand for every role (`expert:predator`, `random:prey`, ... for one).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { loadPolicy, policyShape } from '../../agents/policy-file.ts';
import type { ScenarioSpec } from '../../worlds/scenario.ts';
import { findCheckpoint } from '../run/checkpoint.ts';
import { CoevoError } from '../errors.ts';
import type { Team } from '../evaluation/match-task.ts';

export interface Player {
  name: string;
  team: Team;
  /** The role it plays, an index into the world's roles (0 in a game between equals, where it plays any). */
  role: number;
}

export function resolvePlayers(args: string[], spec: ScenarioSpec): Player[] {
  const players = args.flatMap((arg) => builtIn(arg, spec) ?? expandGlob(arg, `player ${arg}`).flatMap((path) => playerAt(path, arg, spec)));
  const seen = new Set<string>();
  for (const player of players) {
    if (seen.has(player.name)) throw new CoevoError('BAD_FLAG', `--players: "${player.name}" is listed twice`);
    seen.add(player.name);
  }
  if (players.length < 2) throw new CoevoError('BAD_FLAG', `--players: a tournament needs at least two players (got ${players.length})`);
  return players;
}

/** A glob's matches in name order; a plain argument as it is. `what` names the argument in the error. */
export function expandGlob(arg: string, what: string): string[] {
  if (!/[*?[]/.test(arg)) return [arg];
  const matches = globPaths(arg);
  if (matches.length === 0) throw new CoevoError('BAD_POLICY', `${what}: the pattern matches nothing`);
  return matches;
}

function globPaths(pattern: string): string[] {
  const parts = pattern.split('/');
  let paths = [pattern.startsWith('/') ? '/' : '.'];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (!/[*?[]/.test(part)) {
      paths = paths.map((p) => join(p, part));
      continue;
    }
    const re = new RegExp(
      `^${part
        .replace(/[.+^${}()|\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`,
    );
    paths = paths.flatMap((p) =>
      existsSync(p) && statSync(p).isDirectory()
        ? readdirSync(p)
            .sort()
            .filter((n) => re.test(n))
            .map((n) => join(p, n))
        : [],
    );
  }
  return paths.filter((p) => existsSync(p));
}

/** `expert`, `random`, or in a world of two roles `expert:ROLE` and `random:ROLE`; null for anything else. */
function builtIn(arg: string, spec: ScenarioSpec): Player[] | null {
  const [kind, roleName] = arg.split(':');
  if ((kind !== 'expert' && kind !== 'random') || arg.split(':').length > 2) return null;
  if (spec.symmetric) {
    if (roleName !== undefined) throw new CoevoError('BAD_POLICY', `player ${arg}: ${spec.name} is a game between equals; write "${kind}"`);
    return [{ name: kind, team: { kind }, role: 0 }];
  }
  const roles = spec.roles.map((r, index) => ({ name: r.name, index }));
  if (roleName === undefined) return roles.map((r) => ({ name: `${kind}:${r.name}`, team: { kind }, role: r.index }));
  const role = roles.find((r) => r.name === roleName);
  if (!role) throw new CoevoError('BAD_POLICY', `player ${arg}: ${spec.name} has no role "${roleName}" (roles: ${roles.map((r) => r.name).join(', ')})`);
  return [{ name: arg, team: { kind }, role: role.index }];
}

function playerAt(path: string, arg: string, spec: ScenarioSpec): Player[] | Player {
  if (!existsSync(path)) throw new CoevoError('BAD_POLICY', `player ${arg}: no such file or folder (or use "expert" or "random")`);
  const folder = statSync(path).isFile() ? dirname(path) : path;
  if (existsSync(join(folder, 'coevo.json'))) return policyPlayer(folder, shown(folder), spec);
  // A checkpoint, or a run directory: its newest checkpoint.
  let checkpoint: string;
  try {
    checkpoint = findCheckpoint(folder);
  } catch {
    throw new CoevoError('BAD_POLICY', `player ${arg}: not a policy folder, a checkpoint or a run directory`);
  }
  const champions = readdirSync(checkpoint)
    .filter((n) => /^champion(-.+)?$/.test(n))
    .sort();
  if (champions.length === 0) throw new CoevoError('BAD_POLICY', `player ${arg}: checkpoint ${checkpoint} holds no champion`);
  return champions.map((n) => policyPlayer(join(checkpoint, n), `${shown(folder)}:${basename(checkpoint)}/${n}`, spec));
}

/** A path as people gave it, or relative to the working directory when it is an absolute path inside it. */
function shown(path: string): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : path;
}

function policyPlayer(folder: string, name: string, spec: ScenarioSpec): Player {
  const policy = loadPolicy(folder);
  const { header } = policy;
  if (header.scenario !== spec.name) {
    throw new CoevoError('BAD_POLICY', `player ${name}: trained for "${header.scenario}", the tournament plays "${spec.name}"`);
  }
  const index = spec.symmetric ? 0 : spec.roles.findIndex((r) => r.name === header.role);
  if (index < 0) {
    throw new CoevoError(
      'BAD_POLICY',
      `player ${name}: ${header.role === undefined ? 'its file names no role' : `plays "${header.role}"`}; ` + `${spec.name} players play one of ${spec.roles.map((r) => r.name).join(', ')}`,
    );
  }
  const role = spec.roles[index];
  if (header.observationSize !== role.observationSize || header.actionSize !== role.actionSize) {
    throw new CoevoError(
      'BAD_POLICY',
      `player ${name}: observes ${header.observationSize} and acts with ${header.actionSize} values; ` +
        `a ${spec.symmetric ? spec.name : `${spec.name} ${role.name}`} with a ${role.body} body needs ${role.observationSize} and ${role.actionSize}`,
    );
  }
  return { name, team: { kind: 'mlp', shape: policyShape(header), genomes: [policy.genome] }, role: index };
}
