/**
 * A bounded buffer of (observation, action) pairs. Past its capacity it keeps a uniform sample
 * of everything offered (reservoir sampling, drawing from the caller's seeded Rng), so memory
 * stays fixed however long a run goes while old and new data stay represented.
 */
import type { Rng } from '../rng.ts';

export class SampleBuffer {
  readonly observations: Float32Array;
  readonly actions: Float32Array;
  private count = 0;
  /** Pairs offered so far, kept or not. */
  private offered = 0;

  constructor(
    readonly capacity: number,
    readonly observationSize: number,
    readonly actionSize: number,
  ) {
    this.observations = new Float32Array(capacity * observationSize);
    this.actions = new Float32Array(capacity * actionSize);
  }

  get size(): number {
    return this.count;
  }

  /** Offers `n` pairs laid out back to back. */
  add(observations: Float32Array, actions: Float32Array, rng: Rng): void {
    const n = observations.length / this.observationSize;
    for (let i = 0; i < n; i++) {
      this.offered++;
      let slot = this.count;
      if (this.count < this.capacity) this.count++;
      else {
        slot = rng.int(this.offered);
        if (slot >= this.capacity) continue;
      }
      this.observations.set(observations.subarray(i * this.observationSize, (i + 1) * this.observationSize), slot * this.observationSize);
      this.actions.set(actions.subarray(i * this.actionSize, (i + 1) * this.actionSize), slot * this.actionSize);
    }
  }

  /** Copies the kept pairs out, in slot order. */
  contents(): { observations: Float32Array; actions: Float32Array } {
    return {
      observations: this.observations.slice(0, this.count * this.observationSize),
      actions: this.actions.slice(0, this.count * this.actionSize),
    };
  }

  /** Everything needed to continue exactly: the kept pairs and how many were offered. */
  snapshot(): { observations: Float32Array; actions: Float32Array; offered: number } {
    return { ...this.contents(), offered: this.offered };
  }

  restore(state: { observations: Float32Array; actions: Float32Array; offered: number }): void {
    this.count = state.actions.length / this.actionSize;
    if (this.count > this.capacity) throw new Error(`sample buffer: ${this.count} pairs do not fit a capacity of ${this.capacity}`);
    this.observations.set(state.observations);
    this.actions.set(state.actions);
    this.offered = state.offered;
  }
}
