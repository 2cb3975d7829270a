/**
 * What every kind of run reports about how it ran (time, retries, memory), and how it stops on
 * SIGINT or SIGTERM: after the current generation, with a checkpoint.
 */
import { max } from '../../agents/stats.ts';
import type { EvaluatorReport } from '../evaluation/evaluator.ts';

/** The volatile fields of a metrics row (run-dir.ts VOLATILE_FIELDS), from an evaluator's report. */
export function healthFields(report: EvaluatorReport) {
  const usage = process.memoryUsage();
  return {
    time: new Date().toISOString(),
    shardRetries: report.retries,
    memory: {
      mainHeapUsedBytes: usage.heapUsed,
      shardHeapUsedBytes: max(report.shards.map((s) => s.heapUsedBytes)),
      shardExternalBytes: max(report.shards.map((s) => s.externalBytes)),
      shardTensors: max(report.shards.map((s) => s.tensors)),
    },
  };
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** SIGINT/SIGTERM ask the run to stop after the current generation; a second one exits at once. */
export function stopOnSignals(signal?: AbortSignal) {
  let requested = false;
  const onSignal = (name: NodeJS.Signals) => {
    if (requested) process.exit(130);
    requested = true;
    process.stderr.write(`\n${name}: finishing this generation, saving a checkpoint, then stopping (again to quit now)\n`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    requested: () => requested || signal?.aborted === true,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
