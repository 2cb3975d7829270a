/**
 * Full CMA-ES's eigendecomposition on a thread of its own: 24.5 s for the default network's
 * 1,922 parameters, which on the main thread would stall the run's live stream and control
 * messages as well. The same code in the same V8 gives the same bits as a decomposition on the
 * main thread (a test checks), so where it runs never changes a result.
 */
import { Worker } from 'node:worker_threads';

/** Below this many parameters a decomposition is faster than starting a thread for it (0.09 s at 300). */
export const EIGEN_THREAD_DIMENSION = 600;

export function eigenOnThread(a: Float64Array, n: number): Promise<{ values: Float64Array; vectors: Float64Array }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./eigen-worker.js', import.meta.url));
    worker.once('message', (result: { values: Float64Array; vectors: Float64Array }) => {
      resolve(result);
      void worker.terminate();
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`eigendecomposition thread exited with ${code}`));
    });
    worker.postMessage({ a, n }, [a.buffer as ArrayBuffer]);
  });
}
