// Drawing a shape to filter outfalls by (issue 10), in the built app: the map's 画矩形 and
// 画多边形 buttons load terra-draw and draw a rectangle (click, move, click) or a polygon
// (a click per corner, then a click on the first), which shows on the map, is reported as a
// closed lon/lat ring (the button group's data-ring, as MapView's drawing listeners get it),
// can be edited by dragging a corner and is removed by 清除图形. While a shape is being drawn
// a click on an outfall opens no card; once it is drawn or cleared, clicks open cards again.
// On a phone the same works with taps.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import {
  DESKTOP,
  PHONE,
  changedPixels,
  expectNothingOffOrigin,
  isolatedOutfall,
  mapCanvas,
  newGuardedContext,
  setUpAppAndBrowser,
  shootStableCanvas,
  viewHash,
  waitForFirstIdle,
  type Image,
  type OutfallPoint,
  type RequestGuard,
} from './browser';

const app = setUpAppAndBrowser();

/** The view: zoom 16 on an outfall that a click cannot mistake, at the centre of the map. */
const ZOOM = 16;

type Ring = [number, number][];

/** MapLibre's world size in pixels at a zoom (512 px tiles). */
const worldSize = (zoom: number) => 512 * 2 ** zoom;

/** The lon/lat `dx`, `dy` pixels from a view's centre (web mercator). */
function offsetLonLat(centre: OutfallPoint, dx: number, dy: number, zoom = ZOOM): [number, number] {
  const size = worldSize(zoom);
  const x = ((centre.lon + 180) / 360) * size + dx;
  const rad = (centre.lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(Math.PI / 4 + rad / 2)) / Math.PI) / 2) * size + dy;
  const lon = (x / size) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / size))) * 180) / Math.PI;
  return [lon, lat];
}

/** Degrees of longitude in `pixels` at ZOOM (latitude degrees are smaller here, so this bounds both). */
const degreesOf = (pixels: number) => (pixels * 360) / worldSize(ZOOM);

async function openApp(page: Page, outfall: OutfallPoint): Promise<{ x: number; y: number; width: number; height: number }> {
  await page.goto(`${app.server.origin}/${viewHash(ZOOM, outfall.lat, outfall.lon)}`);
  await waitForFirstIdle(page);
  const box = await mapCanvas(page).boundingBox();
  expect(box).not.toBeNull();
  return box!;
}

const drawGroup = (page: Page): Locator => page.getByRole('group', { name: '绘制筛选范围' });

/** Wait until the drawing tool is in `mode` (terra-draw loaded and running it). */
async function waitForMode(page: Page, mode: string): Promise<void> {
  await page.locator(`.pds-draw-control[data-mode="${mode}"]`).waitFor({ state: 'attached', timeout: 20_000 });
}

/** The ring reported for the drawn shape, once one is reported that differs from `previous`. */
async function reportedRing(page: Page, previous: string | null = null): Promise<{ shape: string | null; ring: Ring; raw: string }> {
  const handle = await page.waitForFunction(
    (before) => {
      const raw = document.querySelector('.pds-draw-control')?.getAttribute('data-ring');
      return raw && raw !== before ? raw : false;
    },
    previous,
    { timeout: 15_000, polling: 100 },
  );
  const raw = (await handle.jsonValue()) as string;
  return { shape: await drawGroup(page).getAttribute('data-shape'), ring: JSON.parse(raw) as Ring, raw };
}

function bounds(ring: Ring): { west: number; east: number; south: number; north: number } {
  const lons = ring.map(([lon]) => lon);
  const lats = ring.map(([, lat]) => lat);
  return { west: Math.min(...lons), east: Math.max(...lons), south: Math.min(...lats), north: Math.max(...lats) };
}

function expectClosedRing(ring: Ring, points: number): void {
  expect(ring).toHaveLength(points);
  expect(ring[0]).toEqual(ring.at(-1));
  for (const [lon, lat] of ring) {
    // Rounded to 6 decimals.
    expect(Math.abs(lon * 1e6 - Math.round(lon * 1e6))).toBeLessThan(1e-6);
    expect(Math.abs(lat * 1e6 - Math.round(lat * 1e6))).toBeLessThan(1e-6);
  }
}

/** Share (0–1) of the pixels in a box of the canvas that changed between two shots. */
function changedShare(a: Image, b: Image, box: { x0: number; y0: number; x1: number; y1: number }, tolerance = 8): number {
  let changed = 0;
  let all = 0;
  for (let y = Math.round(box.y0); y < Math.round(box.y1); y++) {
    for (let x = Math.round(box.x0); x < Math.round(box.x1); x++) {
      const i = (y * a.width + x) * 4;
      all++;
      if ([0, 1, 2].some((k) => Math.abs(a.data[i + k] - b.data[i + k]) > tolerance)) changed++;
    }
  }
  return changed / all;
}

async function noCardFor(page: Page, outfall: OutfallPoint): Promise<void> {
  // A card opens within a frame or two of the click: give it ample time to (wrongly) appear.
  await page.waitForTimeout(800);
  expect(await page.getByRole('dialog', { name: outfall.name, exact: true }).count(), `no card for ${outfall.name}`).toBe(0);
}

describe('drawing a shape on the desktop', () => {
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

  it('draws a rectangle by click, move, click, edits it by a corner, and 清除图形 removes it; no card opens while drawing', async () => {
    const outfall = isolatedOutfall();
    const box = await openApp(page, outfall);
    const before = await shootStableCanvas(page);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;

    const rectangleButton = drawGroup(page).getByRole('button', { name: '画矩形', exact: true });
    await rectangleButton.click();
    expect(await rectangleButton.getAttribute('aria-pressed')).toBe('true');
    await waitForMode(page, 'rectangle');

    // The first corner on the outfall itself: a corner, not a card.
    await page.mouse.click(cx, cy);
    await page.mouse.move(cx + 80, cy + 50, { steps: 4 });
    await page.mouse.move(cx + 160, cy + 100, { steps: 4 });
    await page.mouse.click(cx + 160, cy + 100);
    const drawn = await reportedRing(page);
    await waitForMode(page, 'select');
    expect(await rectangleButton.getAttribute('aria-pressed')).toBe('false');
    await noCardFor(page, outfall);

    expect(drawn.shape).toBe('rectangle');
    expectClosedRing(drawn.ring, 5);
    const [east, south] = offsetLonLat(outfall, 160, 100);
    const tolerance = degreesOf(3);
    const b = bounds(drawn.ring);
    expect(Math.abs(b.west - outfall.lon)).toBeLessThan(tolerance);
    expect(Math.abs(b.north - outfall.lat)).toBeLessThan(tolerance);
    expect(Math.abs(b.east - east)).toBeLessThan(tolerance);
    expect(Math.abs(b.south - south)).toBeLessThan(tolerance);

    // The shape is drawn: its translucent fill tints the map inside, and the map outside is as it was.
    const withShape = await shootStableCanvas(page);
    const w = before.width / 2;
    const h = before.height / 2;
    const inside = changedShare(before, withShape, { x0: w + 20, y0: h + 15, x1: w + 140, y1: h + 85 });
    const outside = changedShare(before, withShape, { x0: 40, y0: 40, x1: w - 60, y1: h - 60 });
    expect(inside, 'share of the pixels inside the rectangle that changed').toBeGreaterThan(0.9);
    expect(outside, 'share of the pixels far outside that changed').toBeLessThan(0.02);

    // Editing: drag the far corner 40 px further; the opposite corner stays and the shape stays a rectangle.
    await page.mouse.move(cx + 160, cy + 100);
    await page.mouse.down();
    await page.mouse.move(cx + 200, cy + 140, { steps: 10 });
    await page.mouse.up();
    const edited = await reportedRing(page, drawn.raw);
    expect(edited.shape).toBe('rectangle');
    expectClosedRing(edited.ring, 5);
    const [east2, south2] = offsetLonLat(outfall, 200, 140);
    const e = bounds(edited.ring);
    expect(Math.abs(e.west - outfall.lon)).toBeLessThan(tolerance);
    expect(Math.abs(e.north - outfall.lat)).toBeLessThan(tolerance);
    expect(Math.abs(e.east - east2)).toBeLessThan(tolerance);
    expect(Math.abs(e.south - south2)).toBeLessThan(tolerance);
    await noCardFor(page, outfall);

    // 清除图形: the shape goes, the map is as before, and a click on the outfall opens its card again.
    await drawGroup(page).getByRole('button', { name: '清除图形', exact: true }).click();
    await waitForMode(page, 'static');
    expect(await drawGroup(page).getAttribute('data-ring')).toBeNull();
    const cleared = await shootStableCanvas(page);
    expect(changedPixels(before, cleared, 8), 'pixels still different after 清除图形').toBeLessThan(before.width * before.height * 0.002);

    await page.mouse.click(cx, cy);
    await page.getByRole('dialog', { name: outfall.name, exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    expectNothingOffOrigin(guard);
  });

  it('draws a polygon by a click per corner and a click on the first, and then clicks open cards again', async () => {
    const outfall = isolatedOutfall();
    const box = await openApp(page, outfall);
    await shootStableCanvas(page);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;

    await drawGroup(page).getByRole('button', { name: '画多边形', exact: true }).click();
    await waitForMode(page, 'polygon');
    // A diamond around the outfall, then the first corner again to close it.
    const corners: [number, number][] = [
      [0, -120],
      [150, 0],
      [0, 120],
      [-150, 0],
      [0, -120],
    ];
    for (const [dx, dy] of corners) {
      await page.mouse.move(cx + dx, cy + dy, { steps: 3 });
      await page.mouse.click(cx + dx, cy + dy);
    }
    const drawn = await reportedRing(page);
    await waitForMode(page, 'select');
    expect(drawn.shape).toBe('polygon');
    expectClosedRing(drawn.ring, 5);
    const tolerance = degreesOf(3);
    for (const [dx, dy] of corners.slice(0, 4)) {
      const [lon, lat] = offsetLonLat(outfall, dx, dy);
      expect(
        drawn.ring.some(([x, y]) => Math.abs(x - lon) < tolerance && Math.abs(y - lat) < tolerance),
        `a corner at ${dx}, ${dy} px`,
      ).toBe(true);
    }

    // The shape stays, editable; a click on an outfall inside it opens the outfall's card.
    await page.mouse.click(cx, cy);
    await page.getByRole('dialog', { name: outfall.name, exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    expect(await drawGroup(page).getAttribute('data-ring')).toBe(drawn.raw);
    expectNothingOffOrigin(guard);
  });
});

describe('drawing a shape on a phone', () => {
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

  it('draws a rectangle with two taps; the tap on an outfall opens no card', async () => {
    const outfall = isolatedOutfall();
    const box = await openApp(page, outfall);
    await shootStableCanvas(page);
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;

    const button = drawGroup(page).getByRole('button', { name: '画矩形', exact: true });
    const target = await button.boundingBox();
    expect(target!.width).toBeGreaterThanOrEqual(44);
    expect(target!.height).toBeGreaterThanOrEqual(44);
    await button.tap();
    await waitForMode(page, 'rectangle');

    await page.touchscreen.tap(cx, cy);
    await page.waitForTimeout(300);
    await page.touchscreen.tap(cx - 100, cy + 80);
    const drawn = await reportedRing(page);
    await waitForMode(page, 'select');
    await noCardFor(page, outfall);

    expect(drawn.shape).toBe('rectangle');
    expectClosedRing(drawn.ring, 5);
    const [west, south] = offsetLonLat(outfall, -100, 80);
    const tolerance = degreesOf(3);
    const b = bounds(drawn.ring);
    expect(Math.abs(b.east - outfall.lon)).toBeLessThan(tolerance);
    expect(Math.abs(b.north - outfall.lat)).toBeLessThan(tolerance);
    expect(Math.abs(b.west - west)).toBeLessThan(tolerance);
    expect(Math.abs(b.south - south)).toBeLessThan(tolerance);
    expectNothingOffOrigin(guard);
  });
});
