import { describe, expect, it } from 'vitest';
import { setupEngine } from '../server/evaluation/engine.ts';
import { createEcologyWorld } from '../server/ecology/run-ecology.ts';
import { WorldFeed } from '../server/stream/world-feed.ts';
import { stepAt, windowMotion } from '../server/stream/world-motion.ts';
import { stepRegion } from '../worlds/ecology/region.ts';
import type { Controller } from '../worlds/scenario.ts';
import { ecologyConfig } from './ecology-helpers.ts';

/** Agents pushed each their own way, so that their paths differ step by step. */
const spread: Controller = (_obs, count, actions) => {
  for (let i = 0; i < count; i++) {
    actions[2 * i] = Math.cos(i);
    actions[2 * i + 1] = Math.sin(i);
  }
};

async function oneWindow(track: boolean) {
  const config = ecologyConfig();
  const { rapier } = await setupEngine(config);
  const world = createEcologyWorld(config);
  world.populate();
  const windows = world.windows(track);
  const outcomes = windows.map((w) => stepRegion(rapier, () => ({ controller: spread, dispose: () => {} }), w));
  return { world, windows, outcomes };
}

describe('motion within an ecology window, for viewers', () => {
  it('recording the paths changes nothing else, and each path ends where the window leaves its agent', async () => {
    const plain = await oneWindow(false);
    const tracked = await oneWindow(true);
    for (const [r, out] of tracked.outcomes.entries()) {
      const { track, physicsSeconds, inferenceSeconds, taskSeconds, ...rest } = out; // the timings differ run to run
      const { track: none, physicsSeconds: _p, inferenceSeconds: _i, taskSeconds: _t, ...same } = plain.outcomes[r];
      expect(rest).toEqual(same);
      expect(none.length).toBe(0);
      const n = tracked.windows[r].ids.length;
      const steps = tracked.windows[r].steps;
      expect(track.length).toBe(steps * n * 3);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < 3; c++) expect(track[3 * ((steps - 1) * n + i) + c]).toBeCloseTo(out.bodies[i * 9 + c], 5);
        // The path moves: its first step is not where it ends.
        expect(Math.hypot(track[3 * i] - track[3 * ((steps - 1) * n + i)], track[3 * i + 2] - track[3 * ((steps - 1) * n + i) + 2])).toBeGreaterThan(0);
      }
    }
  });

  it('the feed plays the paths over the window, one control step at a time, then holds the end', async () => {
    const { world, windows, outcomes } = await oneWindow(true);
    const motion = windowMotion(windows, outcomes)!;
    expect(motion.at.size).toBe(world.agents.length);
    expect(
      windowMotion(
        windows.map((w) => ({ ...w, track: false })),
        outcomes,
      ),
    ).toBeNull();
    world.apply(windows, outcomes);

    let clock = 1000;
    const feed = new WorldFeed(world.o, new Float32Array(0), () => clock);
    feed.update(world, [], [], motion);
    const steps = motion.steps;
    const windowMs = steps * world.o.actionRepeat * (1000 / 60);
    const end = world.step * world.o.actionRepeat;
    const agent = world.agents[3];
    const path = motion.at.get(agent.id)!;
    for (const step of [0, 5, steps - 2]) {
      clock = 1000 + ((step + 0.5) / steps) * windowMs;
      const state = feed.state;
      expect(state.tick).toBe(end - (steps - 1 - step) * world.o.actionRepeat);
      expect(Array.from(state.positions.subarray(9, 12))).toEqual(Array.from(motion.track.subarray(path + 3 * step, path + 3 * step + 3)));
      expect(state.ids[3]).toBe(agent.id);
    }
    clock = 1000 + windowMs + 1;
    expect(feed.state.tick).toBe(end);
    expect(feed.state.positions[9]).toBeCloseTo(agent.body[0], 5);
    // Without paths (the run does not serve), the feed shows each window's end.
    feed.update(world, [], [], null);
    clock -= 500;
    expect(feed.state.tick).toBe(end);
  });

  it('sends each event when the playback reaches it: a meal at its step, a birth at the end of the window', async () => {
    const { world, windows, outcomes } = await oneWindow(true);
    const motion = windowMotion(windows, outcomes)!;
    world.apply(windows, outcomes);
    let clock = 0;
    const feed = new WorldFeed(world.o, new Float32Array(0), () => clock);
    const sent: { kind: string; tick: number }[] = [];
    const where: number[][] = [];
    feed.onEvent = (x, z, event) => {
      sent.push({ kind: event.kind, tick: event.tick });
      where.push([x, z]);
    };
    const agent = world.agents[0];
    const windowMs = motion.steps * world.o.actionRepeat * (1000 / 60);
    const end = world.step * world.o.actionRepeat;
    feed.update(
      world,
      [
        { kind: 'ate', agentId: agent.id, pellet: 7, step: 5 },
        { kind: 'born', agentId: agent.id, parent: -1 },
      ],
      [],
      motion,
    );
    expect(sent).toEqual([]);
    clock = (5.5 / motion.steps) * windowMs;
    feed.releaseEvents();
    expect(sent).toEqual([{ kind: 'ate', tick: end - (motion.steps - 1 - 5) * world.o.actionRepeat }]);
    const path = motion.at.get(agent.id)!;
    expect(where[0]).toEqual([motion.track[path + 15], motion.track[path + 17]]); // where the agent was at that step
    clock = windowMs;
    feed.releaseEvents();
    expect(sent[1]).toEqual({ kind: 'born', tick: end });
    // A window's events that its playback never reached go out, with their own ticks, when the next window comes.
    feed.update(world, [{ kind: 'ate', agentId: agent.id, pellet: 8, step: 14 }], [], motion);
    clock += 1;
    feed.update(world, [], [], motion);
    expect(sent[2]).toEqual({ kind: 'ate', tick: end });
  });

  it('picks the step of a playback by elapsed time, never past the window', () => {
    expect(stepAt(0, 100, 15)).toBe(0);
    expect(stepAt(50, 100, 15)).toBe(7);
    expect(stepAt(99.9, 100, 15)).toBe(14);
    expect(stepAt(500, 100, 15)).toBe(14);
    expect(stepAt(-5, 100, 15)).toBe(0);
    expect(stepAt(0, 0, 15)).toBe(14); // a window too quick to play shows its end
  });
});
