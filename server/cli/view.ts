/**
 * `coevo view RUN_DIR...`: the viewer over finished or running run directories, read-only (charts
 * of any metrics field with the runs overlaid, CIAO matrices and ratings, replays). `coevo replay
 * FILE`: a replay's summary, or with `--serve` the viewer playing it. Both serve until Ctrl-C.
 */
import { existsSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { Command } from 'commander';
import { CoevoError } from '../errors.ts';
import { readReplay } from '../replays/replay-file.ts';
import { STREAM_DEFAULTS } from '../stream/stream-server.ts';
import { RunLibrary, type LibraryEntry } from '../viewing/run-library.ts';
import { serveLibrary } from '../viewing/view-server.ts';
import { portNumber } from './parse.ts';

interface ServeFlags {
  host: string;
  port: number;
  serve?: boolean;
}

export function viewCommand(): Command {
  return new Command('view')
    .description('serve the viewer for run directories, finished or running, read-only: charts of any metrics field (runs overlaid), CIAO matrices, ratings and replays (docs/viewer.md)')
    .argument('<runDirs...>', 'run directories')
    .option('--host <host>', 'address to serve on', STREAM_DEFAULTS.host)
    .option('--port <port>', 'port to serve on; 0 picks a free one', portNumber, STREAM_DEFAULTS.port)
    .action(async (runDirs: string[], flags: ServeFlags) => {
      const names = new Map<string, number>();
      const entries = runDirs.map((dir): LibraryEntry => {
        if (!existsSync(join(dir, 'config.json')) && !existsSync(join(dir, 'metrics.jsonl'))) {
          throw new CoevoError('NO_CHECKPOINT', `${dir} is not a run directory (no config.json or metrics.jsonl)`);
        }
        // Two runs of the same folder name (runs/a/s1, runs/b/s1) are told apart by a number.
        const base = basename(resolve(dir));
        const seen = names.get(base) ?? 0;
        names.set(base, seen + 1);
        return { name: seen ? `${base} (${seen + 1})` : base, dir };
      });
      await serveUntilStopped(new RunLibrary(entries, 'view'), flags, `viewing ${entries.length} run${entries.length > 1 ? 's' : ''}`);
    });
}

export function replayCommand(): Command {
  return new Command('replay')
    .description('summarise a replay file (RUN/replays/gen-NNNNNN.replay), or with --serve play it in the viewer (docs/viewer.md)')
    .argument('<file>', 'a replay file')
    .option('--serve', 'serve the viewer playing it')
    .option('--host <host>', 'address to serve on (implies --serve)')
    .option('--port <port>', 'port to serve on; 0 picks a free one (implies --serve)', portNumber)
    .action(async (file: string, flags: Partial<ServeFlags>) => {
      const replay = readReplay(file);
      if (!flags.serve && flags.host === undefined && flags.port === undefined) {
        const seconds = (replay.frames - 1) / replay.hz;
        console.log(`${file}: ${replay.scenario}, run ${replay.runId}, generation ${replay.generation}, ${replay.frames} frames (${seconds.toFixed(1)} s at ${replay.hz} Hz), seed ${replay.seed}`);
        console.log(`champion: ${replay.champion.population} member ${replay.champion.member} in seat ${replay.champion.agent}`);
        for (const seat of replay.seats)
          console.log(`  seat ${seat.agent}: ${seat.population} (${seat.role} ${seat.slot}), member ${seat.member}: fitness ${seat.fitness.toFixed(3)}, score ${seat.score}`);
        console.log(`${replay.events.length} events`);
        return;
      }
      const library = new RunLibrary([{ name: basename(file), dir: null, replayFile: file }], 'view');
      await serveUntilStopped(library, { host: flags.host ?? STREAM_DEFAULTS.host, port: flags.port ?? STREAM_DEFAULTS.port }, `playing ${basename(file)}`);
    });
}

async function serveUntilStopped(library: RunLibrary, flags: { host: string; port: number }, what: string): Promise<void> {
  const server = await serveLibrary(library, flags.host, flags.port);
  console.log(`${what} at http://${flags.host}:${server.port}/ (Ctrl-C stops)`);
  await new Promise<void>((done) => {
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
  await server.close();
}
