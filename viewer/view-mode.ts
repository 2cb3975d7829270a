/**
 * The viewer over run directories (`coevo view RUN_DIR...`, `coevo replay FILE --serve`): no live
 * stream, but charts of any numeric metrics field with every run's curve overlaid and the
 * schedule's changes marked (drawn by the server as SVG), each co-evolution run's CIAO matrices
 * and champion ratings, and every run's replays.
 */
import type { ReplayChoice, ReplayPlayer } from './replay-player.ts';

/** What `GET /api/runs` answers (server/viewing/run-library.ts). */
export interface Listing {
  mode: 'live' | 'view';
  runs: { index: number; name: string; scenario: string | null; rows: number; replays: { generation: number; bytes: number }[]; progress: string[] }[];
}

export interface ViewElements {
  field: HTMLSelectElement;
  chart: HTMLImageElement;
  runs: HTMLElement;
  progress: HTMLElement;
}

/** The replays of every run, for the player's picker. */
export function replayChoices(listing: Listing): ReplayChoice[] {
  const several = listing.runs.length > 1;
  return listing.runs.flatMap((run) => run.replays.map((r) => ({ run: run.index, generation: r.generation, label: `${several ? `${run.name}: ` : ''}generation ${r.generation}` })));
}

export async function startViewMode(listing: Listing, ui: ViewElements, player: ReplayPlayer): Promise<void> {
  document.body.dataset.mode = 'view';
  player.live = false;
  ui.runs.replaceChildren(
    ...listing.runs.map((run) => {
      const line = document.createElement('div');
      line.textContent = `${run.name}: ${run.scenario ?? 'replay'}, ${run.rows} rows, ${run.replays.length} replays`;
      return line;
    }),
  );
  const fields: string[] = await (await fetch('/api/fields')).json();
  ui.field.replaceChildren(...fields.map((f) => new Option(f, f)));
  const preferred = fields.find((f) => f === 'fitness.best') ?? fields.find((f) => /^populations\.[^.]+\.fitness\.best$/.test(f)) ?? fields[0];
  const show = () => {
    ui.chart.src = `/api/chart.svg?field=${encodeURIComponent(ui.field.value)}`;
    ui.chart.alt = `${ui.field.value} over generations, one line per run`;
  };
  ui.field.addEventListener('change', show);
  if (preferred) {
    ui.field.value = preferred;
    show();
  } else ui.chart.style.display = 'none'; // a lone replay has no metrics
  ui.progress.replaceChildren(
    ...listing.runs.flatMap((run) =>
      run.progress
        .filter((f) => f.endsWith('.svg'))
        .map((file) => {
          const image = document.createElement('img');
          image.src = `/api/runs/${run.index}/progress/${file}`;
          image.alt = `${run.name}: ${file.replace('.svg', '').replaceAll('-', ' ')}`;
          image.title = image.alt;
          return image;
        }),
    ),
  );
  const choices = replayChoices(listing);
  player.offer(choices);
  const last = choices.at(-1);
  if (last) await player.choose(`${last.run}/${last.generation}`);
}
