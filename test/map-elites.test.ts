import { describe, expect, it } from 'vitest';
import { MapElites } from '../agents/evolution/strategies/map-elites.ts';
import { restoreStrategy } from '../agents/evolution/strategies/registry.ts';
import { StrategyAlgorithm } from '../agents/evolution/strategy-algorithm.ts';

const archive = {
  cells: 4,
  bounds: [
    [0, 4],
    [0, 4],
  ] as [[number, number], [number, number]],
  lineStd: 0.2,
};
const options = { populationSize: 4, sigma: 0.1, seed: 3, archive };

describe('MAP-Elites', () => {
  it('keeps in each cell the fittest genome whose behaviour fell there; ties keep the elder; edges take the rest', () => {
    const me = MapElites.create(options, new Float64Array(3));
    const first = me.ask().map((x) => x.slice());
    // Candidates 0, 1 and 2 behave alike (cell (1, 2)); 3 beyond the bounds lands in the corner cell (3, 0).
    me.tell(
      [1, 2, 2, 5],
      [
        [1.5, 2.5],
        [1.2, 2.9],
        [1.9, 2.1],
        [9, -3],
      ],
    );
    let view = me.archive();
    expect(view.filled).toEqual([1 * 4 + 2, 3 * 4 + 0]);
    expect(view.fitness).toEqual([2, 5]);
    expect(Array.from(view.elites[0])).toEqual(Array.from(first[1]));
    expect(view.descriptors[0]).toEqual([1.2, 2.9]);
    expect(Array.from(me.mean())).toEqual(Array.from(first[3]));

    const second = me.ask().map((x) => x.slice());
    // A less fit genome in a full cell is dropped, a fitter one replaces, one with no behaviour (NaN) has no place.
    me.tell(
      [1.5, 3, 0, 0],
      [
        [1.1, 2.2],
        [1.3, 2.4],
        [Number.NaN, 1],
        [0, 0],
      ],
    );
    view = me.archive();
    expect(view.filled).toEqual([0, 1 * 4 + 2, 3 * 4 + 0]);
    expect(view.fitness).toEqual([0, 3, 5]);
    expect(Array.from(view.elites[1])).toEqual(Array.from(second[1]));
  });

  it('breeds from its elites, and resumes exactly from its state', () => {
    const me = MapElites.create(options, new Float64Array(5));
    const descriptors = (xs: Float64Array[]) => xs.map((x) => [2 + 10 * x[0], 2 + 10 * x[1]]);
    for (let g = 0; g < 5; g++) {
      const xs = me.ask();
      me.tell(
        xs.map((x) => -Math.hypot(...x)),
        descriptors(xs),
      );
    }
    const saved = JSON.parse(JSON.stringify(me.state()));
    const resumed = restoreStrategy(saved, options);
    const next = me.ask();
    expect(resumed.ask().map((x) => Array.from(x))).toEqual(next.map((x) => Array.from(x)));
    // Every child lies near an elite: within a few σ of the segment between two of them.
    const elites = me.archive().elites;
    for (const child of next) {
      const nearest = Math.min(...elites.map((e) => Math.hypot(...e.map((v, i) => v - child[i]))));
      expect(nearest).toBeLessThan(2);
    }
  });

  it('archives the genomes as they played: a learner written back (Lamarckian) is injected as an elite', () => {
    const algorithm = StrategyAlgorithm.create('map-elites', new Float32Array(4), options, [1, 0]);
    const genomes = algorithm.ask();
    const learned = Float32Array.of(0.25, -0.5, 0.125, 1);
    genomes[2].set(learned);
    // Behaviour is the full feature vector; the descriptor takes features 1 and 0.
    const behaviour = genomes.map((_, k) => Float64Array.of(k * 0.9, 0.5 + k, 7));
    algorithm.tell([0, 1, 2, 3], behaviour);
    const view = algorithm.archive()!;
    const cell = view.filled.indexOf(2 * 4 + 1); // feature 1 = 2.5, feature 0 = 1.8
    expect(cell).toBeGreaterThanOrEqual(0);
    expect(Array.from(view.elites[cell])).toEqual(Array.from(learned));
    expect(view.descriptors[cell]).toEqual([2.5, 1.8]);
  });
});
