/**
 * How the outside (viewers with the control token) steers a run between generations: pause,
 * resume, single step, save a checkpoint now. The run loop awaits `beforeGeneration()`.
 */
export class RunControl {
  private paused = false;
  private steps = 0;
  private wake: (() => void) | null = null;
  private checkpointWanted: ((path: string) => void)[] = [];
  /** Aborted by a clean stop, so that a paused run can still be stopped. */
  stopRequested = (): boolean => false;

  get isPaused(): boolean {
    return this.paused;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.release();
  }

  /** While paused: let exactly one more generation run. */
  step(): void {
    this.steps++;
    this.release();
  }

  /** Resolves with the checkpoint's folder once the run has written it (between generations). */
  requestCheckpoint(): Promise<string> {
    return new Promise((resolve) => {
      this.checkpointWanted.push(resolve);
      this.release();
    });
  }

  /** The run loop calls this before each generation; `save` writes a checkpoint now. */
  async beforeGeneration(save: () => string): Promise<void> {
    for (;;) {
      const waiting = this.checkpointWanted.splice(0);
      if (waiting.length) {
        const path = save();
        waiting.forEach((resolve) => resolve(path));
      }
      if (this.stopRequested()) return;
      if (!this.paused) return;
      if (this.steps > 0) {
        this.steps--;
        return;
      }
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        // Wake regularly so that a stop signal is noticed while paused.
        setTimeout(resolve, 200).unref();
      });
      this.wake = null;
    }
  }

  private release(): void {
    this.wake?.();
  }
}
