// A worker thread of the parts ceiling (ceiling.ts): plain JavaScript so that it can register tsx
// before loading the TypeScript that steps the pipeline's parts.
import { register } from 'tsx/esm/api';

register();
await import('./parts-thread.ts');
