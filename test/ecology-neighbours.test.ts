import { describe, expect, it } from 'vitest';
import { Rng } from '../agents/rng.ts';
import { type Agent, newAgent, PairRing } from '../worlds/ecology/agents.ts';
import { PointGrid } from '../worlds/ecology/grid.ts';
import { behaviourClass, pickModels } from '../worlds/ecology/neighbours.ts';
import { ECOLOGY_DEFAULTS } from '../worlds/ecology/options.ts';

const o = { ...ECOLOGY_DEFAULTS, size: 40, sightRadius: 5 };

/** An agent at (x, z) with one recorded pair, `gain` food since the last round, born at `bornAt`, last action `action`. */
function agent(id: number, x: number, z: number, extra: { gain?: number; bornAt?: number; action?: [number, number]; pairs?: number } = {}): Agent {
  const ring = new PairRing(4, 2);
  for (let k = 0; k < (extra.pairs ?? 1); k++) ring.pushAt(new Float32Array(2), new Float32Array(2), 0);
  const a = newAgent(id, null, x, z, 10, new Float32Array(1), extra.bornAt ?? 0, ring);
  a.recentGain = extra.gain ?? 0;
  a.action.set(extra.action ?? [0, 0]);
  return a;
}

describe('whom a learner imitates', () => {
  const learner = agent(0, 0, 0);
  const crowd = [
    learner,
    agent(1, 1, 0, { gain: 5, bornAt: 50, action: [1, 0.2] }),
    agent(2, 0, 2, { gain: 20, bornAt: 40, action: [-1, 0.5] }),
    agent(3, -3, 0, { gain: 1, bornAt: 5, action: [-0.8, 0.6] }),
    agent(4, 0, -4, { gain: 0, bornAt: 30, action: [-0.5, 0.9] }),
    agent(5, 4.5, 4.5, { gain: 99, bornAt: 0 }), // out of sight (6.4 m)
    agent(6, 2, 2, { gain: 50, pairs: 0 }), // nothing to imitate yet
  ];
  const pick = (strategy: 'success' | 'prestige' | 'conformist' | 'random' | 'none') => pickModels(o, crowd, [learner], strategy, 100, new Rng(1));

  it('success: the most food gained lately, among those in sight with pairs', () => {
    expect(pick('success').map((p) => [p.model.id, p.distance])).toEqual([[2, 2]]);
  });
  it('prestige: the oldest in sight', () => {
    expect(pick('prestige')[0].model.id).toBe(3);
  });
  it('conformist: the nearest showing the commonest behaviour', () => {
    expect(crowd.slice(1, 5).map(behaviourClass)).toEqual([1, 2, 2, 2]);
    expect(pick('conformist')[0].model.id).toBe(2);
  });
  it('random: someone in sight, drawn from the generator; none: nobody', () => {
    expect([1, 2, 3, 4]).toContain(pick('random')[0].model.id);
    expect(pick('random')).toEqual(pick('random'));
    expect(pick('none')).toEqual([]);
  });
  it('a learner who sees nobody is left out', () => {
    const alone = agent(9, -15, -15);
    expect(pickModels(o, [...crowd, alone], [alone], 'success', 100, new Rng(1))).toEqual([]);
  });
});

describe('the point grid', () => {
  it('visits every point within the radius, in the same order every time', () => {
    const rng = new Rng(3);
    const xz = Float64Array.from({ length: 400 }, () => rng.uniform(-20, 20));
    const grid = new PointGrid(-20, -20, 20, 20, 3);
    grid.build(xz, 200);
    for (let q = 0; q < 20; q++) {
      const [x, z, r] = [rng.uniform(-20, 20), rng.uniform(-20, 20), rng.uniform(0.5, 6)];
      const seen: number[] = [];
      grid.near(x, z, r, (i) => seen.push(i));
      const within = Array.from({ length: 200 }, (_, i) => i).filter((i) => Math.hypot(xz[2 * i] - x, xz[2 * i + 1] - z) <= r);
      expect(within.every((i) => seen.includes(i))).toBe(true);
      const again: number[] = [];
      grid.near(x, z, r, (i) => again.push(i));
      expect(again).toEqual(seen);
    }
  });
});
