// The built app in headless Debian Chromium, as a user meets it: the map draws,
// every layer is listed and on, a layer goes away and comes back, an outfall's
// card shows its code, the phone layout works by touch, and nothing is fetched
// from anywhere but the app's own origin.
//
// Every test has a browser context of its own (a new profile: no layer cache, no
// page left over), so each runs alone and in any order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import {
  DESKTOP,
  LAYER_TITLES,
  PHONE,
  changedPixels,
  densestOutfall,
  expectNothingOffOrigin,
  isolatedOutfall,
  mapCanvas,
  newGuardedContext,
  pixelStats,
  shootStableCanvas,
  viewHash,
  waitForFirstIdle,
  type Image,
  type OutfallPoint,
  type RequestGuard,
  setUpAppAndBrowser,
} from './browser';

const app = setUpAppAndBrowser();

/** Load the app (optionally at a `#zoom/lat/lng` view) and wait for the map's first idle. */
async function openApp(page: Page, hash = ''): Promise<void> {
  await page.goto(`${app.server.origin}/${hash}`);
  await waitForFirstIdle(page);
}

/** The card's value under a term of its definition list, e.g. 编码. */
async function cardField(page: Page, dialogName: string, term: string): Promise<string> {
  const dialog = page.getByRole('dialog', { name: dialogName, exact: true });
  await dialog.waitFor({ state: 'visible', timeout: 15_000 });
  const dt = dialog.locator('dt').filter({ hasText: new RegExp(`^\\s*${term}\\s*$`) });
  expect(await dt.count(), `the card has one ${term} term`).toBe(1);
  return ((await dt.locator('xpath=following-sibling::dd[1]').textContent()) ?? '').trim();
}

function canvasCentre(box: { width: number; height: number }): { x: number; y: number } {
  return { x: Math.round(box.width / 2), y: Math.round(box.height / 2) };
}

describe('desktop 1280×800', () => {
  let context: BrowserContext;
  let guard: RequestGuard;
  let page: Page;

  beforeEach(async () => {
    ({ context, guard } = await newGuardedContext(app.browser, app.server.origin, { viewport: DESKTOP }));
    page = await context.newPage();
  });

  afterEach(async () => {
    await context?.close();
  });

  it('draws the map, says 演示数据 and lists all ten layers switched on', async () => {
    await openApp(page);

    const image = await shootStableCanvas(page);
    const stats = pixelStats(image);
    expect(image.width).toBeGreaterThan(DESKTOP.width / 2);
    expect(image.height).toBeGreaterThan(DESKTOP.height / 2);
    // A blank or single-colour canvas would have one dominant colour; a drawn map
    // has polygons, lines, circles and their anti-aliased edges.
    expect(stats.dominantShare, JSON.stringify(stats)).toBeLessThan(0.9);
    expect(stats.distinctColours, JSON.stringify(stats)).toBeGreaterThanOrEqual(64);

    expect(await page.getByText('演示数据', { exact: true }).isVisible()).toBe(true);

    // The outfalls come first: every other data layer goes on the map once they are drawn.
    const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
    const outfallsDrawn = marks['pds:drawn:outfalls'];
    expect(outfallsDrawn, JSON.stringify(marks)).toBeGreaterThan(0);
    const othersAdded = Object.entries(marks).filter(([name]) => name.startsWith('pds:added:') && name !== 'pds:added:outfalls');
    expect(othersAdded.length, JSON.stringify(marks)).toBeGreaterThanOrEqual(8);
    for (const [name, at] of othersAdded) expect(at, `${name} after the outfalls are drawn`).toBeGreaterThanOrEqual(outfallsDrawn);

    for (const title of LAYER_TITLES) {
      const checkbox = page.getByRole('checkbox', { name: title, exact: true });
      expect(await checkbox.count(), `one checkbox named ${title}`).toBe(1);
      expect(await checkbox.isChecked(), `${title} is on`).toBe(true);
    }
    expectNothingOffOrigin(guard);
  });

  it('hides the outfalls when 排污口 is unchecked and shows them again when it is checked', async () => {
    // The view with the most outfalls around, close enough that they are drawn one by one.
    const centre = densestOutfall();
    await openApp(page, viewHash(14, centre.lat, centre.lon));
    const checkbox = page.getByRole('checkbox', { name: '排污口', exact: true });

    const withOutfalls = await shootStableCanvas(page);
    await checkbox.uncheck();
    expect(await checkbox.isChecked()).toBe(false);
    const without = await shootStableCanvas(page);
    await checkbox.check();
    expect(await checkbox.isChecked()).toBe(true);
    const again = await shootStableCanvas(page);

    const removed = changedPixels(withOutfalls, without, 16);
    const restored = changedPixels(withOutfalls, again, 16);
    // Dozens of outfall circles disappear: hundreds of pixels at the least.
    expect(removed, `pixels changed by hiding 排污口`).toBeGreaterThan(300);
    // Showing them again gives back (nearly) the same picture; labels may be placed a little differently.
    expect(restored, `pixels still different after showing 排污口 again (hiding changed ${removed})`).toBeLessThanOrEqual(Math.max(50, removed * 0.2));
    expectNothingOffOrigin(guard);
  });

  it("opens an outfall's card with its code under 编码, rings it in black, and 关闭 closes both", async () => {
    const outfall: OutfallPoint = isolatedOutfall();
    await openApp(page, viewHash(16, outfall.lat, outfall.lon));
    const before = blackPixels(await shootStableCanvas(page));

    const canvas = mapCanvas(page);
    const box = await canvas.boundingBox();
    expect(box).not.toBeNull();
    await canvas.click({ position: canvasCentre(box!) });

    expect(await cardField(page, outfall.name, '编码')).toBe(outfall.code);
    // The selection ring: 3 px of black around a dot of radius 8 at zoom 16 (~170 px).
    const ringed = blackPixels(await shootStableCanvas(page));
    expect(ringed - before, 'black pixels added by selecting').toBeGreaterThan(100);

    const dialog = page.getByRole('dialog', { name: outfall.name, exact: true });
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
    await expect.poll(async () => blackPixels(await shootStableCanvas(page)), { timeout: 10_000 }).toBeLessThan(before + 20);
    expectNothingOffOrigin(guard);
  });
});

describe('phone 375×667, touch', () => {
  let context: BrowserContext;
  let guard: RequestGuard;
  let page: Page;

  beforeEach(async () => {
    ({ context, guard } = await newGuardedContext(app.browser, app.server.origin, { viewport: PHONE, hasTouch: true, isMobile: true }));
    page = await context.newPage();
  });

  afterEach(async () => {
    await context?.close();
  });

  it('keeps the layer panel behind the 图层 button, which opens and closes it', async () => {
    await openApp(page);
    const button = page.getByRole('button', { name: '图层', exact: true });
    const outfallsBox = page.getByRole('checkbox', { name: '排污口', exact: true });

    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await outfallsBox.isVisible()).toBe(false);

    await button.tap();
    await outfallsBox.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    for (const title of LAYER_TITLES) {
      expect(await page.getByRole('checkbox', { name: title, exact: true }).isVisible(), `${title} shown`).toBe(true);
    }

    await button.tap();
    await outfallsBox.waitFor({ state: 'hidden', timeout: 10_000 });
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expectNothingOffOrigin(guard);
  });

  it("opens an outfall's card on a tap", async () => {
    const outfall = isolatedOutfall();
    await openApp(page, viewHash(16, outfall.lat, outfall.lon));
    await shootStableCanvas(page);

    const canvas = mapCanvas(page);
    const box = await canvas.boundingBox();
    expect(box).not.toBeNull();
    await canvas.tap({ position: canvasCentre(box!) });

    expect(await cardField(page, outfall.name, '编码')).toBe(outfall.code);
    expectNothingOffOrigin(guard);
  });
});

/** Pixels of (near) black: the selection ring's colour; the offline basemap and the other layers use none. */
function blackPixels(image: Image): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) if (image.data[i] < 40 && image.data[i + 1] < 40 && image.data[i + 2] < 40) n++;
  return n;
}
