import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_CONFIGS } from './golden-configs.ts';
import { goldenMetrics } from './golden-runs.ts';

describe('golden metrics: short runs at fixed seeds give exactly the committed rows', () => {
  for (const [name, config] of Object.entries(GOLDEN_CONFIGS)) {
    it(name, async () => {
      const golden = JSON.parse(readFileSync(new URL(`./goldens/${name}.json`, import.meta.url), 'utf8'));
      expect(await goldenMetrics(config)).toEqual(golden);
    });
  }
});
