import { describe, expect, it } from 'vitest';
import { generationsToRecover, recovery } from '../server/reports/recovery.ts';

describe('recovery figures', () => {
  it('give the known answer on a synthetic curve', () => {
    // Flat at 10, falls to 2 at generation 6, climbs 2 a generation: 8 (80%) at 9, 10 at 10.
    const curve = [9, 11, 10, 10, 10, 10, 2, 4, 6, 8, 10, 10, 12];
    const r = recovery(curve, 6, { k: 4, seconds: curve.map(() => 1.5) });
    expect(r.pre).toBe(10);
    expect(r.first).toBe(2);
    expect(r.drop).toBe(8);
    expect(r.generationsTo80).toBe(3);
    expect(r.generationsTo100).toBe(4);
    expect(r.secondsTo80).toBe(4.5);
    expect(r.secondsTo100).toBe(6);
    expect(r.area).toBe(8 + 6 + 4 + 2);
  });

  it('says never when the curve does not come back before it ends, and zero when it never fell', () => {
    const fell = recovery([5, 5, 5, 1, 2, 3], 3, { k: 3 });
    expect(fell.generationsTo80).toBeNull();
    expect(fell.generationsTo100).toBeNull();
    expect(fell.area).toBe(4 + 3 + 2);
    const steady = recovery([5, 5, 5, 6, 6], 3, { k: 3 });
    expect(steady).toMatchObject({ drop: -1, generationsTo80: 0, generationsTo100: 0, area: 0 });
    // Negative fitness: 80% of the level is 20% of its size below it.
    expect(recovery([-10, -10, -20, -12, -10], 2, { k: 2 }).generationsTo80).toBe(1);
  });

  it('stops at the next change', () => {
    expect(recovery([5, 5, 1, 2, 5, 5], 2, { k: 2, until: 4 }).generationsTo100).toBeNull();
  });
});

describe('a late fall', () => {
  it('counts from the change to the return, once the curve has fallen below the level', () => {
    // The population dwindles over three reports after the change, then regrows.
    const r = recovery([100, 100, 100, 95, 85, 60, 70, 85, 101], 3, { k: 3 });
    expect(r.generationsTo80).toBe(4); // below 80 at index 5, back at 85 at index 7
    expect(r.generationsTo100).toBe(5);
  });
});

describe('a recovery that must hold', () => {
  const curve = [10, 10, 7, 9, 7, 6, 8, 9, 9, 9, 7];
  it('applies to recovery() as well, where the pre-change level is a mean', () => {
    const curve = [10, 10, 10, 10, 4, 9, 3, 8, 9, 10, 10];
    expect(recovery(curve, 4, { k: 4 }).generationsTo80).toBe(1);
    expect(recovery(curve, 4, { k: 4, hold: 3 }).generationsTo80).toBe(3);
    expect(recovery(curve, 4, { k: 4, hold: 5 }).generationsTo80).toBeNull();
  });

  it('counts the first return by default, and the first return that stays for `hold` points with it', () => {
    expect(generationsToRecover(curve, 2, 8)).toBe(1);
    expect(generationsToRecover(curve, 2, 8, curve.length, 3)).toBe(4);
  });

  it('is null where no return lasts long enough before the end, and 0 where the curve never fell', () => {
    expect(generationsToRecover(curve, 2, 8, curve.length, 5)).toBeNull();
    expect(generationsToRecover(curve, 2, 8, 9, 3)).toBe(4); // the hold ends with the last point
    expect(generationsToRecover(curve, 0, 5, curve.length, 3)).toBe(0);
  });
});
