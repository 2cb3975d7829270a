import { encode } from '@msgpack/msgpack';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../client-protocol/client.ts';
import { Rng } from '../agents/rng.ts';
import { serveRun, type ServedRun } from './stream-helpers.ts';

/** A raw socket that collects every decoded message and close code. */
async function rawSocket(url: string) {
  const { decode } = await import('@msgpack/msgpack');
  const socket = new WebSocket(url);
  const messages: Record<string, unknown>[] = [];
  let closeCode = 0;
  socket.on('message', (data) => messages.push(decode(data as Buffer) as Record<string, unknown>));
  const closed = new Promise<void>((resolve) =>
    socket.on('close', (code) => {
      closeCode = code;
      resolve();
    }),
  );
  await new Promise((resolve, reject) => {
    socket.on('open', resolve);
    socket.on('error', reject);
  });
  return { socket, messages, closed, closeCode: () => closeCode };
}

function malformedMessages(count: number): (Buffer | string)[] {
  const rng = new Rng(99);
  const out: (Buffer | string)[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 8) {
      case 0:
        out.push(Buffer.from(Array.from({ length: 1 + rng.int(64) }, () => rng.int(256))));
        break; // random bytes
      case 1:
        out.push(Buffer.from(encode({ type: 'launch-missiles' })));
        break;
      case 2:
        out.push(Buffer.from(encode({ type: 'subscribe', arenas: 'showcase' })));
        break;
      case 3:
        out.push(Buffer.from(encode({ type: 'subscribe', arenas: ['nowhere'] })));
        break;
      case 4:
        out.push(Buffer.from(encode([1, 2, 3])));
        break;
      case 5:
        out.push(Buffer.from(encode({ type: 'control', token: 5, action: 'pause' })));
        break;
      case 6:
        out.push(Buffer.from(encode({ type: 'subscribe', arenas: ['showcase'], fps: -3 })));
        break;
      case 7:
        out.push('{"type": "subscribe"}');
        break; // text, not binary
    }
  }
  return out;
}

describe('hostile clients', () => {
  let run: ServedRun;
  beforeAll(async () => {
    run = await serveRun({ messageRate: 100_000, maxClients: 8, maxPayload: 4096 });
  });
  afterAll(() => run.stop());

  it('get an error with a stable code for each of 1,000 malformed messages, and the run goes on', async () => {
    const hostile = await rawSocket(run.url);
    const generationsBefore = run.generations();
    for (const message of malformedMessages(1000)) hostile.socket.send(message);
    const deadline = Date.now() + 20_000;
    while (hostile.messages.filter((m) => m.type === 'error').length < 1000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const codes = new Set(hostile.messages.filter((m) => m.type === 'error').map((m) => m.code));
    expect(hostile.messages.filter((m) => m.type === 'error')).toHaveLength(1000);
    expect([...codes].sort()).toEqual(['BAD_FIELD', 'MALFORMED', 'UNAUTHORIZED', 'UNKNOWN_ARENA', 'UNKNOWN_TYPE'].filter((c) => codes.has(c)).sort());
    expect(codes.has('MALFORMED') && codes.has('UNKNOWN_TYPE') && codes.has('BAD_FIELD') && codes.has('UNKNOWN_ARENA')).toBe(true);
    hostile.socket.close();

    // A well-behaved client still gets frames, and the run still advances.
    const viewer = await connect(run.url);
    viewer.subscribe(['showcase']);
    await viewer.next('frame');
    await viewer.next('generation', 30_000);
    expect(run.generations()).toBeGreaterThan(generationsBefore);
    viewer.close();
  });

  it('closes a client whose message is over the payload limit, with TOO_LARGE', async () => {
    const big = await rawSocket(run.url);
    big.socket.send(Buffer.from(encode({ type: 'subscribe', arenas: ['showcase'], padding: 'x'.repeat(5000) })));
    await big.closed;
    expect(big.messages.some((m) => m.code === 'TOO_LARGE')).toBe(true);
    expect(big.closeCode()).toBe(1009);
  });

  it('turns away connections past the limit with TOO_MANY_CONNECTIONS', async () => {
    const held = await Promise.all(Array.from({ length: 8 }, () => rawSocket(run.url)));
    const extra = await rawSocket(run.url);
    await extra.closed;
    expect(extra.messages[0]).toMatchObject({ type: 'error', code: 'TOO_MANY_CONNECTIONS' });
    held.forEach((h) => h.socket.close());
    await Promise.all(held.map((h) => h.closed));
  });

  it('drops frames for a client that does not read, newest first, and tells it how many', async () => {
    const viewer = await connect(run.url);
    viewer.subscribe(['showcase'], 30);
    await viewer.next('frame');
    // Make the server see this client's socket as full (a reader that stopped reading).
    const sessions = [...run.sessions()];
    const session = sessions.find((s) => s.arenas.size > 0 && s.socket.bufferedAmount === 0)!;
    Object.defineProperty(session.socket, 'bufferedAmount', { configurable: true, get: () => 10 * 1024 * 1024 });
    // Waits for the drops themselves, not a fixed time: a loaded machine broadcasts less often.
    const deadline = Date.now() + 15_000;
    while (session.dropped <= 5 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(session.dropped).toBeGreaterThan(5);
    const droppedSoFar = session.dropped;
    delete (session.socket as unknown as Record<string, unknown>).bufferedAmount;
    const frame = await viewer.next('frame');
    expect(frame.dropped).toBeGreaterThanOrEqual(droppedSoFar);
    viewer.close();
  });

  it('holds generation rows for a client that does not read, then sends it only the newest, saying how many it missed', async () => {
    const viewer = await connect(run.url);
    await viewer.next('generation', 30_000);
    const session = [...run.sessions()].find((s) => s.socket.bufferedAmount === 0 && s.arenas.size === 0)!;
    let held = 0;
    const stop = viewer.on('generation', () => held++);
    Object.defineProperty(session.socket, 'bufferedAmount', { configurable: true, get: () => 10 * 1024 * 1024 });
    const before = run.generations();
    while (run.generations() < before + 3) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(held).toBe(0); // nothing was queued for it while it was full
    stop();
    delete (session.socket as unknown as Record<string, unknown>).bufferedAmount;
    const caughtUp = await viewer.next('generation', 30_000);
    expect(caughtUp.skipped).toBeGreaterThanOrEqual(2);
    expect((caughtUp.row.generation as number) + 1).toBeGreaterThanOrEqual(before + 3);
    viewer.close();
  });
});
