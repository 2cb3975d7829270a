/**
 * The soaks' memory summary. Heaps grow in a sawtooth between garbage collections, so each tenth of
 * a run is summarised by its floor (the lowest reading, just after a collection) and the whole run
 * by its peak; a leak raises the floors. The first tenth is warm-up: growth compares the second
 * tenth's floor with the last tenth's.
 */
export type Memory = { mainHeapUsedBytes: number; shardHeapUsedBytes: number; shardExternalBytes: number; shardTensors: number };

const GAUGES: [keyof Memory, string][] = [
  ['mainHeapUsedBytes', 'main thread V8 heap (MB)'],
  ['shardHeapUsedBytes', 'shard V8 heap, largest (MB)'],
  ['shardExternalBytes', 'shard external memory: WebAssembly + buffers, largest (MB)'],
  ['shardTensors', 'live tfjs tensors per shard'],
];

export function memoryFloors(readings: Memory[]) {
  const tenths = Array.from({ length: 10 }, (_, w) => readings.slice(Math.floor((w * readings.length) / 10), Math.floor(((w + 1) * readings.length) / 10)));
  return GAUGES.map(([key, label]) => {
    const floors = tenths.map((w) => Math.min(...w.map((r) => r[key])));
    const peak = Math.max(...readings.map((r) => r[key]));
    const before = floors[1];
    const after = floors[floors.length - 1];
    return { key, label, floors, before, after, peak, growth: before ? after / before - 1 : 0 };
  });
}

/** A gauge's reading as the reports show it: MB, or a count of tensors. */
export function showGauge(key: keyof Memory, x: number): string {
  return key === 'shardTensors' ? String(Math.round(x)) : (x / 1e6).toFixed(1);
}
