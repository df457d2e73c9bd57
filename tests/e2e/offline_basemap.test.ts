// Offline basemaps and offline safety, in the built app with its service worker, served by a
// deployment with its own config.json (deployment_server.ts):
//   - a PMTiles archive of vector tiles, made by the test helper (geojson-vt + vt-pbf, PMTiles v3)
//     and served beside the app, is drawn with the app's style, downloaded in 离线与存储, and
//     still drawn (its motorway's pink, its lake's blue) after a reload with the network cut;
//   - an online XYZ basemap's tiles of the map's area are stored by 下载离线底图 and drawn offline;
//   - 申请持久存储 answers in Chinese; 清除缓存 with an unsynced inspection asks first, and the
//     inspection survives it.
// Each test makes its own deployment and browser profile, so each runs alone and in any order.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { DESKTOP, launchChromium, newGuardedContext, shootStableCanvas, waitForFirstIdle, waitForMark } from './browser';
import type { Image, RequestGuard } from './browser';
import { startDeploymentServer } from './deployment_server';
import type { DeploymentServer } from './deployment_server';
import { buildPmtilesArchive, testBasemapLayers } from '../helpers/pmtiles_archive';
import { ROAD_COLOURS, WATER_COLOUR } from '../../src/map/vector_basemap';

let browser: Browser;
let server: DeploymentServer;
let context: BrowserContext | undefined;
let guard: RequestGuard;

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});
afterEach(async () => {
  // Every test: nothing left the deployment's origin (the basemaps are served beside the app).
  expect(guard.offOrigin).toEqual([]);
  await context?.close();
  context = undefined;
  await server?.close();
});

const ARCHIVE_PATH = '/basemap/pingdingshan-test.pmtiles';
/** The city centre at zoom 12, where the test archive's motorway crosses the whole view; the grid and fire points hidden (they tint the basemap). */
const VIEW = '/?lh=hotspot-grid,fire-points#12/33.755/113.3';

/** Every data layer, for `lh` (hidden layers) in the URL. */
const ALL_LAYERS = 'counties,rivers,reservoirs,source-protection,outfalls,parks,enterprises,stations,hotspot-grid,fire-points';
/** The built-in places' inks (src/map/map_view.ts, PLACES_LAYERS): seats #3a3528, townships #6b6552. */
const SEAT_INK: [number, number, number] = [58, 53, 40];
const TOWNSHIP_INK: [number, number, number] = [107, 101, 82];
const placeInk = (image: Image): number => pixelsNear(image, SEAT_INK, 24) + pixelsNear(image, TOWNSHIP_INK, 24);

/** A 256×256 tile of one strong colour, so a drawn tile is unmistakable in the canvas. */
const PURPLE: [number, number, number] = [120, 40, 160];
const PURPLE_TILE = (() => {
  const png = new PNG({ width: 256, height: 256 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([...PURPLE, 255], i);
  return PNG.sync.write(png);
})();

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Pixels of the canvas within `tolerance` (per channel) of a colour. */
function pixelsNear(image: Image, [r, g, b]: [number, number, number], tolerance = 12): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (Math.abs(image.data[i] - r) <= tolerance && Math.abs(image.data[i + 1] - g) <= tolerance && Math.abs(image.data[i + 2] - b) <= tolerance) n++;
  }
  return n;
}

/** A fresh deployment with `config` and a fresh browser profile that may register the service worker. */
async function open(config: (origin: string) => unknown, setUp: (s: DeploymentServer) => void = () => undefined): Promise<Page> {
  server = await startDeploymentServer();
  server.config = config(server.origin);
  setUp(server);
  ({ context, guard } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP, serviceWorkers: 'allow' }));
  return context.newPage();
}

/** The first visit, online: the map idle, every layer stored, the service worker in control. */
async function firstVisit(page: Page, path = VIEW): Promise<void> {
  await page.goto(`${server.origin}${path}`);
  await waitForFirstIdle(page);
  await waitForMark(page, 'pds:cache-saved');
  const controlled = await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    for (let i = 0; i < 30 && !navigator.serviceWorker.controller; i++) await new Promise((r) => setTimeout(r, 100));
    return navigator.serviceWorker.controller !== null;
  });
  expect(controlled, 'the service worker controls the page').toBe(true);
}

async function openOfflinePanel(page: Page) {
  await page.getByRole('button', { name: /^离线与存储/ }).click();
  const dialog = page.getByRole('dialog', { name: '离线与存储' });
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  return dialog;
}

async function closeOfflinePanel(page: Page): Promise<void> {
  await page.getByRole('dialog', { name: '离线与存储' }).getByRole('button', { name: '关闭' }).click();
}

/** Reload with the network cut and wait for the map. */
async function reloadOffline(page: Page): Promise<void> {
  await context!.setOffline(true);
  expect(await page.evaluate(() => navigator.onLine)).toBe(false);
  await page.reload();
  await waitForFirstIdle(page);
}

describe('a PMTiles basemap (vector tiles in one archive beside the app)', () => {
  it('is downloaded in 离线与存储 with its size shown, and drawn from the device after a reload with the network cut', async () => {
    const archive = buildPmtilesArchive(testBasemapLayers());
    const page = await open(
      () => ({ basemaps: [{ id: 'osm', title: '离线矢量底图', type: 'pmtiles', url: ARCHIVE_PATH.slice(1), attribution: '测试数据' }] }),
      (s) => s.files.set(ARCHIVE_PATH, { body: Buffer.from(archive.bytes), type: 'application/vnd.pmtiles' }),
    );
    await firstVisit(page);
    const motorway = rgb(ROAD_COLOURS.motorway.fill);
    const water = rgb(WATER_COLOUR);
    const before = await shootStableCanvas(page);
    expect(pixelsNear(before, motorway), 'no motorway before the basemap is chosen').toBeLessThan(50);

    // Online, read from the server with range requests: the roads draw.
    await page.getByRole('combobox', { name: '底图' }).selectOption('osm');
    const online = await shootStableCanvas(page);
    expect(pixelsNear(online, motorway), 'the motorway drawn online').toBeGreaterThan(1500);

    const panel = await openOfflinePanel(page);
    const item = panel.getByRole('group', { name: '离线矢量底图' });
    expect(await item.textContent()).toContain('未下载');
    // The size from the server (HEAD) before anything is downloaded: 15.0 KB or so.
    await item.getByText(/文件大小 \d+(\.\d)? KB/).waitFor({ timeout: 10_000 });
    await item.getByRole('button', { name: '下载离线底图' }).click();
    await item.getByRole('status').filter({ hasText: '下载完成' }).waitFor({ timeout: 30_000 });
    expect(await item.textContent()).toMatch(/已下载 \d+(\.\d)? KB/);
    expect(await page.getByRole('combobox', { name: '底图' }).locator('option:checked').textContent()).toBe('离线矢量底图（已下载）');
    await closeOfflinePanel(page);

    const archiveRequests = server.requested.filter((p) => p === ARCHIVE_PATH).length;
    await reloadOffline(page);
    // The choice is kept over the reload, and the basemap did not fall back to the built-in one.
    expect(await page.getByRole('combobox', { name: '底图' }).inputValue()).toBe('osm');
    const offline = await shootStableCanvas(page);
    expect(await page.getByText('无法访问').count()).toBe(0);
    expect(pixelsNear(offline, motorway), 'the motorway drawn offline, from the archive on the device').toBeGreaterThan(1500);
    expect(pixelsNear(offline, water, 6), 'the lake drawn offline').toBeGreaterThan(1000);
    expect(server.requested.filter((p) => p === ARCHIVE_PATH).length, 'no request for the archive reached the server').toBe(archiveRequests);
  });

  it('shows the built-in places (county seats, townships) on the offline basemap and hides them under another basemap', async () => {
    const page = await open(
      () => ({ basemaps: [{ id: 'osm', title: '离线矢量底图', type: 'pmtiles', url: ARCHIVE_PATH.slice(1) }] }),
      (s) => {
        s.files.set(ARCHIVE_PATH, { body: Buffer.from(buildPmtilesArchive(testBasemapLayers()).bytes), type: 'application/vnd.pmtiles' });
      },
    );
    // 郏县城 at zoom 11, every data layer hidden (the county labels are of the same dark ink), where the test archive has nothing.
    await page.goto(`${server.origin}/?lh=${ALL_LAYERS}#11/33.9715/113.2174`);
    await waitForFirstIdle(page);
    const withPlaces = await shootStableCanvas(page);
    // The seat's ring and name and the townships' names, in the places' inks.
    expect(pixelsNear(withPlaces, SEAT_INK, 24), 'the seat 郏县城 drawn').toBeGreaterThan(30);
    expect(placeInk(withPlaces), 'the built-in places drawn').toBeGreaterThan(300);
    await page.getByRole('combobox', { name: '底图' }).selectOption('osm');
    await page.waitForTimeout(1_000);
    const withBasemap = await shootStableCanvas(page);
    expect(placeInk(withBasemap), 'no built-in places over another basemap').toBeLessThan(20);
  });
});

describe('an online XYZ basemap', () => {
  it('stores the tiles of the map area over the chosen zoom range with an estimate first, and draws them offline', async () => {
    const page = await open(
      (origin) => ({ basemaps: [{ id: 'xyz', title: '测试在线底图', type: 'xyz', url: `${origin}/tiles/{z}/{x}/{y}.png` }] }),
      (s) => s.tileServers.set('/tiles/', PURPLE_TILE),
    );
    await firstVisit(page);
    await page.getByRole('combobox', { name: '底图' }).selectOption('xyz');
    const online = await shootStableCanvas(page);
    const area = online.width * online.height;
    expect(pixelsNear(online, PURPLE), 'the tiles drawn online').toBeGreaterThan(area / 3);

    const panel = await openOfflinePanel(page);
    const item = panel.getByRole('group', { name: '测试在线底图' });
    await item.getByRole('combobox', { name: '起始级别' }).selectOption('12');
    await item.getByRole('combobox', { name: '最高级别' }).selectOption('13');
    const estimate = (await item.locator('.offline-basemap__estimate').textContent()) ?? '';
    const [, count] = /约 ([\d,]+) 张瓦片，估计 [\d.]+ (KB|MB)/.exec(estimate) ?? [];
    expect(Number(count?.replace(/,/g, '')), estimate).toBeGreaterThan(10);
    // Over the budget, the button refuses: zoom 12 to 18 of this view is far more than 5,000 tiles.
    await item.getByRole('combobox', { name: '最高级别' }).selectOption('18');
    expect(await item.locator('.offline-basemap__estimate').textContent()).toContain('超过每次 5,000 张的上限');
    expect(await item.getByRole('button', { name: '下载离线底图' }).isDisabled()).toBe(true);
    await item.getByRole('combobox', { name: '最高级别' }).selectOption('13');

    const tilesBefore = server.requested.filter((p) => p.startsWith('/tiles/')).length;
    await item.getByRole('button', { name: '下载离线底图' }).click();
    await item.getByRole('status').filter({ hasText: '下载完成' }).waitFor({ timeout: 60_000 });
    expect(server.requested.filter((p) => p.startsWith('/tiles/')).length - tilesBefore).toBeGreaterThanOrEqual(Number(count.replace(/,/g, '')));
    expect(await item.textContent()).toMatch(new RegExp(`已保存 ${count} 张瓦片`));
    await closeOfflinePanel(page);

    await reloadOffline(page);
    expect(await page.getByRole('combobox', { name: '底图' }).inputValue()).toBe('xyz');
    const offline = await shootStableCanvas(page);
    expect(await page.getByText('无法访问').count()).toBe(0);
    expect(pixelsNear(offline, PURPLE), 'the stored tiles drawn offline').toBeGreaterThan(area / 3);
  });

  it('falls back to the built-in basemap offline when none of its tiles was stored', async () => {
    const page = await open(
      (origin) => ({ basemaps: [{ id: 'xyz', title: '测试在线底图', type: 'xyz', url: `${origin}/tiles/{z}/{x}/{y}.png` }] }),
      (s) => s.tileServers.set('/tiles/', PURPLE_TILE),
    );
    await firstVisit(page);
    await page.getByRole('combobox', { name: '底图' }).selectOption('xyz');
    await shootStableCanvas(page);
    await reloadOffline(page);
    await page.getByText('底图「测试在线底图」无法访问，已切换回离线底图').waitFor({ timeout: 20_000 });
    const offline = await shootStableCanvas(page);
    expect(pixelsNear(offline, PURPLE)).toBeLessThan(100);
  });
});

describe('offline safety in 离线与存储', () => {
  it('申请持久存储 says in Chinese what the browser answered: refused, then granted', async () => {
    const page = await open(() => ({}));
    // The browser's answer, decided by the test: the first request refused, later ones granted.
    await context!.addInitScript(() => {
      let asked = 0;
      let granted = false;
      Object.defineProperty(navigator.storage, 'persisted', { value: async () => granted });
      Object.defineProperty(navigator.storage, 'persist', {
        value: async () => {
          asked++;
          granted = asked > 1 && (window as unknown as { __grant?: boolean }).__grant === true;
          return granted;
        },
      });
    });
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    const panel = await openOfflinePanel(page);
    await panel.getByRole('button', { name: '申请持久存储' }).click();
    const answer = panel.getByRole('status').filter({ hasText: '持久存储' });
    await answer.waitFor();
    expect(await answer.textContent()).toContain('浏览器未同意持久存储：存储空间不足时，浏览器可能自动删除本应用的离线数据');
    expect(await answer.textContent()).toContain('安装到主屏幕或桌面');
    expect(await panel.textContent()).toContain('未开启（空间不足时浏览器可能清除离线数据）');

    await page.evaluate(() => ((window as unknown as { __grant?: boolean }).__grant = true));
    await panel.getByRole('button', { name: '申请持久存储' }).click();
    await panel.getByRole('status').filter({ hasText: '浏览器已同意持久存储' }).waitFor();
    expect(await answer.textContent()).toContain('不会自动删除本应用的离线数据');
    await panel.getByText('已开启（浏览器不会自动清除）').waitFor();
  });

  it('申请持久存储 in the real browser gets one of the two answers', async () => {
    const page = await open(() => ({}));
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    const panel = await openOfflinePanel(page);
    await panel.getByRole('button', { name: '申请持久存储' }).click();
    const answer = panel.getByRole('status').filter({ hasText: '持久存储' });
    await answer.waitFor();
    expect(await answer.textContent()).toMatch(/^浏览器(已同意|未同意)持久存储：/);
  });

  it('清除缓存 with an unsynced inspection asks first, says it is kept, and the inspection survives', async () => {
    const page = await open(() => ({}));
    await firstVisit(page, '/');
    // An inspection recorded on this device and never sent (no inspections server configured).
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = indexedDB.open('pds-eco-map');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const tx = open.result.transaction('inspections', 'readwrite');
            tx.objectStore('inspections').put({
              uuid: '6f1c2b1e-0000-4000-8000-00000000e2e1',
              outfallCode: 'PDS-ZH-0195',
              createdAt: '2025-09-18T02:30:00.000Z',
              inspector: '李娜',
              dischargeSeen: '有',
              appearance: { colour: '浑浊', odour: '异味', foam: '少量' },
              sampleTaken: true,
              remediationProgress: '整治中',
              notes: '下游 50 米有死鱼',
              photoIds: [],
              position: null,
              syncState: 'pending',
              attempts: 0,
              lastAttemptAt: null,
              nextAttemptAt: null,
              syncError: null,
              syncedAt: null,
            });
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await waitForFirstIdle(page);
    const panel = await openOfflinePanel(page);
    await panel.getByRole('button', { name: '清除缓存' }).click();
    const ask = page.getByRole('alertdialog');
    await ask.waitFor({ state: 'visible' });
    const text = (await ask.textContent()) ?? '';
    expect(text).toContain('本机有 1 条巡查记录尚未同步到服务器。清除缓存不会删除它们');
    // Nothing is cleared until confirmed.
    expect(await panel.getByRole('row').filter({ hasText: '未缓存' }).count()).toBe(0);
    await ask.getByRole('button', { name: '确认清除' }).click();
    await panel.getByRole('row').filter({ hasText: '未缓存' }).first().waitFor({ timeout: 10_000 });

    const kept = await page.evaluate(
      () =>
        new Promise<number>((resolve, reject) => {
          const open = indexedDB.open('pds-eco-map');
          open.onerror = () => reject(open.error);
          open.onsuccess = () => {
            const count = open.result.transaction('inspections').objectStore('inspections').count();
            count.onsuccess = () => {
              open.result.close();
              resolve(count.result);
            };
          };
        }),
    );
    expect(kept).toBe(1);
    // And the app still lists it as waiting to be sent.
    expect(await page.getByRole('button', { name: /巡查记录，1 条待同步/ }).count()).toBe(1);
  });
});
