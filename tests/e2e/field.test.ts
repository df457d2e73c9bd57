// The field inspector on a phone (375×667, touch, mocked position): the nearest
// outfalls, search, and an inspection recorded offline that survives a reload and
// reaches the (mocked) server exactly once when the network comes back.
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { PHONE, firstVisitOnline, metres, newGuardedContext, readOutfalls, waitForFirstIdle, setUpAppAndBrowser } from './browser';
import type { OutfallPoint, RequestGuard } from './browser';

const app = setUpAppAndBrowser();
/** The contexts the current test opened: closed after it, even when it fails, so none outlives its test. */
const openContexts: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(openContexts.splice(0).map((context) => context.close()));
});

/** Where the inspector stands: on the 湛河 in the city, among many outfalls. */
const HERE = { longitude: 113.3, latitude: 33.72, accuracy: 15 };

async function phoneContext(options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<{ context: BrowserContext; guard: RequestGuard }> {
  const made = await newGuardedContext(app.browser, app.server.origin, {
    viewport: PHONE,
    hasTouch: true,
    isMobile: true,
    serviceWorkers: options.serviceWorkers,
  });
  await made.context.grantPermissions(['geolocation'], { origin: app.server.origin });
  await made.context.setGeolocation(HERE);
  openContexts.push(made.context);
  return made;
}

/** A camera-sized photo (3000×2000), so the app has to downscale it. */
function cameraPhoto(): Buffer {
  const png = new PNG({ width: 3000, height: 2000 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(i / 4) % 3000 > 1500 ? 200 : 40, 120, 90, 255], i);
  return PNG.sync.write(png, { deflateLevel: 1 });
}

/** Open an outfall's card through the search box. */
async function openOutfallBySearch(page: Page, outfall: OutfallPoint): Promise<void> {
  await page.getByRole('combobox', { name: '搜索' }).fill(outfall.code);
  await page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').first().tap();
  await page.getByRole('dialog', { name: outfall.name }).waitFor({ state: 'visible', timeout: 15_000 });
}

describe('where am I, what is near', () => {
  it('定位 lists the 20 nearest outfalls, the first being the closest one, with distance and direction', async () => {
    const { context, guard } = await phoneContext();
    const page = await context.newPage();
    await page.goto(`${app.server.origin}/`);
    await waitForFirstIdle(page);
    await page.getByRole('button', { name: '定位' }).tap();

    const list = page.getByRole('list', { name: '附近排污口列表' });
    await list.waitFor({ state: 'visible', timeout: 15_000 });
    const items = list.getByRole('button');
    expect(await items.count()).toBe(20);

    // Brute force over the shipped data: the closest outfall to where the phone says it is.
    const byDistance = readOutfalls()
      .map((o) => ({ o, d: metres(HERE.longitude, HERE.latitude, o.lon, o.lat) }))
      .sort((a, b) => a.d - b.d);
    const firstText = (await items.first().textContent()) ?? '';
    expect(firstText).toContain(byDistance[0].o.code);
    expect(firstText).toContain(`${Math.round(byDistance[0].d)} 米`);
    expect(firstText).toMatch(/^(北|东北|东|东南|南|西南|西|西北) /);
    // The 20th entry is the 20th closest.
    expect((await items.nth(19).textContent()) ?? '').toContain(byDistance[19].o.code);

    // Filtering by status keeps only outfalls with that status.
    await page.getByRole('combobox', { name: '按整治状态筛选' }).selectOption('未启动');
    const filtered = await items.allTextContents();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered.every((t) => t.includes('未启动'))).toBe(true);

    // Tapping an entry opens that outfall's card.
    const nearest = byDistance[0].o;
    await page.getByRole('combobox', { name: '按整治状态筛选' }).selectOption('');
    await items.first().tap();
    await page.getByRole('dialog', { name: nearest.name }).waitFor({ state: 'visible', timeout: 10_000 });
    expect(guard.offOrigin).toEqual([]);
  });
});

describe('search', () => {
  it('finds an outfall by part of its code and opens its card', async () => {
    const { context } = await phoneContext();
    const page = await context.newPage();
    await page.goto(`${app.server.origin}/`);
    await waitForFirstIdle(page);
    const target = readOutfalls()[1234];
    await page.getByRole('combobox', { name: '搜索' }).fill(target.code.slice(-6).toLowerCase());
    const options = page.getByRole('listbox', { name: '搜索结果' }).getByRole('option');
    await options.first().waitFor({ state: 'visible' });
    expect((await options.first().textContent()) ?? '').toContain(target.code);
    await options.first().tap();
    const card = page.getByRole('dialog', { name: target.name });
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.getByText(target.code, { exact: true }).count()).toBeGreaterThan(0);
    // 导航 offers the four map apps.
    await card.getByRole('button', { name: '导航' }).tap();
    const links = card.getByRole('list', { name: '用以下地图导航' }).getByRole('link');
    expect(await links.allTextContents()).toEqual(expect.arrayContaining(['高德地图', '百度地图', '腾讯地图']));
  });
});

describe('an inspection recorded offline', () => {
  it('is saved offline, survives a reload, and syncs exactly once when the network returns', async () => {
    const { context, guard } = await phoneContext({ serviceWorkers: 'allow' });
    const posts: { key: string | null; body: string }[] = [];
    await context.route(`${app.server.origin}/config.json`, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ apiBase: `${app.server.origin}/api` }) }),
    );
    await context.route(`${app.server.origin}/api/inspections`, async (route) => {
      const request = route.request();
      posts.push({ key: await request.headerValue('idempotency-key'), body: request.postDataBuffer()?.toString('latin1') ?? '' });
      return route.fulfill({ status: 201, contentType: 'application/json', body: '{"ok":true}' });
    });
    const page = await context.newPage();
    await firstVisitOnline(page, app.server.origin);

    const outfall = readOutfalls()[42];
    await context.setOffline(true);
    await openOutfallBySearch(page, outfall);
    const card = page.getByRole('dialog', { name: outfall.name });
    await card.getByRole('button', { name: '记录巡查' }).tap();
    const form = card.getByRole('form', { name: '记录巡查' });
    await form.getByLabel('巡查人').fill('张三');
    await form.getByRole('radio', { name: '有' }).check();
    await form.getByLabel('颜色').selectOption('浑浊');
    await form.getByLabel('备注').fill('排口有少量浑浊水排出，已拍照');
    await form.getByLabel('照片').setInputFiles({ name: 'IMG_0001.png', mimeType: 'image/png', buffer: cameraPhoto() });
    await form.getByRole('button', { name: '保存' }).tap();
    await card.getByRole('status').filter({ hasText: '已保存' }).waitFor({ state: 'visible', timeout: 15_000 });
    expect(posts).toHaveLength(0);

    // Reload with no network: the app comes back from the service worker and IndexedDB, the record with it.
    await page.reload();
    await waitForFirstIdle(page);
    await openOutfallBySearch(page, outfall);
    const records = page.getByRole('dialog', { name: outfall.name }).getByRole('list', { name: '本排污口的巡查记录' }).getByRole('listitem');
    expect(await records.count()).toBe(1);
    expect(await records.first().textContent()).toContain('张三');
    expect(await records.first().textContent()).toContain('待同步');
    expect(await page.getByRole('button', { name: /^巡查记录，1 条待同步$/ }).count()).toBe(1);

    // Network back: the queue sends it, the server acknowledges, the record says 已同步.
    await context.setOffline(false);
    await records.first().getByText('已同步').waitFor({ state: 'visible', timeout: 30_000 });
    expect(posts).toHaveLength(1);
    expect(posts[0].key).toMatch(/^[0-9a-f-]{36}$/);
    expect(posts[0].body).toContain(outfall.code);
    expect(posts[0].body).toContain('name="photo-1"');

    // The photo was stored downscaled to at most 1600 px on its longer side.
    const size = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('pds-eco-map');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
      const photos = await new Promise<{ blob: Blob }[]>((resolve) => {
        const request = db.transaction('photos').objectStore('photos').getAll();
        request.onsuccess = () => resolve(request.result);
      });
      const bitmap = await createImageBitmap(photos[0].blob);
      return { count: photos.length, width: bitmap.width, height: bitmap.height, type: photos[0].blob.type };
    });
    expect(size).toEqual({ count: 1, width: 1600, height: 1067, type: 'image/jpeg' });

    // 导出全部: a zip with GeoJSON, a CSV Excel reads (UTF-8 BOM) and the photo.
    await page.getByRole('button', { name: /^巡查记录，/ }).tap();
    const panel = page.getByRole('dialog', { name: '巡查记录' });
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: '导出全部' }).tap()]);
    const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    expect(Object.keys(files).sort()).toEqual(expect.arrayContaining(['inspections.csv', 'inspections.geojson']));
    expect(Object.keys(files).some((name) => name.startsWith('photos/') && name.endsWith('.jpg'))).toBe(true);
    const csv = files['inspections.csv'];
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(strFromU8(csv)).toContain('张三');
    expect(JSON.parse(strFromU8(files['inspections.geojson'])).features).toHaveLength(1);
    // Nothing more is sent on later passes.
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForTimeout(1500);
    expect(posts).toHaveLength(1);
    expect(await page.getByRole('button', { name: /^巡查记录，0 条待同步$/ }).count()).toBe(1);
    expect(guard.offOrigin).toEqual([]);
  });
});
