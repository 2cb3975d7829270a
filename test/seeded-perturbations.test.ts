import { describe, expect, it } from 'vitest';
import { NOISE_TABLE_SIZE, noiseTable, perturbed } from '../agents/evolution/strategies/noise-table.ts';
import { createStrategy } from '../agents/evolution/strategies/registry.ts';
import type { StrategyName } from '../agents/evolution/strategies/strategy.ts';
import { parseJob, playJobData } from '../server/evaluation/distributed/jobs.ts';
import type { MatchBatch, Team } from '../server/evaluation/match-task.ts';
import { decodeBatch, encodeBatch } from '../server/evaluation/wire.ts';
import { mlpShape } from '../server/evaluation/engine.ts';

const bits = (genomes: Float32Array[]) => genomes.map((g) => Array.from(new Uint32Array(g.buffer, g.byteOffset, g.length)));

/** A strategy's asked genomes as a run sees them (float32), after a few generations so that the centre and σ have moved. */
function asked(name: StrategyName, n: number) {
  const strategy = createStrategy(
    name,
    Float64Array.from({ length: n }, (_, i) => Math.sin(i)),
    { populationSize: 8, sigma: 0.05, seed: 4 },
  );
  for (let g = 0; g < 3; g++) strategy.tell(strategy.ask().map((x) => -x.reduce((s, v) => s + v * v, 0)));
  return { genomes: strategy.ask().map((x) => Float32Array.from(x)), seeded: strategy.seeded!()! };
}

describe('seeded perturbations (the shared noise table)', () => {
  it('is the same table everywhere: fixed values at fixed places', () => {
    const table = noiseTable();
    expect(table.length).toBe(NOISE_TABLE_SIZE);
    // Standard normal: mean near 0 and variance near 1 over the 4M values.
    let sum = 0;
    let squares = 0;
    for (const v of table) {
      sum += v;
      squares += v * v;
    }
    expect(Math.abs(sum / table.length)).toBeLessThan(0.002);
    expect(Math.abs(squares / table.length - 1)).toBeLessThan(0.002);
    expect(noiseTable()).toBe(table); // built once per thread
  });

  it.each(['openai-es', 'pgpe'] as const)("rebuilds %s's genomes from centre, scale, offsets and signs, bit for bit", (name) => {
    const { genomes, seeded } = asked(name, 301);
    expect(seeded.offsets.length).toBe(8);
    expect(Array.from(seeded.signs)).toEqual([1, -1, 1, -1, 1, -1, 1, -1]);
    expect(bits(perturbed(seeded.centre, seeded.scale, seeded.offsets, seeded.signs))).toEqual(bits(genomes));
  });

  it('sends a batch as offsets over Redis and in shard messages, rebuilt bit for bit, in a fraction of the bytes', () => {
    const { genomes, seeded } = asked('openai-es', 1922);
    const shape = mlpShape(10, 2, { hiddenSizes: [32, 32], activation: 'tanh' }, false);
    const team: Team = { kind: 'mlp', shape, genomes, seeded };
    // All eight are seated, in another order (renumbered on the wire).
    const order = [5, 2, 7, 0, 1, 3, 6, 4];
    const batch: MatchBatch = {
      world: { scenario: 'forage', worlds: {} as MatchBatch['world']['worlds'], bodies: ['ball'] },
      teams: [team],
      tasks: order.map((member, index) => ({ index, seed: index, seats: [[{ team: 0, member, scores: true }]] })),
    };
    const expected = bits(order.map((m) => genomes[m]));
    const shard = decodeBatch(encodeBatch(batch, { seeds: true }));
    expect(bits((shard.teams[0] as { genomes: Float32Array[] }).genomes)).toEqual(expected);
    const job = playJobData({}, batch);
    const parsed = parseJob(JSON.parse(JSON.stringify(job)));
    if ('error' in parsed) throw new Error(parsed.error);
    expect(bits((parsed.batch.teams[0] as { genomes: Float32Array[] }).genomes)).toEqual(expected);
    // Without seeds the same job carries the eight genomes' values (1922 float32 each); with them, one float64 centre and eight offsets.
    const plain = playJobData({}, { ...batch, teams: [{ kind: 'mlp', shape, genomes }] });
    expect(JSON.stringify(job).length * 3).toBeLessThan(JSON.stringify(plain).length);
  });

  it('refuses a job whose offsets leave the table, naming the field', () => {
    const { genomes, seeded } = asked('pgpe', 1922);
    const shape = mlpShape(10, 2, { hiddenSizes: [32, 32], activation: 'tanh' }, false);
    const batch: MatchBatch = {
      world: { scenario: 'forage', worlds: {} as MatchBatch['world']['worlds'], bodies: ['ball'] },
      teams: [{ kind: 'mlp', shape, genomes, seeded: { ...seeded, offsets: Int32Array.from(seeded.offsets, () => NOISE_TABLE_SIZE - 10) } }],
      tasks: [{ index: 0, seed: 1, seats: [[{ team: 0, member: 0, scores: true }]] }],
    };
    expect(parseJob(JSON.parse(JSON.stringify(playJobData({}, batch))))).toEqual({ error: expect.stringMatching(/^seeds\.offsets\.0: an offset outside the noise table/) });
  });
});
