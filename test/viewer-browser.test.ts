import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './browser-helpers.ts';
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
    const page = await browser.newPage({ viewport: { width: 1024, height: 640 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`http://127.0.0.1:${run.port}/`);
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
});
