/**
 * `npm run bench`: prints one JSON object per measurement and rewrites docs/performance.md.
 * Options: --seconds S (time per measurement), --out FILE.
 */
import { parseArgs } from 'node:util';
import { resolveConfig } from '../../server/config.ts';
import { policyShapeFor } from '../../server/setup.ts';
import { createScenario } from '../../worlds/registry.ts';
import { benchInference } from './inference.ts';
import { writePerformanceReport } from './report.ts';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    out: { type: 'string', default: 'docs/performance.md' },
  },
});
const seconds = Number(values.seconds);
const config = resolveConfig({});
const shape = policyShapeFor(config, createScenario(config.scenario, config.worlds));

const inference = await benchInference(shape, [8, 64, 512], seconds);
for (const figure of inference) console.log(JSON.stringify(figure));
writePerformanceReport(values.out!, { shape, inference });
