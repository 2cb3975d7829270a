/** Body kinds by name; the config schema lists the same names (BODY_KINDS). */
import { ballBody } from './ball.ts';
import type { BodyKind, BodyKindName } from './body.ts';
import { crawlerBody } from './crawler.ts';

export function bodyKind(name: BodyKindName, maxForce = 12): BodyKind {
  return name === 'crawler' ? crawlerBody : ballBody(maxForce);
}
