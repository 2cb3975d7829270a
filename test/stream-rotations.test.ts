import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../client-protocol/client.ts';
import { framePositions, frameRotations } from '../client-protocol/protocol.ts';
import { laterFrame, SMALL_SUMO, serveRun, type ServedRun } from './stream-helpers.ts';

describe('the orientation of bodies whose turning shows', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun(
      {},
      {
        ...SMALL_SUMO,
        populations: [
          { name: 'red', role: 'red', body: 'crawler' },
          { name: 'blue', role: 'blue', body: 'crawler' },
        ],
      },
    );
  });
  afterAll(() => run.stop());

  it('comes in frames for each crawler torso, as unit quaternions that change as they walk', async () => {
    const client = await connect(run.url);
    client.subscribe(['showcase'], 20);
    const world = await client.next('world');
    const boxes = world.bodies.filter((b) => b.role === 'agent' && b.shape.kind === 'box').map((b) => b.id);
    expect(boxes).toHaveLength(2); // one torso per wrestler; the feet are balls
    expect(world.rotating).toEqual(boxes);
    const first = await client.next('frame');
    expect(framePositions(first)).toHaveLength(world.moving.length * 3);
    const a = frameRotations(first);
    expect(a).toHaveLength(2 * 4);
    for (let i = 0; i < a.length; i += 4) expect(Math.hypot(a[i], a[i + 1], a[i + 2], a[i + 3])).toBeCloseTo(1, 4);
    const b = frameRotations(await laterFrame(client, first, 500));
    expect(b.some((v, i) => Math.abs(v - a[i]) > 1e-3)).toBe(true);
    client.close();
  });
});

describe('a world of balls', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun();
  });
  afterAll(() => run.stop());

  it('sends no rotations at all', async () => {
    const client = await connect(run.url);
    client.subscribe(['showcase'], 20);
    expect((await client.next('world')).rotating).toEqual([]);
    expect((await client.next('frame')).rotations).toBeUndefined();
    client.close();
  });
});
