import { describe, expect, it } from 'vitest';
import { cells, lastVisibleRecovery, measure, type Row } from '../scripts/experiments/ecology-measures.ts';

/** A run's rows, a report every 5 s to `end`, with the population `at(seconds)`. */
function run(end: number, at: (seconds: number) => number): Row[] {
  return Array.from({ length: end / 5 }, (_, i) => {
    const simSeconds = (i + 1) * 5;
    return { simSeconds, population: at(simSeconds), deaths: 0, meanAgeAtDeath: null, energy: { mean: 10 }, imitation: { events: 0 }, timing: { seconds: 1 } };
  });
}

// The world changes at 300 s; a recovery must hold for 50 s (10 reports).
describe("the ecology experiments' measures of a run", () => {
  it('time a fall below 80% and the return that holds, to the end of the report that shows it back', () => {
    const m = measure(run(1000, (s) => (s > 300 && s <= 400 ? 70 : 100)));
    expect(m.before).toBe(100);
    expect(m.trough).toBe(70);
    expect(m.recovery).toBe(105);
    expect(m.recovery95).toBe(105);
    expect(m.kept).toBe(1);
  });

  it('do not count a return that does not hold, and read the share kept from the end of the run, whatever its length', () => {
    const flicker = measure(run(600, (s) => (s > 300 && s % 50 !== 0 ? 70 : 100)));
    expect(flicker.recovery).toBe(Number.POSITIVE_INFINITY);
    const longer = measure(run(1000, (s) => (s > 300 ? (s > 900 ? 90 : 70) : 100)));
    expect(longer.kept).toBeCloseTo(0.9, 10);
    expect(longer.recovery).toBe(605);
    expect(longer.recovery95).toBe(Number.POSITIVE_INFINITY);
  });

  it('give 0 where the population never fell below the level', () => {
    const m = measure(run(600, (s) => (s > 300 ? 85 : 100)));
    expect(m.recovery).toBe(0);
    expect(m.recovery95).toBe(Number.POSITIVE_INFINITY);
  });

  it('judge a swinging population on its level when smoothed: a boom-and-bust cycle of 25 s never holds 80% report by report, but its 25-s mean does', () => {
    const swing = (s: number) => 100 + 30 * Math.sin((2 * Math.PI * s) / 25); // reports at 100, 128, 118, 82, 72 (%), mean 100
    const m = measure(run(600, (s) => (s > 300 && s <= 400 ? 50 : swing(s))));
    expect(m.before).toBeCloseTo(100, 10);
    expect(m.recovery).toBe(Number.POSITIVE_INFINITY);
    // The window centred on 405 s holds 395–415 s: 50, 50, 100, 128, 118, a mean of 89.
    expect(m.recoverySmoothed).toBe(105);
    // On a clean step the centred window sees the return 10 s early, at 400 s: (70 + 70 + 70 + 100 + 100) / 5 = 82.
    expect(measure(run(1000, (s) => (s > 300 && s <= 400 ? 70 : 100))).recoverySmoothed).toBe(100);
  });

  it('print a median that is never reached as "never", not "Infinity"', () => {
    const reach = [255, 280, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY];
    const runs = reach.map((timeToCapacity) => ({ ...measure(run(600, () => 100)), timeToCapacity }));
    expect(cells('conformist', runs, 250)[2]).toBe('never [255–280] (3 never)');
    expect(cells('conformist', runs.slice(0, 3), 250)[2]).toBe('280 s [255–280] (1 never)');
  });

  it('bound the latest recovery a run can show by its length: 50 s before the end must remain', () => {
    expect(lastVisibleRecovery(600)).toBe(250);
    expect(lastVisibleRecovery(1000)).toBe(650);
  });
});
