/** Reads a config file, applies CLI overrides on top, and validates the result in one place. */
import { readFileSync } from 'node:fs';
import { configSchema, type Config } from './schema.ts';
import { CoevoError } from '../errors.ts';

export type ConfigOverrides = Record<string, unknown>;

export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CoevoError('BAD_CONFIG', `config file ${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? error})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CoevoError('BAD_CONFIG', `config file ${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new CoevoError('BAD_CONFIG', `config file ${path}: must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

/** Validates a config object; `source` names where it came from in error messages. */
export function resolveConfig(base: Record<string, unknown>, overrides: ConfigOverrides = {}, source = 'config'): Config {
  const merged = deepMerge(base, overrides);
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const path = [...issue.path, ...('keys' in issue && Array.isArray(issue.keys) ? [issue.keys.join(', ')] : [])];
      return `  ${path.join('.') || '(root)'}: ${issue.message}`;
    });
    throw new CoevoError('BAD_CONFIG', `${source} is invalid:\n${lines.join('\n')}`);
  }
  return result.data;
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const existing = out[key];
    out[key] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** For commands that play episodes of a world (eval, record): the ecology has none. */
export function refuseEcology(config: Config, command: string): Config {
  if (config.scenario === 'ecology') {
    throw new CoevoError(
      'BAD_CONFIG',
      `coevo ${command} plays episodes of forage, locomotion, sumo or pursuit; the ecology is one persistent world without episodes (run it with coevo run --scenario ecology)`,
    );
  }
  return config;
}
