/**
 * How the ecology experiments measure a run: capacity, lifespan, the fall after the change and
 * the recovery from it, and the verdict on the target (some social strategy recovers at
 * least 2x faster than `none`). Every design changes its world at CHANGE_AT; its runs may differ
 * in length, so what depends on the end (the share kept, the latest recovery a run can show)
 * is read from the run's own rows.
 */
import { mean, median } from '../../agents/stats.ts';
import { RunDir } from '../../server/run/run-dir.ts';
import { generationsToRecover } from '../../server/reports/recovery.ts';

/** When the world changes, in simulated seconds. */
export const CHANGE_AT = 300;
export const REPORT_SECONDS = 5;
/** The plateau before the change over which capacity, energy and lifespan are measured. */
export const PLATEAU: [number, number] = [200, CHANGE_AT];
/** A recovery counts once the population stays back this long: a noisy population's brief return while still falling is not one. */
export const HOLD_SECONDS = 50;
/**
 * The window of the smoothed recovery: about one boom-and-bust cycle of a lean world's population
 * (20–25 s), so that a recovery is judged on the population's level rather than on where in its
 * swing a report happens to fall.
 */
export const SMOOTH_SECONDS = 25;

export interface Row {
  simSeconds: number;
  population: number;
  deaths: number;
  meanAgeAtDeath: number | null;
  energy: { mean: number };
  /** `reverted` only under `keepCopy: "critical"`. */
  imitation: { events: number; reverted?: number };
  /** Wall-clock figures of the report's windows. */
  timing: { seconds: number };
}

export interface RunMeasures {
  capacity: number;
  timeToCapacity: number;
  meanEnergy: number;
  lifespan: number;
  before: number;
  /** Simulated seconds after the change until the population is back at 80% of `before`; Infinity if never; 0 if it never fell below. */
  recovery: number;
  /** The same, back to 95% of `before`: the recovery measure that still tells strategies apart when the fall is shallow. */
  recovery95: number;
  /** `recovery` on the population averaged over SMOOTH_SECONDS, centred on each report. */
  recoverySmoothed: number;
  trough: number;
  /** Mean population over the last 100 s, as a share of `before`. */
  kept: number;
  imitations: number;
  /** Copies undone (`keepCopy: "critical"`). */
  reverted: number;
}

export function rowsOf(runDir: string): Row[] {
  return new RunDir(runDir).readMetrics() as unknown as Row[];
}

/** The latest recovery a run of `runSeconds` can show: one that starts later has no time left to hold. */
export function lastVisibleRecovery(runSeconds: number): number {
  return runSeconds - CHANGE_AT - HOLD_SECONDS;
}

/** A run's figures as the tables give them; exported for probes that measure runs of other configs the same way. */
export function measure(rows: Row[]): RunMeasures {
  const end = rows.at(-1)?.simSeconds ?? 0;
  const inPlateau = rows.filter((r) => r.simSeconds > PLATEAU[0] && r.simSeconds <= PLATEAU[1]);
  const capacity = mean(inPlateau.map((r) => r.population));
  let timeToCapacity = Number.POSITIVE_INFINITY;
  const preChange = rows.filter((r) => r.simSeconds <= CHANGE_AT);
  for (let i = preChange.length - 1; i >= 0 && Math.abs(preChange[i].population / capacity - 1) <= 0.1; i--) timeToCapacity = preChange[i].simSeconds;
  const deaths = inPlateau.reduce((s, r) => s + r.deaths, 0);
  const lifespan = inPlateau.reduce((s, r) => s + (r.meanAgeAtDeath ?? 0) * r.deaths, 0) / Math.max(1, deaths);
  const before = mean(rows.filter((r) => r.simSeconds > CHANGE_AT - 50 && r.simSeconds <= CHANGE_AT).map((r) => r.population));
  const after = rows.filter((r) => r.simSeconds > CHANGE_AT);
  const trough = Math.min(...after.map((r) => r.population));
  return {
    capacity,
    timeToCapacity,
    meanEnergy: mean(inPlateau.map((r) => r.energy.mean)),
    lifespan,
    before,
    recovery: recoverySeconds(rows, 0.8 * before),
    recovery95: recoverySeconds(rows, 0.95 * before),
    recoverySmoothed: recoverySeconds(smoothed(rows), 0.8 * before),
    trough,
    kept: mean(rows.filter((r) => r.simSeconds > end - 100).map((r) => r.population)) / before,
    imitations: rows.reduce((s, r) => s + r.imitation.events, 0),
    reverted: rows.reduce((s, r) => s + (r.imitation.reverted ?? 0), 0),
  };
}

/** The rows with each population replaced by its mean over SMOOTH_SECONDS centred on it (fewer reports at the run's ends). */
function smoothed(rows: Row[]): Row[] {
  const half = Math.floor(SMOOTH_SECONDS / REPORT_SECONDS / 2);
  return rows.map((row, i) => ({ ...row, population: mean(rows.slice(Math.max(0, i - half), i + half + 1).map((r) => r.population)) }));
}

/**
 * Simulated seconds after the change until the population, once below `level`, is back at it (to
 * the end of the report that shows it back) and stays there for HOLD_SECONDS; 0 if it never fell
 * below, Infinity if it never came back for that long within the run. `coevo report`'s measure
 * (server/reports/recovery.ts) with a hold, counted in reports.
 */
function recoverySeconds(rows: Row[], level: number): number {
  const at = rows.findIndex((r) => r.simSeconds > CHANGE_AT);
  const reports = generationsToRecover(
    rows.map((r) => r.population),
    at,
    level,
    rows.length,
    HOLD_SECONDS / REPORT_SECONDS,
  );
  if (reports === null) return Number.POSITIVE_INFINITY;
  return reports === 0 ? 0 : rows[at + reports].simSeconds - CHANGE_AT;
}

/**
 * How many times faster a recovery of `fast` seconds is than one of `slow` (Infinity: not within
 * the run; 0: never fell that low). Where `slow` never came back, the latest recovery the run could
 * show (`lastVisible`: one that still has HOLD_SECONDS to stay) bounds it from below, so the figure
 * is a lower bound; NaN where there is nothing to compare.
 */
export function speedup(slow: number, fast: number, lastVisible = lastVisibleRecovery(600)): number {
  if (slow === 0 || !Number.isFinite(fast)) return Number.NaN;
  const bound = Number.isFinite(slow) ? slow : lastVisible;
  return fast === 0 ? Number.POSITIVE_INFINITY : bound / fast;
}

export function ratioText(slow: number, fast: number, lastVisible = lastVisibleRecovery(600)): string {
  if (slow === 0) return 'not comparable (the population of `none` never fell that low)';
  if (!Number.isFinite(slow) && !Number.isFinite(fast)) return 'not comparable (neither came back)';
  if (!Number.isFinite(fast)) return 'slower (it did not come back)';
  if (fast === 0) return 'faster still (it never fell that low)';
  const times = speedup(slow, fast, lastVisible).toFixed(2);
  return Number.isFinite(slow) ? `${times}x` : `at least ${times}x (\`none\` did not come back within ${lastVisible} s)`;
}

/** The verdict on the target for one change: medians of the seeds, `none` first in `measured`. */
export function verdict(measured: { strategy: string; runs: RunMeasures[] }[], lastVisible: number, withSmoothed = false): string {
  const fastest = (key: 'recovery' | 'recovery95' | 'recoverySmoothed') =>
    measured
      .slice(1)
      .map(({ strategy, runs }) => ({ strategy, recovery: median(runs.map((r) => r[key])) }))
      .reduce((a, b) => (b.recovery < a.recovery ? b : a));
  const none = median(measured[0].runs.map((r) => r.recovery));
  const none95 = median(measured[0].runs.map((r) => r.recovery95));
  const best = fastest('recovery');
  const best95 = fastest('recovery95');
  const fmt = (seconds: number) => secondsText(seconds, lastVisible);
  const noneSmoothed = median(measured[0].runs.map((r) => r.recoverySmoothed));
  const bestSmoothed = fastest('recoverySmoothed');
  const smoothedText = withSmoothed
    ? ` On the population averaged over ${SMOOTH_SECONDS} s: \`none\` ${fmt(noneSmoothed)}, the fastest social strategy (\`${bestSmoothed.strategy}\`) ${fmt(bestSmoothed.recovery)}, ${ratioText(noneSmoothed, bestSmoothed.recovery, lastVisible)}: ${targetVerdict(noneSmoothed, bestSmoothed.recovery, lastVisible)} on this measure.`
    : '';
  return `Target: some social strategy recovers at least 2x faster than \`none\`. Median recovery to 80% of \`none\`: ${fmt(none)}; the fastest social strategy, \`${best.strategy}\`: ${fmt(best.recovery)}, ${ratioText(none, best.recovery, lastVisible)}: **${targetVerdict(none, best.recovery, lastVisible)}**. To 95%: \`none\` ${fmt(none95)}, the fastest social strategy (\`${best95.strategy}\`) ${fmt(best95.recovery)}, ${ratioText(none95, best95.recovery, lastVisible)}.${smoothedText}`;
}

/**
 * The verdict on one level. A strategy whose median seed never fell below the level had nothing
 * to recover from: that is a shallower fall, which the rule's ratio counts as infinitely fast, so
 * it is named as such rather than called a faster recovery.
 */
export function targetVerdict(none: number, fastest: number, lastVisible: number): string {
  if (!(speedup(none, fastest, lastVisible) >= 2)) return 'not met'; // NaN too: nothing to compare
  return fastest === 0 ? 'met only by a shallower fall, not by a faster recovery' : 'met';
}

/** A table's cells for one strategy's runs; `withSmoothed` adds the smoothed recovery after the others (cellHeaders(true)). */
export function cells(strategy: string, runs: RunMeasures[], lastVisible: number, withSmoothed = false): string[] {
  const of = (key: keyof RunMeasures) => runs.map((r) => r[key]);
  const recoveries = (xs: number[]) => `${secondsText(median(xs), lastVisible)} [${xs.map((x) => (Number.isFinite(x) ? x.toFixed(0) : '∞')).join(', ')}]`;
  return [
    strategy,
    spread(of('capacity'), 0),
    spread(of('timeToCapacity'), 0, ' s'),
    spread(of('meanEnergy'), 1),
    spread(of('lifespan'), 0, ' s'),
    spread(of('trough'), 0),
    recoveries(of('recovery')),
    recoveries(of('recovery95')),
    ...(withSmoothed ? [recoveries(of('recoverySmoothed'))] : []),
    spread(of('kept'), 2),
    spread(of('imitations'), 0),
    spread(of('reverted'), 0),
  ];
}

export function cellHeaders(withSmoothed = false): string[] {
  return [
    'strategy',
    'carrying capacity (agents)',
    'time to capacity',
    'mean energy',
    'lifespan',
    'trough after the change',
    'recovery to 80%',
    'recovery to 95%',
    ...(withSmoothed ? [`recovery to 80%, averaged over ${SMOOTH_SECONDS} s`] : []),
    'kept',
    'imitation events',
    'copies undone',
  ];
}

function secondsText(seconds: number, lastVisible: number): string {
  return Number.isFinite(seconds) ? `${seconds.toFixed(0)} s` : `not within ${lastVisible} s`;
}

function spread(xs: number[], digits: number, unit = ''): string {
  const finite = xs.filter(Number.isFinite);
  if (!finite.length) return 'never';
  const tail = finite.length < xs.length ? ` (${xs.length - finite.length} never)` : '';
  const middle = median(xs);
  // Most runs never got there: the median itself is "never".
  const centre = Number.isFinite(middle) ? `${middle.toFixed(digits)}${unit}` : 'never';
  return `${centre} [${Math.min(...finite).toFixed(digits)}–${Math.max(...finite).toFixed(digits)}]${tail}`;
}
