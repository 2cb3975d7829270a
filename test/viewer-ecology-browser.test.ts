import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openViewer } from './browser-helpers.ts';
import { serveEcology } from './ecology-helpers.ts';

const OUTPUT = join(import.meta.dirname, '..', 'test-output');

describe('the browser viewer on the ecology, in real Chromium', () => {
  let served: Awaited<ReturnType<typeof serveEcology>>;
  let browser: Browser;
  beforeAll(async () => {
    // A floor of 30 agents: however far the world has run before the browser connects, more than
    // 20 are alive to draw (at the default floor of 20 a fast world could sit exactly on it).
    served = await serveEcology({ minAgents: 30 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('draws every agent on the zoomed-out map and the chosen square in 3D, and moves the square on a click', async () => {
    const { page, errors } = await openViewer(browser, `http://127.0.0.1:${served.port}/`, { width: 1024, height: 700 });
    await page.waitForFunction(() => Number(document.body.dataset.frames ?? 0) > 3, undefined, { timeout: 30_000 });
    expect(await page.getAttribute('body', 'data-scenario')).toBe('ecology');
    expect(await page.$$eval('#arena option', (options) => options.map((o) => o.textContent))).toEqual(['world', 'region-0', 'region-1']);
    expect(Number(await page.getAttribute('body', 'data-agents'))).toBeGreaterThan(20);
    // The map has drawn agents: some pixels are neither the background nor food.
    const lit = await page.$eval('#overview', (canvas) => {
      const c = canvas as HTMLCanvasElement;
      const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i] + data[i + 1] + data[i + 2] > 300) count++;
      return count;
    });
    expect(lit).toBeGreaterThan(20);
    // The default square is the centre (40 m of a 40 m world: everyone); a click on a corner shows fewer.
    const everyone = Number(await page.getAttribute('body', 'data-shown'));
    expect(everyone).toBeGreaterThan(0);
    await page.click('#overview', { position: { x: 5, y: 5 } });
    await page.waitForFunction((all) => Number(document.body.dataset.shown) < all, everyone, { timeout: 10_000 });
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'viewer-ecology.png') });
    expect(errors).toEqual([]);
  });
});
