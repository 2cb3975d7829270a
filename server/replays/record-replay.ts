/**
 * A generation's replay: the champion's match, played again on the main thread from its seed and
 * the very networks that played it, with every moving body's pose kept at each decision. Matches
 * give the same result in any batch and on any thread (playMatches), so the replay is the training
 * episode itself; the champion's fitness in both is stored, and a test holds them equal.
 */
import { showcaseScene } from '../stream/showcase-scene.ts';
import { concatFloat32 } from '../../agents/arrays.ts';
import type { Arena } from '../../worlds/scenario.ts';
import type { Engine } from '../evaluation/engine.ts';
import type { MatchBatch, MatchResult, MatchTask, ScenarioRef, Team } from '../evaluation/match-task.ts';
import { playMatches, scenarioOf } from '../evaluation/play.ts';
import { ensureReplaysDir, pruneReplays, replayPath } from './replay-dir.ts';
import { writeReplay, type Replay, type ReplaySeat } from './replay-file.ts';

/** The champion's match of a generation, ready to be played again: one task, each team reduced to the members it seats. */
export interface ChampionMatch {
  batch: MatchBatch;
  /** What the match gave in training. */
  result: MatchResult;
  /** Per team of the batch: the member of the generation each of its genomes is (its index in the original team). */
  members: number[][];
  champion: { team: number; member: number };
}

/**
 * The first match in which member `best` of team `team` (a population's current genomes) held a
 * scoring seat, with copies of the genomes it needs (the originals are bred from after the generation).
 */
export function championMatch(world: ScenarioRef, teams: Team[], tasks: MatchTask[], results: MatchResult[], team: number, best: number): ChampionMatch | null {
  const task = tasks.find((t) => t.seats.some((seats) => seats.some((s) => s.team === team && s.member === best && s.scores)));
  const result = task && results.find((r) => r.index === task.index);
  if (!task || !result) return null;
  const members = teams.map(() => [] as number[]);
  const seats = task.seats.map((row) =>
    row.map((seat) => {
      let at = members[seat.team].indexOf(seat.member);
      if (at < 0) at = members[seat.team].push(seat.member) - 1;
      return { ...seat, member: at };
    }),
  );
  const reduced = teams.map((t, i): Team => (t.kind === 'mlp' ? { ...t, genomes: members[i].map((m) => t.genomes[m].slice()) } : t));
  const { recording: _recording, ...played } = result;
  return { batch: { world, teams: reduced, tasks: [{ ...task, index: 0, seats }] }, result: played, members, champion: { team, member: best } };
}

export interface ReplayNames {
  runId: string;
  generation: number;
  /** The population each team of a generation's batch is (the current genomes, then the halls of fame). */
  teamNames: string[];
  /** How many teams are current genomes (the rest are halls of fame: past champions). */
  currentTeams: number;
}

/** Plays the match again, keeping every moving body's pose at each decision and each change of a seat's outcome. */
export function recordReplay(engine: Engine, match: ChampionMatch, names: ReplayNames): Replay {
  const scenario = scenarioOf(match.batch.world);
  const { spec } = scenario;
  const scene = showcaseScene('replay', scenario.describe());
  const moving = scene.message.moving.length;
  const positions: Float32Array[] = [];
  const rotations: Float32Array[] = [];
  const pose = new Float32Array(moving * 3);
  const turn = new Float32Array(moving * 4);
  const events: Replay['events'] = [];
  let outcomes: Float64Array[] | null = null;
  const capture = (arena: Arena) => {
    arena.positions(pose, turn);
    positions.push(pose.slice());
    const rotating = new Float32Array(scene.rotatingAt.length * 4);
    scene.rotatingAt.forEach((at, i) => rotating.set(turn.subarray(at * 4, at * 4 + 4), i * 4));
    rotations.push(rotating);
    const frame = positions.length - 1;
    let first = 0; // the role's first seat
    arena.outcome.forEach((row, r) => {
      row.forEach((value, slot) => {
        if (outcomes && value !== outcomes[r][slot]) events.push({ frame, agent: first + slot, outcome: value });
      });
      first += row.length;
    });
    outcomes = arena.outcome.map((o) => o.slice());
  };
  const [replayed] = playMatches(engine, match.batch, { beforeStep: (_step, arenas) => capture(arenas[0]), end: (arenas) => capture(arenas[0]) });
  const task = match.batch.tasks[0];
  const seats: ReplaySeat[] = [];
  let championSeat = -1;
  task.seats.forEach((row, r) =>
    row.forEach((seat, slot) => {
      const agent = seats.length;
      const member = seat.team < names.currentTeams ? match.members[seat.team][seat.member] : -1;
      if (seat.team === match.champion.team && member === match.champion.member && seat.scores && championSeat < 0) championSeat = agent;
      seats.push({
        agent,
        population: names.teamNames[seat.team] ?? `team ${seat.team}`,
        role: spec.roles[r].name,
        slot,
        member,
        fitness: replayed.fitness[r][slot],
        score: scenario.score(replayed.outcome, r, slot),
      });
    }),
  );
  return {
    runId: names.runId,
    generation: names.generation,
    scenario: spec.name,
    seed: task.seed,
    champion: { population: names.teamNames[match.champion.team], member: match.champion.member, agent: championSeat },
    world: scene.message,
    hz: 1 / (spec.physicsDt * spec.actionRepeat),
    ticksPerFrame: spec.actionRepeat,
    frames: positions.length,
    positions: concatFloat32(positions),
    rotations: concatFloat32(rotations),
    seats,
    events,
  };
}

/** The champion seat's fitness in training, for comparison with the replay's. */
export function trainingFitness(match: ChampionMatch, agent: number): number {
  const { roles } = scenarioOf(match.batch.world).spec;
  let r = 0;
  let slot = agent;
  while (slot >= roles[r].slots) slot -= roles[r++].slots;
  return match.result.fitness[r][slot];
}

/** Plays the match again and writes `RUN/replays/gen-NNNNNN.replay`, keeping at most `keep` replays; returns the file's size in bytes. */
export function saveReplay(engine: Engine, match: ChampionMatch, runDir: string, names: ReplayNames, keep: number): number {
  ensureReplaysDir(runDir);
  const bytes = writeReplay(replayPath(runDir, names.generation), recordReplay(engine, match, names));
  pruneReplays(runDir, keep);
  return bytes;
}
