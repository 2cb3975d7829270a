import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readConfigFile, resolveConfig } from '../server/config/resolve.ts';
import { CoevoError } from '../server/errors.ts';
import { tempDir } from './helpers.ts';

function errorOf(fn: () => unknown): CoevoError {
  try {
    fn();
  } catch (error) {
    if (error instanceof CoevoError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('config validation', () => {
  it('fills every default from an empty config', () => {
    const config = resolveConfig({});
    expect(config.scenario).toBe('forage');
    expect(config.evolution.populationSize).toBe(64);
    expect(config.worlds.forage.agentsPerArena).toBe(8);
  });

  it('names an unknown key with its path', () => {
    const error = errorOf(() => resolveConfig({ evolution: { mutationStdev: 0.1 } }));
    expect(error.code).toBe('BAD_CONFIG');
    expect(error.message).toMatch(/evolution.*mutationStdev/);
  });

  it('names an out-of-range number with its path', () => {
    expect(errorOf(() => resolveConfig({ worlds: { forage: { foodCount: 0 } } })).message).toMatch(/worlds\.forage\.foodCount: Too small/);
    expect(errorOf(() => resolveConfig({ evolution: { mutationRate: 2 } })).message).toMatch(/evolution\.mutationRate: Too big/);
  });

  it('names an unknown scenario', () => {
    expect(errorOf(() => resolveConfig({ scenario: 'chess' })).message).toMatch(/scenario: must be one of "forage", "locomotion", "sumo", "pursuit", "carry", "ecology" \(got "chess"\)/);
  });

  it('refuses a population that does not fill whole arenas', () => {
    expect(errorOf(() => resolveConfig({ evolution: { populationSize: 20 } })).message).toMatch(/evolution\.populationSize: must be a multiple of worlds\.forage\.agentsPerArena \(8\)/);
  });

  it('reports a malformed config file with its name', () => {
    const file = join(tempDir(), 'bad.json');
    writeFileSync(file, '{ "seed": 1, ');
    expect(errorOf(() => readConfigFile(file)).message).toMatch(/bad\.json: not valid JSON/);
    expect(errorOf(() => readConfigFile(join(tempDir(), 'missing.json'))).message).toMatch(/missing\.json: cannot read it/);
  });

  it('lets overrides win over the file', () => {
    expect(resolveConfig({ seed: 1, evolution: { populationSize: 32 } }, { seed: 9 }).evolution.populationSize).toBe(32);
    expect(resolveConfig({ seed: 1 }, { seed: 9 }).seed).toBe(9);
  });
});

describe('shipped example configs', () => {
  it('all validate', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = join(import.meta.dirname, '..', 'examples');
    const files = readdirSync(dir).filter((name) => name.endsWith('.json'));
    expect(files.length).toBeGreaterThan(0);
    for (const name of files) expect(() => resolveConfig(readConfigFile(join(dir, name)), {}, name)).not.toThrow();
  });
});
