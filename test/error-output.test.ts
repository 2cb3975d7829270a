import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

function node(args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
}

describe('what a failing command prints', () => {
  it('is one readable line for a user error in a script (npm run experiment with a missing --out)', () => {
    const result = node(['scripts/experiment.ts', 'learning', '--out', join(ROOT, 'no-such-folder-here'), '--seeds', '1', '--generations', '1']);
    expect(result.status).toBe(2);
    expect(result.stderr.trim()).toMatch(/^experiment: --out .*no-such-folder-here: no such folder/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it("is the error's own message and stack for a bug after the wasm backend loaded, not the backend's minified source", () => {
    const script = "import { initTf } from './agents/tf.ts'; await initTf('wasm'); setTimeout(() => { throw new Error('a bug'); }, 10);";
    const result = node(['--input-type=module', '-e', script]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Error: a bug');
    expect(result.stderr).not.toContain('WasmBackendModule');
    expect(result.stderr.length).toBeLessThan(2000);
  });
});
