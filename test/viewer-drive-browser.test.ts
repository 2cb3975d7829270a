/** Drive mode in real Chromium: keys move the driven agent the right way, the session leaves a demonstration file, and a run imitating `human` trains on it. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readDemonstrations } from '../agents/imitation/demo-file.ts';
import { humanDemoFiles, demosDir } from '../server/imitation/human-demos.ts';
import { RunDir } from '../server/run/run-dir.ts';
import { launchChromium, openViewer } from './browser-helpers.ts';
import { serveRun, TOKEN, type ServedRun } from './stream-helpers.ts';
import { join } from 'node:path';

/** The driven agent's x, as the page shows it. */
const drivenX = (page: Page) => page.evaluate(() => Number((document.body.dataset.driven ?? 'NaN,0').split(',')[0]));

/** Holds `key` until the driven agent's x passes `beyond` (in the direction `sign`); returns the x reached. */
async function holdUntil(page: Page, key: string, sign: 1 | -1, beyond: number): Promise<number> {
  await page.keyboard.down(key);
  try {
    await page.waitForFunction(
      ([limit, s]) => {
        const x = Number((document.body.dataset.driven ?? 'NaN,0').split(',')[0]);
        return s > 0 ? x > limit : x < limit;
      },
      [beyond, sign] as const,
      { timeout: 20_000 },
    );
  } finally {
    await page.keyboard.up(key);
  }
  return drivenX(page);
}

describe('drive mode in the browser viewer', () => {
  let run: ServedRun;
  let browser: Browser;
  beforeAll(async () => {
    // Long episodes, so that a drive is not cut by a new episode's start; the population imitates people.
    run = await serveRun({}, { worlds: { forage: { episodeSeconds: 30 } }, evolution: { populationSize: 8, eliteCount: 1 }, imitation: { experts: { human: 1 }, steps: 5, samplesPerLearner: 64 } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  it('drives an agent with the keys, records the demonstration, and the run learns from it', async () => {
    const { page, errors } = await openViewer(browser, `http://127.0.0.1:${run.port}/`);
    await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) > 5, undefined, { timeout: 30_000 });
    // Without the token the server refuses.
    await page.click('#drive');
    await page.waitForFunction(() => document.getElementById('drive-status')?.textContent?.startsWith('UNAUTHORIZED'), undefined, { timeout: 10_000 });
    await page.fill('#token', TOKEN);
    await page.selectOption('#drive-agent', '0');
    await page.click('#drive');
    await page.waitForFunction(() => document.body.dataset.driving === 'true' && document.body.dataset.driven !== undefined, undefined, { timeout: 10_000 });
    await page.click('#scene'); // keys go to the page, not the token field
    // The camera looks along -z at first: D pushes toward +x, A toward -x.
    const start = await drivenX(page);
    const right = await holdUntil(page, 'KeyD', 1, start + 1.5);
    expect(right).toBeGreaterThan(start);
    await holdUntil(page, 'KeyA', -1, right - 1.5);
    // A gamepad's left stick: up (its y axis at -1) drives away from the camera, toward -z; down toward +z. Toward the middle of the floor.
    const z = await page.evaluate(() => Number((document.body.dataset.driven ?? '0,NaN').split(',')[1]));
    const stickY = z > 0 ? -1 : 1;
    await page.evaluate((y) => {
      const pad = { connected: true, axes: [0, y] };
      Object.defineProperty(navigator, 'getGamepads', { configurable: true, value: () => [pad] });
      (window as unknown as { pad: typeof pad }).pad = pad;
    }, stickY);
    await page.waitForFunction(
      ([from, y]) => {
        const now = Number((document.body.dataset.driven ?? '0,NaN').split(',')[1]);
        return y < 0 ? now < from - 1.5 : now > from + 1.5;
      },
      [z, stickY] as const,
      // The same 1.5 m as the keys; 20 s was once too short with the whole suite loading both cores.
      { timeout: 40_000 },
    );
    await page.evaluate(() => ((window as unknown as { pad: { axes: number[] } }).pad.axes = [0, 0]));
    await page.click('#drive');
    await page.waitForFunction(() => document.body.dataset.driving === 'false', undefined, { timeout: 10_000 });
    expect(await page.textContent('#drive-status')).toMatch(/stopped: \d+ decisions recorded/);
    // The session's file is there and loads.
    const files = humanDemoFiles(run.runDir);
    expect(files).toHaveLength(1);
    const demos = readDemonstrations(join(demosDir(run.runDir), files[0]), { scenario: 'forage', role: 'forager', observationSize: 24, actionSize: 2 });
    expect(demos.expert).toBe('human');
    expect(demos.actions!.length).toBeGreaterThan(20);
    // Pushing right comes first, with positive x force; pushing left later, with negative; the gamepad last, toward -z.
    expect(demos.actions!.some((a, i) => i % 2 === 1 && a * stickY > 0.5)).toBe(true);
    const xs = Array.from(demos.actions!.filter((_, i) => i % 2 === 0));
    const lastRight = xs.reduce((last, x, i) => (x > 0.5 ? i : last), -1);
    expect(xs[0]).toBeGreaterThan(0.5);
    expect(xs.findIndex((x) => x < -0.5)).toBeGreaterThan(lastRight);
    // The run picks the file up between generations and its learners clone it.
    const learned = async () =>
      new RunDir(run.runDir).readMetrics().some((row) => {
        const stats = row.imitation as { humanPairs?: number; learners?: number } | undefined;
        return (stats?.humanPairs ?? 0) > 20 && (stats?.learners ?? 0) > 0;
      });
    const deadline = Date.now() + 60_000;
    while (!(await learned()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 250));
    expect(await learned()).toBe(true);
    expect(errors).toEqual([]);
  });
});
