/** Median rate of repeated timed runs after one warm-up run. */
export async function medianRate(run: () => Promise<number> | number, repeats: number): Promise<number> {
  await run(); // warm-up: JIT, wasm tier-up, worker start
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    const work = await run();
    rates.push(work / ((performance.now() - start) / 1000));
  }
  rates.sort((a, b) => a - b);
  return rates[rates.length >> 1];
}
