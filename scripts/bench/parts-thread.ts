/**
 * One thread of the parts ceiling (ceiling.ts): runs one of the pipeline's own parts (Rapier
 * stepping of the forage arenas under constant actions, or the policy forward pass) for the wall
 * time it is asked for, and answers with its rate (agent-steps a second).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { resolveConfig } from '../../server/config/resolve.ts';
import { rawInference, rawPhysics } from './pipeline.ts';

const { part, build, agents } = workerData as { part: 'physics' | 'inference'; build: string; agents: number };
const config = resolveConfig({ physics: { rapier: build }, workers: 0, worlds: { forage: { sensors: 'analytic', episodeSeconds: 5 } } });
const variant = part === 'physics' ? await rawPhysics(config, agents / 8, part) : await rawInference(config, agents, part);
parentPort!.on('message', async ({ ms }: { ms: number }) => {
  const start = performance.now();
  let work = 0;
  while (performance.now() - start < ms) work += await variant.run();
  parentPort!.postMessage(work / ((performance.now() - start) / 1000));
});
parentPort!.postMessage('ready');
