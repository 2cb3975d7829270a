/**
 * How many arenas (or matches) one shard task or Redis job holds: `worldgen.arenasPerShard`.
 * A number is taken as it is; null splits a batch evenly, one task per worker; `"auto"` (the
 * default) gives every worker thread at least AUTO_TASKS_PER_WORKER tasks, and no task more than
 * AUTO_MAX_ARENAS arenas. The size never changes a run's results, only how the work is shared.
 *
 * Why: with a fixed 8, the default forage run (64 agents: 8 arenas) was one task, and a second
 * worker sat idle (246k against 470k agent-steps/s on 2 workers, measured 2026-12-01); and in the
 * bench's 256 agents, tasks of 2 arenas scaled 1.87 from 1 to 2 workers where tasks of 8 (2 a
 * worker) scaled 1.54, as one slow task left the other worker waiting at the end.
 */
export type ArenasPerShard = number | 'auto' | null;

export const AUTO_TASKS_PER_WORKER = 8;
/** Above this, a task's per-arena cost no longer falls (bench: tasks of 2 and 8 arenas ran at the same speed on one worker). */
export const AUTO_MAX_ARENAS = 8;

/**
 * Arenas per task for a batch of `tasks` on `workers` threads; `workers` null where they are not
 * known (Redis jobs: `"auto"` there means AUTO_MAX_ARENAS, the size bench:distributed measured, as
 * each job pays a round trip through Redis; null splits the batch in 4).
 */
export function taskSize(setting: ArenasPerShard, tasks: number, workers: number | null): number {
  if (typeof setting === 'number') return setting;
  if (setting === 'auto') return workers === null ? AUTO_MAX_ARENAS : Math.min(AUTO_MAX_ARENAS, Math.max(1, Math.ceil(tasks / (AUTO_TASKS_PER_WORKER * workers))));
  return Math.max(1, Math.ceil(tasks / (workers ?? 4)));
}
