// 导出图片 in the built app, in headless Debian Chromium (SwiftShader): the top-bar button opens
// the dialog, 导出 PNG downloads an image of the chosen size, and the image holds the map (many
// colours), the title on its light band, the legend on its white panel (with the swatches of
// the visible layers only), the 演示数据 badge and the scale bar; 3840×2160 is made as well;
// 打印 lays the image out for A4 landscape; on a phone the button is in the layer sheet and large
// enough for a finger. Nothing is fetched from anywhere but the app's origin.
//
// One page for the desktop tests (loading the map is most of the cost); each export is a few
// seconds under SwiftShader.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { DESKTOP, ROOT, decodePng, expectNothingOffOrigin, newGuardedContext, pixelStats, setUpAppAndBrowser, waitForFirstIdle } from './browser';
import type { Image, RequestGuard } from './browser';
import { BAND_COLOUR, INK, LEGEND_COLOUR } from '../../src/ui/export_image/image_layout';
import { ENTERPRISE_LEGEND, OUTFALL_CATEGORY_COLOURS, PARK_STATUS_COLOURS } from '../../src/symbology/colours';

const app = setUpAppAndBrowser();
const DATA_DATE = (JSON.parse(readFileSync(resolve(ROOT, 'data/manifest.json'), 'utf8')) as { dataDate: string }).dataDate;
/** The legend's rule and the band's: a colour neither the map nor the legend's swatches use. */
const RULE = '#cfcabd';
const BADGE = '#ffcf33';

// ---- reading the image ----------------------------------------------------------

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function crop(image: Image, box: Box): Image {
  const x0 = Math.round(box.x);
  const y0 = Math.round(box.y);
  const width = Math.round(box.width);
  const height = Math.round(box.height);
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(((y0 + y) * image.width + x0) * 4, ((y0 + y) * image.width + x0 + width) * 4), y * width * 4);
  return { width, height, data };
}

const rgb = (hex: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];

/** Share (0–1) of the pixels within `tolerance` of `hex` in every channel. */
function share(image: Image, hex: string, tolerance = 2): number {
  const [r, g, b] = rgb(hex);
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) {
    if (Math.abs(image.data[i] - r) <= tolerance && Math.abs(image.data[i + 1] - g) <= tolerance && Math.abs(image.data[i + 2] - b) <= tolerance) n++;
  }
  return n / (image.width * image.height);
}

const count = (image: Image, hex: string, tolerance = 2): number => Math.round(share(image, hex, tolerance) * image.width * image.height);

/** Share of dark pixels (luminance under 90): text. */
function darkShare(image: Image): number {
  let n = 0;
  for (let i = 0; i < image.data.length; i += 4) if (0.2126 * image.data[i] + 0.7152 * image.data[i + 1] + 0.0722 * image.data[i + 2] < 90) n++;
  return n / (image.width * image.height);
}

/** The legend panel's left edge: the rule drawn down its side, found along the middle row from the right. */
function legendLeft(image: Image): number {
  const y = Math.round(image.height * 0.6);
  const [r, g, b] = rgb(RULE);
  for (let x = image.width - 1; x > image.width / 3; x--) {
    const i = (y * image.width + x) * 4;
    if (Math.abs(image.data[i] - r) <= 2 && Math.abs(image.data[i + 1] - g) <= 2 && Math.abs(image.data[i + 2] - b) <= 2) return x;
  }
  throw new Error('no legend panel rule found');
}

/** The band's lower edge: its rule, found down the middle column. */
function bandBottom(image: Image): number {
  const x = Math.round(image.width / 2);
  const [r, g, b] = rgb(RULE);
  for (let y = 0; y < image.height / 4; y++) {
    const i = (y * image.width + x) * 4;
    if (Math.abs(image.data[i] - r) <= 2 && Math.abs(image.data[i + 1] - g) <= 2 && Math.abs(image.data[i + 2] - b) <= 2) return y;
  }
  throw new Error('no title band rule found');
}

// ---- driving the dialog -----------------------------------------------------------------

async function openDialog(page: Page) {
  const dialog = page.getByRole('dialog', { name: '导出图片', exact: true });
  if (!(await dialog.isVisible())) await page.getByRole('button', { name: '导出图片', exact: true }).click();
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  return dialog;
}

/** Choose a size, press 导出 PNG and return the file; an alert instead fails with its text. */
async function exportPng(page: Page, size: RegExp): Promise<{ download: Download; image: Image; bytes: number; ms: number }> {
  const dialog = await openDialog(page);
  await dialog.getByRole('radio', { name: size }).check();
  const downloaded = page.waitForEvent('download', { timeout: 60_000 });
  await dialog.getByRole('button', { name: '导出 PNG', exact: true }).click();
  const alert = dialog.getByRole('alert');
  const download = await Promise.race([
    downloaded,
    alert.waitFor({ timeout: 60_000 }).then(async () => {
      throw new Error(`导出失败 / the dialog shows an alert: ${await alert.textContent()}`);
    }),
  ]);
  const path = await download.path();
  const png = readFileSync(path);
  const ms = Number(await dialog.getByRole('status').getAttribute('data-ms'));
  return { download, image: decodePng(png), bytes: png.length, ms };
}

describe('导出图片 on a desktop 1280×800', () => {
  let context: BrowserContext;
  let guard: RequestGuard;
  let page: Page;

  beforeAll(async () => {
    ({ context, guard } = await newGuardedContext(app.browser, app.server.origin, { viewport: DESKTOP }));
    page = await context.newPage();
    await page.goto(`${app.server.origin}/`);
    await waitForFirstIdle(page);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('exports a 1920×1080 PNG of the map with its title, legend, badge and scale bar', async () => {
    const { download, image, bytes, ms } = await exportPng(page, /1920×1080/);
    console.info(`1920×1080: ${ms} ms, ${bytes} bytes`);
    expect(download.suggestedFilename()).toBe(`平顶山生态环境一张图-${DATA_DATE}-1920x1080.png`);
    expect([image.width, image.height]).toEqual([1920, 1080]);

    const band = bandBottom(image);
    const left = legendLeft(image);
    expect(band, 'title band height').toBeGreaterThan(1080 * 0.05);
    expect(band).toBeLessThan(1080 * 0.15);
    expect(left, 'legend panel left edge').toBeGreaterThan(1920 * 0.5);

    // The map: drawn, not blank — many colours, none dominating.
    const map = crop(image, { x: 0, y: band + 4, width: left - 4, height: 1080 - band - 4 });
    const stats = pixelStats(map);
    expect(stats.distinctColours, JSON.stringify(stats)).toBeGreaterThan(200);
    expect(stats.dominantShare, JSON.stringify(stats)).toBeLessThan(0.9);

    // The title: dark text on the light band, at the left.
    const title = crop(image, { x: 0, y: 0, width: 1920 * 0.3, height: band - 2 });
    expect(share(title, BAND_COLOUR), 'band colour around the title').toBeGreaterThan(0.4);
    expect(darkShare(title), 'title text').toBeGreaterThan(0.04);
    // The 演示数据 badge, in the band's right part.
    expect(count(crop(image, { x: 1920 * 0.6, y: 0, width: 1920 * 0.4, height: band - 2 }), BADGE), 'badge').toBeGreaterThan(1000);

    // The legend: its white panel (not the map), text, and the swatches of the outfalls and parks.
    const legend = crop(image, { x: left + 3, y: band + 3, width: 1920 - left - 3, height: 1080 - band - 3 });
    expect(share(legend, LEGEND_COLOUR, 0), 'legend panel white').toBeGreaterThan(0.6);
    expect(darkShare(legend), 'legend text').toBeGreaterThan(0.005);
    expect(count(legend, OUTFALL_CATEGORY_COLOURS.工业排污口), '工业排污口 swatch').toBeGreaterThan(40);
    expect(count(legend, PARK_STATUS_COLOURS.依托骨干企业处理), '化工园区 swatch').toBeGreaterThan(150);
    // The enterprises' industry shapes (square, hexagon, house) in their grey.
    expect(count(legend, ENTERPRISE_LEGEND[0].colour), '重点排污单位 industry swatches').toBeGreaterThan(150);
    // Its right margin is all panel: no map pixel reaches in.
    expect(share(crop(image, { x: 1920 - 12, y: band + 4, width: 8, height: 1080 - band - 8 }), LEGEND_COLOUR, 0)).toBe(1);

    // The scale bar, bottom left on the map: its dark half-bar on a light box.
    expect(count(crop(image, { x: 0, y: 1080 * 0.8, width: 1920 * 0.25, height: 1080 * 0.2 }), INK, 1), 'scale bar').toBeGreaterThan(150);
    expectNothingOffOrigin(guard);
  });

  it('exports 3840×2160 at that size, drawn', async () => {
    const { image, bytes, ms } = await exportPng(page, /3840×2160/);
    console.info(`3840×2160: ${ms} ms, ${bytes} bytes`);
    expect([image.width, image.height]).toEqual([3840, 2160]);
    const band = bandBottom(image);
    const left = legendLeft(image);
    const stats = pixelStats(crop(image, { x: 0, y: band + 4, width: left - 4, height: 2160 - band - 4 }));
    expect(stats.distinctColours, JSON.stringify(stats)).toBeGreaterThan(200);
    expect(stats.dominantShare, JSON.stringify(stats)).toBeLessThan(0.9);
    expect(darkShare(crop(image, { x: 0, y: 0, width: 3840 * 0.3, height: band - 2 })), 'title text').toBeGreaterThan(0.04);
    expect(share(crop(image, { x: left + 3, y: band + 3, width: 3840 - left - 3, height: 2160 - band - 3 }), LEGEND_COLOUR, 0)).toBeGreaterThan(0.6);
  });

  it('leaves a layer switched off out of the image and its legend', async () => {
    const dialog = await openDialog(page);
    await dialog.getByRole('button', { name: '关闭', exact: true }).click();
    const parks = page.getByRole('checkbox', { name: '化工园区', exact: true });
    await parks.uncheck();
    try {
      const { image } = await exportPng(page, /1920×1080/);
      const left = legendLeft(image);
      const band = bandBottom(image);
      const panel = crop(image, { x: left + 3, y: band + 3, width: 1920 - left - 3, height: 1080 - band - 3 });
      expect(count(panel, PARK_STATUS_COLOURS.依托骨干企业处理), 'no 化工园区 swatch (依托骨干企业处理: a colour no other legend has)').toBe(0);
      expect(count(panel, OUTFALL_CATEGORY_COLOURS.工业排污口), 'the outfalls still there').toBeGreaterThan(40);
    } finally {
      await page.getByRole('dialog', { name: '导出图片', exact: true }).getByRole('button', { name: '关闭', exact: true }).click();
      await parks.check();
    }
  });

  it('打印 lays the image out for A4 landscape and shows only it when printing', async () => {
    await page.evaluate(() => {
      // The print dialog itself is the browser's: count the calls instead.
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => void (window as unknown as { printed: number }).printed++;
    });
    const dialog = await openDialog(page);
    await dialog.getByRole('radio', { name: 'A4 横向' }).check();
    await dialog.getByRole('button', { name: '打印', exact: true }).click();
    await page.waitForFunction(() => (window as unknown as { printed: number }).printed === 1, null, { timeout: 60_000 });
    const sheet = await page.evaluate(() => {
      const img = document.querySelector<HTMLImageElement>('.print-sheet img');
      return { width: img?.naturalWidth, height: img?.naturalHeight, page: document.querySelector('.print-sheet style')?.textContent };
    });
    expect(sheet).toEqual({ width: 2213, height: 1528, page: '@page { size: A4 landscape; margin: 8mm; }' });

    await page.emulateMedia({ media: 'print' });
    try {
      expect(await page.locator('.print-sheet img').isVisible()).toBe(true);
      expect(await page.locator('.topbar').isVisible()).toBe(false);
      expect(await page.getByRole('region', { name: '地图' }).isVisible()).toBe(false);
      expect(await dialog.isVisible()).toBe(false);
    } finally {
      await page.emulateMedia({ media: 'screen' });
    }
    expectNothingOffOrigin(guard);
  });
});

describe('导出图片 when the image cannot be made', () => {
  it('says so in Chinese in the dialog, and downloads nothing', async () => {
    const { context } = await newGuardedContext(app.browser, app.server.origin, { viewport: DESKTOP });
    try {
      const page = await context.newPage();
      await page.goto(`${app.server.origin}/`);
      await page.getByRole('region', { name: '地图' }).locator('canvas').first().waitFor();
      // A device whose WebGL is used up: a second map's canvas gets no context (the on-screen map keeps its own).
      await page.evaluate(() => {
        const original = HTMLCanvasElement.prototype.getContext;
        HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
          if ((type === 'webgl2' || type === 'webgl') && !this.closest('[aria-label="地图"]')) return null;
          return (original as (...args: unknown[]) => RenderingContext | null).call(this, type, ...rest);
        } as typeof original;
      });
      let downloads = 0;
      page.on('download', () => downloads++);
      const dialog = await openDialog(page);
      await dialog.getByRole('button', { name: '导出 PNG', exact: true }).click();
      const alert = dialog.getByRole('alert');
      await alert.waitFor({ timeout: 60_000 });
      expect(await alert.textContent()).toMatch(/^无法生成图片：本设备或浏览器的 WebGL2 图形功能不可用/);
      expect(downloads).toBe(0);
      expect(await page.locator('.print-sheet').count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe('导出图片 on a phone 390×844', () => {
  it('is in the layer sheet, a finger’s size, and opens the dialog as a sheet with finger-sized controls', async () => {
    const { context } = await newGuardedContext(app.browser, app.server.origin, { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
    try {
      const page = await context.newPage();
      await page.goto(`${app.server.origin}/`);
      expect(await page.getByRole('button', { name: '导出图片', exact: true }).isVisible(), 'not in the phone’s top bar').toBe(false);
      await page.getByRole('button', { name: '图层', exact: true }).tap();
      const button = page.getByRole('button', { name: '导出图片', exact: true });
      await button.scrollIntoViewIfNeeded();
      const box = (await button.boundingBox())!;
      expect(box.width).toBeGreaterThanOrEqual(44);
      expect(box.height).toBeGreaterThanOrEqual(44);
      await button.tap();
      const dialog = page.getByRole('dialog', { name: '导出图片', exact: true });
      await dialog.waitFor({ state: 'visible', timeout: 10_000 });
      for (const control of [
        dialog.getByRole('button', { name: '导出 PNG' }),
        dialog.getByRole('button', { name: '打印' }),
        dialog.getByRole('button', { name: '关闭' }),
      ]) {
        const b = (await control.boundingBox())!;
        expect(b.height).toBeGreaterThanOrEqual(44);
        expect(b.width).toBeGreaterThanOrEqual(44);
      }
      const sheet = (await dialog.boundingBox())!;
      expect(sheet.x).toBe(0);
      expect(sheet.width).toBe(390);
    } finally {
      await context.close();
    }
  });
});
