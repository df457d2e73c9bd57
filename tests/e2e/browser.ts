// Shared helpers of the browser tests and the benchmark: serve the built app
// (dist/) with Vite's preview server, drive Debian's Chromium through
// playwright-core, watch every request, and look at what the map drew.
//
// A WebGL canvas reads back blank outside its frame (preserveDrawingBuffer is
// false), so pixels are taken from a screenshot of the canvas element, which
// Chromium composites like the screen does.
import { afterAll, beforeAll, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { preview, type PreviewServer } from 'vite';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM_PATH = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 375, height: 667 } as const;

/** The titles of the layer panel's checkboxes, in panel order. */
export const LAYER_TITLES = ['行政区划', '河流', '水库', '水源保护区', '排污口', '化工园区', '重点排污单位', '国控站点', '热点网格', '火点'] as const;

// ---- server -----------------------------------------------------------------

export interface AppServer {
  /** e.g. http://127.0.0.1:40123 (no trailing slash) */
  origin: string;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * Serve dist/ with `vite preview` and the project's vite.config.ts (whose plugin
 * serves data/ at /data/) on a free port of 127.0.0.1.
 */
export async function startAppServer(): Promise<AppServer> {
  if (!existsSync(resolve(ROOT, 'dist/index.html'))) {
    throw new Error('dist/index.html 不存在：请先运行 `vite build` / dist/ is missing: run `vite build` first (npm test does).');
  }
  const port = await freePort();
  const server: PreviewServer = await preview({
    root: ROOT,
    configFile: resolve(ROOT, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port, strictPort: true, open: false },
  });
  const address = server.httpServer.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  return { origin: `http://127.0.0.1:${actualPort}`, close: () => server.close() };
}

// ---- browser ----------------------------------------------------------------

/**
 * For a test file: start the built app's server and Chromium before its tests and
 * stop both after them. Read `app.server` and `app.browser` inside tests and hooks.
 */
export function setUpAppAndBrowser(): { readonly server: AppServer; readonly browser: Browser } {
  const app = {} as { server: AppServer; browser: Browser };
  beforeAll(async () => {
    app.server = await startAppServer();
    app.browser = await launchChromium();
  });
  afterAll(async () => {
    await app.browser?.close();
    await app.server?.close();
  });
  return app;
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} 不存在：请运行 node scripts/ensure-chromium.mjs / Chromium is missing: run node scripts/ensure-chromium.mjs`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

export interface RequestGuard {
  /** Every request whose origin is not the app's (data: and blob: URLs excepted), in order. */
  readonly offOrigin: string[];
  /** Every request made, for diagnostics. */
  readonly all: string[];
}

export interface ContextOptions {
  viewport: { width: number; height: number };
  /** Touch input (for phone tests): enables `tap()`. */
  hasTouch?: boolean;
  isMobile?: boolean;
  /**
   * Abort requests that leave the origin (they are recorded either way) so a
   * stray request fails at once instead of waiting on a network that is not
   * there. Interception costs a little per request: the benchmark turns it off.
   */
  blockOffOrigin?: boolean;
  /**
   * Let the app register its service worker (the offline tests and the warm-start
   * benchmark need it). Blocked by default, so that the other tests see every
   * request the page makes on the network and a first visit as it first is.
   */
  serviceWorkers?: 'allow' | 'block';
}

/**
 * A test's own privacy check, for the context it made: the page (or its service
 * worker) made requests at all, and none of them left the app's origin.
 */
export function expectNothingOffOrigin(guard: RequestGuard): void {
  expect(guard.all.length, 'the page made requests at all').toBeGreaterThan(0);
  expect(guard.offOrigin, 'requests that left the origin').toEqual([]);
}

/** Whether a URL stays on the app's origin (data: and blob: URLs count as staying). */
export function isSameOrigin(url: string, origin: string): boolean {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true;
  try {
    return new URL(url).origin === origin;
  } catch {
    return false;
  }
}

/** A new browser context with a request guard that records every request leaving `origin`. */
export async function newGuardedContext(browser: Browser, origin: string, options: ContextOptions): Promise<{ context: BrowserContext; guard: RequestGuard }> {
  const context = await browser.newContext({
    viewport: options.viewport,
    hasTouch: options.hasTouch ?? false,
    isMobile: options.isMobile ?? false,
    deviceScaleFactor: 1,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: options.serviceWorkers ?? 'block',
  });
  const guard = { offOrigin: [] as string[], all: [] as string[] };
  context.on('request', (request) => {
    const url = request.url();
    guard.all.push(url);
    if (!isSameOrigin(url, origin)) guard.offOrigin.push(url);
  });
  if (options.blockOffOrigin ?? true) {
    await context.route(
      (url) => !isSameOrigin(url.href, origin),
      (route) => route.abort('blockedbyclient'),
    );
  }
  return { context, guard };
}

// ---- waiting for the map ------------------------------------------------------

/**
 * Wait until the app marks `pds:first-idle` (the map is idle with every layer's
 * data added). Fails early, with the app's message, if it shows an alert instead.
 * Returns the mark's time in ms since navigation started.
 */
export async function waitForFirstIdle(page: Page, timeoutMs = 90_000): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const mark = performance.getEntriesByName('pds:first-idle')[0];
      if (mark) return { idleAt: mark.startTime, alert: null };
      const alert = document.querySelector('[role="alert"]');
      const text = alert?.textContent?.trim();
      return text ? { idleAt: null, alert: text } : false;
    },
    null,
    { timeout: timeoutMs, polling: 100 },
  );
  const result = (await handle.jsonValue()) as { idleAt: number | null; alert: string | null };
  if (result.idleAt === null) throw new Error(`应用显示了错误提示 / the app shows an alert instead of the map: ${result.alert}`);
  return result.idleAt;
}

/** Wait until the app has set a performance mark (marks start afresh with every navigation). */
export async function waitForMark(page: Page, name: string, timeoutMs = 30_000): Promise<void> {
  try {
    await page.waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, name, { timeout: timeoutMs, polling: 100 });
  } catch (error) {
    throw new Error(`the app did not mark ${name} within ${timeoutMs / 1000} s`, { cause: error });
  }
}

/**
 * The first visit: open the app online, wait until the map is idle and every layer
 * is stored in IndexedDB (`pds:cache-saved`), and until the service worker controls
 * the page, reloading once if it does not yet (a worker only controls pages loaded
 * after it activated, unless it claims them).
 */
export async function firstVisitOnline(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
  await waitForFirstIdle(page);
  await waitForMark(page, 'pds:cache-saved');
  const controlled = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    // `ready` resolves on activation; control (clients.claim) follows a moment later.
    for (let i = 0; i < 20 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
    return navigator.serviceWorker.controller !== null;
  });
  if (!controlled) {
    await page.reload();
    await waitForFirstIdle(page);
    if (!(await page.evaluate(() => navigator.serviceWorker.controller !== null))) {
      throw new Error('the service worker does not control the page even after a reload');
    }
  }
}

/** The map's canvas: the <canvas> inside the region named 地图. */
export function mapCanvas(page: Page): Locator {
  return page.getByRole('region', { name: '地图' }).locator('canvas').first();
}

// ---- pixels -------------------------------------------------------------------

export interface Image {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel */
  data: Uint8Array;
}

export function decodePng(png: Buffer): Image {
  const decoded = PNG.sync.read(png);
  return { width: decoded.width, height: decoded.height, data: new Uint8Array(decoded.data) };
}

// While a shot is taken, hide every element that neither is nor holds a canvas
// (the layer panel, the badge, dialogs, MapLibre's controls), so the image is what
// the map drew and not, say, a checkbox's tick or focus ring lying over it.
const ONLY_THE_MAP = '*:not(canvas):not(:has(canvas)) { visibility: hidden !important; }';

/** A screenshot of what the map canvas drew, as composited on screen. */
export async function shootCanvas(page: Page): Promise<Image> {
  return decodePng(await mapCanvas(page).screenshot({ animations: 'disabled', style: ONLY_THE_MAP, timeout: 30_000 }));
}

/**
 * Screenshot the canvas until two shots in a row are identical (the map has
 * finished drawing: tiles placed, label fades over). Returns the last shot; if
 * the map never settles within the timeout, returns the last shot anyway.
 */
export async function shootStableCanvas(page: Page, { intervalMs = 400, timeoutMs = 30_000 } = {}): Promise<Image> {
  const deadline = Date.now() + timeoutMs;
  let previous = await shootCanvas(page);
  for (;;) {
    await page.waitForTimeout(intervalMs);
    const current = await shootCanvas(page);
    if (changedPixels(previous, current) === 0 || Date.now() > deadline) return current;
    previous = current;
  }
}

export interface PixelStats {
  pixels: number;
  /** Number of distinct RGB colours. */
  distinctColours: number;
  /** Share (0–1) of pixels of the most common colour. */
  dominantShare: number;
  /** Standard deviation of luminance (0–255). */
  luminanceStdDev: number;
}

export function pixelStats(image: Image): PixelStats {
  const counts = new Map<number, number>();
  let sum = 0;
  let sumSq = 0;
  const pixels = image.width * image.height;
  for (let i = 0; i < pixels; i++) {
    const r = image.data[i * 4];
    const g = image.data[i * 4 + 1];
    const b = image.data[i * 4 + 2];
    const key = (r << 16) | (g << 8) | b;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    sum += y;
    sumSq += y * y;
  }
  let dominant = 0;
  for (const n of counts.values()) dominant = Math.max(dominant, n);
  const mean = sum / pixels;
  return {
    pixels,
    distinctColours: counts.size,
    dominantShare: dominant / pixels,
    luminanceStdDev: Math.sqrt(Math.max(0, sumSq / pixels - mean * mean)),
  };
}

/**
 * Number of pixels whose colour differs by more than `tolerance` in some channel
 * (0–255) between two images of the same size.
 */
export function changedPixels(a: Image, b: Image, tolerance = 0): number {
  if (a.width !== b.width || a.height !== b.height) {
    throw new Error(`images differ in size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  }
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.abs(a.data[i] - b.data[i]) > tolerance ||
      Math.abs(a.data[i + 1] - b.data[i + 1]) > tolerance ||
      Math.abs(a.data[i + 2] - b.data[i + 2]) > tolerance
    ) {
      changed++;
    }
  }
  return changed;
}

// ---- data ---------------------------------------------------------------------

export interface OutfallPoint {
  code: string;
  name: string;
  lon: number;
  lat: number;
  parkId: string | null;
}

/** Distance in metres between two lon/lat points (haversine). */
export function metres(aLon: number, aLat: number, bLon: number, bLat: number): number {
  const rad = Math.PI / 180;
  const dLat = (bLat - aLat) * rad;
  const dLon = (bLon - aLon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(aLat * rad) * Math.cos(bLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h)));
}

interface PointCollection {
  features: { geometry: { type: string; coordinates: number[] } | null; properties: Record<string, unknown> | null }[];
}

function readCollection(file: string): PointCollection {
  const path = resolve(ROOT, 'data', file);
  if (!existsSync(path)) throw new Error(`data/${file} 不存在：请先运行 npm run data / data/${file} is missing: run npm run data`);
  return JSON.parse(readFileSync(path, 'utf8')) as PointCollection;
}

/** The outfalls of data/outfalls.geojson, with the coordinates of their geometry. */
export function readOutfalls(): OutfallPoint[] {
  return readCollection('outfalls.geojson').features.map((f) => {
    const p = f.properties ?? {};
    const [lon, lat] = f.geometry?.coordinates ?? [Number(p.lon), Number(p.lat)];
    return { code: String(p.code), name: String(p.name), lon, lat, parkId: (p.parkId as string | null) ?? null };
  });
}

/** Coordinates of every Point feature of a data/ GeoJSON file (empty if it has none). */
export function readPoints(file: string): [number, number][] {
  return readCollection(file)
    .features.filter((f) => f.geometry?.type === 'Point')
    .map((f) => [f.geometry!.coordinates[0], f.geometry!.coordinates[1]]);
}

/**
 * An outfall a click cannot mistake: no other outfall within `minGapM` metres
 * and no other point feature (station, enterprise, fire point) within `otherGapM`, outside
 * the chemical parks. The first such outfall in file order, so the choice is
 * stable for a given data set.
 */
export function isolatedOutfall(minGapM = 60, otherGapM = 300): OutfallPoint {
  const outfalls = readOutfalls();
  const others = [...readPoints('stations.geojson'), ...readPoints('enterprises.geojson'), ...readPoints('fire-points.geojson')];
  const candidate = outfalls.find(
    (o) =>
      o.parkId === null &&
      outfalls.every((p) => p === o || metres(o.lon, o.lat, p.lon, p.lat) > minGapM) &&
      others.every(([lon, lat]) => metres(o.lon, o.lat, lon, lat) > otherGapM),
  );
  if (!candidate) throw new Error(`no outfall is ${minGapM} m from every other outfall and ${otherGapM} m from other points`);
  return candidate;
}

/** The outfall with the most other outfalls within `radiusM`: a view where the layer shows plenty. */
export function densestOutfall(radiusM = 1500): OutfallPoint {
  const outfalls = readOutfalls();
  let best = outfalls[0];
  let bestCount = -1;
  for (const o of outfalls) {
    let count = 0;
    for (const p of outfalls) if (metres(o.lon, o.lat, p.lon, p.lat) <= radiusM) count++;
    if (count > bestCount) {
      best = o;
      bestCount = count;
    }
  }
  return best;
}

/** MapLibre's URL hash for a view: `#zoom/lat/lng`. */
export function viewHash(zoom: number, lat: number, lon: number): string {
  return `#${zoom}/${lat.toFixed(6)}/${lon.toFixed(6)}`;
}
