/** The building blocks of the config schema: typed key helpers that carry each key's documentation (docs/config.md is generated from it). */
import { z } from 'zod';

/** A key's documentation: what it means, and where the schema cannot say it, its range and default. */
export interface KeyDoc {
  doc: string;
  range?: string;
  /** The default as people read it, where it is not a plain value (the number of cores). */
  defaultText?: string;
}

export const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.number().int().min(min).max(max);
export const positive = (max: number) => z.number().positive().max(max);
export const share = () => z.number().min(0).max(1);
/** An enum whose error lists the choices and what was given. */
export const choice = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: (issue) => `must be one of ${values.map((v) => `"${v}"`).join(', ')} (got ${JSON.stringify(issue.input)})` });
/** Attaches a key's documentation. */
export const doc = <T extends z.ZodType>(schema: T, text: string, extra: Omit<KeyDoc, 'doc'> = {}): T => schema.meta({ doc: text, ...extra }) as T;

/** Every key of `fields` with its default. */
export function withDefaults<F extends Record<string, z.ZodType>>(fields: F, defaults: { [K in keyof F]: z.input<F[K]> }) {
  return Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, schema.default(defaults[key] as never)])) as {
    [K in keyof F]: z.ZodDefault<F[K]>;
  };
}

/** Every key of `fields` optional (a population's override of the run-wide setting). */
export function optional<F extends Record<string, z.ZodType>>(fields: F) {
  return Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, schema.optional()])) as { [K in keyof F]: z.ZodOptional<F[K]> };
}
