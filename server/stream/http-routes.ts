/**
 * The plain HTTP side of a viewer's port: the viewer at `/`, its script, `GET /healthz`, and the
 * read-only API over run directories that charts and replays use (docs/viewer.md):
 *
 * - `GET /api/runs`: the runs, their scenario, metrics rows, replays and progress reports;
 * - `GET /api/fields`: every numeric metrics field of any run;
 * - `GET /api/chart.svg?field=F`: that field over generations, one line per run, changes marked;
 * - `GET /api/runs/I/metrics`: run I's metrics rows (JSON);
 * - `GET /api/runs/I/replays/G`: run I's replay of generation G (MessagePack, float32 bins);
 * - `GET /api/runs/I/progress/FILE`: a CIAO matrix or the champion ratings (SVG or JSON).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RunLibrary } from '../viewing/run-library.ts';
import { viewerPage, viewerScript } from './viewer-assets.ts';

export async function serveHttp(req: IncomingMessage, res: ServerResponse, health: () => Record<string, unknown>, library: RunLibrary | null = null): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  try {
    if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'only GET\n');
    if (path === '/healthz') return reply(res, 200, 'application/json', JSON.stringify(health()));
    if (path === '/' || path === '/index.html') return reply(res, 200, 'text/html; charset=utf-8', viewerPage());
    if (path === '/viewer.js') return reply(res, 200, 'text/javascript; charset=utf-8', await viewerScript());
    if (path === '/favicon.ico') return reply(res, 204, 'text/plain', '');
    if (library && path.startsWith('/api/')) {
      const answer = api(library, path.slice(5), url.searchParams);
      return reply(res, answer.status, answer.type, answer.body);
    }
    return reply(res, 404, 'text/plain', 'not found\n');
  } catch (error) {
    return reply(res, 500, 'text/plain', `coevo: ${(error as Error).message}\n`);
  }
}

interface Answer {
  status: number;
  type: string;
  body: string | Uint8Array;
}

function api(library: RunLibrary, path: string, query: URLSearchParams): Answer {
  const json = (value: unknown): Answer => ({ status: 200, type: 'application/json', body: JSON.stringify(value) });
  const missing = (what: string): Answer => ({ status: 404, type: 'text/plain', body: `${what}\n` });
  if (path === 'runs') return json(library.listing());
  if (path === 'fields') return json(library.numericFields());
  if (path === 'chart.svg') {
    const field = query.get('field') ?? '';
    const svg = library.chart(field);
    return svg ? { status: 200, type: 'image/svg+xml', body: svg } : missing(`no run has a numeric field "${field}" (GET /api/fields lists them)`);
  }
  const [runs, index, kind, item] = path.split('/');
  const run = Number(index);
  if (runs !== 'runs' || !library.entry(run)) return missing(`no run ${index}; GET /api/runs lists them`);
  if (kind === 'metrics' && item === undefined) return json(library.metrics(run));
  if (kind === 'replays' && item !== undefined) {
    const bytes = library.replay(run, Number(item));
    return bytes ? { status: 200, type: 'application/msgpack', body: bytes } : missing(`run ${run} has no replay of generation ${item}`);
  }
  if (kind === 'progress' && item !== undefined) {
    const text = library.progressFile(run, item);
    return text === null ? missing(`run ${run} has no progress file ${item}`) : { status: 200, type: item.endsWith('.svg') ? 'image/svg+xml' : 'application/json', body: text };
  }
  return missing(`unknown API path /api/${path}`);
}

function reply(res: ServerResponse, status: number, type: string, body: string | Uint8Array): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
