import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { changeBetween, worldAt } from '../server/config/schedule.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { ecologyConfig } from './ecology-helpers.ts';
import { metricsEverywhere, SMALL_CONFIG, smallConfig, tempDir, withoutVolatile } from './helpers.ts';

const CHANGE = { physics: { gravity: 3 }, worlds: { forage: { foodCount: 4, friction: 0.2 } } };

describe('a schedule', () => {
  it('changes the world at the stated generation, the same on any number of workers and across a resume', async () => {
    // The resumed run stops after generation 2 and resumes at 3, the first generation of the changed world.
    const { straight, sharded, resumed } = await metricsEverywhere({ ...SMALL_CONFIG, generations: 4, schedule: [{ at: 3, set: CHANGE }] });
    expect(straight.map((row) => row.change)).toEqual([undefined, undefined, undefined, CHANGE]);
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);

    const runDir = tempDir();
    await runExperiment({ config: smallConfig({ generations: 4 }), runDir, resume: false });
    const unchanged = new RunDir(runDir).readMetrics().map(withoutVolatile);
    expect(straight.slice(0, 3)).toEqual(unchanged.slice(0, 3));
    expect(straight[3].fitness).not.toEqual(unchanged[3].fitness); // the change is felt
  });

  it('cycles seasons and drifts numbers from their value when the drift began, rounding whole-number keys', () => {
    const config = resolveConfig({
      schedule: [
        { at: 2, set: { physics: { gravity: 3 } } },
        { at: 4, every: 2, cycle: [{ worlds: { forage: { friction: 0.1 } } }, { worlds: { forage: { friction: 1.5 } } }] },
        { at: 1, over: 4, drift: { worlds: { forage: { foodCount: 20, arenaSize: 30 } } } },
      ],
    });
    const seen = Array.from({ length: 9 }, (_, g) => {
      const w = worldAt(config, g);
      return [w.physics.gravity, w.worlds.forage.friction, w.worlds.forage.foodCount, w.worlds.forage.arenaSize];
    });
    expect(seen).toEqual([
      [9.81, 0.8, 16, 20],
      [9.81, 0.8, 16, 20],
      [3, 0.8, 17, 22.5],
      [3, 0.8, 18, 25],
      [3, 0.1, 19, 27.5],
      [3, 0.1, 20, 30],
      [3, 1.5, 20, 30],
      [3, 1.5, 20, 30],
      [3, 0.1, 20, 30],
    ]);
    expect(changeBetween(worldAt(config, 3), worldAt(config, 4))).toEqual({ worlds: { forage: { friction: 0.1, foodCount: 19, arenaSize: 27.5 } } });
    expect(changeBetween(worldAt(config, 6), worldAt(config, 7))).toBeNull();
  });

  it('refuses, naming the key, what may not change or would leave a bad config', () => {
    const refused = (schedule: unknown[]) => () => resolveConfig({ schedule });
    expect(refused([{ at: 1, set: { evolution: { populationSize: 8 } } }])).toThrow(/schedule\.0\.set\.evolution\.populationSize: only world and physics keys may change/);
    expect(refused([{ at: 1, set: { worlds: { sumo: { ringRadius: 4 } } } }])).toThrow(/schedule\.0\.set\.worlds\.sumo\.ringRadius: the scenario is forage/);
    expect(refused([{ at: 1, set: { worlds: { forage: { rays: 2 } } } }])).toThrow(/worlds\.forage\.rays sizes the networks/);
    expect(refused([{ at: 1, set: { physics: { rapier: 'simd' } } }])).toThrow(/physics\.rapier cannot change during a run/);
    expect(refused([{ at: 1.5, set: { worlds: { forage: { foodCount: 4 } } } }])).toThrow(/schedule\.0\.at: counts generations/);
    expect(refused([{ at: 1, drift: { worlds: { forage: { foodCount: 4 } } } }])).toThrow(/schedule\.0\.over: a `drift` needs `over`/);
    expect(refused([{ at: 1, over: 2, drift: { worlds: { forage: { body: 'crawler' } } } }])).toThrow(/worlds\.forage\.body sizes the networks/);
    expect(refused([{ at: 1, set: { worlds: { forage: { foodCount: 0 } } } }])).toThrow(/schedule\.0: leaves an invalid config at generation 1: worlds\.forage\.foodCount/);
    expect(refused([{ at: 1, set: {} }])).toThrow(/schedule\.0\.set: changes nothing/);
  });
});

describe('a schedule in the ecology', () => {
  const ECOLOGY_CHANGE = { physics: { gravity: 5 }, worlds: { ecology: { foodEnergy: 2, friction: 0.3 } } };
  const rowsOf = (runDir: string) => new RunDir(runDir).readMetrics().map(({ timing: _timing, ...rest }) => rest);

  it('changes the world from the first window at or after `at` simulated seconds, on any number of workers and across a resume', async () => {
    const config = ecologyConfig({ runSeconds: 8 }, { schedule: [{ at: 3, set: ECOLOGY_CHANGE }] });
    const straight = tempDir();
    await runEcology({ config, runDir: straight, resume: false });
    const rows = rowsOf(straight);
    expect(rows.map((row) => row.change)).toEqual([undefined, ECOLOGY_CHANGE, undefined, undefined]);

    const sharded = tempDir();
    await runEcology({ config: { ...config, workers: 2 }, runDir: sharded, resume: false });
    expect(rowsOf(sharded)).toEqual(rows);

    const resumed = tempDir();
    const stop = new AbortController();
    await runEcology({ config, runDir: resumed, resume: false, signal: stop.signal, onReport: (row) => row.report === 1 && setTimeout(() => stop.abort(), 0) });
    await runEcology({ config, runDir: resumed, resume: true });
    expect(rowsOf(resumed)).toEqual(rows);

    const unchanged = tempDir();
    await runEcology({ config: ecologyConfig({ runSeconds: 8 }), runDir: unchanged, resume: false });
    expect(rowsOf(unchanged)[0]).toEqual(rows[0]);
    expect(rowsOf(unchanged)[1]).not.toEqual({ ...rows[1], change: undefined });
  });

  it("refuses a change to the ecology's layout", () => {
    expect(() => ecologyConfig({}, { schedule: [{ at: 3, set: { worlds: { ecology: { size: 60 } } } }] })).toThrow(/worlds\.ecology\.size sizes the networks, the arenas or the world's layout/);
  });
});

describe('poison in forage', () => {
  it('can appear mid-run only if configured from the start, its channel in the observation throughout', () => {
    const poisonLater = [{ at: 2, set: { worlds: { forage: { poison: { count: 6 } } } } }];
    expect(() => resolveConfig({ schedule: poisonLater })).toThrow(/configure worlds\.forage\.poison from the start/);
    const config = resolveConfig({ worlds: { forage: { poison: { count: 0 } } }, schedule: poisonLater });
    expect(worldAt(config, 2).worlds.forage.poison).toEqual({ count: 6, penalty: 1 });
    expect(() => resolveConfig({ worlds: { forage: { poison: { count: 0 } } }, schedule: [{ at: 2, set: { worlds: { forage: { poison: null } } } }] })).toThrow(/cannot be removed during a run/);
  });
});
