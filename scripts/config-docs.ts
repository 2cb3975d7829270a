/** Rewrites docs/config.md from the config schema (server/config/docs.ts). */
import { writeFileSync } from 'node:fs';
import { configDocs } from '../server/config/docs.ts';

writeFileSync(new URL('../docs/config.md', import.meta.url), configDocs());
console.log('docs/config.md written from server/config/schema.ts');
