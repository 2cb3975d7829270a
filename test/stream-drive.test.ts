/** Drive mode over the wire: who may drive, what `act` does to the agent, and the demonstration file it leaves. */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type CoevoClient } from '../client-protocol/client.ts';
import { framePositions, type ErrorMessage } from '../client-protocol/protocol.ts';
import { readDemonstrations } from '../agents/imitation/demo-file.ts';
import { humanDemoFiles } from '../server/imitation/human-demos.ts';
import { serveEcology } from './ecology-helpers.ts';
import { SMALL_SUMO, serveRun, TOKEN, type ServedRun } from './stream-helpers.ts';

/** The next error, after sending `send`. */
async function errorAfter(client: CoevoClient, send: () => void): Promise<ErrorMessage> {
  const error = client.next('error');
  send();
  return error;
}

/**
 * Drives `agent` with `actions` for at least `ms` of wall time, and on until the showcase has been
 * seen to advance `minAdvances` times (a loaded machine plays it slower than real time). Returns how
 * its x velocity changed (m per physics step, last frames against first ones within one episode):
 * its sign is the way it was pushed; and how many frames showed a later tick than the frame before,
 * each of which means at least one decision was made in between.
 */
async function driveFor(client: CoevoClient, actions: number[], ms: number, agent = 0, minAdvances = 15): Promise<{ pushed: number; advances: number }> {
  const velocities: number[] = [];
  let advances = 0;
  let last: { episode: number; tick: number; x: number } | null = null;
  const stop = client.on('frame', (frame) => {
    const x = framePositions(frame)[3 * agent];
    if (last && last.episode === frame.episode && frame.tick > last.tick) {
      velocities.push((x - last.x) / (frame.tick - last.tick));
      advances++;
    } else if (last) velocities.length = 0; // a new episode: measure within this one
    last = { episode: frame.episode, tick: frame.tick, x };
  });
  const started = Date.now();
  while (Date.now() - started < ms || (advances < minAdvances && Date.now() - started < 20 * ms)) {
    client.act(TOKEN, actions);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  stop();
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  return { pushed: mean(velocities.slice(-3)) - mean(velocities.slice(0, 3)), advances };
}

describe('drive mode', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun();
  });
  afterAll(async () => {
    await run?.stop();
  });

  it('needs the token, a real seat, and one driver at a time', async () => {
    const client = await connect(run.url);
    const other = await connect(run.url);
    try {
      expect((await errorAfter(client, () => client.act('wrong', [1, 0]))).code).toBe('UNAUTHORIZED');
      expect((await errorAfter(client, () => client.drive('wrong', 'showcase', 0))).code).toBe('UNAUTHORIZED');
      expect((await errorAfter(client, () => client.act(TOKEN, [1, 0]))).code).toBe('NOT_DRIVING');
      expect((await errorAfter(client, () => client.drive(TOKEN, 'elsewhere', 0))).code).toBe('UNKNOWN_AGENT');
      expect((await errorAfter(client, () => client.drive(TOKEN, 'showcase', 99))).code).toBe('UNKNOWN_AGENT');
      const ack = client.next('ack');
      client.drive(TOKEN, 'showcase', 1);
      expect((await ack).state).toMatchObject({ driving: true, agent: 1, slot: 1, actionSize: 2, steers: false });
      expect((await errorAfter(other, () => other.drive(TOKEN, 'showcase', 0))).code).toBe('DRIVE_BUSY');
      expect((await errorAfter(other, () => other.act(TOKEN, [1, 0]))).code).toBe('NOT_DRIVING');
      expect((await errorAfter(client, () => client.act(TOKEN, [1, 0, 0]))).code).toBe('BAD_FIELD');
      const stopped = client.next('ack');
      client.drive(TOKEN, null);
      expect((await stopped).state).toMatchObject({ driving: false });
      // Once the first driver stops, another may drive.
      const taken = other.next('ack');
      other.drive(TOKEN, 'showcase', 0);
      expect((await taken).state).toMatchObject({ driving: true, agent: 0 });
    } finally {
      client.close();
      other.close(); // leaving ends the session
      await Promise.all([client.closed, other.closed]);
    }
  });

  it("moves the agent the way it is pushed, and records the person's decisions", async () => {
    const client = await connect(run.url);
    try {
      client.subscribe(['showcase'], 30);
      await client.next('world');
      const ack = client.next('ack');
      client.drive(TOKEN, 'showcase', 0);
      const { state } = await ack;
      const forward = await driveFor(client, [1, 0], 1000);
      expect(forward.pushed).toBeGreaterThan(0);
      const back = await driveFor(client, [-1, 0], 1000);
      expect(back.pushed).toBeLessThan(0);
      const stopped = client.next('ack');
      client.drive(TOKEN, null);
      const end = (await stopped).state;
      expect(end.file).toBe(state.file);
      expect(existsSync(state.file as string)).toBe(true);
      expect(humanDemoFiles(run.runDir).length).toBeGreaterThanOrEqual(1);
      const demos = readDemonstrations(state.file as string, { scenario: 'forage', role: state.role as string, observationSize: state.observationSize as number, actionSize: 2 });
      expect(demos.expert).toBe('human');
      // Every decision while driving is recorded (those after a silence of 0.5 s are not the
      // person's): at least one between two frames with different ticks, less the first frame of
      // each drive, which may show decisions made before the first act arrived.
      expect(demos.actions!.length / 2).toBe(end.samples);
      expect(forward.advances + back.advances).toBeGreaterThanOrEqual(30);
      expect(end.samples).toBeGreaterThanOrEqual(forward.advances + back.advances - 2);
      // The recorded actions are what was sent: first pushing +x, then -x.
      expect(demos.actions![0]).toBe(1);
      expect(demos.actions!.at(-2)).toBe(-1);
    } finally {
      client.close();
      await client.closed;
    }
  });

  it('closes a client that floods act, and frees its seat', async () => {
    const flooder = await connect(run.url);
    const ack = flooder.next('ack');
    flooder.drive(TOKEN, 'showcase', 0);
    await ack;
    const limited = flooder.next('error');
    for (let i = 0; i < 200; i++) flooder.act(TOKEN, [1, 0]);
    expect((await limited).code).toBe('RATE_LIMITED');
    expect(await flooder.closed).toBe(1008);
    const next = await connect(run.url);
    try {
      const taken = next.next('ack');
      next.drive(TOKEN, 'showcase', 0);
      expect((await taken).state).toMatchObject({ driving: true });
    } finally {
      next.close();
      await next.closed;
    }
  });

  it('falls back to zero half a second after the last act', async () => {
    const client = await connect(run.url);
    try {
      client.subscribe(['showcase'], 30);
      await client.next('world');
      const ack = client.next('ack');
      client.drive(TOKEN, 'showcase', 2);
      await ack;
      client.act(TOKEN, [1, 0]);
      await new Promise((resolve) => setTimeout(resolve, 800));
      const stopped = client.next('ack');
      client.drive(TOKEN, null);
      // One act holds for 0.5 s: about 10 decisions, never the 16 that 0.8 s would give.
      const { samples } = (await stopped).state as { samples: number };
      expect(samples).toBeGreaterThan(0);
      expect(samples).toBeLessThanOrEqual(12);
    } finally {
      client.close();
      await client.closed;
    }
  });
});

describe('drive mode in the ecology', () => {
  it('is refused with a clear error', async () => {
    const served = await serveEcology({}, { controlToken: TOKEN });
    const client = await connect(`ws://127.0.0.1:${served.port}/ws`);
    try {
      const error = await errorAfter(client, () => client.drive(TOKEN, 'world', 0));
      expect(error.code).toBe('NOT_SUPPORTED');
      expect(error.message).toMatch(/ecology cannot be driven/);
    } finally {
      client.close();
      await served.stop();
    }
  });
});

describe('drive mode in every world', () => {
  it('drives either side of sumo, and steers a crawler through its body', async () => {
    for (const [config, agent, steers] of [
      [SMALL_SUMO, 1, false],
      [{ scenario: 'locomotion', evolution: { populationSize: 8, eliteCount: 1 }, worlds: { locomotion: { episodeSeconds: 4 } } }, 0, true],
    ] as const) {
      const served = await serveRun({}, config);
      const client = await connect(served.url);
      try {
        const ack = client.next('ack');
        client.drive(TOKEN, 'showcase', agent);
        const { state } = await ack;
        expect(state).toMatchObject({ driving: true, agent, steers });
        // A crawler takes a desired ground velocity (2 values) and its body's steering turns it into motor commands.
        for (let i = 0; i < 10; i++) {
          client.act(TOKEN, [1, 0]);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const stopped = client.next('ack');
        client.drive(TOKEN, null);
        const end = (await stopped).state;
        expect(end.samples).toBeGreaterThan(0);
        const demos = readDemonstrations(end.file as string, {
          scenario: config.scenario,
          role: state.role as string,
          observationSize: state.observationSize as number,
          actionSize: state.actionSize as number,
        });
        expect(demos.actions!.length).toBe((end.samples as number) * (state.actionSize as number));
        if (steers) expect(demos.actions!.some((a) => a !== 0)).toBe(true);
      } finally {
        client.close();
        await served.stop();
      }
    }
  });
});
