import { describe, expect, it } from 'vitest';
import { judgeCopies } from '../server/ecology/imitate.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { type Agent, newAgent, PairRing } from '../worlds/ecology/agents.ts';
import { ecologyConfig } from './ecology-helpers.ts';
import { configRefusal, tempDir } from './helpers.ts';

/** An agent acting with `weights` that copied at `since` when it fed at `rate` per second, and has gained `gain` since. */
function onTrial(id: number, weights: number[], before: number[], rate: number, gain: number, since = 90): Agent {
  const a = newAgent(id, null, 0, 0, 10, new Float32Array(weights.length), 0, new PairRing(4, 2));
  a.weights = Float32Array.from(weights);
  a.trial = { weights: Float32Array.from(before), rate, since, gained: 0, rounds: 0 };
  a.recentGain = gain;
  return a;
}

type Row = Record<string, unknown> & { imitation: { events: number; reverted?: number } };

async function rowsOf(ecology: Record<string, unknown>, workers = 0): Promise<Row[]> {
  const runDir = tempDir();
  await runEcology({ config: { ...ecologyConfig(ecology), workers }, runDir, resume: false });
  return new RunDir(runDir).readMetrics().map(({ timing: _timing, ...rest }) => rest) as unknown as Row[];
}

describe('worlds.ecology.keepCopy: critical social learning', () => {
  it('a learner that fed more slowly since copying goes back to its old weights; one no slower keeps the copy; every trial ends', () => {
    // Judged at t = 100, 10 s after copying: 0.5/s against 0.6/s before goes back; 0.6/s against 0.6/s stays.
    const slower = onTrial(1, [1, 2], [3, 4], 0.6, 5);
    const same = onTrial(2, [1, 2], [3, 4], 0.6, 6);
    const untried = newAgent(3, null, 0, 0, 10, Float32Array.from([7, 8]), 0, new PairRing(4, 2));
    expect(judgeCopies([slower, same, untried], 100)).toBe(1);
    expect([...slower.weights]).toEqual([3, 4]);
    expect([...same.weights]).toEqual([1, 2]);
    expect([...untried.weights]).toEqual([7, 8]);
    expect([slower.trial, same.trial, untried.trial]).toEqual([null, null, null]);
    expect(judgeCopies([slower, same], 110)).toBe(0); // judged once
  });

  it('with trialRounds 3, judges a copy after its third round, on the food of all three', () => {
    // Copied at 90 feeding 0.6/s; rounds at 100, 110, 120 with 9, 9 and 0 pellets: 0.6/s, as fast.
    const steady = onTrial(1, [1, 2], [3, 4], 0.6, 9);
    // 9, 0, 0: 0.3/s, slower, though its first round alone was faster.
    const faded = onTrial(2, [1, 2], [3, 4], 0.6, 9);
    expect(judgeCopies([steady, faded], 100, 3)).toBe(0);
    expect([steady.trial?.rounds, faded.trial?.gained]).toEqual([1, 9]);
    faded.recentGain = 0;
    expect(judgeCopies([steady, faded], 110, 3)).toBe(0);
    steady.recentGain = 0;
    expect(judgeCopies([steady, faded], 120, 3)).toBe(1);
    expect([...steady.weights]).toEqual([1, 2]);
    expect([...faded.weights]).toEqual([3, 4]);
    expect([steady.trial, faded.trial]).toEqual([null, null]);
  });

  it('undoes some copies, counts them in the rows, and gives the same world on 0 and 2 workers', async () => {
    const critical = await rowsOf({ keepCopy: 'critical' });
    const reverted = critical.reduce((s, r) => s + (r.imitation.reverted ?? Number.NaN), 0);
    expect(reverted).toBeGreaterThan(0);
    expect(reverted).toBeLessThan(critical.reduce((s, r) => s + r.imitation.events, 0));
    expect(await rowsOf({ keepCopy: 'critical' }, 2)).toEqual(critical);
    const always = await rowsOf({});
    expect(always).not.toEqual(critical);
    expect(always.every((r) => !('reverted' in r.imitation))).toBe(true); // rows as before the key existed
  });

  it('with trialRounds 2, judges later and copies less, the same on 0 and 2 workers', async () => {
    const once = await rowsOf({ keepCopy: 'critical' });
    const twice = await rowsOf({ keepCopy: 'critical', trialRounds: 2 });
    const events = (rows: Row[]) => rows.reduce((s, r) => s + r.imitation.events, 0);
    expect(twice.reduce((s, r) => s + (r.imitation.reverted ?? Number.NaN), 0)).toBeGreaterThan(0);
    expect(events(twice)).toBeLessThan(events(once)); // a learner on trial does not copy again
    expect(await rowsOf({ keepCopy: 'critical', trialRounds: 2 }, 2)).toEqual(twice);
  });

  it.each([1, 2])('resumes exactly with copies on trial in the checkpoint (trialRounds %i)', async (trialRounds) => {
    const config = ecologyConfig({ keepCopy: 'critical', trialRounds, runSeconds: 8 });
    const whole = tempDir();
    await runEcology({ config, runDir: whole, resume: false });
    const rows = new RunDir(whole).readMetrics().map(({ timing: _timing, ...rest }) => rest);
    const runDir = tempDir();
    const stop = new AbortController();
    // A round and a report both fall at 2 s: the checkpoint written then holds that round's trials.
    await runEcology({ config, runDir, resume: false, signal: stop.signal, onReport: (row) => row.report === 0 && setTimeout(() => stop.abort(), 0) });
    expect(new RunDir(runDir).readMetrics().length).toBeLessThan(rows.length);
    await runEcology({ config, runDir, resume: true });
    expect(new RunDir(runDir).readMetrics().map(({ timing: _timing, ...rest }) => rest)).toEqual(rows);
  });

  it('is refused, naming the key, for a value it does not know; trialRounds without it too', () => {
    expect(configRefusal({ scenario: 'ecology', worlds: { ecology: { keepCopy: 'sometimes' } } })).toMatch(/worlds\.ecology\.keepCopy/);
    expect(configRefusal({ scenario: 'ecology', worlds: { ecology: { trialRounds: 3 } } })).toMatch(/worlds\.ecology\.trialRounds: .*keepCopy "critical"/);
    expect(configRefusal({ scenario: 'ecology', worlds: { ecology: { keepCopy: 'critical', trialRounds: 0 } } })).toMatch(/worlds\.ecology\.trialRounds/);
  });
});
