/** Opening a Redis connection for coevo: a bounded first attempt, so an unreachable server is a clear error, not a hang. */
import { Redis } from 'ioredis';
import { CoevoError } from '../../errors.ts';
import { connectionOptions, type RedisTarget } from './redis-url.ts';

/** Pings Redis once, within `seconds`; throws REDIS_UNAVAILABLE (naming the URL without its password) otherwise. */
export async function checkRedis(target: RedisTarget, seconds = 5): Promise<void> {
  const client = new Redis({ ...connectionOptions(target), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  client.on('error', () => {}); // reported below, once
  try {
    await withTimeout(
      client.connect().then(() => client.ping()),
      seconds * 1000,
    );
  } catch (error) {
    throw new CoevoError('REDIS_UNAVAILABLE', `cannot reach Redis at ${target.display} (${describe(error)}); is redis-server running there?`);
  } finally {
    client.disconnect();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** An error's message without anything that could hold a password. */
export function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\w+:\/\/[^@\s]*@/g, (m) => m.replace(/:[^:@/]*@$/, ':***@'));
}
