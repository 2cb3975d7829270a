/** The plain HTTP side of the stream server's port: the viewer at `/`, its script, and `GET /healthz`. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { viewerPage, viewerScript } from './viewer-assets.ts';

export async function serveHttp(req: IncomingMessage, res: ServerResponse, health: () => Record<string, unknown>): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  try {
    if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'only GET\n');
    if (path === '/healthz') return reply(res, 200, 'application/json', JSON.stringify(health()));
    if (path === '/' || path === '/index.html') return reply(res, 200, 'text/html; charset=utf-8', viewerPage());
    if (path === '/viewer.js') return reply(res, 200, 'text/javascript; charset=utf-8', await viewerScript());
    if (path === '/favicon.ico') return reply(res, 204, 'text/plain', '');
    return reply(res, 404, 'text/plain', 'not found\n');
  } catch (error) {
    return reply(res, 500, 'text/plain', `coevo: ${(error as Error).message}\n`);
  }
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}
