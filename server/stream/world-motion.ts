/**
 * Motion within a window, for viewers of the ecology. The regions record every agent's position
 * after each control step (`RegionWindow.track`); the feed plays those paths back over about as
 * much wall time as the window took to simulate, so a viewer sees the world move step by step
 * rather than jump once per window. Playback runs one window behind the simulation and never
 * slower than real time; when the run pauses it holds the window's last step.
 */
import type { RegionOutcome, RegionWindow } from '../../worlds/ecology/region.ts';

export interface WindowMotion {
  /** Control steps in the window: each path has one position per step, the last where the window left the agent. */
  steps: number;
  /** Where each agent's path starts in `track` (x, y, z per step, `steps` of them). */
  at: Map<number, number>;
  track: Float32Array;
}

/** The window's recorded paths, agent by id (null when the regions did not record them). */
export function windowMotion(windows: RegionWindow[], outcomes: RegionOutcome[]): WindowMotion | null {
  if (!windows.length || !windows[0].track) return null;
  const steps = windows[0].steps;
  const total = windows.reduce((sum, w) => sum + w.ids.length, 0);
  const track = new Float32Array(total * steps * 3);
  const at = new Map<number, number>();
  let next = 0;
  for (const out of outcomes) {
    const ids = windows[out.region].ids;
    const n = ids.length;
    for (let i = 0; i < n; i++) {
      at.set(ids[i], next);
      for (let s = 0; s < steps; s++) track.set(out.track.subarray(3 * (s * n + i), 3 * (s * n + i) + 3), next + 3 * s);
      next += 3 * steps;
    }
  }
  return { steps, at, track };
}

/**
 * Which step of the window to show `elapsed` ms into its playback, which lasts `duration` ms:
 * 0 at the start, `steps - 1` (the window's end) from `duration` on.
 */
export function stepAt(elapsed: number, duration: number, steps: number): number {
  if (duration <= 0 || elapsed >= duration) return steps - 1;
  return Math.max(0, Math.min(steps - 1, Math.floor((elapsed / duration) * steps)));
}
