import { describe, expect, it } from 'vitest';
import { ratioText, speedup, targetVerdict } from '../scripts/experiments/ecology-measures.ts';

// Recovery times are simulated seconds after the change. The run has 300 s after it, and a
// recovery must hold for 50 s, so 250 s is the latest it can show. Infinity means not back within
// the run, 0 means it never fell below the level.
describe("the ecology experiment's recovery verdict", () => {
  it('divides the times where both came back', () => {
    expect(speedup(120, 40)).toBe(3);
    expect(ratioText(120, 40)).toBe('3.00x');
    expect(speedup(60, 40)).toBe(1.5);
  });

  it('bounds the ratio by the latest recovery the run can show where none never came back', () => {
    expect(speedup(Number.POSITIVE_INFINITY, 100)).toBe(2.5);
    expect(speedup(Number.POSITIVE_INFINITY, 150)).toBeLessThan(2); // 250 / 150: not enough to call it 2x
    expect(ratioText(Number.POSITIVE_INFINITY, 100)).toBe('at least 2.50x (`none` did not come back within 250 s)');
  });

  it("bounds by a longer run's own latest recovery where the run is longer", () => {
    expect(speedup(Number.POSITIVE_INFINITY, 300, 650)).toBeCloseTo(650 / 300, 10); // 1,000-s runs: 650 s is the latest recovery they show
    expect(speedup(Number.POSITIVE_INFINITY, 300)).toBeLessThan(1); // a 600-s run's bound would not even reach 1x
    expect(ratioText(Number.POSITIVE_INFINITY, 325, 650)).toBe('at least 2.00x (`none` did not come back within 650 s)');
  });

  it('compares nothing where none never fell, or where neither came back', () => {
    expect(speedup(0, 0)).toBeNaN();
    expect(speedup(0, 50)).toBeNaN();
    expect(speedup(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBeNaN();
    expect(ratioText(Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toBe('not comparable (neither came back)');
  });

  it('counts a social population that never fell as faster than one that fell and came back', () => {
    expect(speedup(60, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(ratioText(60, 0)).toBe('faster still (it never fell that low)');
  });

  it('calls the target met by a faster recovery, and names a shallower fall for what it is', () => {
    expect(targetVerdict(300, 100, 250)).toBe('met');
    expect(targetVerdict(300, 200, 250)).toBe('not met');
    expect(targetVerdict(Number.POSITIVE_INFINITY, 300, 650)).toBe('met'); // at least 650 / 300
    expect(targetVerdict(Number.POSITIVE_INFINITY, 300, 250)).toBe('not met');
    expect(targetVerdict(150, 0, 650)).toBe('met only by a shallower fall, not by a faster recovery');
    expect(targetVerdict(0, 0, 250)).toBe('not met');
    expect(targetVerdict(0, 100, 250)).toBe('not met');
  });
});
