// The analyst's hotspot grid in the running app: the first view (the last 30 days
// against the city mean, fire points of the same days), the pollutant, time and
// colouring controls with the legend and a sampled cell following them, the URL
// keeping the view, a no-data cell drawn as no data, 热点排名 (ranked in its Web
// Worker) whose first row is the cell with the highest mean in the data (its county
// and township too), and 变化 (two periods compared) with 变化排名 whose first row is
// the cell that rose most.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { GRID_NO_DATA, cellBounds, decodeHotspotGrid, gridDayDate } from '../../src/data/hotspot_grid_format';
import type { HotspotGrid } from '../../src/data/hotspot_grid_format';
import {
  DESKTOP,
  ROOT,
  launchChromium,
  mapCanvas,
  metres,
  newGuardedContext,
  readOutfalls,
  readPoints,
  shootStableCanvas,
  startAppServer,
  viewHash,
  waitForFirstIdle,
} from './browser';
import type { AppServer, RequestGuard } from './browser';

let browser: Browser;
let server: AppServer;
let grid: HotspotGrid;
beforeAll(async () => {
  [browser, server] = await Promise.all([launchChromium(), startAppServer()]);
  const bytes = readFileSync(resolve(ROOT, 'data/hotspot-grid.bin'));
  grid = decodeHotspotGrid(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const pm25 = (day: number, cell: number) => grid.values[(grid.header.pollutants.indexOf('pm25') * grid.header.days + day) * grid.header.cellCount + cell];

/** Reference mean of a cell's valid PM2.5 days in [first, last], or null. */
function meanOf(cell: number, first: number, last: number): number | null {
  let sum = 0;
  let n = 0;
  for (let d = first; d <= last; d++) {
    if (pm25(d, cell) === GRID_NO_DATA) continue;
    sum += pm25(d, cell);
    n++;
  }
  return n ? sum / n : null;
}

/** A cell's township as the data file names it. */
function townshipOf(cell: number): string {
  const name = grid.cellTownship && grid.header.townships?.[grid.cellTownship[cell]];
  if (!name) throw new Error(`data/hotspot-grid.bin names no township for cell ${grid.cellIds[cell]}`);
  return name;
}

/** Open 热点排名 and wait for the ranking of the view shown, which must have come from the worker, not the main thread. */
async function openRanking(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: '热点排名' }).click();
  const dialog = page.getByRole('dialog', { name: '热点排名' });
  await page.locator('#ranking-panel[aria-busy="false"]').waitFor({ timeout: 30_000 });
  expect(await dialog.getAttribute('data-computed'), 'ranked in the worker').toBe('worker');
  return dialog;
}

/** The first of every 7th cell that passes `test` and lies 2 km from every outfall, station, enterprise and fire point (nothing else is drawn over it). */
function quietCellWhere(test: (index: number) => boolean, what: string): { index: number; lon: number; lat: number } {
  const points = [
    ...readOutfalls().map((o) => [o.lon, o.lat]),
    ...readPoints('stations.geojson'),
    ...readPoints('enterprises.geojson'),
    ...readPoints('fire-points.geojson'),
  ];
  for (let i = 0; i < grid.header.cellCount; i += 7) {
    if (!test(i)) continue;
    const [w, s, e, n] = cellBounds(grid.header, grid.cellIds[i]);
    const [lon, lat] = [(w + e) / 2, (s + n) / 2];
    if (points.every(([x, y]) => metres(lon, lat, x, y) > 2000)) return { index: i, lon, lat };
  }
  throw new Error(`no quiet cell ${what}`);
}

/** A quiet cell with a cloudy day and a clear one. */
function quietCell(): { index: number; lon: number; lat: number; cloudyDay: number } {
  const last = grid.header.days - 1;
  const cloudyDayOf = (i: number) => [...Array(grid.header.days).keys()].reverse().find((d) => pm25(d, i) === GRID_NO_DATA);
  const cell = quietCellWhere((i) => cloudyDayOf(i) !== undefined && pm25(last, i) !== GRID_NO_DATA, 'with a cloudy day');
  return { ...cell, cloudyDay: cloudyDayOf(cell.index)! };
}

/** The colour at the centre of the map canvas (a 5×5 average). */
async function centreColour(page: Page): Promise<[number, number, number]> {
  const image = await shootStableCanvas(page);
  const sum = [0, 0, 0];
  for (let dy = -2; dy <= 2; dy++) {
    for (let dx = -2; dx <= 2; dx++) {
      const o = ((Math.round(image.height / 2) + dy) * image.width + Math.round(image.width / 2) + dx) * 4;
      for (let k = 0; k < 3; k++) sum[k] += image.data[o + k];
    }
  }
  return sum.map((v) => Math.round(v / 25)) as [number, number, number];
}

const legendOf = async (page: Page) =>
  (await page
    .getByRole('navigation', { name: '图层' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('checkbox', { name: '热点网格', exact: true }) })
    .locator('.legend')
    .textContent()) ?? '';

async function open(url: string): Promise<{ context: BrowserContext; page: Page; guard: RequestGuard }> {
  const { context, guard } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
  const page = await context.newPage();
  await page.goto(url);
  await waitForFirstIdle(page);
  return { context, page, guard };
}

describe('the hotspot grid for the analyst', () => {
  it('switches to the 3 km grid the national programme ranks, and back', async () => {
    const { context, page } = await open(`${server.origin}/`);
    const panel = page.getByRole('navigation', { name: '图层' });
    const item = panel.getByRole('listitem').filter({ has: page.getByRole('checkbox', { name: '热点网格', exact: true }) });
    expect(await item.textContent()).toContain('1 km 网格');
    await page.getByRole('radio', { name: '3 km' }).check();
    expect(await item.textContent()).toContain('3 km 网格');
    await expect.poll(() => urlParams(page).get('s')).toBe('3');
    const dialog = await openRanking(page);
    expect(await dialog.textContent()).toContain('3 km 网格');
    await dialog.getByRole('table', { name: '网格排名' }).getByRole('row').nth(1).getByRole('button').click();
    const card = page.getByRole('dialog', { name: /^热点网格 \d+$/ });
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.textContent()).toContain('卫星热点网格（约 3 km）');
    await page.getByRole('radio', { name: '1 km' }).check();
    // The card of a 3 km block would describe another place at 1 km: it closes.
    await card.waitFor({ state: 'detached', timeout: 10_000 });
    expect(await item.textContent()).toContain('1 km 网格');
    await context.close();
  });

  it('opens on the last 30 days against the city mean, with fire points of those days only', async () => {
    const { context, page, guard } = await open(`${server.origin}/`);
    const last = grid.header.days - 1;
    const from = gridDayDate(grid.header, last - 29);
    const to = gridDayDate(grid.header, last);
    const params = new URL(page.url()).searchParams;
    expect(Object.fromEntries(params)).toEqual({ p: 'pm25', mode: 'range', from, to, c: 'hotspot', t: '20', s: '1' });
    const panel = page.getByRole('navigation', { name: '图层' });
    expect(await panel.textContent()).toContain(`PM2.5 与城市均值相比 · ${from} 至 ${to}（30 天）`);
    expect(await legendOf(page)).toContain('热点：高于城市均值 20% 及以上（黑框）');
    expect(await legendOf(page)).toContain('无数据（云遮挡，不是空气好）');
    const fires = (JSON.parse(readFileSync(resolve(ROOT, 'data/fire-points.geojson'), 'utf8')) as { features: { properties: { date: string } }[] }).features;
    const inPeriod = fires.filter((f) => f.properties.date >= from && f.properties.date <= to).length;
    expect(inPeriod).toBeLessThan(fires.length);
    expect(await panel.textContent()).toContain(`${from} 至 ${to} 的 ${inPeriod} 个`);
    expect(guard.offOrigin).toEqual([]);
    await context.close();
  });

  it('on a return visit the outfalls are drawn before the grid’s squares are even added to the map', async () => {
    const { context, page } = await open(`${server.origin}/`);
    await page.waitForFunction(() => performance.getEntriesByName('pds:cache-saved').length > 0, null, { timeout: 60_000 });
    await page.reload();
    await waitForFirstIdle(page);
    const at = (mark: string) => page.evaluate((name) => performance.getEntriesByName(name)[0]?.startTime ?? null, mark);
    expect(await at('pds:from-cache')).not.toBeNull();
    const outfallsDrawn = await at('pds:drawn:outfalls');
    const countiesDrawn = await at('pds:drawn:counties');
    const gridAdded = await at('pds:added:hotspot-grid');
    expect(outfallsDrawn).not.toBeNull();
    // From the cache every layer is ready at once; the grid's 7,932 squares would keep the map's worker from the outfalls.
    expect(gridAdded!).toBeGreaterThanOrEqual(outfallsDrawn!);
    expect(gridAdded!).toBeGreaterThanOrEqual(countiesDrawn!);
    expect(await at('pds:drawn:hotspot-grid')).toBeGreaterThan(gridAdded!);
    await context.close();
  });

  it('a fire point is drawn and opens on its day, and is neither drawn nor found by a tap on the next', async () => {
    // A fire point 2 km from every other point and outfall, whose next day is in the data too.
    const fires = (
      JSON.parse(readFileSync(resolve(ROOT, 'data/fire-points.geojson'), 'utf8')) as {
        features: { properties: { id: string; date: string }; geometry: { coordinates: number[] } }[];
      }
    ).features;
    const others = [...readOutfalls().map((o) => [o.lon, o.lat]), ...readPoints('stations.geojson'), ...readPoints('enterprises.geojson')];
    const lastDate = gridDayDate(grid.header, grid.header.days - 1);
    const fire = fires.find((f) => {
      const [lon, lat] = f.geometry.coordinates;
      const alone = [...others, ...fires.filter((g) => g !== f).map((g) => g.geometry.coordinates)].every(([x, y]) => metres(lon, lat, x, y) > 2000);
      return alone && f.properties.date < lastDate && !fires.some((g) => g !== f && g.properties.date === f.properties.date);
    })!;
    const [lon, lat] = fire.geometry.coordinates;
    const day = fire.properties.date;
    const { context, page } = await open(`${server.origin}/?p=pm25&mode=day&from=${day}&to=${day}&c=concentration&t=20&s=1${viewHash(13, lat, lon)}`);
    const tap = async () => {
      const box = (await mapCanvas(page).boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    };
    // On its day: a red dot at the centre, and a tap opens its card.
    const redAt = (image: Awaited<ReturnType<typeof shootStableCanvas>>) => {
      const o = (Math.round(image.height / 2) * image.width + Math.round(image.width / 2)) * 4;
      return image.data[o] > 180 && image.data[o + 1] < 120 && image.data[o + 2] < 100;
    };
    expect(redAt(await shootStableCanvas(page))).toBe(true);
    await tap();
    const card = page.getByRole('dialog', { name: `火点 ${fire.properties.id}` });
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'detached', timeout: 10_000 });

    // The next day: no dot, and the same tap finds the grid cell under it instead.
    await page.getByRole('button', { name: '后一天' }).click();
    expect(redAt(await shootStableCanvas(page))).toBe(false);
    await tap();
    await page.getByRole('dialog', { name: /^热点网格 \d+$/ }).waitFor({ state: 'visible', timeout: 10_000 });
    expect(await card.count()).toBe(0);
    await context.close();
  });

  it('follows the pollutant, time and colouring controls: legend, a sampled cell and the URL', async () => {
    const cell = quietCell();
    const { context, page, guard } = await open(`${server.origin}/${viewHash(13, cell.lat, cell.lon)}`);
    const hotspot = await centreColour(page);

    await page.getByRole('radio', { name: '浓度' }).check();
    expect(await legendOf(page)).toContain('0–35 优');
    const concentration = await centreColour(page);
    expect(concentration, 'the cell changes colour with the colouring').not.toEqual(hotspot);

    await page.getByLabel('污染物').selectOption('pm10');
    expect(await legendOf(page)).toContain('0–50 优');
    await expect.poll(() => urlParams(page).get('p')).toBe('pm10');

    await page.getByLabel('污染物').selectOption('pm25');
    await page.getByRole('radio', { name: '日', exact: true }).check();
    const slider = page.getByRole('slider', { name: '日期' });
    expect(Number(await slider.inputValue())).toBe(grid.header.days - 1);
    await page.getByRole('button', { name: '前一天' }).click();
    expect(Number(await slider.inputValue())).toBe(grid.header.days - 2);
    const day = gridDayDate(grid.header, grid.header.days - 2);
    await expect.poll(() => Object.fromEntries(urlParams(page))).toMatchObject({ mode: 'day', from: day, to: day, c: 'concentration' });

    // The same link in a fresh browser shows the same grid.
    const again = await open(page.url());
    expect(Number(await again.page.getByRole('slider', { name: '日期' }).inputValue())).toBe(grid.header.days - 2);
    expect(await again.page.getByRole('radio', { name: '浓度' }).isChecked()).toBe(true);
    await again.context.close();

    // A cloudy day of this cell: drawn grey as no data, not green as clean air.
    const cloudy = gridDayDate(grid.header, cell.cloudyDay);
    const noData = await open(`${server.origin}/?p=pm25&mode=day&from=${cloudy}&to=${cloudy}&c=concentration&t=20${viewHash(13, cell.lat, cell.lon)}`);
    const [r, g, b] = await centreColour(noData.page);
    expect(Math.max(r, g, b) - Math.min(r, g, b), `grey, not a level colour: ${[r, g, b]}`).toBeLessThan(12);
    await noData.context.close();
    expect(guard.offOrigin).toEqual([]);
    await context.close();
  });

  it('热点排名 lists first the cell with the highest mean of the period, and a row opens it', async () => {
    const { context, page } = await open(`${server.origin}/`);
    const last = grid.header.days - 1;
    let best = -1;
    let bestMean = -Infinity;
    for (let i = 0; i < grid.header.cellCount; i++) {
      const m = meanOf(i, last - 29, last);
      if (m !== null && (m > bestMean || (m === bestMean && grid.cellIds[i] < grid.cellIds[best]))) {
        best = i;
        bestMean = m;
      }
    }
    const dialog = await openRanking(page);
    const firstRow = dialog.getByRole('table', { name: '网格排名' }).getByRole('row').nth(1);
    const cells = await firstRow.getByRole('cell').allTextContents();
    expect(cells[1]).toBe(String(grid.cellIds[best]));
    expect(cells[2]).toBe(grid.header.counties[grid.cellCounty[best]].name);
    expect(cells[3]).toBe(townshipOf(best));
    expect(Number(cells[4])).toBeCloseTo(bestMean, 1);
    expect(await dialog.getByRole('table', { name: '县区统计' }).getByRole('row').count()).toBe(grid.header.counties.length + 1);
    await firstRow.getByRole('button').click();
    const card = page.getByRole('dialog', { name: `热点网格 ${grid.cellIds[best]}` });
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    // Its series beside the city mean and the nearest station, drawn (uPlot paints a canvas).
    const chart = card.getByRole('img', { name: /^PM2\.5 逐日浓度：本网格、全市网格均值、[^（]+（/ });
    await chart.waitFor({ state: 'visible', timeout: 10_000 });
    await chart.locator('canvas').first().waitFor({ state: 'attached', timeout: 10_000 });
    expect(await card.textContent()).toContain('PM2.5 时段统计');
    const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: '导出 Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^热点排名-.*\.xlsx$/);
    const bytes = readFileSync((await download.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    await context.close();
  });
  it('变化 compares with the period before: legend, note, warm for a rise and cool for a fall, 变化排名 and a chosen base', async () => {
    const last = grid.header.days - 1;
    // Reference: each cell's PM2.5 rise over the last 30 days against the 30 before, in plain loops.
    let best = -1;
    let bestRise = -Infinity;
    for (let i = 0; i < grid.header.cellCount; i++) {
      const now = meanOf(i, last - 29, last);
      const before = meanOf(i, last - 59, last - 30);
      if (now === null || before === null) continue;
      const rise = now - before;
      if (rise > bestRise || (rise === bestRise && grid.cellIds[i] < grid.cellIds[best])) {
        best = i;
        bestRise = rise;
      }
    }
    // A quiet cell and two of the last 30 days on which it rose, and fell, by 30 % or more against the day before.
    const dayChange = (i: number, d: number) => {
      const [now, before] = [pm25(d, i), pm25(d - 1, i)];
      return now === GRID_NO_DATA || before === GRID_NO_DATA || before === 0 ? NaN : now / before - 1;
    };
    const recent = [...Array(30).keys()].map((k) => last - k);
    const cell = quietCellWhere(
      (i) => recent.some((d) => dayChange(i, d) >= 0.3) && recent.some((d) => dayChange(i, d) <= -0.3),
      'that rose and fell by 30 % from one day to the next',
    );
    const riseDay = recent.find((d) => dayChange(cell.index, d) >= 0.3)!;
    const fallDay = recent.find((d) => dayChange(cell.index, d) <= -0.3)!;

    const { context, page, guard } = await open(`${server.origin}/${viewHash(13, cell.lat, cell.lon)}`);
    await page.getByRole('radio', { name: '变化', exact: true }).check();
    const legend = await legendOf(page);
    expect(legend).toContain('下降 30% 以上（改善）');
    expect(legend).toContain('上升 30%（变差）');
    expect(legend).not.toContain('热点');
    const panel = page.getByRole('navigation', { name: '图层' });
    const [from, to] = [gridDayDate(grid.header, last - 29), gridDayDate(grid.header, last)];
    const [baseFrom, baseTo] = [gridDayDate(grid.header, last - 59), gridDayDate(grid.header, last - 30)];
    expect(await panel.textContent()).toContain(`PM2.5 变化 · ${from} 至 ${to}（30 天） 对比 ${baseFrom} 至 ${baseTo}（30 天）`);
    await expect.poll(() => urlParams(page).get('c')).toBe('change');
    const params = urlParams(page);
    expect(params.has('bf'), '上一时段 follows the period: no base dates in the link').toBe(false);

    // 变化排名: its first row is the reference's largest rise.
    const dialog = await openRanking(page);
    const firstRow = dialog.getByRole('table', { name: '变化排名' }).getByRole('row').nth(1);
    const cells = await firstRow.getByRole('cell').allTextContents();
    expect(cells[1]).toBe(String(grid.cellIds[best]));
    expect(cells[3]).toBe(townshipOf(best));
    expect(Number(cells[6].replace('−', '-'))).toBeCloseTo(bestRise, 1);
    await dialog.getByRole('button', { name: '关闭' }).click();

    // One day against the day before: the same cell warm on a day it rose, cool on a day it fell.
    await page.getByRole('radio', { name: '日', exact: true }).check();
    const slider = page.getByRole('slider', { name: '日期' });
    await slider.fill(String(riseDay));
    const rose = await centreColour(page);
    await slider.fill(String(fallDay));
    const fell = await centreColour(page);
    expect(rose[0] - rose[2], `a rise is drawn warm: ${rose}`).toBeGreaterThan(40);
    expect(fell[2] - fell[0], `a fall is drawn cool: ${fell}`).toBeGreaterThan(0);

    // The first day of the data has nothing before it: said next to the control, not an alert.
    await slider.fill('0');
    expect(await page.getByRole('status').filter({ hasText: '之前没有数据' }).textContent()).toContain('无法与上一时段对比');

    // A chosen base: a reversed one is refused beside the control; a good one goes into the link and stays as the day moves.
    await slider.fill(String(last));
    await page.getByRole('radio', { name: '自定义', exact: true }).check();
    await page.getByLabel('对比开始日期').fill(gridDayDate(grid.header, last - 5));
    await page.getByLabel('对比结束日期').fill(gridDayDate(grid.header, last - 10));
    expect(await page.getByRole('alert').textContent()).toBe('对比结束日期早于对比开始日期');
    await page.getByLabel('对比开始日期').fill(gridDayDate(grid.header, last - 20));
    await page.getByLabel('对比结束日期').fill(gridDayDate(grid.header, last - 10));
    expect(await page.getByRole('alert').count()).toBe(0);
    await expect
      .poll(() => Object.fromEntries(urlParams(page)))
      .toMatchObject({
        c: 'change',
        bf: gridDayDate(grid.header, last - 20),
        bt: gridDayDate(grid.header, last - 10),
      });
    await page.getByRole('button', { name: '前一天' }).click();
    expect(await panel.textContent()).toContain(`对比 ${gridDayDate(grid.header, last - 20)} 至 ${gridDayDate(grid.header, last - 10)}（11 天）`);
    expect(guard.offOrigin).toEqual([]);
    await context.close();
  });
});

/** The page's query: the app writes it a moment after a change (src/app/url_writer.ts), so read it with expect.poll. */
function urlParams(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}
