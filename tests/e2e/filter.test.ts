// 筛选 in the running app, as an analyst uses it: a combined filter built through the
// panel (category, county, status, within 500 m of a river), the count it shows against
// one computed here from the data files with turf, the same count from the link in a new
// browser, back and forward, a broken link, and the CSV export read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { pointToLineDistance } from '@turf/point-to-line-distance';
import type { Feature, LineString, MultiLineString } from 'geojson';
import type { OutfallProperties } from '../../src/data/types';
import { DESKTOP, ROOT, launchChromium, newGuardedContext, startAppServer, waitForFirstIdle } from './browser';
import type { AppServer } from './browser';

let browser: Browser;
let server: AppServer;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startAppServer()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const read = <T>(file: string): T => JSON.parse(readFileSync(resolve(ROOT, 'data', file), 'utf8')) as T;
const outfalls = read<{ features: { properties: OutfallProperties; geometry: { coordinates: [number, number] } }[] }>('outfalls.geojson').features;
const rivers = read<{ features: Feature<LineString | MultiLineString, { id: string; name: string }>[] }>('rivers.geojson').features;

/** The reference: 工业排污口 in 叶县, 未启动 or 整治中, within 500 m of the 沙河's line — a plain loop with turf. */
function expectedCount(): number {
  const shahe = rivers.find((r) => r.properties.name === '沙河')!.geometry;
  // The river is broken where it runs through a reservoir: the distance to it is to its nearest part.
  const parts: LineString[] = shahe.type === 'LineString' ? [shahe] : shahe.coordinates.map((coordinates) => ({ type: 'LineString', coordinates }));
  const metresToShahe = (p: number[]) => Math.min(...parts.map((part) => pointToLineDistance(p, part, { units: 'meters' })));
  return outfalls.filter(
    (o) =>
      o.properties.category === '工业排污口' &&
      o.properties.countyName === '叶县' &&
      (o.properties.remediationStatus === '未启动' || o.properties.remediationStatus === '整治中') &&
      metresToShahe(o.geometry.coordinates) <= 500,
  ).length;
}

async function open(url: string): Promise<{ context: BrowserContext; page: Page }> {
  const { context } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(url);
  await waitForFirstIdle(page);
  return { context, page };
}

const countText = (page: Page) => page.locator('.filter-count').textContent();
const selectedCount = async (page: Page): Promise<number> => Number(/已选 ([\d,]+) 个/.exec((await countText(page)) ?? '')?.[1].replace(/,/g, '') ?? NaN);

describe('筛选', () => {
  it('a combined filter built in the panel selects what the data says, and its link shows the same in another browser', async () => {
    const expected = expectedCount();
    expect(expected, 'the reference selects some but not all').toBeGreaterThan(0);
    const { context, page } = await open(`${server.origin}/`);
    await page.getByRole('button', { name: /^筛选(，|$)/ }).click();
    const panel = page.getByRole('dialog', { name: '筛选' });
    await panel.getByRole('group', { name: /^类别/ }).getByRole('checkbox', { name: '工业排污口' }).check();
    await panel.getByRole('group', { name: /^县区/ }).getByRole('checkbox', { name: '叶县' }).check();
    await panel
      .getByRole('group', { name: /^整治状态/ })
      .getByRole('checkbox', { name: '未启动' })
      .check();
    await panel
      .getByRole('group', { name: /^整治状态/ })
      .getByRole('checkbox', { name: '整治中' })
      .check();
    await panel.getByRole('combobox', { name: '范围类型' }).selectOption({ label: '河流两侧' });
    await panel.getByRole('combobox', { name: '河流' }).selectOption({ label: '沙河' });
    await panel.getByRole('spinbutton', { name: '距河道（米）' }).fill('500');
    await expect.poll(() => selectedCount(page)).toBe(expected);
    // Evaluated in 筛选's worker, not on the main thread.
    expect(await page.locator('.filter-count').getAttribute('data-computed')).toBe('worker');
    // The summary agrees: every selected outfall is industrial and in 叶县.
    expect(
      await panel
        .getByRole('table', { name: '按类别' })
        .getByRole('row', { name: /工业排污口/ })
        .textContent(),
    ).toContain(String(expected));
    expect(await panel.getByRole('table', { name: '按县区' }).getByRole('row', { name: /叶县/ }).textContent()).toContain(String(expected));

    // 缩放到筛选结果: the map closes in on them (the zoom in the address bar goes up).
    const zoomOf = () => Number(new URL(page.url()).hash.slice(1).split('/')[0]);
    const before = zoomOf();
    await panel.getByRole('button', { name: '缩放到筛选结果' }).click();
    await expect.poll(zoomOf, { timeout: 10_000 }).toBeGreaterThan(before + 1);

    // The CSV export holds exactly the selection.
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: '导出 CSV' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0), 'UTF-8 with BOM for Excel').toBe(0xfeff);
    expect(csv.trim().split('\n').length - 1).toBe(expected);

    // The same link in a fresh browser: the same selection.
    await expect.poll(() => new URL(page.url()).searchParams.get('fa')).toContain('near-river');
    const link = page.url();
    const again = await open(link);
    await again.page.getByRole('button', { name: /^筛选(，|$)/ }).click();
    await expect.poll(() => selectedCount(again.page)).toBe(expected);
    await again.context.close();

    // Back undoes the last change (the distance), forward redoes it.
    await panel.getByRole('spinbutton', { name: '距河道（米）' }).fill('2000');
    await expect.poll(() => selectedCount(page)).toBeGreaterThan(expected);
    await page.waitForTimeout(1000);
    await page.goBack();
    await expect.poll(() => selectedCount(page)).toBe(expected);
    await page.goForward();
    await expect.poll(() => selectedCount(page)).toBeGreaterThan(expected);

    // A distance that makes no sense is said next to the box and not applied.
    await panel.getByRole('spinbutton', { name: '距河道（米）' }).fill('-5');
    await panel.getByRole('alert').filter({ hasText: '距离' }).first().waitFor({ timeout: 10_000 });
    await context.close();
  });

  it('同时限定 热点排名与火点: the ranking and the fire points keep to the filter’s area', async () => {
    const { context, page } = await open(`${server.origin}/?fv=1&fa=near-river%3Ashahe%3A2000`);
    const fireNote = () =>
      page
        .getByRole('navigation', { name: '图层' })
        .getByRole('listitem')
        .filter({ has: page.getByRole('checkbox', { name: '火点', exact: true }) })
        .textContent();
    const before = (await fireNote()) ?? '';
    await page.getByRole('button', { name: /^筛选(，|$)/ }).click();
    const panel = page.getByRole('dialog', { name: '筛选' });
    await panel.getByRole('checkbox', { name: '热点排名与火点（按空间范围）' }).check();
    await expect.poll(fireNote).toContain('限于筛选范围');
    const shown = (s: string) => Number(/的 (\d+) 个/.exec(s)?.[1] ?? NaN);
    expect(shown((await fireNote()) ?? '')).toBeLessThan(shown(before));
    await panel.getByRole('button', { name: '关闭' }).click();
    await page.getByRole('button', { name: '热点排名' }).click();
    await page.locator('#ranking-panel[aria-busy="false"]').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('dialog', { name: '热点排名' }).textContent()).toContain('限于筛选范围');
    await context.close();
  });

  it('a link with a broken or unknown filter opens the map with a notice, never a blank page', async () => {
    const { context, page } = await open(
      `${server.origin}/?fv=1&fk=%E5%B7%A5%E4%B8%9A%E6%8E%92%E6%B1%A1%E5%8F%A3&fa=within%3Aparks%3Ano-such-park%3A0%2Cgarbage`,
    );
    const notices = page.getByRole('status').or(page.getByRole('alert'));
    await expect.poll(async () => (await notices.allTextContents()).join('\n')).toMatch(/无法识别/);
    // The park the data does not have is named, and its condition selects nothing (the rest of the link still applies).
    await expect.poll(async () => (await notices.allTextContents()).join('\n')).toContain('no-such-park');
    await page.getByRole('button', { name: /^筛选(，|$)/ }).click();
    await expect.poll(() => selectedCount(page)).toBe(0);
    // The map is there and the outfalls layer with it.
    expect(await page.getByRole('checkbox', { name: '排污口', exact: true }).isChecked()).toBe(true);
    await context.close();
  });
});
