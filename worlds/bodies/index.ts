/** Body kinds by name; the config schema lists the same names (BODY_KINDS). */
import { ballBody } from './ball.ts';
import type { BodyKind, BodyKindName } from './body.ts';
import { crawlerBody } from './crawler.ts';

/** A body of `name`; `mass` in kilograms (null: the body's own, see worlds/physical.ts). */
export function bodyKind(name: BodyKindName, maxForce = 12, mass: number | null = null): BodyKind {
  if (name === 'crawler') return crawlerBody(mass ?? undefined);
  return ballBody(maxForce, mass ?? 1);
}
