/** Steps one region's window with the run's policy network and inference backend (main thread or shard). */
import { policyBatchFactory } from '../../agents/policy-batch.ts';
import { ACTION_SIZE, ecologyObservationSize } from '../../worlds/ecology/options.ts';
import { type RegionOutcome, type RegionWindow, stepRegion } from '../../worlds/ecology/region.ts';
import type { Config } from '../config/schema.ts';
import { type Engine, mlpShape } from '../evaluation/engine.ts';

export function ecologyShape(config: Config) {
  return mlpShape(ecologyObservationSize(config.worlds.ecology), ACTION_SIZE, config.policy);
}

export function regionStepper(engine: Engine, config: Config): (window: RegionWindow) => RegionOutcome {
  const policies = policyBatchFactory(engine.inference, ecologyShape(config), engine.tf);
  return (window) => stepRegion(engine.rapier, policies, window);
}

/** The buffers of a window or an outcome, to transfer rather than copy between threads (shared ones travel as they are). */
export function regionBuffers(value: RegionWindow | RegionOutcome): ArrayBuffer[] {
  return Object.values(value)
    .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer)
    .map((v) => v.buffer as ArrayBuffer);
}
