// Piscina loads this plain JavaScript file in each worker thread; it registers tsx so that the
// TypeScript shard code runs without a build step, wherever coevo is started from.
import { register } from 'tsx/esm/api';

register();
const shard = await import('./worker.ts');
export default shard.default;
