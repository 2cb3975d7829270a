/**
 * Redis URLs as users give them (`redis://[user[:password]@]host[:port][/db]`, `rediss://` for
 * TLS): parsed into connection options, and redacted wherever they are shown, so a password never
 * reaches a terminal, a log or a file.
 */
import { CoevoError } from '../../errors.ts';

export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  tls: boolean;
  /** The URL with any password replaced by ***: the only form ever printed. */
  display: string;
}

export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CoevoError('BAD_FLAG', `--redis: not a URL (expected redis://HOST:PORT, got "${redactUrl(url)}")`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new CoevoError('BAD_FLAG', `--redis: expected a redis:// or rediss:// URL, got "${parsed.protocol}//..."`);
  }
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) throw new CoevoError('BAD_FLAG', `--redis: the database (after the /) must be a number, in ${redactUrl(url)}`);
  return {
    host: parsed.hostname || '127.0.0.1',
    port: parsed.port ? Number(parsed.port) : 6379,
    ...(parsed.username ? { username: decodeURIComponent(parsed.username) } : {}),
    ...(parsed.password ? { password: decodeURIComponent(parsed.password) } : {}),
    db,
    tls: parsed.protocol === 'rediss:',
    display: redactUrl(url),
  };
}

/** The URL with its password (if any) replaced by ***; works on strings that are not valid URLs too. */
export function redactUrl(url: string): string {
  return url.replace(/^(\w+:\/\/)([^:@/]*):([^@/]*)@/, '$1$2:***@');
}

/** ioredis / BullMQ connection options for a target. */
export function connectionOptions(target: RedisTarget) {
  return {
    host: target.host,
    port: target.port,
    db: target.db,
    ...(target.username ? { username: target.username } : {}),
    ...(target.password ? { password: target.password } : {}),
    ...(target.tls ? { tls: {} } : {}),
    // BullMQ's blocking commands need this; failures surface through our own watchdog instead.
    maxRetriesPerRequest: null,
    connectTimeout: 5000,
  };
}
