/** Makes and restores a strategy by name, with each one's documented defaults. */
import { CmaEs } from './cma-es.ts';
import { MAP_ELITES_DEFAULTS, MapElites } from './map-elites.ts';
import { OPENAI_ES_DEFAULTS, OpenAiEs } from './openai-es.ts';
import { PGPE_DEFAULTS, Pgpe } from './pgpe.ts';
import type { Strategy, StrategyName, StrategyOptions, StrategyState } from './strategy.ts';

export function createStrategy(name: StrategyName, x0: Float64Array, options: StrategyOptions): Strategy {
  switch (name) {
    case 'openai-es':
      return OpenAiEs.create({ ...OPENAI_ES_DEFAULTS, ...options }, x0);
    case 'pgpe':
      return Pgpe.create({ ...PGPE_DEFAULTS, ...options }, x0);
    case 'cma-es':
    case 'sep-cma-es':
      return CmaEs.create(options, x0, name === 'sep-cma-es');
    case 'map-elites':
      return MapElites.create({ ...options, archive: options.archive ?? MAP_ELITES_DEFAULTS }, x0);
  }
}

export function restoreStrategy(state: StrategyState, options: StrategyOptions): Strategy {
  switch (state.name) {
    case 'openai-es':
      return OpenAiEs.restore({ ...OPENAI_ES_DEFAULTS, ...options }, state);
    case 'pgpe':
      return Pgpe.restore({ ...PGPE_DEFAULTS, ...options }, state);
    case 'cma-es':
    case 'sep-cma-es':
      return CmaEs.restore(options, state);
    case 'map-elites':
      return MapElites.restore({ ...options, archive: options.archive ?? MAP_ELITES_DEFAULTS }, state);
  }
}

/** Hansen's default λ, 4 + ⌊3 ln n⌋, made even (the antithetic strategies sample in pairs). */
export function defaultPopulationSize(dimension: number): number {
  const lambda = 4 + Math.floor(3 * Math.log(dimension));
  return lambda + (lambda % 2);
}
