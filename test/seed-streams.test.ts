import { describe, expect, it } from 'vitest';
import { SEED_STREAMS } from '../server/seed-streams.ts';

describe('seed streams', () => {
  it('are distinct 32-bit salts, each the ASCII of its comment', () => {
    const values = Object.values(SEED_STREAMS);
    expect(new Set(values).size).toBe(values.length);
    for (const value of values) {
      expect(Number.isInteger(value) && value > 0 && value < 2 ** 32).toBe(true);
      const text = String.fromCharCode(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
      expect(text).toMatch(/^[a-z]{4}$/);
    }
  });
});
