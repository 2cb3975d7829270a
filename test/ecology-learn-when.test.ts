import { describe, expect, it } from 'vitest';
import { worstFed } from '../server/ecology/imitate.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { type Agent, newAgent, PairRing } from '../worlds/ecology/agents.ts';
import { ECOLOGY_DEFAULTS } from '../worlds/ecology/options.ts';
import { ecologyConfig } from './ecology-helpers.ts';
import { configRefusal, tempDir } from './helpers.ts';

/** An agent with `gain` food since the last round, born at `bornAt`. */
function agent(id: number, gain: number, bornAt = 0): Agent {
  const a = newAgent(id, null, 0, 0, 10, new Float32Array(1), bornAt, new PairRing(4, 2));
  a.recentGain = gain;
  return a;
}

describe('worlds.ecology.learnWhen: who learns in a round', () => {
  it('"dissatisfied" takes the worst fed share, by food per second since the last round (a newborn over its own life), ties by id', () => {
    const o = { ...ECOLOGY_DEFAULTS, learnEvery: 10, learnFraction: 0.5 };
    // At t = 100: agent 3 was born 2 s ago and gained 4 (2/s), agent 1 gained 5 in the round (0.5/s).
    const agents = [agent(0, 30), agent(1, 5), agent(2, 0), agent(3, 4, 98), agent(4, 5), agent(5, 12)];
    expect(worstFed(agents, o, 100).map((a) => a.id)).toEqual([2, 1, 4]);
    expect(worstFed(agents, { ...o, learnFraction: 0 }, 100)).toEqual([]);
    expect(worstFed(agents, { ...o, learnFraction: 1 }, 100).map((a) => a.id)).toEqual([2, 1, 4, 5, 3, 0]);
  });

  it('gives the same world on 0 and 2 workers, and another one than "always"', async () => {
    const rowsOf = async (ecology: Record<string, unknown>, workers: number) => {
      const runDir = tempDir();
      await runEcology({ config: { ...ecologyConfig(ecology), workers }, runDir, resume: false });
      return new RunDir(runDir).readMetrics().map(({ timing: _timing, ...rest }) => rest);
    };
    const dissatisfied = await rowsOf({ learnWhen: 'dissatisfied' }, 0);
    expect(dissatisfied.some((r) => (r.imitation as { events: number }).events > 0)).toBe(true);
    expect(await rowsOf({ learnWhen: 'dissatisfied' }, 2)).toEqual(dissatisfied);
    expect(await rowsOf({}, 0)).not.toEqual(dissatisfied);
  });

  it('is refused, naming the key, for a value it does not know', () => {
    expect(configRefusal({ scenario: 'ecology', worlds: { ecology: { learnWhen: 'sometimes' } } })).toMatch(/worlds\.ecology\.learnWhen/);
  });
});
