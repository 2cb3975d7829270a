import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../client-protocol/client.ts';
import { framePositions, type EventMessage } from '../client-protocol/protocol.ts';
import { serveRun, type ServedRun } from './stream-helpers.ts';

describe('a schedule on the stream', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun({}, { evolution: { populationSize: 8 }, schedule: [{ at: 1, set: { worlds: { forage: { foodCount: 4 } } } }] });
  });
  afterAll(() => run.stop());

  it('tells every client of the change, then the showcase replays the changed world: a new world message, frames in its layout', async () => {
    const client = await connect(run.url);
    client.subscribe(['showcase'], 30);
    const before = await client.next('world');
    expect(before.moving).toHaveLength(8 + 16);
    const changed = new Promise<EventMessage>((resolve) => {
      const stop = client.on('event', (event) => {
        if (event.kind !== 'changed') return;
        stop();
        resolve(event);
      });
    });
    const event = await changed;
    expect(event).toMatchObject({ agent: -1, tick: 1, change: { worlds: { forage: { foodCount: 4 } } } });
    const after = await client.next('world', 15_000);
    expect(after.moving).toHaveLength(8 + 4);
    const frame = await client.next('frame');
    expect(framePositions(frame)).toHaveLength((8 + 4) * 3);
    client.close();
  });
});
