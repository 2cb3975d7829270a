import { describe, expect, it } from 'vitest';
import { idleTail } from '../scripts/bench/phases.ts';

describe('the phase bench: idle at the end of a generation', () => {
  it("sums each worker's wait from its own last task to the last task of all", () => {
    const reports = [
      { thread: 1, finishedAt: 1000 },
      { thread: 2, finishedAt: 1004 },
      { thread: 1, finishedAt: 1010 },
      { thread: 2, finishedAt: 1025 },
    ];
    expect(idleTail(reports, 2)).toBe(15);
    expect(idleTail([...reports, { thread: 3, finishedAt: 1020 }], 3)).toBe(20);
  });

  it('counts nothing with one worker, or where the shards did not stamp their tasks', () => {
    expect(idleTail([{ thread: 1, finishedAt: 5 }], 1)).toBe(0);
    expect(idleTail([{}, {}], 2)).toBe(0);
  });
});
