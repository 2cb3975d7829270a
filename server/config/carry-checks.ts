/**
 * The checks of a carry config (docs/carry.md) and of `coevolution.mode` in every world: which
 * modes a world takes, the populations of cooperative co-evolution (one per team slot), keys that
 * only one mode reads, and a floor large enough for the block, the goal and the team.
 */
import { bodyKind } from '../../worlds/bodies/index.ts';
import { isMatchScenario } from '../../worlds/registry.ts';
import { coevolutionMode } from './populations.ts';
import type { Config } from './schema.ts';

type Path = (string | number)[];

/** Keys of `coevolution` that carry reads, by mode. */
const CARRY_KEYS = { cooperative: ['mode', 'randomCollaborators', 'credit', 'hallOfFameSize', 'ciaoEvery'], homogeneous: ['mode', 'ciaoEvery'] } as const;

/** False when the populations are too wrong to check further. */
export function checkModes(config: Config, defaults: Config, issue: (path: Path, message: string) => void): boolean {
  const { mode } = config.coevolution;
  if (isMatchScenario(config.scenario)) {
    if (mode !== null && mode !== 'competitive') {
      issue(['coevolution', 'mode'], `"${mode}" is for worlds where a team shares its score (carry); ${config.scenario} is competitive (its roles play against each other)`);
    }
    return true;
  }
  if (config.scenario !== 'carry') return true; // forage and locomotion refuse every coevolution key (checks.ts)
  const resolved = coevolutionMode(config);
  if (resolved === 'competitive') {
    issue(['coevolution', 'mode'], 'carry is cooperative: its team shares one score; choose "cooperative" (a population per slot) or "homogeneous" (clones)');
    return false;
  }
  const keys = CARRY_KEYS[resolved] as readonly string[];
  for (const key of Object.keys(config.coevolution)) {
    const set = JSON.stringify((config.coevolution as Record<string, unknown>)[key]) !== JSON.stringify((defaults.coevolution as Record<string, unknown>)[key]);
    if (set && !keys.includes(key))
      issue(
        ['coevolution', key],
        `does not apply: carry in ${resolved} mode ${resolved === 'homogeneous' ? 'has one population of clones: no collaborators' : 'scores each member with collaborators, not matches'}`,
      );
  }
  const { teamSize } = config.worlds.carry;
  if (resolved === 'homogeneous') {
    if (config.populations) issue(['populations'], 'carry in homogeneous mode evolves one population; populations are for coevolution.mode "cooperative" (one per team slot)');
    return !config.populations;
  }
  if (config.evolution.episodesPerGeneration !== defaults.evolution.episodesPerGeneration) {
    issue(['evolution', 'episodesPerGeneration'], 'does not apply: in cooperative mode each member plays 1 + coevolution.randomCollaborators trials');
  }
  const populations = config.populations;
  if (!populations) return true;
  if (populations.length !== teamSize) {
    issue(['populations'], `cooperative mode has one population per team slot: ${teamSize} (worlds.carry.teamSize), not ${populations.length}`);
    return false;
  }
  const names = new Set<string>();
  let ok = true;
  populations.forEach((p, i) => {
    if (p.role !== 'carrier') {
      issue(['populations', i, 'role'], `must be "carrier" in carry (got "${p.role}")`);
      ok = false;
    }
    if (p.body !== config.worlds.carry.body) issue(['populations', i, 'body'], `the team's body is worlds.carry.body ("${config.worlds.carry.body}")`);
    if (names.has(p.name)) issue(['populations', i, 'name'], `"${p.name}" is used by two populations`);
    names.add(p.name);
  });
  return ok;
}

/** The floor must hold the block's way to the goal and the team around the block. */
export function checkCarryWorld(config: Config, issue: (path: Path, message: string) => void): void {
  const c = config.worlds.carry;
  const at = (key: keyof typeof c): Path => ['worlds', 'carry', key];
  if (c.goalRadius >= c.goalDistance) issue(at('goalRadius'), `must be less than worlds.carry.goalDistance (${c.goalDistance} m), or the block starts delivered`);
  const body = bodyKind(c.body);
  // The block starts goalDistance / 2 from the centre; the team starts up to 3 m from its edge and
  // queues behind it in rows of bodies: all of that must lie inside the walls.
  const width = 2 * body.footprint + 0.05;
  const columns = Math.min(c.teamSize, Math.floor(c.blockSize / width) + 1);
  const room = Math.max(3 + body.footprint, body.footprint + 0.3 + Math.ceil(c.teamSize / columns) * width);
  const needed = c.goalDistance + c.blockSize + 2 * room + 1;
  if (c.arenaSize < needed) {
    issue(
      at('teamSize'),
      `a team of ${c.teamSize} with a ${c.blockSize} m block ${c.goalDistance} m from the goal needs a floor of at least ${needed.toFixed(1)} m; worlds.carry.arenaSize is ${c.arenaSize}`,
    );
  }
  if (c.body === 'crawler' && c.maxForce !== 10) issue(at('maxForce'), 'does not apply: it is the force of ball bodies, and the carriers are crawlers');
}
