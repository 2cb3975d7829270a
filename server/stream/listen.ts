/** Opens an HTTP server on a host and port, with the CLI's errors for a port in use or an address this machine lacks. */
import type { Server } from 'node:http';
import { CoevoError } from '../errors.ts';

/** Resolves with the port listened on (the chosen one when `port` is 0). */
export async function listenHttp(http: Server, host: string, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE') reject(new CoevoError('BAD_FLAG', `cannot serve on ${where}: the port is in use (choose another with --port)`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new CoevoError('BAD_FLAG', `cannot serve on ${where}: no such address on this machine (--host)`));
      else reject(error);
    });
    http.listen(port, host, () => resolve());
  });
  const address = http.address();
  return typeof address === 'object' && address ? address.port : port;
}
