import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configDocs } from '../server/config/docs.ts';

describe('docs/config.md', () => {
  it('is what the schema generates (run npm run docs:config after changing the schema)', () => {
    expect(readFileSync(new URL('../docs/config.md', import.meta.url), 'utf8')).toBe(configDocs());
  });

  it('documents every key', () => {
    const docs = configDocs();
    for (const key of ['`workers`', '`imitation.experts`', '`coevolution.matchesPerMember`', '`worlds.pursuit.preyForce`', '`evolution.islands.migrants`']) {
      expect(docs).toContain(key);
    }
  });
});
