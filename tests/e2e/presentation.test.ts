// 演示模式 and the decks, as a presenter uses them on a projector: the built-in deck
// 化工园区污水处理设施覆盖情况 stepped with the keys a clicker sends, each park's slide
// with its view (the outfalls around it selected, the air layers off), Esc back to the
// map as it was; then a deck of one's own made from the current view, reordered, kept
// over a reload, exported and imported, and a broken file refused with nothing changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { ParkProperties } from '../../src/data/types';
import { ROOT, firstVisitOnline, launchChromium, newGuardedContext, startAppServer, waitForFirstIdle } from './browser';
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

const PROJECTOR = { width: 1920, height: 1080 } as const;
const parks = (JSON.parse(readFileSync(resolve(ROOT, 'data/parks.geojson'), 'utf8')) as { features: { properties: ParkProperties }[] }).features.map(
  (f) => f.properties,
);

async function open(context?: BrowserContext): Promise<{ context: BrowserContext; page: Page }> {
  const ctx = context ?? (await newGuardedContext(browser, server.origin, { viewport: PROJECTOR })).context;
  const page = await ctx.newPage();
  await page.goto(`${server.origin}/`);
  await waitForFirstIdle(page);
  return { context: ctx, page };
}

const slideTitle = (page: Page) => page.getByRole('region', { name: '演示模式' }).getByRole('heading', { level: 2 });

describe('演示模式', () => {
  it('steps through the built-in deck with → and PageUp, shows each park with its surroundings, and Esc returns to the map as it was', async () => {
    const { context, page } = await open();
    // The grid's view is in the link once the grid is shown.
    await expect.poll(() => new URL(page.url()).searchParams.has('p'), { timeout: 30_000 }).toBe(true);
    const before = new URL(page.url()).search;
    await page.getByRole('button', { name: '演示模式' }).click();
    await expect.poll(() => slideTitle(page).textContent()).toBe('化工园区污水处理设施覆盖情况');
    // The controls are gone: only the map and the slide.
    expect(await page.getByRole('button', { name: /^筛选(，|$)/ }).isVisible()).toBe(false);
    // The overview's figures are computed from the parks: 3 dedicated plants of 6.
    const overview = page.getByRole('region', { name: '演示模式' });
    expect(await overview.textContent()).toContain(
      `已建成专业化工废水处理设施 ${parks.filter((p) => p.wastewaterStatus === '已建成专业化工废水处理设施').length} 个`,
    );
    expect(await overview.getByRole('table', { name: '各园区污水处理情况' }).getByRole('row').count()).toBe(parks.length + 1);
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await expect.poll(() => slideTitle(page).textContent()).toBe(parks[2].name);
    expect(await overview.textContent()).toContain(`园区企业 ${parks[2].enterprises} 家`);
    // The slide's view: the outfalls within 1 km of this park selected, the grid and fire points off.
    await expect.poll(() => new URL(page.url()).searchParams.get('lh') ?? '').toContain('hotspot-grid');
    await expect.poll(() => new URL(page.url()).searchParams.get('fa') ?? '').toContain(parks[2].id);
    await page.keyboard.press('PageUp');
    await expect.poll(() => slideTitle(page).textContent()).toBe(parks[1].name);
    await page.keyboard.press('End');
    await expect.poll(() => slideTitle(page).textContent()).toBe('卫星热点网格');
    expect(await page.getByText(`${parks.length + 3} / ${parks.length + 3}`).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByRole('region', { name: '演示模式' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^筛选(，|$)/ }).isVisible()).toBe(true);
    await expect.poll(() => new URL(page.url()).search).toBe(before);
    await context.close();
  });

  it('a deck of one’s own: the current view added, reordered, kept over a reload; exported, imported, and a broken file refused', async () => {
    const { context, page } = await open();
    await page.getByRole('button', { name: '汇报' }).click();
    const panel = page.getByRole('dialog', { name: '汇报' });
    await panel.getByRole('button', { name: '复制为我的演示文稿' }).click();
    await expect.poll(() => panel.getByRole('combobox', { name: '演示文稿' }).inputValue()).not.toBe('built-in-parks');
    await panel.getByRole('textbox', { name: '演示文稿名称' }).fill('十一月汇报');
    await panel.getByRole('textbox', { name: '演示文稿名称' }).press('Enter');
    await expect.poll(() => panel.getByRole('combobox', { name: '演示文稿' }).locator('option:checked').textContent()).toBe('十一月汇报');
    await panel.getByRole('textbox', { name: '新幻灯片标题' }).fill('我的视图');
    await panel.getByRole('button', { name: '添加当前视图' }).click();
    const slides = panel.getByRole('list', { name: /的幻灯片$/ });
    await expect.poll(() => slides.getByRole('listitem').count()).toBe(parks.length + 4);
    // Move the new last slide up one, delete the overview.
    await panel.getByRole('button', { name: '上移 我的视图' }).click();
    await panel.getByRole('button', { name: '删除 化工园区污水处理设施覆盖情况' }).click();
    const titles = () => slides.getByRole('textbox').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    await expect.poll(titles).toEqual([...parks.map((p) => p.name), '重点排污单位超低排放改造', '我的视图', '卫星热点网格']);

    // Kept in IndexedDB: after a reload the deck is there as it was left.
    await page.reload();
    await waitForFirstIdle(page);
    await page.getByRole('button', { name: '汇报' }).click();
    const again = page.getByRole('dialog', { name: '汇报' });
    await again.getByRole('combobox', { name: '演示文稿' }).selectOption({ label: '十一月汇报' });
    await expect.poll(titles).toEqual([...parks.map((p) => p.name), '重点排污单位超低排放改造', '我的视图', '卫星热点网格']);

    // Exported as JSON, and imported back as a new deck.
    const [download] = await Promise.all([page.waitForEvent('download'), again.getByRole('button', { name: '导出 JSON' }).click()]);
    const text = readFileSync((await download.path())!, 'utf8');
    expect(JSON.parse(text).deck.slides).toHaveLength(parks.length + 3);
    const decksBefore = await again.getByRole('combobox', { name: '演示文稿' }).getByRole('option').count();
    await again.getByLabel('选择演示文稿文件').setInputFiles({
      name: 'deck.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"pds-deck","version":1,"deck":{"title":"坏的","slides":[{"title":"缺少视图"}]}}'),
    });
    await expect.poll(() => again.getByRole('alert').textContent()).toContain('第 1 张幻灯片：缺少视图位置');
    expect(await again.getByRole('combobox', { name: '演示文稿' }).getByRole('option').count()).toBe(decksBefore);
    await again.getByLabel('选择演示文稿文件').setInputFiles({ name: 'deck.json', mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect.poll(() => again.getByRole('combobox', { name: '演示文稿' }).getByRole('option').count()).toBe(decksBefore + 1);
    // The imported deck presents: its second slide is the second park.
    await again.getByRole('button', { name: '演示模式' }).click();
    await page.keyboard.press('PageDown');
    await expect.poll(() => slideTitle(page).textContent()).toBe(parks[1].name);
    await context.close();
  });

  it('in a meeting room without network: the installed app opens the built-in deck and a saved one from the cache', async () => {
    const { context } = await newGuardedContext(browser, server.origin, { viewport: PROJECTOR, serviceWorkers: 'allow' });
    const page = await context.newPage();
    await firstVisitOnline(page, server.origin);
    await page.getByRole('button', { name: '汇报' }).click();
    await page.getByRole('dialog', { name: '汇报' }).getByRole('button', { name: '复制为我的演示文稿' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: '汇报' }).getByRole('combobox', { name: '演示文稿' }).inputValue()).not.toBe('built-in-parks');
    await context.setOffline(true);
    await page.reload();
    await waitForFirstIdle(page);
    await page.getByRole('button', { name: '演示模式' }).click();
    await expect.poll(() => slideTitle(page).textContent()).toBe('化工园区污水处理设施覆盖情况');
    await page.keyboard.press('PageDown');
    await expect.poll(() => slideTitle(page).textContent()).toBe(parks[0].name);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '汇报' }).click();
    const options = await page.getByRole('dialog', { name: '汇报' }).getByRole('combobox', { name: '演示文稿' }).getByRole('option').allTextContents();
    expect(options).toContain('化工园区污水处理设施覆盖情况（副本）');
    await context.close();
  });
});
