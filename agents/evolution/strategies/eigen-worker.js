// A worker thread that decomposes one symmetric matrix (eigen-thread.ts); it registers tsx so
// that the TypeScript decomposition runs without a build step, as the shards do.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { symmetricEigen } = await import('./eigen.ts');
parentPort.once('message', ({ a, n }) => {
  const { values, vectors } = symmetricEigen(a, n);
  parentPort.postMessage({ values, vectors }, [values.buffer, vectors.buffer]);
});
