/**
 * The read-only viewer server of `coevo view RUN_DIR...` and `coevo replay FILE --serve`: the
 * viewer and its HTTP API over the run directories (run-library.ts), with no stream and no
 * control. It reads the files as they are at each request, so it may watch a run still going.
 */
import { createServer, type Server } from 'node:http';
import { serveHttp } from '../stream/http-routes.ts';
import { listenHttp } from '../stream/listen.ts';
import type { RunLibrary } from './run-library.ts';

export interface ViewServer {
  port: number;
  close(): Promise<void>;
}

export async function serveLibrary(library: RunLibrary, host: string, port: number): Promise<ViewServer> {
  const started = Date.now();
  const health = () => ({ status: 'ok', mode: library.mode, runs: library.entries.map((e) => e.name), uptimeSeconds: Math.round((Date.now() - started) / 1000) });
  const http: Server = createServer((req, res) => void serveHttp(req, res, health, library));
  const listening = await listenHttp(http, host, port);
  return {
    port: listening,
    close: () => new Promise<void>((resolve) => http.close(() => resolve())),
  };
}
