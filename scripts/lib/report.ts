/**
 * docs/results.md and docs/performance.md hold one section per script between markers, so each
 * script rewrites its own section and leaves the others alone.
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomic } from '../../server/atomic-file.ts';

const RESULTS_HEADER = '# Results\n\nEvery figure here is produced by a script in `scripts/`; each section names its command.\n';

export function writeSection(path: string, name: string, body: string, header = RESULTS_HEADER): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${start}\n${body.trim()}\n${end}`;
  const current = existsSync(path) ? readFileSync(path, 'utf8') : header;
  const from = current.indexOf(start);
  const to = current.indexOf(end);
  const next = from >= 0 && to > from ? current.slice(0, from) + block + current.slice(to + end.length) : `${current.trimEnd()}\n\n${block}\n`;
  writeFileAtomic(path, next);
}

/** A Markdown table with its columns padded to one width, as the formatter (`npm run lint`) wants them. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, c) => Math.max(3, ...cells.map((row) => (row[c] ?? '').length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  return [line(cells[0]), line(widths.map((w) => '-'.repeat(w))), ...cells.slice(1).map(line)].join('\n');
}
