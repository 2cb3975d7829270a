/** `subscribe {inspect}`: with each frame, who the inspected agent is, what it senses and what it decides. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../client-protocol/client.ts';
import { SENSOR_LINE, floatsOf, framePositions } from '../client-protocol/protocol.ts';
import { serveEcology } from './ecology-helpers.ts';
import { SMALL_SUMO, serveRun, TOKEN, type ServedRun } from './stream-helpers.ts';

describe('inspecting an agent', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun();
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('sends the selected agent only: its seat, genome, fitness, observation, actions and sensor lines', async () => {
    const client = await connect(run.url);
    try {
      client.subscribe(['showcase'], 30, undefined, { arena: 'showcase', agent: 2 });
      await client.next('world');
      const frame = await client.next('frame');
      const inspect = await client.next('inspect');
      expect(inspect).toMatchObject({ arena: 'showcase', agent: 2, population: 'main', role: 'forager', slot: 2 });
      expect(inspect.genome === 'expert' || (typeof inspect.genome === 'number' && inspect.genome >= 0)).toBe(true);
      expect(Number.isFinite(inspect.fitness)).toBe(true);
      const observation = floatsOf(inspect.observation);
      expect(observation.length).toBe(24); // 3 pellets x 2, the ball's 2, 8 rays x 2
      expect(floatsOf(inspect.actions).length).toBe(2);
      // Lines: a pointer to each of the 3 nearest pellets, then the 8 rays, all from the agent.
      const lines = floatsOf(inspect.lines!);
      expect(lines.length).toBe((3 + 8) * 7);
      const kinds = Array.from({ length: 11 }, (_, i) => lines[7 * i + 6]);
      expect(kinds.slice(0, 3)).toEqual([SENSOR_LINE.food, SENSOR_LINE.food, SENSOR_LINE.food]);
      expect(kinds.slice(3).every((k) => k === SENSOR_LINE.miss || k === SENSOR_LINE.wall || k === SENSOR_LINE.agent)).toBe(true);
      // A ray's length is what its observation says: 6 m when it sees nothing, less when it hits.
      for (let r = 0; r < 8; r++) {
        const at = 7 * (3 + r);
        const length = Math.hypot(lines[at + 3] - lines[at], lines[at + 5] - lines[at + 2]);
        const proximity = Math.max(observation[8 + 2 * r], observation[8 + 2 * r + 1]);
        expect(length).toBeCloseTo((1 - proximity) * 6, 4);
      }
      // The lines start at the agent (within a frame of the one that came with it).
      const positions = framePositions(frame);
      expect(Math.hypot(lines[0] - positions[6], lines[2] - positions[8])).toBeLessThan(2);
      // Subscribing again without `inspect` stops it.
      client.subscribe(['showcase'], 30);
      await client.next('frame');
      let more = 0;
      const stop = client.on('inspect', () => more++);
      await client.next('frame');
      await client.next('frame');
      stop();
      expect(more).toBe(0);
    } finally {
      client.close();
      await client.closed;
    }
  });

  it('shows a driven seat as played by a person, and refuses seats that do not exist', async () => {
    const client = await connect(run.url);
    try {
      const refused = client.next('error');
      client.subscribe(['showcase'], 30, undefined, { arena: 'showcase', agent: 99 });
      expect((await refused).code).toBe('UNKNOWN_AGENT');
      const ack = client.next('ack');
      client.drive(TOKEN, 'showcase', 1);
      await ack;
      client.subscribe(['showcase'], 30, undefined, { arena: 'showcase', agent: 1 });
      client.act(TOKEN, [0.5, -0.5]);
      const inspect = await client.next('inspect');
      expect(inspect.genome).toBe('person');
    } finally {
      client.close();
      await client.closed;
    }
  });

  it('works in match worlds (without sensor lines), and is refused in the ecology', async () => {
    const sumo = await serveRun({}, SMALL_SUMO);
    const client = await connect(sumo.url);
    try {
      client.subscribe(['showcase'], 30, undefined, { arena: 'showcase', agent: 1 });
      const inspect = await client.next('inspect');
      expect(inspect).toMatchObject({ agent: 1, slot: 0 });
      expect(inspect.population).toBe(client.hello.populations[1]);
      expect(inspect.lines).toBeUndefined();
    } finally {
      client.close();
      await sumo.stop();
    }
    const ecology = await serveEcology();
    const viewer = await connect(`ws://127.0.0.1:${ecology.port}/ws`);
    try {
      const refused = viewer.next('error');
      viewer.subscribe(['world'], 30, undefined, { arena: 'world', agent: 0 });
      expect((await refused).code).toBe('NOT_SUPPORTED');
    } finally {
      viewer.close();
      await ecology.stop();
    }
  });
});
