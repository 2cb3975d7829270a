import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { tempDir } from './helpers.ts';

function stored(config: Record<string, unknown>): RunDir {
  const dir = join(tempDir(), 'run');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'config.json'), JSON.stringify(config));
  return new RunDir(dir);
}

describe('a stored config.json', () => {
  it('written before policy.training existed trains with tfjs, as it ran', () => {
    const config = resolveConfig(stored({ seed: 3, policy: { hiddenSizes: [8] } }).readConfig());
    expect(config.policy.training).toBe('tfjs');
    expect(config.policy.hiddenSizes).toEqual([8]);
    expect(resolveConfig(stored({ seed: 3 }).readConfig()).policy.training).toBe('tfjs');
  });

  it("written before worlds.forage.agentShapes existed keeps the closed form's circles, as it ran", () => {
    const config = resolveConfig(stored({ worlds: { forage: { body: 'crawler', sensors: 'analytic' } } }).readConfig());
    expect(config.worlds.forage.agentShapes).toBe('circles');
    expect(resolveConfig({}).worlds.forage.agentShapes).toBe('exact');
  });

  it('written before evolution.perturbations existed draws OpenAI-ES and PGPE noise one value at a time, as it ran', () => {
    expect(resolveConfig(stored({ evolution: { algorithm: 'openai-es' } }).readConfig()).evolution.perturbations).toBe('stream');
    expect(resolveConfig({ evolution: { algorithm: 'openai-es' } }).evolution.perturbations).toBe('table');
  });

  it('keeps the training kernels it names, and a new config gets the fused default', () => {
    expect(resolveConfig(stored({ policy: { training: 'fused' } }).readConfig()).policy.training).toBe('fused');
    expect(resolveConfig({}).policy.training).toBe('fused');
  });

  it('whose policy is not an object is still refused by the schema, naming the key', () => {
    expect(() => resolveConfig(stored({ policy: 3 }).readConfig())).toThrow(/policy/);
  });
});
