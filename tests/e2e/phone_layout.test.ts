// Issue 14's phone layout and accessibility, on a 390×844 phone with touch (and the desktop's
// top bar at 1280×800): every control a finger's size and every text 14 px, a top bar that never
// wraps (更多 holds what does not fit), notices that cover no control, the card's half and full
// height, the inspection form's 保存 and 已保存 in view, focus rings, focus that returns where it
// was, and the map's features reachable from the layer panel with the keyboard alone.
// Screenshots go to /tmp/phone-*.png and /tmp/desktop-*.png for a person to look at.
import { afterEach, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DESKTOP, ROOT, firstVisitOnline, newGuardedContext, readOutfalls, setUpAppAndBrowser, waitForFirstIdle } from './browser';
import type { OutfallPoint } from './browser';

const PHONE_390 = { width: 390, height: 844 } as const;
/** The smallest target a finger hits reliably, CSS px (WCAG 2.5.5, Apple's and Google's guides). */
const MIN_TARGET = 44;
/** The smallest body text on a phone, CSS px. */
const MIN_TEXT = 14;

const app = setUpAppAndBrowser();
const openContexts: BrowserContext[] = [];

afterEach(async () => {
  await Promise.all(openContexts.splice(0).map((context) => context.close()));
});

/** Where the phone says it is (定位): on the 湛河 in the city, among many outfalls. */
const HERE = { longitude: 113.3, latitude: 33.72, accuracy: 15 };

async function openPhone(options: { serviceWorkers?: 'allow' | 'block' } = {}): Promise<Page> {
  const { context } = await newGuardedContext(app.browser, app.server.origin, { viewport: PHONE_390, hasTouch: true, isMobile: true, ...options });
  openContexts.push(context);
  await context.grantPermissions(['geolocation'], { origin: app.server.origin });
  await context.setGeolocation(HERE);
  const page = await context.newPage();
  if (options.serviceWorkers === 'allow') await firstVisitOnline(page, app.server.origin);
  else {
    await page.goto(`${app.server.origin}/`);
    await waitForFirstIdle(page);
  }
  return page;
}

async function openDesktop(): Promise<Page> {
  const { context } = await newGuardedContext(app.browser, app.server.origin, { viewport: DESKTOP });
  openContexts.push(context);
  const page = await context.newPage();
  await page.goto(`${app.server.origin}/`);
  await waitForFirstIdle(page);
  return page;
}

/** A tap on a touch page, a click elsewhere. */
async function press(page: Page, target: Locator): Promise<void> {
  if (page.viewportSize()!.width <= 640) await target.tap();
  else await target.click();
}

const outfall = (): OutfallPoint => readOutfalls()[42];

async function openOutfallBySearch(page: Page, target: OutfallPoint): Promise<Locator> {
  await page.getByRole('combobox', { name: '搜索' }).fill(target.code);
  await press(page, page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').first());
  const card = page.getByRole('dialog', { name: target.name });
  await card.waitFor({ state: 'visible', timeout: 15_000 });
  return card;
}

/** 记录巡查 → fill → 保存, as an inspector does; resolves when the card says 已保存. */
async function recordInspection(page: Page, card: Locator): Promise<Locator> {
  await press(page, card.getByRole('button', { name: '记录巡查' }));
  const form = card.getByRole('form', { name: '记录巡查' });
  await form.getByLabel('巡查人').fill('张三');
  await form.getByRole('radio', { name: '有' }).check();
  await press(page, form.getByRole('button', { name: '保存' }));
  const saved = card.getByRole('status').filter({ hasText: '已保存' });
  await saved.waitFor({ state: 'visible', timeout: 15_000 });
  return saved;
}

/**
 * Every visible control smaller than 44×44, by accessible name. A checkbox or radio counts by
 * its label (the target a finger has); the map's canvas is not a control here.
 */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const selector = [
      'button',
      'a[href]',
      'input:not([type="hidden"])',
      'select',
      'textarea',
      'summary',
      '[role="button"]',
      '[role="menuitem"]',
      '[role="option"]',
      '[tabindex]:not([tabindex="-1"])',
    ].join(',');
    const name = (element: HTMLElement): string => {
      const labelledBy = element.getAttribute('aria-labelledby');
      return (
        element.getAttribute('aria-label') ??
        (labelledBy ? document.getElementById(labelledBy)?.textContent : null) ??
        (element as HTMLInputElement).labels?.[0]?.textContent ??
        element.getAttribute('title') ??
        (element.textContent?.trim() || null) ??
        (element.getAttribute('placeholder') || element.tagName.toLowerCase())
      ).trim();
    };
    const offenders: string[] = [];
    for (const element of document.querySelectorAll<HTMLElement>(selector)) {
      if (element instanceof HTMLCanvasElement || !element.checkVisibility({ visibilityProperty: true })) continue;
      const input = element instanceof HTMLInputElement && (element.type === 'checkbox' || element.type === 'radio');
      const target = input ? ((element as HTMLInputElement).labels?.[0] ?? element) : element;
      const box = target.getBoundingClientRect();
      if (box.width < min - 0.5 || box.height < min - 0.5) offenders.push(`${name(element)}（${Math.round(box.width)}×${Math.round(box.height)}）`);
    }
    return offenders;
  }, MIN_TARGET);
}

/** Visible text under 14 px, with the element's class. */
async function smallText(page: Page): Promise<string[]> {
  return page.evaluate((min) => {
    const offenders = new Set<string>();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim();
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('.visually-hidden, style, script')) continue;
      if (!parent.checkVisibility({ visibilityProperty: true })) continue;
      const size = parseFloat(getComputedStyle(parent).fontSize);
      if (size < min) offenders.add(`${text.slice(0, 20)}（.${parent.className || parent.tagName.toLowerCase()}，${size}px）`);
    }
    return [...offenders];
  }, MIN_TEXT);
}

async function expectFingerSized(page: Page, view: string): Promise<void> {
  expect(await smallTargets(page), `controls under ${MIN_TARGET}×${MIN_TARGET} px (${view})`).toEqual([]);
  expect(await smallText(page), `text under ${MIN_TEXT} px (${view})`).toEqual([]);
}

/** The top bar: its height, its buttons that take more than one line, whether anything overflows or the title is cut. */
async function topBar(page: Page) {
  return page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('.topbar')!;
    const title = bar.querySelector<HTMLElement>('.topbar__title')!;
    const wrapped: string[] = [];
    const outside: string[] = [];
    for (const button of bar.querySelectorAll<HTMLElement>('button')) {
      if (!button.checkVisibility()) continue;
      const range = document.createRange();
      range.selectNodeContents(button);
      const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top + r.height / 2)));
      const box = button.getBoundingClientRect();
      const label = button.getAttribute('aria-label') ?? button.textContent ?? '';
      if (lines.size > 1 && Math.max(...lines) - Math.min(...lines) > 4) wrapped.push(label);
      if (box.left < 0 || box.right > window.innerWidth) outside.push(label);
    }
    return {
      height: bar.getBoundingClientRect().height,
      wrapped,
      outside,
      overflows: bar.scrollWidth > bar.clientWidth + 1,
      titleCut: title.scrollWidth > title.clientWidth + 1,
      buttons: [...bar.querySelectorAll<HTMLElement>('button')].filter((b) => b.checkVisibility()).map((b) => b.getAttribute('aria-label') ?? b.textContent),
    };
  });
}

function intersects(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** Whether the element's centre is inside the viewport and the element itself is what a tap there hits. */
async function inViewAndUncovered(locator: Locator): Promise<{ inView: boolean; hit: boolean }> {
  return locator.evaluate((element) => {
    const box = element.getBoundingClientRect();
    const inView = box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    const topmost = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
    return { inView, hit: topmost !== null && (element === topmost || element.contains(topmost)) };
  });
}

/** The focused element's accessible name (aria-label, else its text). */
function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const active = document.activeElement as HTMLElement | null;
    return (active?.getAttribute('aria-label') ?? active?.textContent ?? '').trim();
  });
}

describe('a phone 390×844 with touch', () => {
  it('has every control at least 44×44 px and no text under 14 px: first view, 更多, layer panel, nearby outfalls, an outfall card, the inspection form', async () => {
    const page = await openPhone();
    await page.screenshot({ path: '/tmp/phone-first-view.png' });
    await expectFingerSized(page, 'first view');
    // The map's own buttons speak Chinese.
    expect(await page.getByRole('button', { name: '放大', exact: true }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '缩小', exact: true }).isVisible()).toBe(true);

    await page.getByRole('button', { name: '更多', exact: true }).tap();
    const menu = page.getByRole('menu', { name: '更多' });
    await menu.waitFor({ state: 'visible' });
    expect(await menu.getByRole('menuitem', { name: '离线与存储' }).isVisible()).toBe(true);
    await page.screenshot({ path: '/tmp/phone-more-menu.png' });
    await expectFingerSized(page, '更多 open');
    // A tap elsewhere closes it.
    await page.locator('.topbar__title').tap();
    await menu.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: '图层', exact: true }).tap();
    const panel = page.getByRole('navigation', { name: '图层' });
    await panel.waitFor({ state: 'visible' });
    await panel.getByRole('button', { name: '化工园区列表' }).tap();
    await panel.getByRole('list', { name: /^化工园区（共/ }).waitFor({ state: 'visible' });
    await page.screenshot({ path: '/tmp/phone-layer-panel.png' });
    await expectFingerSized(page, 'layer panel with a list open');
    await page.getByRole('button', { name: '图层', exact: true }).tap();
    await panel.waitFor({ state: 'hidden' });

    await page.getByRole('button', { name: '定位' }).tap();
    await page.getByRole('list', { name: '附近排污口列表' }).waitFor({ state: 'visible', timeout: 15_000 });
    await expectFingerSized(page, 'nearby outfalls');
    await page.getByRole('button', { name: '关闭附近排污口' }).tap();

    const card = await openOutfallBySearch(page, outfall());
    await card.getByRole('button', { name: '导航' }).tap();
    await expectFingerSized(page, 'outfall card');
    await card.getByRole('button', { name: '记录巡查' }).tap();
    await card.getByRole('form', { name: '记录巡查' }).waitFor({ state: 'visible' });
    await expectFingerSized(page, 'inspection form');
  });

  it('keeps the top bar on one line and as high with an inspection pending as without, 离线与存储 in 更多', async () => {
    const page = await openPhone();
    const before = await topBar(page);
    expect(before.wrapped, 'top-bar buttons on two lines').toEqual([]);
    expect(before.outside, 'top-bar buttons outside the window').toEqual([]);
    expect(before.overflows).toBe(false);
    expect(before.titleCut, 'the title 生态一张图 is cut short').toBe(false);

    const card = await openOutfallBySearch(page, outfall());
    await recordInspection(page, card);
    await card.getByRole('button', { name: '关闭' }).tap();
    const pending = page.getByRole('button', { name: '巡查记录，1 条待同步' });
    await pending.waitFor({ state: 'visible' });
    expect(await pending.textContent()).toContain('1');
    const after = await topBar(page);
    await page.screenshot({ path: '/tmp/phone-pending.png' });
    expect(after.wrapped, 'top-bar buttons on two lines').toEqual([]);
    expect(after.outside, 'top-bar buttons outside the window').toEqual([]);
    expect(after.overflows).toBe(false);
    expect(after.titleCut, 'the title 生态一张图 is cut short').toBe(false);
    expect(after.height).toBe(before.height);
    // 图层, 巡查 and 更多 are the bar's buttons; 离线与存储 is an item of 更多 and opens its panel.
    expect(after.buttons).toEqual(['图层', '巡查记录，1 条待同步', '更多']);
    await page.getByRole('button', { name: '更多', exact: true }).tap();
    await page.getByRole('menuitem', { name: '离线与存储' }).tap();
    await page.getByRole('dialog', { name: '离线与存储' }).waitFor({ state: 'visible' });
  });

  it('places notices where they cover no control: 已可离线使用 on first load leaves 定位 free', async () => {
    const page = await openPhone({ serviceWorkers: 'allow' });
    const notice = page.getByRole('status').filter({ hasText: '已可离线使用' });
    await notice.waitFor({ state: 'visible', timeout: 30_000 });
    await page.screenshot({ path: '/tmp/phone-notice.png' });
    const noticeBox = (await page.locator('.notices').boundingBox())!;
    const covered = await page.evaluate(
      ({ x, y, width, height }) => {
        const hits: string[] = [];
        for (const element of document.querySelectorAll<HTMLElement>('button, a[href], input, select, summary, textarea')) {
          if (element.closest('.notices') || !element.checkVisibility({ visibilityProperty: true })) continue;
          // The part of it on screen: what a scrolling or clipping box around it leaves.
          const b = element.getBoundingClientRect();
          let [left, top, right, bottom] = [b.left, b.top, b.right, b.bottom];
          for (let box = element.parentElement; box; box = box.parentElement) {
            if (getComputedStyle(box).overflow === 'visible') continue;
            const c = box.getBoundingClientRect();
            [left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
          }
          if (right <= left || bottom <= top) continue;
          if (left < x + width && x < right && top < y + height && y < bottom)
            hits.push(element.getAttribute('aria-label') ?? element.textContent ?? element.tagName);
        }
        return hits;
      },
      { x: noticeBox.x, y: noticeBox.y, width: noticeBox.width, height: noticeBox.height },
    );
    expect(covered, 'controls under the notice').toEqual([]);
    expect(intersects(noticeBox, (await page.getByRole('button', { name: '定位' }).boundingBox())!)).toBe(false);
    // And 定位 still answers a tap there.
    expect((await inViewAndUncovered(page.getByRole('button', { name: '定位' }))).hit).toBe(true);
  });

  it('shows the card as a half sheet that 展开 takes to full height and 收起 back; the header drags too', async () => {
    const page = await openPhone();
    const card = await openOutfallBySearch(page, outfall());
    const workspace = (await page.locator('.workspace').boundingBox())!;
    const toggle = card.getByRole('button', { name: '展开' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const half = (await card.boundingBox())!;
    await page.screenshot({ path: '/tmp/phone-card-half.png' });
    expect(half.height).toBeLessThanOrEqual(workspace.height * 0.6);
    expect(half.y + half.height).toBeCloseTo(workspace.y + workspace.height, 0);

    await toggle.tap();
    const collapse = card.getByRole('button', { name: '收起' });
    await collapse.waitFor({ state: 'visible' });
    expect(await collapse.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(async () => (await card.boundingBox())!.y).toBeCloseTo(workspace.y, 0);
    const full = (await card.boundingBox())!;
    expect(full.height).toBeCloseTo(workspace.height, 0);
    await page.screenshot({ path: '/tmp/phone-card-full.png' });

    await collapse.tap();
    await toggle.waitFor({ state: 'visible' });
    await expect.poll(async () => (await card.boundingBox())!.height).toBeCloseTo(half.height, 0);

    // Dragging the header up expands, down folds (a mouse's pointer events stand in for a finger's).
    const header = (await card.locator('.feature-card__kind').boundingBox())!;
    await page.mouse.move(header.x + 20, header.y + 4);
    await page.mouse.down();
    await page.mouse.move(header.x + 20, header.y - 150, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await card.boundingBox())!.y).toBeCloseTo(workspace.y, 0);
    const top = (await card.locator('.feature-card__kind').boundingBox())!;
    await page.mouse.move(top.x + 20, top.y + 4);
    await page.mouse.down();
    await page.mouse.move(top.x + 20, top.y + 300, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await card.boundingBox())!.height).toBeCloseTo(half.height, 0);
  });

  it('opens 记录巡查 at full height, with 保存 in the viewport, and keeps 已保存 in view after saving', async () => {
    const page = await openPhone();
    const card = await openOutfallBySearch(page, outfall());
    const workspace = (await page.locator('.workspace').boundingBox())!;
    await card.getByRole('button', { name: '记录巡查' }).tap();
    const form = card.getByRole('form', { name: '记录巡查' });
    await form.waitFor({ state: 'visible' });
    await expect.poll(async () => (await card.boundingBox())!.y).toBeCloseTo(workspace.y, 0);
    expect(await card.getByRole('button', { name: '收起' }).getAttribute('aria-expanded')).toBe('true');

    await form.getByLabel('巡查人').fill('李四');
    await form.getByRole('radio', { name: '无', exact: true }).check();
    const save = form.getByRole('button', { name: '保存' });
    await save.scrollIntoViewIfNeeded();
    expect(await inViewAndUncovered(save), '保存 in the viewport, not under anything').toEqual({ inView: true, hit: true });
    await save.tap();
    const saved = card.getByRole('status').filter({ hasText: '已保存' });
    await saved.waitFor({ state: 'visible', timeout: 15_000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: '/tmp/phone-form-saved.png' });
    expect(await inViewAndUncovered(saved), '已保存 in the viewport, not under anything').toEqual({ inView: true, hit: true });
    // Still the full sheet: the record just saved is listed under the message.
    expect((await card.boundingBox())!.y).toBeCloseTo(workspace.y, 0);
  });
});

describe('focus and the keyboard', () => {
  it('shows a focus ring on every control reached with Tab, and returns focus to what opened a panel or the menu', async () => {
    const page = await openPhone();
    // Focus starts at the top of the page: Tab through the first view and the open layer panel.
    await page.getByRole('button', { name: '图层', exact: true }).tap();
    await page.getByRole('navigation', { name: '图层' }).waitFor({ state: 'visible' });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const noRing: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 45; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const active = document.activeElement as HTMLElement | null;
        if (!active || active === document.body) return null;
        const style = getComputedStyle(active);
        const ring = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2) || style.boxShadow !== 'none';
        const name = (active.getAttribute('aria-label') ?? active.textContent ?? active.tagName).trim().slice(0, 20);
        return { name: `${name}（${active.tagName.toLowerCase()}）`, ring };
      });
      if (!focused) continue;
      seen.add(focused.name);
      if (!focused.ring) noRing.push(focused.name);
    }
    expect(seen.size, 'controls reached with Tab').toBeGreaterThan(15);
    expect(noRing, 'focused without a visible ring').toEqual([]);

    // 巡查 opens its panel from the keyboard; 关闭 gives focus back to 巡查.
    const inspections = page.getByRole('button', { name: /^巡查记录，/ });
    await inspections.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '巡查记录' });
    await dialog.waitFor({ state: 'visible' });
    await dialog.getByRole('button', { name: '关闭' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toMatch(/^巡查记录，/);

    // 更多 from the keyboard: the first item takes focus, ↓ moves, Esc closes back to 更多.
    const more = page.getByRole('button', { name: '更多', exact: true });
    expect(await more.getAttribute('aria-haspopup')).toBe('menu');
    await more.focus();
    await page.keyboard.press('Enter');
    expect(await more.getAttribute('aria-expanded')).toBe('true');
    const first = await focusedName(page);
    await page.keyboard.press('ArrowDown');
    expect(await focusedName(page)).not.toBe(first);
    await page.keyboard.press('Escape');
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    expect(await focusedName(page)).toBe('更多');
    // An item's panel gives focus back to 更多 when it closes.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    expect(await focusedName(page)).toBe('离线与存储');
    await page.keyboard.press('Enter');
    const offline = page.getByRole('dialog', { name: '离线与存储' });
    await offline.waitFor({ state: 'visible' });
    await offline.getByRole('button', { name: '关闭' }).focus();
    await page.keyboard.press('Enter');
    await offline.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe('更多');
  });

  it('gives a card opened from search the focus, and gives it back to the search box when the card closes', async () => {
    const page = await openPhone();
    const target = outfall();
    const search = page.getByRole('combobox', { name: '搜索' });
    await search.fill(target.code);
    await page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').first().waitFor();
    await page.keyboard.press('Enter');
    const card = page.getByRole('dialog', { name: target.name });
    await card.waitFor({ state: 'visible', timeout: 15_000 });
    await expect.poll(() => card.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(target.name);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'hidden' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('搜索');
  });

  it('opens a park from the layer panel’s 列表 with the keyboard alone, and returns focus to it when the card closes', async () => {
    const page = await openDesktop();
    const parkNames = (JSON.parse(readFileSync(resolve(ROOT, 'data/parks.geojson'), 'utf8')) as { features: { properties: { name: string } }[] }).features.map(
      (f) => f.properties.name,
    );
    // Tab from the top of the page to 化工园区列表.
    let found = false;
    for (let i = 0; i < 120 && !found; i++) {
      await page.keyboard.press('Tab');
      found = (await focusedName(page)) === '化工园区列表';
    }
    expect(found, 'Tab reaches 化工园区列表').toBe(true);
    await page.keyboard.press('Enter');
    const list = page.getByRole('list', { name: /^化工园区（共/ });
    await list.waitFor({ state: 'visible' });
    expect(await list.getByRole('button').allTextContents()).toEqual(parkNames);
    await page.keyboard.press('Tab');
    expect(await focusedName(page)).toBe(parkNames[0]);
    await page.keyboard.press('Enter');
    const card = page.getByRole('dialog', { name: parkNames[0] });
    await card.waitFor({ state: 'visible', timeout: 10_000 });
    await expect.poll(() => card.evaluate((element) => element.contains(document.activeElement))).toBe(true);
    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'hidden' });
    expect(await focusedName(page)).toBe(parkNames[0]);
  });
});

describe('the desktop top bar 1280×800', () => {
  it('keeps every action in the bar on one line, with or without an inspection pending; a narrower window moves what does not fit into 更多', async () => {
    const page = await openDesktop();
    await page.screenshot({ path: '/tmp/desktop-first-view.png' });
    const before = await topBar(page);
    expect(before.buttons).toEqual(['图层', '筛选', '汇报', '演示模式', '巡查记录，0 条待同步', '导出图片', '离线与存储']);
    expect(before.wrapped).toEqual([]);
    expect(before.overflows).toBe(false);
    expect(before.titleCut).toBe(false);

    const card = await openOutfallBySearch(page, outfall());
    await recordInspection(page, card);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: '巡查记录，1 条待同步' }).waitFor({ state: 'visible' });
    const after = await topBar(page);
    await page.screenshot({ path: '/tmp/desktop-pending.png' });
    expect(after.buttons).toEqual(['图层', '筛选', '汇报', '演示模式', '巡查记录，1 条待同步', '导出图片', '离线与存储']);
    expect(after.wrapped).toEqual([]);
    expect(after.overflows).toBe(false);
    expect(after.titleCut).toBe(false);
    expect(after.height).toBe(before.height);

    // 760 px: the bar keeps what fits and 更多 holds the rest, nothing cut or wrapped.
    await page.setViewportSize({ width: 760, height: 800 });
    await page.getByRole('button', { name: '更多', exact: true }).waitFor({ state: 'visible' });
    const narrow = await topBar(page);
    await page.screenshot({ path: '/tmp/desktop-760.png' });
    expect(narrow.wrapped).toEqual([]);
    expect(narrow.outside).toEqual([]);
    expect(narrow.overflows).toBe(false);
    expect(narrow.titleCut).toBe(false);
    expect(narrow.height).toBe(before.height);
    await page.getByRole('button', { name: '更多', exact: true }).click();
    const items = await page.getByRole('menu', { name: '更多' }).getByRole('menuitem').allTextContents();
    expect(items.length).toBeGreaterThan(0);
    expect(
      items.every((item) => !narrow.buttons.includes(item)),
      'an action in the bar or in 更多, not both',
    ).toBe(true);
    await page.keyboard.press('Escape');

    // Wide again: everything back in the bar, no 更多.
    await page.setViewportSize(DESKTOP);
    await expect.poll(async () => (await topBar(page)).buttons).toEqual(after.buttons);
  });
});
