/**
 * Whom a learner imitates: among the agents it can see (within `sightRadius`, across region
 * borders, since this runs on the whole world), one chosen by the run's strategy:
 * - `success`: the most food energy gained since the last round;
 * - `prestige`: the oldest;
 * - `conformist`: one showing the behaviour most of them show (the direction of their last
 *   action, in four quadrants, or standing still), the nearest such;
 * - `random`: any, drawn from the run's generator;
 * - `none`: nobody.
 * Neighbours with no recorded pairs yet cannot be imitated and are not candidates.
 */
import type { Rng } from '../../agents/rng.ts';
import type { Agent } from './agents.ts';
import { PointGrid } from './grid.ts';
import type { EcologyOptions, ImitationStrategy } from './options.ts';

export interface Pick {
  learner: Agent;
  model: Agent;
  distance: number;
}

/** For each learner, in the order given, the neighbour it imitates (learners who see nobody are left out). */
export function pickModels(o: EcologyOptions, agents: Agent[], learners: Agent[], strategy: ImitationStrategy, now: number, rng: Rng): Pick[] {
  if (strategy === 'none') return [];
  const grid = new PointGrid(-o.size / 2, -o.size / 2, o.size / 2, o.size / 2, o.sightRadius);
  const xz = new Float64Array(2 * agents.length);
  agents.forEach((a, i) => {
    xz[2 * i] = a.body[0];
    xz[2 * i + 1] = a.body[2];
  });
  grid.build(xz, agents.length);
  const index = new Map(agents.map((a, i) => [a.id, i]));
  const picks: Pick[] = [];
  for (const learner of learners) {
    const self = index.get(learner.id)!;
    const seen: { agent: Agent; distance: number }[] = [];
    grid.near(xz[2 * self], xz[2 * self + 1], o.sightRadius, (j) => {
      if (j === self || agents[j].pairs.count === 0) return;
      const distance = Math.hypot(xz[2 * j] - xz[2 * self], xz[2 * j + 1] - xz[2 * self + 1]);
      if (distance <= o.sightRadius) seen.push({ agent: agents[j], distance });
    });
    if (!seen.length) continue;
    seen.sort((a, b) => a.distance - b.distance || a.agent.id - b.agent.id);
    const chosen = choose(strategy, seen, now, rng);
    picks.push({ learner, model: chosen.agent, distance: chosen.distance });
  }
  return picks;
}

function choose(strategy: Exclude<ImitationStrategy, 'none'>, seen: { agent: Agent; distance: number }[], now: number, rng: Rng) {
  const best = (score: (a: Agent) => number) => seen.reduce((top, s) => (score(s.agent) > score(top.agent) ? s : top));
  switch (strategy) {
    case 'success':
      return best((a) => a.recentGain);
    case 'prestige':
      return best((a) => now - a.bornAt);
    case 'random':
      return seen[rng.int(seen.length)];
    case 'conformist': {
      const counts = new Map<number, number>();
      for (const s of seen) counts.set(behaviourClass(s.agent), (counts.get(behaviourClass(s.agent)) ?? 0) + 1);
      const common = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      return seen.find((s) => behaviourClass(s.agent) === common)!;
    }
  }
}

/** 0: still (|action| < 0.2); 1-4: the quadrant its last action points into. */
export function behaviourClass(a: Agent): number {
  const [x, z] = a.action;
  if (Math.hypot(x, z) < 0.2) return 0;
  return x >= 0 ? (z >= 0 ? 1 : 4) : z >= 0 ? 2 : 3;
}
