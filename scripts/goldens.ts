/** Rewrites test/goldens/NAME.json from test/golden-configs.ts (all of them, or those named). */
import { writeFileSync } from 'node:fs';
import { GOLDEN_CONFIGS } from '../test/golden-configs.ts';
import { goldenMetrics } from '../test/golden-runs.ts';

const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(GOLDEN_CONFIGS);
for (const name of names) {
  const config = GOLDEN_CONFIGS[name];
  if (!config) throw new Error(`no golden config "${name}" (one of ${Object.keys(GOLDEN_CONFIGS).join(', ')})`);
  const rows = await goldenMetrics(config);
  writeFileSync(new URL(`../test/goldens/${name}.json`, import.meta.url), `${JSON.stringify(rows, null, 1)}\n`);
  console.log(`test/goldens/${name}.json: ${rows.length} rows`);
}
