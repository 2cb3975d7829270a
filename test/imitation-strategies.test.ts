import { describe, expect, it } from 'vitest';
import { SampleBuffer } from '../agents/imitation/sample-buffer.ts';
import type { MlpShape } from '../agents/mlp.ts';
import { Rng } from '../agents/rng.ts';
import type { SocialStrategy } from '../server/config/schema.ts';
import { type ExpertView, expertPairs, NO_CONTEXT } from '../server/imitation/experts.ts';
import type { GenerationRecord } from '../server/imitation/generation-record.ts';
import { resolveConfig } from '../server/config/resolve.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { runExperiment } from '../server/run/run.ts';
import { metricsEverywhere, SMALL_CONFIG, tempDir } from './helpers.ts';

// Networks with no hidden layer and zero weights: each member's action is tanh(bias), whatever it sees.
const shape: MlpShape = { inputSize: 2, hiddenSizes: [], outputSize: 1, activation: 'tanh', outputActivation: 'tanh' };
const acting = (action: number) => Float32Array.from([0, 0, Math.atanh(action)]);
const ACTIONS = [0.1, 0.5, -0.3, 0.7];

/**
 * Four members who played two arenas (group 0: members 0, 1, 2; group 1: member 3), two recorded
 * pairs each. Member 1 scored most in arena 0; member 2 scored least but comes from a line of two
 * elites; member 3 from a line of three.
 */
const record: GenerationRecord = {
  samples: 2,
  valid: Int32Array.from([2, 2, 2, 2]),
  observations: Float32Array.from({ length: 16 }, (_, i) => i / 16),
  actions: Float32Array.from([0.1, 0.1, 0.5, 0.5, -0.3, -0.3, 0.7, 0.7]),
  labels: new Float32Array(8),
  features: new Float32Array(0),
  fitness: Float64Array.from([5, 9, 1, 7]),
  peer: Int32Array.from([1, 1, 1, 3]),
  group: Int32Array.from([0, 0, 0, 1]),
};

function view(strategy: SocialStrategy, method: 'bc' | 'dagger' = 'bc'): ExpertView {
  return {
    role: { name: 'forager', body: 'ball', observationSize: 2, actionSize: 1, slots: 3, features: [] },
    shape,
    method,
    demos: null,
    dagger: new SampleBuffer(16, 2, 1),
    dataset: null,
    human: null,
    eliteHistory: [{ observations: new Float32Array(2), actions: Float32Array.from([0.9]) }],
    last: record,
    lastPhenotypes: ACTIONS.map(acting),
    strategy,
    eliteCount: 2,
    line: Int32Array.from([0, 0, 2, 3]),
  };
}

const actionsOf = (strategy: SocialStrategy, source: 'peer' | 'elite', method: 'bc' | 'dagger' = 'bc') =>
  Array.from(expertPairs(source, view(strategy, method), 0, NO_CONTEXT, new Rng(1))!.actions).map((x) => Number(x.toFixed(4)));

describe('social strategies', () => {
  it('peer: success shows the best arena-mate, prestige the one from the longest elite line, conformist the median of the arena', () => {
    expect(actionsOf('success', 'peer')).toEqual([0.5, 0.5]); // member 1's own play
    expect(actionsOf('prestige', 'peer')).toEqual([-0.3, -0.3]); // member 2 labels the parent's states
    expect(actionsOf('conformist', 'peer')).toEqual([0.1, 0.1]); // median of 0.1, 0.5, -0.3
    expect(actionsOf('whenUncertain', 'peer')).toEqual(actionsOf('success', 'peer'));
    expect(actionsOf('critical', 'peer')).toEqual(actionsOf('success', 'peer'));
  });

  it('elite: success shows the elites, prestige the longest line, conformist the elites agreeing', () => {
    expect(actionsOf('success', 'elite')).toEqual([0.9]); // the elite history
    expect(actionsOf('prestige', 'elite')).toEqual([0.7, 0.7, 0.7, 0.7]); // member 3 labels the elites' states
    expect(actionsOf('conformist', 'elite')).toEqual([0.6, 0.6, 0.6, 0.6]); // elites 1 and 3: median of 0.5 and 0.7
    expect(actionsOf('prestige', 'elite', 'dagger')).toEqual([0.7, 0.7]); // with DAgger, on the parent's states
  });
});

describe('social strategies in a run', () => {
  const config = (strategy: SocialStrategy) => ({ ...SMALL_CONFIG, generations: 4, imitation: { experts: { peer: 1, elite: 1 }, strategy, learnFraction: 0.5, steps: 5 } });
  type Row = { imitation: { learners: number; rejected?: number } };

  it('critical keeps a learned network only if it scores no worse, the same on any number of workers and resumed', async () => {
    const { straight, sharded, resumed } = await metricsEverywhere(config('critical'));
    expect(sharded).toEqual(straight);
    expect(resumed).toEqual(straight);
    const rows = straight.slice(1) as unknown as Row[];
    for (const row of rows) expect(row.imitation.rejected).toBeGreaterThanOrEqual(0);
    expect(rows.some((row) => (row.imitation.rejected ?? 0) > 0)).toBe(true);
  });

  it('whenUncertain lets only members that did worse than their parent learn', async () => {
    const learners = async (strategy: SocialStrategy) => {
      const runDir = tempDir();
      await runExperiment({ config: resolveConfig(config(strategy)), runDir, resume: false });
      return (new RunDir(runDir).readMetrics() as unknown as Row[]).map((row) => row.imitation?.learners ?? 0);
    };
    const uncertain = await learners('whenUncertain');
    const success = await learners('success');
    expect(uncertain[1]).toBe(success[1]); // no falls known yet: everyone chosen learns
    expect(uncertain[3]).toBeLessThan(success[3]);
    expect(uncertain[3]).toBeGreaterThan(0);
  });
});

describe('imitation.strategy in a config', () => {
  it('refuses prestige or conformity without a peer or elite expert to choose among', () => {
    expect(() => resolveConfig({ imitation: { experts: { scripted: 1 }, strategy: 'conformist' } })).toThrow(/imitation\.strategy: "conformist" chooses among the peer and elite experts' teachers/);
    expect(() => resolveConfig({ imitation: { experts: { scripted: 1 }, strategy: 'critical' } })).not.toThrow();
  });
});
