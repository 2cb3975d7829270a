import { describe, expect, it } from 'vitest';
import { GeneticAlgorithm } from '../agents/evolution/ga.ts';
import { gaussianMutate, rankByFitness, tournamentSelect, uniformCrossover } from '../agents/evolution/operators.ts';
import { Rng } from '../agents/rng.ts';

const options = { populationSize: 10, eliteCount: 2, tournamentSize: 3, crossoverRate: 0.5, mutationRate: 1, mutationStd: 0.1 };
const filled = (value: number) => () => new Float32Array(5).fill(value);

describe('genetic operators', () => {
  it('tournament selection with the whole population as the tournament usually finds the best', () => {
    const fitness = [3, 9, 1, 4];
    const rng = new Rng(1);
    const picks = Array.from({ length: 200 }, () => tournamentSelect(fitness, 16, rng));
    expect(picks.filter((i) => i === 1).length).toBeGreaterThan(190);
  });

  it('uniform crossover takes every gene from one parent or the other', () => {
    const a = new Float32Array(100).fill(1);
    const b = new Float32Array(100).fill(2);
    const child = uniformCrossover(a, b, new Rng(2));
    expect(child.every((g) => g === 1 || g === 2)).toBe(true);
    expect(child.some((g) => g === 1) && child.some((g) => g === 2)).toBe(true);
  });

  it('mutation with rate 0 changes nothing and with rate 1 changes every gene', () => {
    const rng = new Rng(3);
    expect(gaussianMutate(new Float32Array(50), 0, 1, rng).every((g) => g === 0)).toBe(true);
    expect(gaussianMutate(new Float32Array(50), 1, 1, rng).every((g) => g !== 0)).toBe(true);
  });

  it('ranks by fitness, best first, ties in index order', () => {
    expect(rankByFitness([1, 5, 5, 2])).toEqual([1, 2, 3, 0]);
  });
});

describe('GeneticAlgorithm', () => {
  it('keeps the population size and copies the elites unchanged', () => {
    let next = 0;
    const ga = GeneticAlgorithm.create(options, 1, () => new Float32Array(5).fill(next++));
    const fitness = Array.from({ length: 10 }, (_, i) => i); // genome i has fitness i
    ga.tell(fitness);
    const population = ga.ask();
    expect(population).toHaveLength(10);
    expect(Array.from(population[0])).toEqual(new Array(5).fill(9));
    expect(Array.from(population[1])).toEqual(new Array(5).fill(8));
    expect(population.slice(2).every((g) => g.length === 5)).toBe(true);
  });

  it('is reproducible from a seed and continues identically after snapshot and restore', () => {
    const fitness = [5, 1, 3, 8, 2, 9, 0, 4, 6, 7];
    const a = GeneticAlgorithm.create(options, 9, (rng) => new Float32Array(5).map(() => rng.gaussian()));
    const b = GeneticAlgorithm.create(options, 9, (rng) => new Float32Array(5).map(() => rng.gaussian()));
    a.tell(fitness);
    b.tell(fitness);
    expect(a.ask()).toEqual(b.ask());
    const restored = GeneticAlgorithm.restore(options, a.snapshot());
    a.tell(fitness);
    restored.tell(fitness);
    expect(restored.ask()).toEqual(a.ask());
  });

  it('refuses fitness of the wrong length', () => {
    const ga = GeneticAlgorithm.create(options, 1, filled(0));
    expect(() => ga.tell([1, 2])).toThrow(/2 fitness values for 10 genomes/);
  });

  it('moves the population toward higher fitness on a simple objective', () => {
    // Maximise -(sum of squares - target): a sanity check that selection plus mutation climbs.
    const target = new Float32Array(5).fill(1);
    const score = (g: Float32Array) => -g.reduce((s, x, i) => s + (x - target[i]) ** 2, 0);
    const ga = GeneticAlgorithm.create({ ...options, populationSize: 20 }, 4, filled(0));
    const first = Math.max(...ga.ask().map(score));
    for (let i = 0; i < 60; i++) ga.tell(ga.ask().map(score));
    const last = Math.max(...ga.ask().map(score));
    expect(first).toBeCloseTo(-5);
    expect(last).toBeGreaterThan(-0.5);
  });
});
