// Nothing lost, offline or not. Each test serves the built app with its
// own config.json and data server on 127.0.0.1 (deployment_server.ts), goes offline
// with the browser's own switch, and counts what reaches the server.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { DESKTOP, LAYER_TITLES, launchChromium, newGuardedContext, readOutfalls, waitForFirstIdle, waitForMark } from './browser';
import type { OutfallPoint, RequestGuard } from './browser';
import { gunzipSync } from 'node:zlib';
import { deploymentDataSet, replaceFile, startDeploymentServer } from './deployment_server';
import type { DeploymentServer } from './deployment_server';

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
  // Every test: nothing left the deployment's origin.
  expect(guard.offOrigin).toEqual([]);
  await context?.close();
  context = undefined;
  await server?.close();
});

/** A fresh browser profile on a fresh deployment; every notice the app shows is recorded in window.__notices. */
async function open(setUp: (s: DeploymentServer) => void = () => undefined): Promise<Page> {
  server = await startDeploymentServer();
  setUp(server);
  ({ context, guard } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP, serviceWorkers: 'allow' }));
  // Information notices fade after 10 s: record each one as it appears, so a test can ask what was ever said.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { __notices: string[] }).__notices = seen;
    new MutationObserver(() => {
      for (const p of document.querySelectorAll('.notice p')) {
        const text = p.textContent ?? '';
        if (!(p as HTMLElement).dataset.seen) {
          (p as HTMLElement).dataset.seen = '1';
          seen.push(text);
        }
      }
    }).observe(document, { childList: true, subtree: true });
  });
  return context.newPage();
}

const noticesSeen = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __notices: string[] }).__notices);

async function waitForNotice(page: Page, text: string | RegExp, timeout = 30_000): Promise<string> {
  const handle = await page.waitForFunction(
    ([source, flags]) => (window as unknown as { __notices: string[] }).__notices.find((n) => new RegExp(source, flags).test(n)) ?? false,
    typeof text === 'string' ? [text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), ''] : [text.source, text.flags],
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as string;
}

/**
 * The first visit as a user makes it: open the app online and wait for 已可离线使用,
 * with no reload (the service worker takes control by clients.claim).
 */
async function visitUntilOfflineReady(page: Page): Promise<void> {
  await page.goto(`${server.origin}/`);
  await waitForFirstIdle(page);
  await waitForNotice(page, '已可离线使用', 60_000);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker controls the page').toBe(true);
}

/** Reload with the network cut; `expectErrors` when a layer is meant to fail (its alert would stop waitForFirstIdle). */
async function reloadOffline(page: Page, expectErrors = false): Promise<void> {
  await context!.setOffline(true);
  await page.reload();
  if (expectErrors) await waitForMark(page, 'pds:first-idle', 90_000);
  else await waitForFirstIdle(page);
}

/** The layer panel's status text beside a layer's checkbox, e.g. "500 个" or "加载失败". */
async function layerStatus(page: Page, title: string): Promise<string> {
  const item = page
    .getByRole('navigation', { name: '图层' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('checkbox', { name: title, exact: true }) });
  return ((await item.locator('.layer-item__status').textContent()) ?? '').trim();
}

async function openPanel(page: Page, name: '离线与存储' | '巡查记录'): Promise<ReturnType<Page['getByRole']>> {
  await page.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  const dialog = page.getByRole('dialog', { name });
  await dialog.waitFor({ state: 'visible', timeout: 10_000 });
  return dialog;
}

async function recordInspection(page: Page, outfall: OutfallPoint, inspector: string): Promise<void> {
  await page.getByRole('combobox', { name: '搜索' }).fill(outfall.code);
  await page.getByRole('listbox', { name: '搜索结果' }).getByRole('option').first().click();
  const card = page.getByRole('dialog', { name: outfall.name });
  await card.waitFor({ state: 'visible', timeout: 15_000 });
  await card.getByRole('button', { name: '记录巡查' }).click();
  const form = card.getByRole('form', { name: '记录巡查' });
  await form.getByLabel('巡查人').fill(inspector);
  await form.getByRole('radio', { name: '有' }).check();
  await form.getByLabel('照片').setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: TINY_PNG });
  await form.getByRole('button', { name: '保存' }).click();
  try {
    await card.getByRole('status').filter({ hasText: '已保存' }).waitFor({ state: 'visible', timeout: 15_000 });
  } catch (error) {
    throw new Error(`not saved; the card says: ${await card.textContent()}`, { cause: error });
  }
  await card.getByRole('button', { name: '关闭' }).first().click();
}

/** A small photo the form accepts. */
const TINY_PNG = (() => {
  const png = new PNG({ width: 64, height: 48 });
  for (let i = 0; i < png.data.length; i += 4) png.data.set([(i / 4) % 64 > 32 ? 200 : 40, 120, 90, 255], i);
  return PNG.sync.write(png);
})();

async function until(condition: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('the deployment’s config.json is kept after the first visit', () => {
  it('offline start: uploads stay configured, and an inspection recorded offline is sent when the network returns', async () => {
    const page = await open((s) => (s.config = { apiBase: '/api' }));
    await visitUntilOfflineReady(page);
    await reloadOffline(page);

    const panel = await openPanel(page, '巡查记录');
    expect(await panel.textContent()).not.toContain('未配置同步服务器');
    expect(await panel.getByRole('button', { name: '立即同步' }).isEnabled()).toBe(true);
    await panel.getByRole('button', { name: '关闭' }).click();

    await recordInspection(page, readOutfalls()[7], '李四');
    expect(server.posts).toHaveLength(0);
    await context!.setOffline(false);
    await until(() => server.posts.length === 1, 30_000, 'the inspection to reach the server');
    expect(server.posts[0].photos).toBe(1);
  });

  it('offline start with a deployment’s data server: 更新数据 keeps its data, and another data set waits for the user', async () => {
    const page = await open((s) => {
      s.config = { dataBaseUrl: '/deploy/' };
      s.dataSets.set('/deploy/', deploymentDataSet(500));
    });
    await visitUntilOfflineReady(page);
    expect(await layerStatus(page, '排污口')).toBe('500 个');
    expect(await page.getByText('演示数据', { exact: true }).count()).toBe(0);

    await reloadOffline(page);
    await context!.setOffline(false);
    const offline = await openPanel(page, '离线与存储');
    await offline.getByRole('button', { name: '更新数据' }).click();
    await waitForNotice(page, '数据已是最新（数据日期 2025-10-01）');
    expect((await noticesSeen(page)).filter((n) => n.startsWith('数据已更新'))).toEqual([]);
    expect(await page.getByText('演示数据', { exact: true }).count()).toBe(0);
    expect(await layerStatus(page, '排污口')).toBe('500 个');

    // The deployment is pointed back at the built-in demo set: the app asks before replacing its data.
    server.config = {};
    await page.reload();
    await waitForFirstIdle(page);
    const question = await waitForNotice(page, '未自动替换');
    expect(question).toContain('来自另一个数据服务器');
    expect(question).toContain('数据日期 2025-09-16 早于本机的 2025-10-01');
    expect(question).toContain('服务器上的是演示数据，本机的是正式数据');
    expect(question).toContain('替换后要素数量将变化：排污口 500 → 3,090');
    expect(await layerStatus(page, '排污口')).toBe('500 个');
    expect(await page.getByText('演示数据', { exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: '改用服务器数据' }).click();
    await until(async () => (await layerStatus(page, '排污口')) === '3,090 个', 60_000, 'the demo outfalls after confirming');
    expect(await page.getByText('演示数据', { exact: true }).count()).toBe(1);
  });
});

describe('a bad update never replaces good cached data', () => {
  it('a wrong hash and a grid with unknown pollutants are refused; the good layers stay and open offline; 清除缓存 asks first', async () => {
    const page = await open();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    await waitForMark(page, 'pds:cache-saved', 60_000);

    const set = server.dataSets.get('/data/')!;
    set.manifest = { ...set.manifest, dataDate: '2025-10-01' };
    // The parks file is unchanged but its hash in the manifest is not; the grid names a pollutant the app does not know.
    set.manifest.layers.find((l) => l.id === 'parks')!.hash = 'f'.repeat(64);
    const gridEntry = set.manifest.layers.find((l) => l.id === 'hotspot-grid')!;
    const grid = gunzipSync(set.files.get(gridEntry.file)!);
    const at = grid.indexOf('"pm25"');
    expect(at, 'the grid header names pm25').toBeGreaterThan(0);
    grid.write('"so2x"', at, 'latin1');
    // Served plain under its .gz name, as a server that decodes .gz files itself would.
    replaceFile(set, gridEntry.file, grid);

    await page.reload();
    await waitForFirstIdle(page);
    await waitForNotice(page, '化工园区：下载的文件与数据清单的校验值不符，未采用；继续显示此前的数据');
    const gridNotice = await waitForNotice(page, /^热点网格：.*污染物未知：so2x/);
    expect(gridNotice).toContain('继续显示此前的数据');
    expect(errors, 'no uncaught error on the page').toEqual([]);

    await reloadOffline(page);
    for (const title of LAYER_TITLES) expect(await layerStatus(page, title), title).not.toBe('加载失败');
    expect(await layerStatus(page, '化工园区')).toBe('6 个');
    expect(await layerStatus(page, '热点网格')).toMatch(/^\d[\d,]* 格$/);

    // 清除缓存 offline: asks first and says the map will be empty until online; 取消 keeps everything.
    const panel = await openPanel(page, '离线与存储');
    await panel.getByRole('button', { name: '清除缓存' }).click();
    const ask = page.getByRole('alertdialog');
    await ask.waitFor({ state: 'visible' });
    expect(await ask.textContent()).toContain('当前没有网络：清除后，一旦刷新或重新打开，地图将是空的');
    expect(await ask.textContent()).toContain('巡查记录不会被删除');
    await ask.getByRole('button', { name: '取消' }).click();
    expect(await panel.getByRole('row').filter({ hasText: '未缓存' }).count()).toBe(0);
    await panel.getByRole('button', { name: '清除缓存' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: '确认清除' }).click();
    await until(async () => (await panel.getByRole('row').filter({ hasText: '未缓存' }).count()) === LAYER_TITLES.length, 10_000, 'every row to say 未缓存');
    expect(errors).toEqual([]);
  });
});

describe('one upload queue per browser', () => {
  it('two open tabs send each inspection and its photo once', async () => {
    const page = await open((s) => {
      s.config = { apiBase: '/api' };
      s.apiDelayMs = 1_500;
    });
    await visitUntilOfflineReady(page);
    const second = await context!.newPage();
    await second.goto(`${server.origin}/`);
    await waitForFirstIdle(second);

    await context!.setOffline(true);
    await recordInspection(page, readOutfalls()[11], '王五');
    await recordInspection(page, readOutfalls()[12], '王五');
    // Both tabs see the network return and run their queues at the same moment.
    await context!.setOffline(false);
    await second.evaluate(() => window.dispatchEvent(new Event('online')));
    await until(() => server.posts.length >= 2, 30_000, 'both inspections to reach the server');
    // Long enough for a second tab's pass to have sent them again, were it going to.
    await page.waitForTimeout(5_000);
    const keys = server.posts.map((p) => p.key);
    expect(new Set(keys).size).toBe(2);
    expect(keys).toHaveLength(2);
    expect(server.posts.map((p) => p.photos)).toEqual([1, 1]);
    // The tab that did not upload learns of it: its 巡查记录 shows both as 已同步.
    const panel = await openPanel(second, '巡查记录');
    await until(async () => (await panel.getByText('已同步').count()) === 2, 10_000, 'the second tab to show 已同步');
  });
});

describe('messages that say what is wrong', () => {
  it('misspelt and unusable keys of config.json are named; sync says its configuration is wrong; nothing is retried', async () => {
    const page = await open((s) => {
      s.config = { dataBaseURL: '/deploy/', apiBase: 'javascript:alert(1)' };
    });
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    await waitForNotice(page, '配置项 dataBaseURL 无法识别，是否应为 dataBaseUrl？');
    await waitForNotice(page, '配置项 apiBase 应为 http 或 https 网址，实为 javascript');
    const panel = await openPanel(page, '巡查记录');
    expect(await panel.textContent()).toContain('同步服务器配置有误');
    expect(await panel.getByRole('button', { name: '立即同步' }).isDisabled()).toBe(true);
    expect(guard.all.filter((url) => !url.startsWith('http'))).toEqual([]);
  });

  it('an invalid manifest is called invalid, and 已可离线使用 is never said without the data', async () => {
    const page = await open((s) => s.failManifest.set('/data/', 503));
    await page.goto(`${server.origin}/`);
    await waitForNotice(page, '本机还没有离线数据');
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.waitForTimeout(3_000);
    expect((await noticesSeen(page)).filter((n) => n.includes('已可离线使用'))).toEqual([]);

    // The server comes back, but with a manifest the app cannot use: not a connection problem.
    server.failManifest.clear();
    await page.reload();
    await waitForFirstIdle(page);
    await waitForMark(page, 'pds:cache-saved', 60_000);
    const set = server.dataSets.get('/data/')!;
    set.manifest = { ...set.manifest, dataDate: 'soon' };
    await page.reload();
    await waitForFirstIdle(page);
    const said = await waitForNotice(page, '数据清单无效');
    expect(said).toContain('正在使用离线数据（数据日期 2025-09-16）');
    expect((await noticesSeen(page)).filter((n) => n.includes('无法连接'))).toEqual([]);
  });
});

describe('a small storage quota', () => {
  it('the layers that fit are usable offline, the grid with the days that fit, and the 离线与存储 panel says what did not fit', async () => {
    const page = await open();
    // A disk that fills up part-way through the grid. Chromium enforces a quota override lazily for many small
    // writes, so the disk is made full here by refusing IndexedDB writes of grid chunks after the first ten,
    // as the browser does when full (a QuotaExceededError from put).
    await context!.addInitScript(() => {
      const put = IDBObjectStore.prototype.put;
      let chunks = 0;
      IDBObjectStore.prototype.put = function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
        const id = (value as { id?: unknown } | null)?.id;
        if (typeof id === 'string' && id.startsWith('hotspot-grid:') && ++chunks > 10)
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        return put.call(this, value, key);
      };
    });
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page);
    await waitForNotice(page, '本机存储空间不足：热点网格的部分时段未能存入离线缓存', 60_000);
    await page.evaluate(() => navigator.serviceWorker.ready);

    await reloadOffline(page, true);
    for (const title of LAYER_TITLES) expect(await layerStatus(page, title), title).not.toBe('加载失败');
    expect(await layerStatus(page, '热点网格')).toMatch(/^\d[\d,]* 格$/);
    const panel = await openPanel(page, '离线与存储');
    // Every layer but the grid stored, of all the built-in ones.
    const all = LAYER_TITLES.length;
    expect(await panel.textContent()).toMatch(
      new RegExp(`${all - 1} / ${all} 个图层已存入本机，断网时可用；未存入：热点网格（\\d+ / 36 个时段数据块未存入：本机存储空间不足）`),
    );
  });
});
