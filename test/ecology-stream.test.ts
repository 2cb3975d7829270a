import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../client-protocol/client.ts';
import { frameIds, framePositions } from '../client-protocol/protocol.ts';
import { serveEcology } from './ecology-helpers.ts';

let url = '';
let stop: () => Promise<void> = async () => {};

beforeAll(async () => {
  const served = await serveEcology();
  url = `ws://127.0.0.1:${served.port}/ws`;
  stop = served.stop;
});
afterAll(() => stop());

describe('the ecology stream', () => {
  it('lists the world and its regions, and serves a viewport with only the bodies inside, named by agentId', async () => {
    const client = await connect(url);
    expect(client.hello.scenario).toBe('ecology');
    expect(client.hello.arenas).toEqual(['world', 'region-0', 'region-1']);
    client.subscribe(['world'], 60, [0, -20, 20, 0]);
    const world = await client.next('world');
    expect(world.viewport).toEqual([0, -20, 20, 0]);
    expect(world.regions?.map((r) => r.name)).toEqual(['region-0', 'region-1']);
    const frames = [];
    for (let k = 0; k < 6; k++) frames.push(await client.next('frame'));
    for (let k = 1; k < frames.length; k++) expect(frames[k].tick).toBeGreaterThan(frames[k - 1].tick);
    // Physics steps since the world began, a control step (4 of them) at a time: the paths through a window (15 control steps) play back between its ends.
    for (const frame of frames) expect(frame.tick % 4).toBe(0);
    expect(frames.some((frame) => frame.tick % (15 * 4) !== 0)).toBe(true);
    for (const frame of frames) {
      const positions = framePositions(frame);
      const ids = frameIds(frame);
      expect(ids.length).toBeGreaterThan(0);
      expect(positions.length).toBe(3 * ids.length);
      for (let i = 0; i < ids.length; i++) {
        expect(positions[3 * i]).toBeGreaterThanOrEqual(-0.5);
        expect(positions[3 * i + 2]).toBeLessThanOrEqual(0.5);
      }
      expect([...ids]).toEqual([...ids].sort((a, b) => a - b));
    }
    client.close();
  });

  it('streams births, deaths and meals as events', async () => {
    const client = await connect(url);
    client.subscribe(['world'], 60);
    const born = await client.next('event', 20_000);
    expect(['born', 'ate', 'died', 'imitated']).toContain(born.kind);
    expect(born.arena).toBe('world');
    client.close();
  });

  it('answers a viewport outside the world with BAD_FIELD, an unknown region with UNKNOWN_ARENA, and streams on', async () => {
    const client = await connect(url);
    client.subscribe(['world'], 60, [100, 100, 120, 120]);
    expect(await client.next('error')).toMatchObject({ code: 'BAD_FIELD', message: expect.stringMatching(/viewport \[100, 100, 120, 120\] lies outside world/) });
    client.subscribe(['region-7'], 60);
    expect(await client.next('error')).toMatchObject({ code: 'UNKNOWN_ARENA' });
    client.send({ type: 'subscribe', arenas: ['world'], viewport: [5, 5, 1, 1] } as never);
    expect(await client.next('error')).toMatchObject({ code: 'BAD_FIELD', message: expect.stringMatching(/subscribe\.viewport must be \[x0, z0, x1, z1\]/) });
    client.subscribe(['region-1'], 60);
    const world = await client.next('world');
    expect(world.viewport).toEqual([0, -20, 20, 20]);
    const frame = await client.next('frame');
    expect(frame.arena).toBe('region-1');
    expect(Math.min(...Array.from(framePositions(frame)).filter((_, i) => i % 3 === 0))).toBeGreaterThanOrEqual(-0.5);
    client.close();
  });
});
