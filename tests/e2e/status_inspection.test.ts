// Issue 14 in the running app: 排污口着色 按整治状态 (the legend and the dots change, 逾期 is
// ringed in red), a card that says how many days an outfall is overdue, an inspection's
// record that opens its outfall and shows its photos, the inspected outfall marked on the
// map, the 附近排污口 list's numbers drawn at the outfalls it lists, and a search that says
// how many outfalls matched and lists them all on request. Every expected number is
// computed here from the data files. Screenshots go to /tmp/status-*.png, /tmp/inspections-*.png
// and /tmp/nearby-*.png at 1280×800 and 390×844.
import { afterEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PNG } from 'pngjs';
import type { BrowserContext, Page } from 'playwright-core';
import type { OutfallProperties } from '../../src/data/types';
import { DESKTOP, ROOT, metres, newGuardedContext, setUpAppAndBrowser, shootStableCanvas, viewHash, waitForFirstIdle } from './browser';
import type { Image } from './browser';

const app = setUpAppAndBrowser();
const openContexts: BrowserContext[] = [];
afterEach(async () => {
  await Promise.all(openContexts.splice(0).map((context) => context.close()));
});

/** The phone the screenshots are taken at (a current mid-size phone). */
const PHONE_TALL = { width: 390, height: 844 } as const;

// ---- the data ---------------------------------------------------------------------

const read = <T>(file: string): T => JSON.parse(readFileSync(resolve(ROOT, 'data', file), 'utf8')) as T;
const outfalls = read<{ features: { properties: OutfallProperties; geometry: { coordinates: [number, number] } }[] }>('outfalls.geojson').features.map((f) => ({
  ...f.properties,
  lon: f.geometry.coordinates[0],
  lat: f.geometry.coordinates[1],
}));
const byCode = new Map(outfalls.map((o) => [o.code, o]));
/** The demo set's date: a deadline before it is passed (the app counts 逾期 from it, not from the test's today). */
const DATA_DATE = read<{ dataDate: string; demo: boolean }>('manifest.json').dataDate;

/** Days past the deadline on the data date, 0 when done, not yet due or without a deadline. */
function daysOverdue(o: OutfallProperties): number {
  if (o.remediationStatus === '已完成' || o.remediationDeadline === '' || o.remediationDeadline >= DATA_DATE) return 0;
  return Math.round((Date.UTC(...ymd(DATA_DATE)) - Date.UTC(...ymd(o.remediationDeadline))) / 86_400_000);
}
const ymd = (iso: string): [number, number, number] => {
  const [y, m, d] = iso.split('-').map(Number);
  return [y, m - 1, d];
};

/** An outfall nothing else is drawn near at street zoom, chosen by `test`: the pixels at the centre are its own. */
function isolated(test: (o: OutfallProperties) => boolean, gapM = 80): OutfallProperties {
  const found = outfalls.find((o) => test(o) && o.parkId === null && outfalls.every((p) => p === o || metres(o.lon, o.lat, p.lon, p.lat) > gapM));
  if (!found) throw new Error('no outfall in the data fits the test');
  return found;
}

// ---- pixels -----------------------------------------------------------------------

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
const pixel = (image: Image, x: number, y: number): [number, number, number] => {
  const o = (Math.round(y) * image.width + Math.round(x)) * 4;
  return [image.data[o], image.data[o + 1], image.data[o + 2]];
};
const near = (a: readonly number[], b: readonly number[], tolerance: number) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);

/** Pixels within `radius` of the image's centre of (about) this colour. */
function pixelsNear(image: Image, hex: string, radius: number, tolerance = 40): number {
  const target = rgb(hex);
  const cx = image.width / 2;
  const cy = image.height / 2;
  let n = 0;
  for (let y = Math.floor(cy - radius); y <= cy + radius; y++) {
    for (let x = Math.floor(cx - radius); x <= cx + radius; x++) if (near(pixel(image, x, y), target, tolerance)) n++;
  }
  return n;
}

/** The mean colour of the 3×3 pixels at the centre. */
function centreColour(image: Image): number[] {
  const sum = [0, 0, 0];
  for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) pixel(image, image.width / 2 + dx, image.height / 2 + dy).forEach((v, k) => (sum[k] += v));
  return sum.map((v) => Math.round(v / 9));
}

/** The map's view from MapLibre's URL hash (#zoom/lat/lon), to place a lon/lat on the canvas image. */
async function viewOf(page: Page): Promise<{ zoom: number; lat: number; lon: number }> {
  const [zoom, lat, lon] = new URL(page.url()).hash.slice(1).split('/').map(Number);
  return { zoom, lat, lon };
}

/** Where a lon/lat falls on the canvas image (Web Mercator, 512 px tiles, as MapLibre draws). */
function project(view: { zoom: number; lat: number; lon: number }, image: Image, lon: number, lat: number): { x: number; y: number } {
  const world = 512 * 2 ** view.zoom;
  const mx = (l: number) => ((l + 180) / 360) * world;
  const my = (φ: number) => ((1 - Math.log(Math.tan(Math.PI / 4 + (φ * Math.PI) / 360)) / Math.PI) / 2) * world;
  return { x: mx(lon) - mx(view.lon) + image.width / 2, y: my(lat) - my(view.lat) + image.height / 2 };
}

// ---- the app ------------------------------------------------------------------------

async function openApp(viewport: { width: number; height: number }, hash = '', touch = false): Promise<{ context: BrowserContext; page: Page }> {
  const { context } = await newGuardedContext(app.browser, app.server.origin, { viewport, hasTouch: touch, isMobile: touch });
  openContexts.push(context);
  const page = await context.newPage();
  await page.goto(`${app.server.origin}/${hash}`);
  await waitForFirstIdle(page);
  return { context, page };
}

const outfallLegend = (page: Page) =>
  page
    .getByRole('navigation', { name: '图层' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('checkbox', { name: '排污口', exact: true }) })
    .locator('.legend');

/** Open an outfall's card through the search box (its code). */
async function openBySearch(page: Page, o: OutfallProperties): Promise<void> {
  await page.getByRole('combobox', { name: '搜索' }).fill(o.code);
  await page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').first().click();
  await page.getByRole('dialog', { name: o.name, exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
}

/** The card's value under a term, e.g. 整治逾期; null when the card has no such term. */
async function cardField(page: Page, name: string, term: string): Promise<string | null> {
  const dt = page
    .getByRole('dialog', { name, exact: true })
    .locator('dt')
    .filter({ hasText: new RegExp(`^\\s*${term}\\s*$`) });
  if ((await dt.count()) === 0) return null;
  return ((await dt.locator('xpath=following-sibling::dd[1]').textContent()) ?? '').trim();
}

describe('排污口着色 按整治状态', () => {
  it('switches the legend and the dots to the remediation status, and rings an overdue outfall in red', async () => {
    // An overdue outfall (整治中, blue by status) whose category colour is far from that blue and from the ring's red.
    const target = isolated((o) => daysOverdue(o) > 0 && (o.category === '城镇污水处理厂排污口' || o.category === '农业排口'));
    const categoryHex = target.category === '农业排口' ? '#33a02c' : '#6a3d9a';
    const statusHex = { 未启动: '#f28e2b', 整治中: '#2f7fc1', 已完成: '#2e9e4f', 未填: '#9a9a9a' }[target.remediationStatus];
    const RING = '#e3120b';
    const { page } = await openApp(DESKTOP, viewHash(16, target.lat, target.lon));

    const group = page.getByRole('radiogroup', { name: '排污口着色' });
    expect(await group.getByRole('radio', { name: '按类别' }).isChecked()).toBe(true);
    expect(await outfallLegend(page).textContent()).toContain('工业排污口');
    const before = await shootStableCanvas(page);
    // The dot at the centre is its category's colour (drawn at 0.95 opacity), with no red around it.
    expect(near(centreColour(before), rgb(categoryHex), 30), `centre ${centreColour(before)} is ${categoryHex}`).toBe(true);
    expect(pixelsNear(before, RING, 16, 30)).toBe(0);

    await group.getByRole('radio', { name: '按整治状态' }).check();
    await expect.poll(async () => (await outfallLegend(page).textContent()) ?? '').toContain('逾期未完成（红圈）');
    const legend = (await outfallLegend(page).textContent()) ?? '';
    for (const label of ['未启动', '整治中', '已完成', '整治状态未填']) expect(legend).toContain(label);
    expect(legend).not.toContain('工业排污口');
    const after = await shootStableCanvas(page);
    expect(near(centreColour(after), rgb(statusHex), 30), `centre ${centreColour(after)} is ${statusHex}`).toBe(true);
    // 3 px of red around a dot of radius 8 at zoom 16: well over a hundred pixels.
    expect(pixelsNear(after, RING, 16, 30), 'red ring pixels').toBeGreaterThan(100);
    // The link keeps it.
    await expect.poll(() => new URL(page.url()).searchParams.get('oc')).toBe('status');

    // Back to 按类别: the category colours and no ring.
    await group.getByRole('radio', { name: '按类别' }).check();
    const again = await shootStableCanvas(page);
    expect(near(centreColour(again), rgb(categoryHex), 30)).toBe(true);
    expect(pixelsNear(again, RING, 16, 30)).toBe(0);

    // Screenshots: the city by status, the panel with its legend, on a desktop and on a phone.
    await group.getByRole('radio', { name: '按整治状态' }).check();
    await page.evaluate((hash) => (location.hash = hash), viewHash(11.2, 33.74, 113.25));
    await shootStableCanvas(page);
    await page.screenshot({ path: '/tmp/status-1280x800.png' });
    // On a phone the layer panel, open on the desktop, stays open over the map: the legend first, then the map.
    await page.setViewportSize(PHONE_TALL);
    await outfallLegend(page).scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/status-panel-390x844.png' });
    await page.getByRole('button', { name: '图层', exact: true }).click();
    await outfallLegend(page).waitFor({ state: 'hidden' });
    await shootStableCanvas(page);
    await page.screenshot({ path: '/tmp/status-390x844.png' });
  });

  it("says on an overdue outfall's card how many days it is overdue, and nothing on one that is not", async () => {
    const late = outfalls.find((o) => o.remediationStatus === '整治中' && daysOverdue(o) > 0)!;
    const notLate = outfalls.find((o) => o.remediationStatus === '已完成' && o.remediationDeadline !== '' && o.remediationDeadline < DATA_DATE)!;
    // The example: its days as the data has them (overdue or not in this data set).
    const named = byCode.get('PDS-SH-0778')!;
    const { page } = await openApp(DESKTOP);

    await openBySearch(page, late);
    expect(await cardField(page, late.name, '整治逾期')).toBe(`逾期 ${daysOverdue(late)} 天`);
    await page.screenshot({ path: '/tmp/overdue-card-1280x800.png' });
    await openBySearch(page, notLate);
    expect(await cardField(page, notLate.name, '整治逾期')).toBeNull();
    await openBySearch(page, named);
    expect(await cardField(page, named.name, '整治逾期')).toBe(daysOverdue(named) > 0 ? `逾期 ${daysOverdue(named)} 天` : null);
  });
});

/** A phone photo, small enough to save quickly: two colours, so a thumbnail of it is not blank. */
function photo(): Buffer {
  const png = new PNG({ width: 800, height: 600 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(i / 4) % 800 > 400 ? 220 : 30, 140, 60, 255], i);
  return PNG.sync.write(png, { deflateLevel: 1 });
}

/** The inspected mark's teal (src/map/field_marks.ts). */
const INSPECTED = '#00897b';

describe('巡查记录 → 排污口', () => {
  it('a saved inspection marks its outfall on the map, shows its photo in 巡查记录, and its record opens the outfall', async () => {
    const target = isolated((o) => o.category !== '农业排口');
    const { page } = await openApp(DESKTOP, viewHash(16, target.lat, target.lon));
    expect(pixelsNear(await shootStableCanvas(page), INSPECTED, 20, 30), 'no mark before an inspection').toBe(0);

    await openBySearch(page, target);
    const card = page.getByRole('dialog', { name: target.name, exact: true });
    await card.getByRole('button', { name: '记录巡查' }).click();
    const form = card.getByRole('form', { name: '记录巡查' });
    await form.getByLabel('巡查人').fill('李四');
    await form.getByRole('radio', { name: '有' }).check();
    await form.getByLabel('照片').setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: photo() });
    await form.getByRole('button', { name: '保存' }).click();
    await card.getByRole('status').filter({ hasText: '已保存' }).waitFor({ state: 'visible', timeout: 15_000 });
    // The card's own list shows the photo too.
    await card.getByRole('group', { name: '照片' }).getByRole('img').first().waitFor({ state: 'visible' });
    await card.getByRole('button', { name: '关闭', exact: true }).click();

    // The map marks the outfall: a teal ring around its dot.
    const marked = await shootStableCanvas(page);
    expect(pixelsNear(marked, INSPECTED, 20, 30), 'teal mark pixels').toBeGreaterThan(60);
    await page.screenshot({ path: '/tmp/inspected-mark-1280x800.png' });

    // Elsewhere, 巡查记录 lists the record with its photo as a thumbnail of the stored Blob.
    await page.evaluate((hash) => (location.hash = hash), viewHash(11, 33.74, 113.25));
    await page.getByRole('button', { name: /^巡查记录，/ }).click();
    const panel = page.getByRole('dialog', { name: '巡查记录' });
    const item = panel.getByRole('list', { name: '全部巡查记录' }).getByRole('listitem').filter({ hasText: target.code });
    expect(await item.count()).toBe(1);
    const thumbnail = item.getByRole('img', { name: '照片 1' });
    await thumbnail.waitFor({ state: 'visible' });
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(800);
    const src = (await thumbnail.getAttribute('src')) ?? '';
    expect(src).toMatch(/^blob:/);
    await thumbnail.evaluate((img: HTMLImageElement) => img.decode());
    await page.screenshot({ path: '/tmp/inspections-1280x800.png' });
    // On a phone (the layer panel, open on the desktop, closed as a phone starts).
    await page.setViewportSize(PHONE_TALL);
    await page.getByRole('button', { name: '图层', exact: true }).click();
    await page.getByRole('checkbox', { name: '排污口', exact: true }).waitFor({ state: 'hidden' });
    await page.screenshot({ path: '/tmp/inspections-390x844.png' });
    await page.setViewportSize(DESKTOP);

    // 查看排污口: the panel gives way, the map flies there and the outfall's card opens.
    await item.getByRole('button', { name: `查看排污口 ${target.code}` }).click();
    await page.getByRole('dialog', { name: target.name, exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
    await panel.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await viewOf(page)).zoom, { timeout: 15_000 }).toBeGreaterThanOrEqual(16);
    const view = await viewOf(page);
    expect(metres(view.lon, view.lat, target.lon, target.lat), 'the map is centred on the outfall').toBeLessThan(30);
    // The list is gone, and with it the thumbnail's object URL: it no longer reads.
    const readable = await page.evaluate(
      (url) =>
        fetch(url).then(
          () => true,
          () => false,
        ),
      src,
    );
    expect(readable, 'a revoked object URL').toBe(false);
  });
});

describe('附近排污口 on the map', () => {
  /** Where the inspector stands: on the 湛河 in the city, among many outfalls (as in field.test.ts). */
  const HERE = { longitude: 113.3, latitude: 33.72, accuracy: 15 };
  const BADGE = [0x1a, 0x73, 0xe8];

  /**
   * Per listed outfall, the share of the disc inside a badge's edge around its place drawn in the
   * badge's blue (exactly: the river's blue is within 20 of it). A badge there, or one over it where
   * they crowd, fills most of it but for the number; without badges it holds none.
   */
  function badgeShare(image: Image, view: { zoom: number; lat: number; lon: number }, codes: string[]): { share: number; perOutfall: number[] } {
    const perOutfall = codes.map((code) => {
      const o = byCode.get(code)!;
      const { x, y } = project(view, image, o.lon, o.lat);
      // The badge's radius by zoom (src/map/field_marks.ts: 7 px at zoom 10 to 10 px at 15), less its white edge.
      const r = 7 + 3 * Math.min(1, Math.max(0, (view.zoom - 10) / 5)) - 1.5;
      let blue = 0;
      let all = 0;
      for (let dy = -Math.floor(r); dy <= r; dy++) {
        for (let dx = -Math.floor(r); dx <= r; dx++) {
          if (dx * dx + dy * dy > r * r) continue;
          all++;
          if (near(pixel(image, x + dx, y + dy), BADGE, 10)) blue++;
        }
      }
      return Math.round((blue / all) * 100) / 100;
    });
    return { share: perOutfall.reduce((s, v) => s + v, 0) / Math.max(1, perOutfall.length), perOutfall };
  }

  async function listedCodes(page: Page): Promise<string[]> {
    const texts = await page.getByRole('list', { name: '附近排污口列表' }).getByRole('button').allTextContents();
    return texts.map((t) => /PDS-[A-Z]+-\d+/.exec(t)?.[0] ?? '');
  }

  it('draws the list’s numbers at the outfalls it lists, and takes them away with the list', async () => {
    const { context } = await newGuardedContext(app.browser, app.server.origin, { viewport: PHONE_TALL, hasTouch: true, isMobile: true });
    openContexts.push(context);
    await context.grantPermissions(['geolocation'], { origin: app.server.origin });
    await context.setGeolocation(HERE);
    const page = await context.newPage();
    await page.goto(`${app.server.origin}/`);
    await waitForFirstIdle(page);
    await page.getByRole('button', { name: '定位' }).tap();
    const list = page.getByRole('list', { name: '附近排污口列表' });
    await list.waitFor({ state: 'visible', timeout: 15_000 });
    const codes = await listedCodes(page);
    expect(codes).toHaveLength(20);
    // The list numbers its entries 1–20, as the map does.
    expect(await list.locator('.nearby__number').allTextContents()).toEqual(Array.from({ length: 20 }, (_, i) => String(i + 1)));

    // The twenty may reach beyond the phone's screen at 定位's zoom: show them all.
    await page.evaluate((hash) => (location.hash = hash), fitHash(codes, await shootStableCanvas(page)));
    const withNumbers = await shootStableCanvas(page);
    await page.screenshot({ path: '/tmp/nearby-390x844.png' });
    const view = await viewOf(page);
    const onScreen = codes.filter((code) => onScreenAt(view, withNumbers, code));
    expect(onScreen.length, 'listed outfalls on the screen').toBe(20);
    const shown = badgeShare(withNumbers, view, onScreen);
    // Where badges crowd, a nearer one's number and edge cover part of the one under it; with none there is no such blue at all (below).
    expect(Math.min(...shown.perOutfall), `badge blue around each listed outfall: ${shown.perOutfall}`).toBeGreaterThanOrEqual(0.08);
    expect(shown.share).toBeGreaterThan(0.3);

    // Another status: other outfalls listed, and the numbers move to them.
    await page.getByRole('combobox', { name: '按整治状态筛选' }).selectOption('未启动');
    await expect.poll(async () => (await listedCodes(page)).join()).not.toBe(codes.join());
    const notStarted = await listedCodes(page);
    expect(notStarted.every((code) => byCode.get(code)!.remediationStatus === '未启动')).toBe(true);
    await page.evaluate((hash) => (location.hash = hash), fitHash(notStarted, withNumbers));
    const filtered = await shootStableCanvas(page);
    const filteredView = await viewOf(page);
    expect(notStarted.every((code) => onScreenAt(filteredView, filtered, code))).toBe(true);
    const moved = badgeShare(filtered, filteredView, notStarted);
    expect(Math.min(...moved.perOutfall), `badges at the outfalls listed by status: ${moved.perOutfall}`).toBeGreaterThanOrEqual(0.08);
    expect(moved.share).toBeGreaterThan(0.3);

    // Closing the list takes the numbers off the map (the view stays where it was).
    await page.getByRole('button', { name: '关闭附近排污口' }).tap();
    await list.waitFor({ state: 'hidden' });
    const without = await shootStableCanvas(page);
    expect(Math.max(...badgeShare(without, filteredView, notStarted).perOutfall), 'badge blue left once the list is closed').toBeLessThan(0.05);
    await page.getByRole('button', { name: '定位' }).tap();
    await list.waitFor({ state: 'visible', timeout: 15_000 });
    await page.getByRole('combobox', { name: '按整治状态筛选' }).selectOption('');

    // The desktop's screenshot, 定位 on again.
    await page.setViewportSize(DESKTOP);
    await page.evaluate((hash) => (location.hash = hash), fitHash(codes, await shootStableCanvas(page)));
    await shootStableCanvas(page);
    await page.screenshot({ path: '/tmp/nearby-1280x800.png' });
  });

  /** A view (#zoom/lat/lon) that shows these outfalls with room around them on an image of this size. */
  function fitHash(codes: string[], image: Image): string {
    const points = codes.map((code) => byCode.get(code)!);
    const lons = points.map((o) => o.lon);
    const lats = points.map((o) => o.lat);
    const centre = { lon: (Math.min(...lons) + Math.max(...lons)) / 2, lat: (Math.min(...lats) + Math.max(...lats)) / 2 };
    // Their extent at zoom 0, in pixels.
    const at0 = (lon: number, lat: number) => project({ zoom: 0, ...centre }, image, lon, lat);
    const corners = [at0(Math.min(...lons), Math.max(...lats)), at0(Math.max(...lons), Math.min(...lats))];
    const dx = Math.max(1e-9, corners[1].x - corners[0].x);
    const dy = Math.max(1e-9, corners[1].y - corners[0].y);
    const zoom = Math.min(17, Math.log2(Math.min((0.6 * image.width) / dx, (0.6 * image.height) / dy)));
    return viewHash(Math.floor(zoom * 100) / 100, centre.lat, centre.lon);
  }

  function onScreenAt(view: { zoom: number; lat: number; lon: number }, image: Image, code: string): boolean {
    const { x, y } = project(view, image, byCode.get(code)!.lon, byCode.get(code)!.lat);
    return x > 12 && y > 12 && x < image.width - 12 && y < image.height - 12;
  }
});

describe('search says how many matched', () => {
  it('says 共 N 个 for 湛河 and reaches every match through 显示更多', async () => {
    const query = '湛河';
    // The search's rule for a query of Chinese characters: some field contains it.
    const total = outfalls.filter((o) =>
      [o.code, o.name, o.township, o.river, o.responsibleUnit].some((f) => f.normalize('NFKC').toLowerCase().includes(query)),
    ).length;
    expect(total).toBeGreaterThan(20);
    const { page } = await openApp(DESKTOP);
    await page.getByRole('combobox', { name: '搜索' }).fill(query);
    const options = page.getByRole('listbox', { name: '搜索结果' }).getByRole('option');
    await options.first().waitFor({ state: 'visible' });
    const count = page.locator('.search-results').getByRole('status');
    expect((await count.textContent())?.trim()).toBe(`共 ${total} 个，显示前 20 个`);
    expect(await options.count()).toBe(20);

    const more = page.getByRole('button', { name: /^显示更多/ });
    expect((await more.textContent())?.trim()).toBe(`显示更多（还有 ${total - 20} 个）`);
    await page.screenshot({ path: '/tmp/search-1280x800.png' });
    await more.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/search-more-1280x800.png' });
    await page.setViewportSize(PHONE_TALL);
    await page.getByRole('button', { name: '图层', exact: true }).click();
    await page.getByRole('checkbox', { name: '排污口', exact: true }).waitFor({ state: 'hidden' });
    await page.screenshot({ path: '/tmp/search-390x844.png' });
    await page.setViewportSize(DESKTOP);
    while ((await more.count()) > 0) await more.click();
    expect(await options.count()).toBe(total);
    expect((await count.textContent())?.trim()).toBe(`共 ${total} 个`);
    // The last one can be reached and chosen: its card opens.
    const last = options.nth(total - 1);
    await last.scrollIntoViewIfNeeded();
    expect(await last.isVisible()).toBe(true);
    const lastName = ((await last.locator('.search-results__name').textContent()) ?? '').trim();
    await last.click();
    await page.getByRole('dialog', { name: lastName, exact: true }).waitFor({ state: 'visible', timeout: 15_000 });
  });
});
