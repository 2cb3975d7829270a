import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../client-protocol/client.ts';
import { framePositions } from '../client-protocol/protocol.ts';
import { laterFrame, SMALL_SUMO, serveRun, type ServedRun } from './stream-helpers.ts';

describe('the stream of a co-evolution run', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun({}, SMALL_SUMO);
  });
  afterAll(() => run.stop());

  it('shows the ring and both wrestlers, coloured by population, moving in frames', async () => {
    const client = await connect(run.url);
    expect(client.hello).toMatchObject({ scenario: 'sumo', populations: ['red', 'blue'], arenas: ['showcase'] });
    client.subscribe(['showcase'], 20);
    const world = await client.next('world');
    expect(world.bodies.find((b) => b.role === 'ring')?.shape).toEqual({ kind: 'cylinder', radius: 4, halfHeight: 0.01 });
    expect(world.bodies.filter((b) => b.role === 'agent').map((b) => b.population)).toEqual([0, 1]);
    const firstFrame = await client.next('frame');
    const first = framePositions(firstFrame);
    expect(first).toHaveLength(2 * 3);
    const later = framePositions(await laterFrame(client, firstFrame, 400));
    expect(later.some((v, i) => Math.abs(v - first[i]) > 1e-3)).toBe(true);
    client.close();
  });

  it("sends each generation with every population's metrics", async () => {
    const client = await connect(run.url);
    const { row } = await client.next('generation');
    expect(Object.keys(row.populations as object)).toEqual(['red', 'blue']);
    client.close();
  });
});
