// 导入数据 as a county bureau's clerk would: an Excel-saved (GBK) ledger with a few bad rows
// dropped in, every row accounted for (accepted + rejected = read, each rejection with its
// reason, downloadable), the accepted rows on the map, replace, the 演示数据 badge gone,
// kept over a reload, and 撤销导入 back to the demo outfalls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Papa from 'papaparse';
import type { Browser, Page } from 'playwright-core';
import { DESKTOP, ROOT, expectNothingOffOrigin, launchChromium, newGuardedContext, startAppServer, waitForFirstIdle } from './browser';
import type { AppServer } from './browser';
import type { OutfallProperties } from '../../src/data/types';
import { readDemoGrid } from '../helpers/data_files';

let browser: Browser;
let server: AppServer;
beforeAll(async () => {
  browser = await launchChromium();
  server = await startAppServer();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const demo = (JSON.parse(readFileSync(resolve(ROOT, 'data/outfalls.geojson'), 'utf8')) as { features: { properties: OutfallProperties }[] }).features.map(
  (f) => f.properties,
);

/** A ledger as a county bureau keeps it: its own headers, five good rows and four bad ones. */
function ledger(): { csv: string; good: number; bad: { row: number; reason: RegExp }[] } {
  const header = ['排污口编码', '排污口名称', '排口类型', '经度', '纬度', '受纳水体', '所在县区', '整治措施', '整治状态'];
  const row = (p: OutfallProperties, code = p.code, lon: string = String(p.lon), lat: string = String(p.lat), category: string = p.category) => [
    code,
    p.name,
    category,
    lon,
    lat,
    p.river,
    p.countyName,
    p.remediationMeasure,
    p.remediationStatus,
  ];
  const rows = [
    ...demo.slice(0, 5).map((p) => row(p, `TZ-${p.code}`)),
    row(demo[5], 'TZ-BAD-1', '', ''),
    row(demo[6], 'TZ-BAD-2', '116.4', '39.9'),
    row(demo[7], `TZ-${demo[0].code}`),
    row(demo[8], 'TZ-BAD-4', String(demo[8].lon), String(demo[8].lat), '火星排口'),
  ];
  return {
    csv: Papa.unparse([header, ...rows]),
    good: 5,
    // Header is line 1: the bad rows are lines 7 to 10.
    bad: [
      { row: 7, reason: /坐标|经度|纬度/ },
      { row: 8, reason: /平顶山|范围/ },
      { row: 9, reason: /重复/ },
      { row: 10, reason: /类型|类别/ },
    ],
  };
}

/** The bytes Excel in China writes for a CSV: GBK. */
async function gbk(page: Page, text: string): Promise<Buffer> {
  // Node has no GBK encoder; the page's TextDecoder round-trips each character through a lookup it builds.
  const bytes = await page.evaluate((source) => {
    const decoder = new TextDecoder('gbk');
    const table = new Map<string, number[]>();
    for (let hi = 0x81; hi <= 0xfe; hi++) {
      for (let lo = 0x40; lo <= 0xfe; lo++) {
        if (lo === 0x7f) continue;
        const ch = decoder.decode(new Uint8Array([hi, lo]));
        if (ch.length === 1 && ch !== '\ufffd' && !table.has(ch)) table.set(ch, [hi, lo]);
      }
    }
    const out: number[] = [];
    for (const ch of source) {
      const code = ch.charCodeAt(0);
      if (code < 0x80) out.push(code);
      else out.push(...(table.get(ch) ?? [0x3f]));
    }
    return out;
  }, text);
  return Buffer.from(bytes);
}

const outfallCount = async (page: Page): Promise<string> =>
  (await page
    .getByRole('navigation', { name: '图层' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('checkbox', { name: '排污口', exact: true }) })
    .locator('.layer-item__status')
    .textContent()) ?? '';

describe('导入数据', () => {
  it('imports a GBK ledger with bad rows, accounts for every row, replaces the demo outfalls over a reload, and 撤销导入 restores them', async () => {
    const { context, guard } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    expect(await page.locator('.demo-badge').textContent()).toBe('演示数据');

    const { csv, good, bad } = ledger();
    await page.getByRole('button', { name: '导入数据' }).click();
    const panel = page.getByRole('dialog', { name: '导入数据' });
    await panel.locator('input[type="file"]').setInputFiles({ name: '宝丰县排污口台账.csv', mimeType: 'text/csv', buffer: await gbk(page, csv) });

    // The headers were recognised (the Chinese came through GBK), and every row is accounted for.
    const counts = panel.getByRole('status').filter({ hasText: '读取' });
    await expect.poll(() => counts.textContent(), { timeout: 30_000 }).toBe(`读取 ${good + bad.length} 行：可导入 ${good} 行，拒绝 ${bad.length} 行`);
    const rejected = panel.getByRole('table', { name: '被拒绝的行' }).getByRole('row');
    expect(await rejected.count()).toBe(bad.length + 1);
    for (const [i, { row, reason }] of bad.entries()) {
      const cells = await rejected
        .nth(i + 1)
        .getByRole('cell')
        .allTextContents();
      expect(Number(cells[0])).toBe(row);
      expect(cells[1]).toMatch(reason);
    }

    // The rejected rows as a file: each with its 原因.
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: '下载被拒绝的行（CSV）' }).click()]);
    const back = Papa.parse<Record<string, string>>(readFileSync((await download.path())!, 'utf8').replace(/^\ufeff/, ''), {
      header: true,
      skipEmptyLines: true,
    });
    expect(back.data).toHaveLength(bad.length);
    expect(back.data.every((r) => (r['原因'] ?? '').length > 0)).toBe(true);

    // Replace: what it does is said before, and then the map holds the ledger alone.
    await panel.getByRole('radio', { name: '替换现有数据' }).check();
    expect(await panel.locator('.import-diff').textContent()).toContain(`删除文件中没有的 ${demo.length.toLocaleString('zh-CN')} 个`);
    await panel.getByRole('button', { name: `导入 ${good} 个排污口` }).click();
    await panel.getByRole('status').filter({ hasText: '已导入' }).waitFor({ timeout: 30_000 });
    await expect.poll(() => outfallCount(page)).toBe(`${good} 个`);
    expect(await page.locator('.demo-badge').count()).toBe(0);

    // A reload (offline data and all): still the ledger, never the demo set.
    await page.reload();
    await waitForFirstIdle(page);
    await expect.poll(() => outfallCount(page)).toBe(`${good} 个`);
    expect(await page.locator('.demo-badge').count()).toBe(0);

    // 撤销导入: the demo outfalls and the badge come back.
    await page.getByRole('button', { name: '导入数据' }).click();
    await panel.getByRole('button', { name: '撤销导入排污口' }).click();
    await expect.poll(() => outfallCount(page)).toBe(`${demo.length.toLocaleString('zh-CN')} 个`);
    expect(await page.locator('.demo-badge').textContent()).toBe('演示数据');
    expectNothingOffOrigin(guard);
    await context.close();
  });

  it('refuses a web page renamed .csv with a message, and changes nothing', async () => {
    const { context } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    await page.getByRole('button', { name: '导入数据' }).click();
    const panel = page.getByRole('dialog', { name: '导入数据' });
    const html = '<!doctype html><html><body><script>alert(1)</script><table><tr><td>经度</td></tr></table></body></html>';
    await panel.locator('input[type="file"]').setInputFiles({ name: '台账.csv', mimeType: 'text/csv', buffer: Buffer.from(html) });
    const alert = panel.getByRole('alert');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toMatch(/网页|HTML/);
    expect(await panel.getByRole('button', { name: /^导入 / }).count()).toBe(0);
    expect(await outfallCount(page)).toBe(`${demo.length.toLocaleString('zh-CN')} 个`);
    await context.close();
  });

  it('imports the satellite platform’s daily grid table, and 热点排名 then ranks its cells', async () => {
    const grid = readDemoGrid();
    // Three cells over three days; the second has the highest mean (what the ranking must put first).
    const cells = [grid.cellIds[100], grid.cellIds[2000], grid.cellIds[4000]];
    const values = [
      [40, 45, 50],
      [90, 95, 100],
      [10, 12, 14],
    ];
    const dates = ['2025-09-14', '2025-09-15', '2025-09-16'];
    const rows = [['网格编号', '日期', 'PM2.5'], ...cells.flatMap((id, c) => dates.map((d, i) => [String(id), d, String(values[c][i])]))];
    const { context } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    await page.getByRole('button', { name: '导入数据' }).click();
    const panel = page.getByRole('dialog', { name: '导入数据' });
    await panel.locator('input[type="file"]').setInputFiles({ name: '热点网格日均值.csv', mimeType: 'text/csv', buffer: Buffer.from(Papa.unparse(rows)) });
    // Recognised as the grid's daily values by its columns.
    await expect.poll(() => panel.getByRole('combobox', { name: '导入到' }).inputValue(), { timeout: 30_000 }).toBe('grid');
    const counts = panel.getByRole('status').filter({ hasText: '读取' });
    await expect.poll(() => counts.textContent(), { timeout: 30_000 }).toBe('读取 9 行：可导入 9 行，拒绝 0 行');
    await panel.getByRole('button', { name: '导入热点网格' }).click();
    await panel.getByRole('status').filter({ hasText: '已导入热点网格' }).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: '关闭' }).click();

    await page.getByRole('button', { name: '热点排名' }).click();
    await page.locator('#ranking-panel[aria-busy="false"]').waitFor({ timeout: 30_000 });
    const first = await page
      .getByRole('dialog', { name: '热点排名' })
      .getByRole('table', { name: '网格排名' })
      .getByRole('row')
      .nth(1)
      .getByRole('cell')
      .allTextContents();
    expect(first[1]).toBe(String(cells[1]));
    expect(Number(first[4])).toBeCloseTo(95, 1);
    await context.close();
  });

  it('a GeoJSON of wells becomes a layer of its own, with its title in the layer list, until 撤销导入', async () => {
    const wells = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', properties: { 名称: '1号监测井', 深度: 80 }, geometry: { type: 'Point', coordinates: [113.19, 33.77] } },
        { type: 'Feature', properties: { 名称: '2号监测井', 深度: 95 }, geometry: { type: 'Point', coordinates: [113.25, 33.73] } },
        { type: 'Feature', properties: { 名称: '坏点' }, geometry: { type: 'Point', coordinates: [1e308, 33.7] } },
      ],
    };
    const { context } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    await page.getByRole('button', { name: '导入数据' }).click();
    const panel = page.getByRole('dialog', { name: '导入数据' });
    await panel
      .locator('input[type="file"]')
      .setInputFiles({ name: '监测井.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(wells)) });
    await expect.poll(() => panel.getByRole('status').filter({ hasText: '读取' }).textContent(), { timeout: 30_000 }).toBe('读取 3 行：可导入 2 行，拒绝 1 行');
    await panel.getByRole('textbox', { name: '图层名称' }).fill('地下水监测井');
    await panel.getByRole('button', { name: '导入 2 个要素' }).click();
    await page.getByRole('checkbox', { name: '地下水监测井', exact: true }).waitFor({ timeout: 30_000 });
    await panel.getByRole('button', { name: '撤销导入地下水监测井' }).click();
    await page.getByRole('checkbox', { name: '地下水监测井', exact: true }).waitFor({ state: 'detached', timeout: 30_000 });
    await context.close();
  });
});
