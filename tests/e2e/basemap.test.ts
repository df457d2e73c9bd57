// The 底图 switcher with basemaps from config.json: one that works (tiles from a
// test route on the app's own origin) and one that cannot be reached, which must
// fall back to the offline basemap with a notice.
//
// Every test opens the app in a browser context of its own, so that no test sees
// the basemap another chose, its tile requests or its notice.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { DESKTOP, changedPixels, expectNothingOffOrigin, newGuardedContext, shootStableCanvas, waitForFirstIdle, setUpAppAndBrowser } from './browser';
import type { RequestGuard } from './browser';

const app = setUpAppAndBrowser();
let context: BrowserContext;
let guard: RequestGuard;
let page: Page;
/** Tiles of the 测试底图 requested in the current test's context. */
let tileRequests = 0;

/** A 256×256 tile of one strong colour, so the basemap is unmistakable in the canvas. */
function solidTile(): Buffer {
  const png = new PNG({ width: 256, height: 256 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([120, 40, 160, 255], i);
  return PNG.sync.write(png);
}

const tile = solidTile();

/** A fresh context whose config.json offers the two test basemaps, and the app opened in it. */
beforeEach(async () => {
  tileRequests = 0;
  ({ context, guard } = await newGuardedContext(app.browser, app.server.origin, { viewport: DESKTOP }));
  await context.route(`${app.server.origin}/config.json`, (route) =>
    route.fulfill({
      contentType: 'application/json',
      body: JSON.stringify({
        basemaps: [
          { id: 'test-xyz', title: '测试底图', type: 'xyz', url: `${app.server.origin}/test-tiles/{z}/{x}/{y}.png` },
          // Port 9 (discard) on loopback: nothing answers, as with an intranet tile server that is down.
          { id: 'dead', title: '不可达底图', type: 'xyz', url: 'http://127.0.0.1:9/{z}/{x}/{y}.png' },
        ],
      }),
    }),
  );
  await context.route(`${app.server.origin}/test-tiles/**`, (route) => {
    tileRequests++;
    return route.fulfill({ contentType: 'image/png', body: tile });
  });
  page = await context.newPage();
  await page.goto(`${app.server.origin}/`);
  await waitForFirstIdle(page);
});

afterEach(async () => {
  await context?.close();
});

describe('底图 switcher', () => {
  it('offers the offline basemap first and the configured ones after it', async () => {
    const select = page.getByRole('combobox', { name: '底图' });
    expect(await select.inputValue()).toBe('');
    const options = await select.locator('option').allTextContents();
    expect(options).toEqual(['离线底图', '测试底图', '不可达底图']);
    expect(tileRequests).toBe(0);
    expectNothingOffOrigin(guard);
  });

  it('draws a configured basemap under the data and goes back to the offline one', async () => {
    const before = await shootStableCanvas(page);
    await page.getByRole('combobox', { name: '底图' }).selectOption({ label: '测试底图' });
    const withBasemap = await shootStableCanvas(page);
    expect(tileRequests).toBeGreaterThan(0);
    // The purple tiles now fill the land and the area around the city.
    expect(changedPixels(before, withBasemap, 24)).toBeGreaterThan((before.width * before.height) / 4);
    expect(await page.getByText('无法访问').count()).toBe(0);

    await page.getByRole('combobox', { name: '底图' }).selectOption({ label: '离线底图' });
    const after = await shootStableCanvas(page);
    expect(changedPixels(before, after, 24)).toBeLessThan((before.width * before.height) / 100);
    // The test basemap's tiles come from the app's own origin.
    expectNothingOffOrigin(guard);
  });

  it('falls back to the offline basemap, with a notice, when the configured one cannot be reached', async () => {
    await page.getByRole('combobox', { name: '底图' }).selectOption({ label: '不可达底图' });
    await page.getByText('底图「不可达底图」无法访问，已切换回离线底图').waitFor({ state: 'visible', timeout: 20_000 });
    expect(await page.getByRole('combobox', { name: '底图' }).inputValue()).toBe('');
    // The only requests that left the origin are the dead basemap's tiles.
    expect(guard.offOrigin.length).toBeGreaterThan(0);
    expect(guard.offOrigin.every((url) => url.startsWith('http://127.0.0.1:9/'))).toBe(true);
  });
});
