// Offline first, in the built app with its service worker: after one visit online
// the app opens with the network cut — on a reload and on a cold start in a new
// tab — with every layer, read from IndexedDB; a second visit online takes no
// layer file from the network; the app can be installed (web app manifest and
// icons); and nothing leaves the app's origin meanwhile.
//
// Every test makes its own visits in a browser context of its own (a new profile:
// no service worker, no IndexedDB), so each runs alone and in any order.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page, Request } from 'playwright-core';
import {
  DESKTOP,
  LAYER_TITLES,
  decodePng,
  expectNothingOffOrigin,
  firstVisitOnline,
  newGuardedContext,
  pixelStats,
  shootStableCanvas,
  waitForFirstIdle,
  waitForMark,
  type RequestGuard,
  setUpAppAndBrowser,
} from './browser';

const app = setUpAppAndBrowser();

/** A fresh context (no storage, no service worker yet) in which the app may register its service worker. */
async function newOfflineCapableContext(): Promise<{ context: BrowserContext; guard: RequestGuard }> {
  return newGuardedContext(app.browser, app.server.origin, { viewport: DESKTOP, serviceWorkers: 'allow' });
}

/** The count the layer panel shows beside each layer's title (e.g. "3,090 个"), by title. */
async function layerCounts(page: Page): Promise<Record<string, string>> {
  const panel = page.getByRole('navigation', { name: '图层' });
  const counts: Record<string, string> = {};
  for (const title of LAYER_TITLES) {
    const item = panel.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: title, exact: true }) });
    counts[title] = ((await item.locator('.layer-item__status').textContent()) ?? '').trim();
  }
  return counts;
}

/**
 * What an inspector must see with the network cut: all ten layers listed with
 * the same counts as online (none 加载失败), the map drawn, and the 离线与存储
 * panel saying every layer is cached.
 */
async function expectFullMapOffline(page: Page, countsOnline: Record<string, string>): Promise<void> {
  for (const title of LAYER_TITLES) {
    expect(await page.getByRole('checkbox', { name: title, exact: true }).count(), `one checkbox named ${title}`).toBe(1);
  }
  const counts = await layerCounts(page);
  for (const title of LAYER_TITLES) {
    expect(counts[title], `${title} in the layer panel`).not.toContain('加载失败');
    expect(counts[title], `${title} in the layer panel`).toMatch(/^\d[\d,]* (个|家|格)$/);
  }
  expect(counts, 'the same counts as online').toEqual(countsOnline);

  const stats = pixelStats(await shootStableCanvas(page));
  expect(stats.dominantShare, JSON.stringify(stats)).toBeLessThan(0.9);
  expect(stats.distinctColours, JSON.stringify(stats)).toBeGreaterThanOrEqual(64);

  const button = page.getByRole('button', { name: '离线与存储', exact: true });
  expect(await button.getAttribute('aria-expanded')).toBe('false');
  await button.click();
  const dialog = page.getByRole('dialog', { name: '离线与存储', exact: true });
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  expect(await button.getAttribute('aria-expanded')).toBe('true');
  for (const title of LAYER_TITLES) {
    const row = dialog.getByRole('row').filter({ has: page.getByRole('rowheader', { name: title, exact: true }) });
    expect(await row.count(), `one row for ${title}`).toBe(1);
    const text = (await row.textContent()) ?? '';
    expect(text, `${title} row`).toContain('已缓存');
    expect(text, `${title} row`).not.toContain('未缓存');
  }
  expect(await dialog.getByRole('button', { name: '更新数据', exact: true }).count()).toBe(1);
  expect(await dialog.getByRole('button', { name: '清除缓存', exact: true }).count()).toBe(1);
  // Storage used and available, from navigator.storage.estimate(): some figure in bytes.
  expect((await dialog.textContent()) ?? '').toMatch(/\d(\.\d+)?\s*(B|KB|MB|GB|KiB|MiB|GiB)\b/);
}

describe('with the network cut after one visit (desktop 1280×800)', () => {
  let context: BrowserContext;
  let guard: RequestGuard;
  let page: Page;
  /** What the layer panel showed on this test's own first visit, online. */
  let countsOnline: Record<string, string>;

  // Each test: a new profile, one visit online (service worker and IndexedDB filled), then the test cuts the network.
  beforeEach(async () => {
    ({ context, guard } = await newOfflineCapableContext());
    page = await context.newPage();
    await firstVisitOnline(page, app.server.origin);
    countsOnline = await layerCounts(page);
  });

  afterEach(async () => {
    await context?.close();
  });

  it('reloads and shows every layer from the cache', async () => {
    await context.setOffline(true);
    expect(await page.evaluate(() => navigator.onLine), 'the browser knows it is offline').toBe(false);
    await page.reload();
    await waitForFirstIdle(page);
    await expectFullMapOffline(page, countsOnline);
    expectNothingOffOrigin(guard);
  });

  it('starts cold in a new tab with the network cut and shows every layer', async () => {
    await context.setOffline(true);
    // Cold: the tab of the visit is closed, no page of the app is open when the new tab starts.
    await page.close();
    page = await context.newPage();
    await page.goto(`${app.server.origin}/`);
    expect(await page.evaluate(() => navigator.onLine), 'the browser knows it is offline').toBe(false);
    await waitForFirstIdle(page);
    await expectFullMapOffline(page, countsOnline);
    expectNothingOffOrigin(guard);
  });
});

describe('the second visit, online (desktop 1280×800)', () => {
  let context: BrowserContext;
  let guard: RequestGuard;
  let page: Page;

  beforeEach(async () => {
    ({ context, guard } = await newOfflineCapableContext());
    page = await context.newPage();
  });

  afterEach(async () => {
    await context?.close();
  });

  it('draws the map from the cache and fetches no layer file', async () => {
    await page.goto(`${app.server.origin}/`);
    await waitForFirstIdle(page);
    await waitForMark(page, 'pds:cache-saved');

    // Every request of the second visit, whether the page or its service worker made it.
    const requests: Request[] = [];
    let inFlight = 0;
    let lastActivity = Date.now();
    const onRequest = (request: Request): void => {
      requests.push(request);
      inFlight++;
      lastActivity = Date.now();
    };
    const onDone = (): void => {
      inFlight--;
      lastActivity = Date.now();
    };
    context.on('request', onRequest);
    context.on('requestfinished', onDone);
    context.on('requestfailed', onDone);

    await page.reload();
    await waitForFirstIdle(page);
    await waitForMark(page, 'pds:from-cache', 10_000);
    // The app checks for newer data in the background after the map is up; wait for
    // the network to go quiet, so a layer download that follows the check is seen too.
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline && (inFlight > 0 || Date.now() - lastActivity < 1_500)) await page.waitForTimeout(250);
    context.off('request', onRequest);
    context.off('requestfinished', onDone);
    context.off('requestfailed', onDone);

    const paths = requests.map((r) => new URL(r.url()).pathname);
    expect(paths.length, 'the page made requests at all (its shell, at least)').toBeGreaterThan(0);
    // No layer file nor grid chunk: anything under data/ but the manifest.
    expect(paths.filter((p) => p.startsWith('/data/') && p !== '/data/manifest.json')).toEqual([]);
    // One look at the manifest to see whether the data changed is allowed, no more.
    const manifestChecks = requests.filter((r) => new URL(r.url()).pathname === '/data/manifest.json' && r.serviceWorker() === null);
    expect(manifestChecks.length).toBeLessThanOrEqual(1);
    // Nothing left the origin on either visit, whether the page or its service worker asked.
    expectNothingOffOrigin(guard);
  });
});

describe('installing (desktop 1280×800)', () => {
  let context: BrowserContext;
  let guard: RequestGuard;
  let page: Page;

  // The page's <link rel="manifest"> is all this test reads from it: the page is
  // opened (to its load event) but neither the map nor a service worker is waited for.
  beforeEach(async () => {
    ({ context, guard } = await newGuardedContext(app.browser, app.server.origin, { viewport: DESKTOP }));
    page = await context.newPage();
  });

  afterEach(async () => {
    await context?.close();
  });

  it('offers a web app manifest with its Chinese name and icons, for installing', async () => {
    await page.goto(`${app.server.origin}/`);
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBeTruthy();
    const manifestUrl = new URL(href!, `${app.server.origin}/`).href;
    const response = await page.request.get(manifestUrl);
    expect(response.ok()).toBe(true);
    const manifest = (await response.json()) as {
      name: string;
      short_name: string;
      display: string;
      start_url: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(manifest.name).toBe('平顶山生态环境一张图');
    expect(manifest.short_name).toBe('生态一张图');
    expect(manifest.display).toBe('standalone');

    // The icons a launcher asks for: 192 and 512 px, and a maskable one; each a PNG of its stated size.
    const sizes = manifest.icons.map((i) => `${i.sizes} ${i.purpose ?? 'any'}`);
    expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
    for (const icon of manifest.icons) {
      const image = await page.request.get(new URL(icon.src, manifestUrl).href);
      expect(image.ok(), icon.src).toBe(true);
      const png = decodePng(await image.body());
      expect(`${png.width}x${png.height}`, icon.src).toBe(icon.sizes);
      // Not a blank square: the emblem has its blue ground, river and dot.
      expect(pixelStats(png).distinctColours, icon.src).toBeGreaterThanOrEqual(3);
    }
    expectNothingOffOrigin(guard);
  });
});
