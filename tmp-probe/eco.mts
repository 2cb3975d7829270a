import { resolveConfig } from '../server/config/resolve.ts';
import { runEcology } from '../server/ecology/run-ecology.ts';
import { rmSync } from 'node:fs';
const workers = Number(process.argv[2] ?? 0);
const agents = Number(process.argv[3] ?? 1000);
const config = resolveConfig({
  scenario: 'ecology',
  workers,
  seed: 3,
  physics: { rapier: 'simd' },
  policy: { hiddenSizes: [16] },
  worlds: { ecology: { runSeconds: 300, initialAgents: agents, reportSeconds: 20 } },
});
rmSync('/tmp/eco-run', { recursive: true, force: true });
const t = performance.now();
const s = await runEcology({ config, runDir: '/tmp/eco-run', resume: false, log: console.log });
console.log(s, ((performance.now() - t) / 1000).toFixed(1), 's');
