/** Replays: the champion's episode of a generation, saved compactly, matching what happened in training. */
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listReplays, replayPath } from '../server/replays/replay-dir.ts';
import { decodeReplay, encodeReplay, positionStep, readReplay, type Replay } from '../server/replays/replay-file.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { SMALL_SUMO } from './stream-helpers.ts';
import { smallConfig, tempDir } from './helpers.ts';

async function run(overrides: Record<string, unknown>) {
  const runDir = tempDir();
  await runExperiment({ config: smallConfig(overrides), runDir, resume: false });
  return { runDir, rows: new RunDir(runDir).readMetrics() };
}

describe('replays', () => {
  it("replay the forage champion's episode exactly as it was played in training", async () => {
    const { runDir, rows } = await run({ generations: 3 });
    expect(listReplays(runDir).map((e) => e.generation)).toEqual([0, 1, 2]);
    for (const row of rows) {
      const replay = readReplay(replayPath(runDir, row.generation));
      expect(replay.generation).toBe(row.generation);
      expect(replay.scenario).toBe('forage');
      // 3 s at 20 decisions a second, plus the starting pose.
      expect(replay.frames).toBe(61);
      expect(replay.hz).toBeCloseTo(20, 6);
      const champion = replay.seats[replay.champion.agent];
      expect(champion.population).toBe('main');
      // One arena per genome: the champion's fitness is that arena's, and the replay gives it again, exactly.
      expect(champion.fitness).toBe((row.fitness as { best: number }).best);
      // Each pellet the champion ate is an event in the replay.
      expect(replay.events.filter((e) => e.agent === replay.champion.agent).length).toBe(champion.score);
      expect(replay.positions.length).toBe(61 * replay.world.moving.length * 3);
    }
  });

  it("replay the sumo champion's match exactly as it was played in training (in the shards)", async () => {
    const { runDir, rows } = await run({ ...SMALL_SUMO, workers: 2, generations: 2, coevolution: { matchesPerMember: 1, ciaoMaxGenerations: 2 } });
    for (const row of rows) {
      const replay = readReplay(replayPath(runDir, row.generation));
      const champion = replay.seats[replay.champion.agent];
      const [first] = Object.entries(row.populations as Record<string, { fitness: { best: number }; score: { best: number } }>);
      expect(champion.population).toBe(first[0]);
      expect(champion.fitness).toBe(first[1].fitness.best);
      expect(replay.seats).toHaveLength(2);
      // The rotating bodies (none for balls) and the ring are described for the viewer.
      expect(replay.world.bodies.some((b) => b.role === 'ring')).toBe(true);
    }
  });

  it('round-trips positions within half a quantisation step and orientations within 1/65534', () => {
    const frames = 50;
    const positions = Float32Array.from({ length: frames * 4 * 3 }, (_, i) => Math.sin(i * 0.37) * 9.5 + (i % 3 === 1 ? 10 : 0));
    const rotations = Float32Array.from({ length: frames * 2 * 4 }, (_, i) => Math.cos(i * 0.11));
    const replay: Replay = {
      runId: 'r',
      generation: 7,
      scenario: 'forage',
      seed: 1,
      champion: { population: 'main', member: 3, agent: 0 },
      world: { type: 'world', arena: 'replay', scenario: 'forage', arenaSize: 20, bodies: [], moving: [1, 2, 3, 4], rotating: [1, 2] },
      hz: 20,
      ticksPerFrame: 3,
      frames,
      positions,
      rotations,
      seats: [],
      events: [{ frame: 3, agent: 0, outcome: 1 }],
    };
    const bytes = encodeReplay(replay);
    const back = decodeReplay(bytes);
    const step = positionStep(positions);
    expect(step).toBeLessThan(20 / 32767);
    for (let i = 0; i < positions.length; i++) expect(Math.abs(back.positions[i] - positions[i])).toBeLessThanOrEqual(step / 2 + 1e-6);
    for (let i = 0; i < rotations.length; i++) expect(Math.abs(back.rotations[i] - rotations[i])).toBeLessThanOrEqual(1 / 65534 + 1e-7);
    expect(back.events).toEqual(replay.events);
    expect(back.champion).toEqual(replay.champion);
    // Compact: 2 bytes a value before compression, less after.
    expect(bytes.byteLength).toBeLessThan((positions.length + rotations.length) * 2 + 1000);
  });

  it('stay within replays.keep and replays.every over a long run, keeping the first', async () => {
    const { runDir } = await run({ generations: 14, checkpointEvery: 100, replays: { every: 2, keep: 3 }, evolution: { populationSize: 8, eliteCount: 1 }, worlds: { forage: { episodeSeconds: 1 } } });
    const entries = listReplays(runDir);
    expect(entries.map((e) => e.generation)).toEqual([0, 10, 12]);
    for (const entry of entries) expect(entry.bytes).toBeLessThan(32 * 1024);
  });

  it('save none with replays.keep 0, and refuse a damaged file with BAD_REPLAY', async () => {
    const { runDir } = await run({ generations: 1, replays: { keep: 0 } });
    expect(listReplays(runDir)).toEqual([]);
    const other = (await run({ generations: 1 })).runDir;
    const path = replayPath(other, 0);
    const bytes = readFileSync(path);
    bytes[bytes.length - 10] ^= 0xff;
    writeFileSync(path, bytes);
    expect(() => readReplay(path)).toThrow(/BAD_REPLAY|damaged|corrupt/);
  });
});
