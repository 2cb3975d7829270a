/**
 * A MAP-Elites archive as a picture (`archive-<population>.svg` in the run directory, rewritten at
 * every checkpoint): one square per cell, coloured by its elite's fitness, grey where empty; the
 * first descriptor value across, the second up.
 */
import type { ArchiveView } from '../../agents/evolution/strategies/map-elites.ts';
import { heatmap } from './svg-plot.ts';

export function archivePicture(view: ArchiveView, features: [string, string], title: string): string {
  const { cells, bounds } = view;
  // values[row][col]: row 0 at the top holds the second value's highest cells.
  const values = Array.from({ length: cells }, () => new Array<number>(cells).fill(Number.NaN));
  view.filled.forEach((cell, k) => {
    const across = Math.floor(cell / cells);
    const up = cell % cells;
    values[cells - 1 - up][across] = view.fitness[k];
  });
  const edges = ([lo, hi]: [number, number]) => Array.from({ length: cells }, (_, i) => format(lo + ((hi - lo) * i) / cells));
  const fitness = view.fitness.length ? view.fitness : [0];
  const min = Math.min(...fitness);
  const max = Math.max(...fitness);
  return heatmap(values, {
    title: `${title}: ${view.filled.length}/${cells * cells} cells, best ${format(max)}`,
    xLabel: `${features[0]} (cell's low edge)`,
    yLabel: `${features[1]} (cell's low edge)`,
    xTicks: edges(bounds[0]),
    yTicks: edges(bounds[1]).reverse(),
    min,
    max: max > min ? max : min + 1,
  });
}

function format(v: number): string {
  return String(Number(v.toPrecision(3)));
}
