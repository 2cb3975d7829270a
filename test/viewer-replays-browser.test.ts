/** Replays and `coevo view` in real Chromium: pick a generation, play, scrub, go back to live; charts of run directories overlaid. */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExperiment } from '../server/run/run.ts';
import { RunLibrary } from '../server/viewing/run-library.ts';
import { serveLibrary, type ViewServer } from '../server/viewing/view-server.ts';
import { launchChromium, openViewer } from './browser-helpers.ts';
import { smallConfig, tempDir } from './helpers.ts';
import { SMALL_SUMO, serveRun, type ServedRun } from './stream-helpers.ts';

const frameOf = (page: Page) => page.evaluate(() => Number(document.body.dataset.replayFrame ?? -1));

describe('replays in the live viewer', () => {
  let run: ServedRun;
  let browser: Browser;
  beforeAll(async () => {
    run = await serveRun();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await run?.stop();
  });

  it('plays, pauses and scrubs a generation, then goes back to live', async () => {
    const { page, errors } = await openViewer(browser, `http://127.0.0.1:${run.port}/`);
    await page.waitForFunction(() => Number(document.body.dataset.replays ?? 0) >= 2, undefined, { timeout: 60_000 });
    await page.selectOption('#replay', '0/1');
    await page.waitForFunction(() => document.body.dataset.replay === '1', undefined, { timeout: 10_000 });
    expect(await page.textContent('#replay-status')).toMatch(/^generation 1: main champion \(seat \d\), fitness -?\d+\.\d\d$/);
    // It plays: the frame moves on by itself.
    await page.waitForFunction(() => Number(document.body.dataset.replayFrame ?? 0) > 5, undefined, { timeout: 10_000 });
    // The button's own click event, not a synthetic mouse press and release: once in CI, under
    // load, the replay went on playing after a mouse click, and the player is what is tested here.
    await page.locator('#play').dispatchEvent('click'); // pause
    expect(await page.evaluate(() => document.body.dataset.replayPlaying)).toBe('false');
    const paused = await frameOf(page);
    const framesThen = Number(await page.evaluate(() => document.body.dataset.frames ?? 0));
    // Live frames keep coming (and are not drawn) while the replay stays paused.
    await page.waitForFunction((then) => Number(document.body.dataset.frames ?? 0) > then + 5, framesThen, { timeout: 30_000 });
    expect(await frameOf(page)).toBe(paused);
    // Scrubbing moves to the frame asked for.
    await page.locator('#timeline').fill('12');
    expect(await frameOf(page)).toBe(12);
    await page.selectOption('#speed', '4');
    await page.locator('#play').dispatchEvent('click');
    expect(await page.evaluate(() => document.body.dataset.replayPlaying)).toBe('true');
    await page.waitForFunction(() => Number(document.body.dataset.replayFrame ?? 0) > 30, undefined, { timeout: 10_000 });
    // Back to live: the stream's frames are drawn again.
    await page.selectOption('#replay', 'live');
    await page.waitForFunction(() => document.body.dataset.replay === undefined, undefined, { timeout: 10_000 });
    const liveThen = Number(await page.evaluate(() => document.body.dataset.frames ?? 0));
    await page.waitForFunction((then) => Number(document.body.dataset.frames ?? 0) > then + 5, liveThen, { timeout: 30_000 });
    expect(errors).toEqual([]);
  });
});

describe('coevo view', () => {
  let browser: Browser;
  let server: ViewServer;
  const dirs = { forage: tempDir('coevo-view-'), forage2: tempDir('coevo-view-'), sumo: tempDir('coevo-view-') };
  beforeAll(async () => {
    const changed = { schedule: [{ at: 2, set: { worlds: { forage: { foodCount: 6 } } } }] };
    await runExperiment({ config: smallConfig({ generations: 4, ...changed }), runDir: dirs.forage, resume: false });
    await runExperiment({ config: smallConfig({ generations: 4, seed: 9, ...changed }), runDir: dirs.forage2, resume: false });
    await runExperiment({ config: smallConfig({ ...SMALL_SUMO, generations: 3, coevolution: { ...SMALL_SUMO.coevolution, ciaoEvery: 3 } }), runDir: dirs.sumo, resume: false });
    server = await serveLibrary(
      new RunLibrary(
        [
          { name: 'forage-a', dir: dirs.forage },
          { name: 'forage-b', dir: dirs.forage2 },
          { name: 'sumo', dir: dirs.sumo },
        ],
        'view',
      ),
      '127.0.0.1',
      0,
    );
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('charts any numeric field with the runs overlaid and changes marked, shows CIAO and ratings, and plays replays', async () => {
    const base = `http://127.0.0.1:${server.port}`;
    const svg = await (await fetch(`${base}/api/chart.svg?field=fitness.best`)).text();
    expect(svg).toContain('forage-a');
    expect(svg).toContain('forage-b');
    expect(svg).toContain('changed');
    const fields: string[] = await (await fetch(`${base}/api/fields`)).json();
    expect(fields).toEqual(expect.arrayContaining(['fitness.best', 'eaten.mean', 'populations.red.fitness.best']));
    expect((await fetch(`${base}/api/chart.svg?field=nothing`)).status).toBe(404);

    const { page, errors } = await openViewer(browser, `${base}/`, { width: 1280, height: 900 });
    await page.waitForFunction(() => document.body.dataset.mode === 'view', undefined, { timeout: 10_000 });
    expect(await page.inputValue('#field')).toBe('fitness.best');
    const drawn = () => page.evaluate(() => (document.getElementById('run-chart') as HTMLImageElement).naturalWidth);
    await page.waitForFunction(() => (document.getElementById('run-chart') as HTMLImageElement).naturalWidth > 0, undefined, { timeout: 10_000 });
    expect(await drawn()).toBe(640);
    // Another field: the sumo populations' curves.
    await page.selectOption('#field', 'populations.red.fitness.best');
    await page.waitForFunction(() => (document.getElementById('run-chart') as HTMLImageElement).src.includes('populations.red'), undefined, { timeout: 10_000 });
    // The sumo run's CIAO matrix and ratings, drawn.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('#progress img')).some((i) => (i as HTMLImageElement).naturalWidth > 0), undefined, { timeout: 10_000 });
    const progress = await page.$$eval('#progress img', (images) => images.map((i) => (i as HTMLImageElement).alt));
    expect(progress.some((alt) => alt.startsWith('sumo: ciao'))).toBe(true);
    expect(progress).toContain('sumo: champion ratings');
    // Replays of every run; the newest plays.
    expect(await page.$$eval('#replay option', (options) => options.map((o) => o.textContent))).toContain('forage-a: generation 3');
    await page.waitForFunction(() => Number(document.body.dataset.replayFrame ?? 0) > 3, undefined, { timeout: 10_000 });
    await page.selectOption('#replay', '0/0');
    await page.waitForFunction(() => document.body.dataset.replay === '0', undefined, { timeout: 10_000 });
    expect(errors).toEqual([]);
  });
});
