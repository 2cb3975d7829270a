/**
 * Sensing alone (`raw_sensing` rows): forage arenas' observe() for each body and sensor mode,
 * counted in agent-observations a second. With ball bodies the closed form is analytic-rays.ts;
 * with crawlers it is the ray caster against the torsos' and feet's shapes (worlds/sensing/).
 */
import { createForage } from '../../worlds/forage/index.ts';
import { FORAGE_DEFAULTS, FORAGE_SENSORS, type ForageOptions } from '../../worlds/forage/options.ts';
import type { Rapier } from '../../worlds/rapier.ts';
import type { BenchVariant } from './pipeline.ts';

const ARENAS = 4;
const CALLS = 200;

export const SENSING_BODIES = ['ball', 'crawler'] as const;

export function sensingVariants(rapier: Rapier): BenchVariant[] {
  return SENSING_BODIES.flatMap((body) =>
    FORAGE_SENSORS.map((sensors): BenchVariant => {
      const options: ForageOptions = { ...FORAGE_DEFAULTS, body, sensors };
      const scenario = createForage(options);
      const arenas = Array.from({ length: ARENAS }, (_, i) => scenario.createArena(rapier, 300 + i));
      const out = new Float32Array(options.agentsPerArena * scenario.spec.roles[0].observationSize);
      return {
        key: `${body}/${sensors}`,
        run: () => {
          for (let c = 0; c < CALLS; c++) for (const arena of arenas) arena.observe(0, out);
          return CALLS * ARENAS * options.agentsPerArena;
        },
        close: () => arenas.forEach((arena) => arena.dispose()),
      };
    }),
  );
}
