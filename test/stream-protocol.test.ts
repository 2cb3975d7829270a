import { decode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../client-protocol/client.ts';
import { PROTOCOL_VERSION, framePositions } from '../client-protocol/protocol.ts';
import { laterFrame, TOKEN, serveRun, type ServedRun } from './stream-helpers.ts';

describe('the stream', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun();
  });
  afterAll(() => run.stop());

  it('greets, sends the world, then frames in which agents move', async () => {
    const client = await connect(run.url);
    expect(client.hello).toMatchObject({ protocol: PROTOCOL_VERSION, scenario: 'forage', arenas: ['showcase'] });
    client.subscribe(['showcase'], 20);
    const world = await client.next('world');
    expect(world.bodies.filter((b) => b.role === 'agent')).toHaveLength(8);
    expect(world.moving).toHaveLength(8 + 16);
    const first = await client.next('frame');
    const later = await laterFrame(client, first, 300);
    const a = framePositions(first);
    const b = framePositions(later);
    expect(a).toHaveLength(world.moving.length * 3);
    expect(b.some((v, i) => Math.abs(v - a[i]) > 1e-3)).toBe(true);
    expect(later.tick !== first.tick || later.episode !== first.episode).toBe(true);
    client.close();
  });

  it('speaks plain MessagePack that a standard decoder reads', async () => {
    const socket = new WebSocket(run.url);
    const messages: Record<string, unknown>[] = [];
    socket.on('message', (data) => messages.push(decode(data as Buffer) as Record<string, unknown>));
    await new Promise((resolve) => socket.on('open', resolve));
    const { encode } = await import('@msgpack/msgpack');
    socket.send(encode({ type: 'subscribe', arenas: ['showcase'] }));
    // Until a frame has come (not a fixed time: a loaded machine broadcasts less often).
    const deadline = Date.now() + 15_000;
    while (!messages.some((m) => m.type === 'frame') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    socket.close();
    expect(messages[0].type).toBe('hello');
    const frame = messages.find((m) => m.type === 'frame')!;
    expect(frame.positions).toBeInstanceOf(Uint8Array);
    const bytes = frame.positions as Uint8Array;
    expect(bytes.byteLength).toBe(24 * 12);
    // Little-endian float32: the first agent's height is its radius, 0.5 m, give or take a bounce.
    const y = new DataView(bytes.buffer, bytes.byteOffset).getFloat32(4, true);
    expect(y).toBeGreaterThan(0.3);
    expect(y).toBeLessThan(1);
  });

  it('closes a client that floods messages, with RATE_LIMITED', async () => {
    const client = await connect(run.url);
    const error = client.next('error');
    for (let i = 0; i < 300; i++) client.send({ type: 'unsubscribe' });
    expect(await error).toMatchObject({ code: 'RATE_LIMITED' });
    expect(await client.closed).toBe(1008);
  });

  it('sends generation rows to viewers as they end', async () => {
    const client = await connect(run.url);
    const message = await client.next('generation', 30_000);
    expect(message.row).toMatchObject({ generation: expect.any(Number), fitness: expect.any(Object) });
    client.close();
  });

  it("sends the run's history after hello, so a client that joins late charts from generation 0", async () => {
    while (run.generations() < 2) await new Promise((resolve) => setTimeout(resolve, 50));
    const client = await connect(run.url);
    const deadline = Date.now() + 10_000;
    while (client.history.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const generations = client.history.map((row) => row.generation);
    expect(generations.length).toBeGreaterThanOrEqual(2);
    expect(generations).toEqual(generations.map((_, i) => i));
    client.close();
  });

  it('refuses control without the right token and obeys it with the token', async () => {
    const client = await connect(run.url);
    client.control('wrong-token', 'pause');
    expect(await client.next('error')).toMatchObject({ code: 'UNAUTHORIZED' });

    client.control(TOKEN, 'pause');
    expect((await client.next('ack')).state).toMatchObject({ paused: true });
    // The generation already running finishes (slowly on a loaded machine); after it none starts.
    let paused = run.generations();
    let since = Date.now();
    const deadline = Date.now() + 30_000;
    while (Date.now() - since < 3000 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      if (run.generations() !== paused) [paused, since] = [run.generations(), Date.now()];
    }
    expect(Date.now() - since, 'generations kept coming for 30 s after pause').toBeGreaterThanOrEqual(3000);

    client.control(TOKEN, 'step');
    await client.next('ack');
    await client.next('generation', 30_000);
    expect(run.generations()).toBe(paused + 1);

    client.control(TOKEN, 'checkpoint');
    // Relative to the run directory: viewers never learn where the server keeps its files.
    expect((await client.next('ack', 30_000)).state.lastCheckpoint).toMatch(/^checkpoints\/gen-\d{6}$/);
    const health = await (await fetch(`http://127.0.0.1:${run.port}/healthz`)).json();
    expect(health.lastCheckpoint).toMatch(/^checkpoints\/gen-\d{6}$/);

    client.control(TOKEN, 'resume');
    expect((await client.next('ack')).state).toMatchObject({ paused: false });
    await client.next('generation', 30_000);
    client.close();
  });
});

describe('serving on a port that is taken', () => {
  it('refuses with BAD_FLAG before writing anything', async () => {
    const { createServer } = await import('node:net');
    const { existsSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    const { runExperiment } = await import('../server/run/run.ts');
    const { STREAM_DEFAULTS } = await import('../server/stream/stream-server.ts');
    const { smallConfig } = await import('./helpers.ts');
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    const runDir = join(tmpdir(), `coevo-port-taken-${process.pid}`);
    await expect(runExperiment({ config: smallConfig({ generations: 1 }), runDir, resume: false, serve: { ...STREAM_DEFAULTS, port } })).rejects.toMatchObject({
      code: 'BAD_FLAG',
      message: expect.stringMatching(/port is in use/),
    });
    expect(existsSync(runDir)).toBe(false);
    blocker.close();
  });
});
