import { describe, expect, it } from 'vitest';
import { createEcologyWorld } from '../server/ecology/run-ecology.ts';
import { newAgent } from '../worlds/ecology/agents.ts';
import { WeightSlab } from '../worlds/ecology/weight-slab.ts';
import { ecologyConfig } from './ecology-helpers.ts';

describe('the ecology weight slab', () => {
  it('holds a copy per slot, reuses released slots and grows when full', () => {
    const slab = new WeightSlab(3, 2);
    const a = slab.take(Float32Array.of(1, 2, 3));
    const b = slab.take(Float32Array.of(4, 5, 6));
    expect([...slab.view(a)]).toEqual([1, 2, 3]);
    slab.release(a);
    const c = slab.take(Float32Array.of(7, 8, 9));
    expect(c).toBe(a);
    const d = slab.take(Float32Array.of(10, 11, 12)); // the third live slot: the slab doubles
    expect(slab.grown).toBe(1);
    expect(slab.capacity).toBe(4);
    expect([...slab.view(b), ...slab.view(c), ...slab.view(d)]).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(slab.data.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(() => slab.take(new Float32Array(2))).toThrow(/2 weights, expected 3/);
  });

  it("keeps every agent's weights when the slab grows, and windows name slots in it instead of copying", () => {
    const world = createEcologyWorld(ecologyConfig({ initialAgents: 20, minAgents: 0 }));
    world.populate();
    const before = world.agents.map((a) => a.weights.slice());
    const length = world.slab.genomeLength;
    const born = Array.from({ length: 50 }, (_, k) => newAgent(world.nextId++, null, 0, 0, 1, new Float32Array(length).fill(k), 0, world.ring()));
    world.agents.push(...born);
    world.adopt(born);
    expect(world.slab.grown).toBeGreaterThan(0);
    world.agents.slice(0, 20).forEach((a, i) => expect(a.weights).toEqual(before[i]));
    for (const a of world.agents) expect(a.weights.buffer).toBe(world.slab.data.buffer);
    born[3].weights[0] = -1; // learning writes into the slot: the genome stays as born
    expect(born[3].genome[0]).toBe(3);

    const windows = world.windows();
    for (const w of windows) {
      expect(w.weights.buffer).toBeInstanceOf(SharedArrayBuffer);
      w.ids.forEach((id, i) => {
        const agent = world.agents.find((a) => a.id === id)!;
        expect(w.weights.subarray(w.slots[i] * w.genomeLength, (w.slots[i] + 1) * w.genomeLength)).toEqual(agent.weights);
      });
    }
  });
});
