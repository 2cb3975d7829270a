/** The browser viewer's files: its page, and its script bundled on first request by esbuild. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const VIEWER_DIR = join(import.meta.dirname, '..', '..', 'viewer');
let bundle: Promise<string> | null = null;

export function viewerPage(): string {
  return readFileSync(join(VIEWER_DIR, 'index.html'), 'utf8');
}

export function viewerScript(): Promise<string> {
  bundle ??= build({
    entryPoints: [join(VIEWER_DIR, 'main.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    logLevel: 'silent',
  }).then((result) => result.outputFiles[0].text);
  return bundle;
}
