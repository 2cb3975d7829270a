import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openViewer } from './browser-helpers.ts';
import { serveRun, type ServedRun } from './stream-helpers.ts';

const OUTPUT = join(import.meta.dirname, '..', 'test-output');

describe('the browser viewer in real Chromium', () => {
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

  it('connects, receives frames, moves the agents and charts fitness', async () => {
    const { page, errors } = await openViewer(browser, `http://127.0.0.1:${run.port}/`);
    await page.waitForFunction(() => document.getElementById('status')?.dataset.state === 'open', undefined, { timeout: 30_000 });
    await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) > 10, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => document.getElementById('fitness')?.textContent !== '-', undefined, { timeout: 60_000 });
    expect(await page.textContent('#arena option')).toBe('showcase');
    expect(await page.textContent('#fitness')).toMatch(/\d+\.\d \/ \d+\.\d/);
    // The legend names what the colours stand for: the population and the food.
    expect(await page.textContent('#legend')).toBe('mainfood');
    // The chart has drawn both lines (best and mean) for the generations so far.
    const lines = await page.$$eval('#chart path', (paths) => paths.map((p) => p.getAttribute('d') ?? ''));
    expect(lines).toHaveLength(2);
    for (const d of lines) expect(d).toMatch(/^M[\d.]+,[\d.]+/);
    // The agents move: the 3D view a moment later is a different picture.
    const scene = page.locator('#scene canvas');
    const before = await scene.screenshot();
    // Waits for frames, not for a fixed time, so that it holds on a loaded machine.
    const framesThen = Number(await page.evaluate(() => document.body.dataset.frames ?? 0));
    await page.waitForFunction((then) => Number(document.body.dataset.frames ?? 0) > then + 10, framesThen, { timeout: 30_000 });
    const after = await scene.screenshot();
    expect(before.equals(after)).toBe(false);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'viewer.png') });
    expect(existsSync(join(OUTPUT, 'viewer.png'))).toBe(true);
    expect(errors).toEqual([]);
  });

  it('selects an agent by clicking it, shows what it senses and decides, and follows it', async () => {
    const { page, errors } = await openViewer(browser, `http://127.0.0.1:${run.port}/`);
    await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) > 5, undefined, { timeout: 30_000 });
    type Viewer = { screenOfSeat(seat: number): { x: number; y: number } | null };
    // Agents move: aim at one where it is now, and try again if it rolled away before the click.
    for (let attempt = 0; attempt < 10 && !(await page.evaluate(() => document.body.dataset.inspected)); attempt++) {
      const at = await page.evaluate((seat) => (window as unknown as { coevoViewer: Viewer }).coevoViewer.screenOfSeat(seat), attempt % 4);
      if (at) await page.mouse.click(at.x, at.y);
      await page.waitForFunction(() => document.body.dataset.inspected !== undefined, undefined, { timeout: 1000 }).catch(() => {});
    }
    const seat = Number(await page.evaluate(() => document.body.dataset.inspected));
    expect(seat).toBeGreaterThanOrEqual(0);
    expect(await page.inputValue('#drive-agent')).toBe(String(seat));
    expect(await page.textContent('#inspect-who')).toMatch(new RegExp(`^agent ${seat}: main \\(forager\\) slot ${seat}, (scripted expert|genome rank \\d+), fitness -?\\d+\\.\\d\\d$`));
    // 24 observation values and 2 actions as bars; 3 pointers to food and 8 rays drawn in 3D.
    expect(await page.evaluate(() => document.body.dataset.inspectValues)).toBe('24,2');
    expect(await page.evaluate(() => document.body.dataset.inspectLines)).toBe('11');
    const barsDrawn = await page.evaluate(() => {
      const canvas = document.getElementById('inspect-bars') as HTMLCanvasElement;
      const pixels = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return pixels.some((v, i) => i % 4 === 3 && v > 0);
    });
    expect(barsDrawn).toBe(true);
    // Following: the camera keeps the agent at the middle of the view as it moves.
    await page.check('#follow');
    const framesThen = Number(await page.evaluate(() => document.body.dataset.frames ?? 0));
    await page.waitForFunction((then) => Number(document.body.dataset.frames ?? 0) > then + 10, framesThen, { timeout: 30_000 });
    // Sampled a few times, the median judged: a new world (the next showcase) resets the camera until its first frame.
    const box = (await page.locator('#scene canvas').boundingBox())!;
    const distances: number[] = [];
    for (let i = 0; i < 5; i++) {
      const where = await page.evaluate((s) => (window as unknown as { coevoViewer: Viewer }).coevoViewer.screenOfSeat(s), seat);
      distances.push(Math.hypot(where!.x - (box.x + box.width / 2), where!.y - (box.y + box.height / 2)));
      const seen = Number(await page.evaluate(() => document.body.dataset.frames ?? 0));
      await page.waitForFunction((then) => Number(document.body.dataset.frames ?? 0) > then + 2, seen, { timeout: 30_000 });
    }
    expect(distances.sort((a, b) => a - b)[2]).toBeLessThan(1);
    expect(errors).toEqual([]);
  });

  it("frames the agents when a world arrives: locomotion's crawlers fill the view, not specks on the floor", async () => {
    const locomotion = await serveRun({}, { scenario: 'locomotion', evolution: { populationSize: 8, eliteCount: 1 }, worlds: { locomotion: { episodeSeconds: 4 } } });
    try {
      const { page, errors } = await openViewer(browser, `http://127.0.0.1:${locomotion.port}/`);
      await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) > 10, undefined, { timeout: 30_000 });
      type Viewer = { screenOfSeat(seat: number): { x: number; y: number } | null };
      const seats = await page.evaluate(() => Array.from({ length: 16 }, (_, s) => (window as unknown as { coevoViewer: Viewer }).coevoViewer.screenOfSeat(s)).filter((p) => p !== null));
      expect(seats.length).toBeGreaterThan(1);
      for (const { x, y } of seats) {
        expect(x).toBeGreaterThan(0);
        expect(x).toBeLessThan(1024);
        expect(y).toBeGreaterThan(0);
        expect(y).toBeLessThan(640);
      }
      // Spread over a good part of the view.
      const span = Math.max(Math.max(...seats.map((p) => p.x)) - Math.min(...seats.map((p) => p.x)), Math.max(...seats.map((p) => p.y)) - Math.min(...seats.map((p) => p.y)));
      expect(span).toBeGreaterThan(220); // framed: about 400; the arena-wide view: about 150
      expect(errors).toEqual([]);
    } finally {
      await locomotion.stop();
    }
  });
});
