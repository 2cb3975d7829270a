import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../server/config/resolve.ts';
import { measureProgress } from '../server/reports/ciao.ts';
import { thin } from '../server/run/champions.ts';
import { planRun } from '../server/run/populations.ts';
import type { Evaluator } from '../server/evaluation/evaluator.ts';
import type { MatchBatch } from '../server/evaluation/match-task.ts';

/** A toy game: each genome's first value is its strength; the stronger side wins, equals draw. */
const toyEvaluator = {
  async play(batch: MatchBatch) {
    return batch.tasks.map((task) => {
      const strength = task.seats.map(([seat]) => {
        const team = batch.teams[seat.team];
        return team.kind === 'mlp' ? team.genomes[seat.member][0] : 0;
      });
      const red = strength[0] > strength[1] ? 1 : strength[0] < strength[1] ? 0 : 0.5;
      return {
        index: task.index,
        fitness: [Float64Array.of(red), Float64Array.of(1 - red)],
        outcome: [Float64Array.of(red), Float64Array.of(1 - red)],
        agentSteps: 1,
        nonFiniteActions: 0,
        nonFiniteObservations: 0,
      };
    });
  },
} as unknown as Evaluator;

describe('CIAO matrix', () => {
  it('scores each current champion against each ancestral rival, and rates champions in order of strength', async () => {
    const { ref: world, scenario, populations } = planRun(resolveConfig({ scenario: 'sumo' }));
    const champions = [[0, 1, 2, 3].map((g) => ({ generation: g, genome: Float32Array.of(g) })), [0, 1, 2, 3].map((g) => ({ generation: g, genome: Float32Array.of(g + 0.5) }))];
    const report = await measureProgress({ evaluator: toyEvaluator, world, scenario, populations, champions, runSeed: 1, episodes: 2 });
    expect(report.matrices).toHaveLength(1);
    const [m] = report.matrices;
    expect([m.rows, m.columns]).toEqual(['red', 'blue']);
    // Red of generation i (strength i) beats blue of generation j (strength j + 0.5) exactly when i > j.
    expect(m.scores).toEqual([0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => (i > j ? 1 : 0))));
    const order = [...report.ratings].sort((a, b) => b.rating - a.rating).map((r) => `${r.population}${r.generation}`);
    expect(order).toEqual(['blue3', 'red3', 'blue2', 'red2', 'blue1', 'red1', 'blue0', 'red0']);
  });

  it('thins long histories evenly, keeping the first and last generation', () => {
    expect(thin([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 3, 6, 9]);
    expect(thin([0, 1], 4)).toEqual([0, 1]);
  });
});
