// First view over an emulated phone network (Chromium's network conditions: 9 Mbit/s
// down, 150 ms round trip): how long after navigation the outfalls are drawn, the
// hotspot grid's first period is drawn, and every layer is on the map and idle — cold
// (a first visit: empty storage) and warm (a return visit: app shell from the service
// worker, data from IndexedDB), with cold ÷ warm. Goals: outfalls within 3 s cold and
// 1 s warm. Run by `npm run bench`; writes bench/first_view.json.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { LAYER_DRAWN_MARK } from '../src/app/bind_map';
import { DESKTOP, ROOT, launchChromium, newGuardedContext, startAppServer } from '../tests/e2e/browser';
import { machine } from './machine';

const RUNS = 3;
const NETWORK = { offline: false, latency: 150, downloadThroughput: (9 * 1_000_000) / 8, uploadThroughput: (2 * 1_000_000) / 8 };
const MARKS = { outfalls: `${LAYER_DRAWN_MARK}outfalls`, grid: `${LAYER_DRAWN_MARK}hotspot-grid`, idle: 'pds:first-idle' } as const;

async function markTime(page: Page, name: string): Promise<number> {
  const handle = await page.waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? false, name, { timeout: 180_000, polling: 50 });
  return Math.round((await handle.jsonValue()) as number);
}

async function visit(page: Page): Promise<{ outfalls: number; grid: number; idle: number; kib: number }> {
  const [outfalls, grid, idle] = [await markTime(page, MARKS.outfalls), await markTime(page, MARKS.grid), await markTime(page, MARKS.idle)];
  // Bytes that crossed the (emulated) network for this navigation: what the server sent, compressed or not.
  const kib = await page.evaluate(() => performance.getEntriesByType('resource').reduce((s, e) => s + (e as PerformanceResourceTiming).transferSize, 0) / 1024);
  return { outfalls, grid, idle, kib: Math.round(kib) };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const server = await startAppServer();
const browser = await launchChromium();
const runs: { cold: Awaited<ReturnType<typeof visit>>; warm: Awaited<ReturnType<typeof visit>> }[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const { context } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP, blockOffOrigin: false, serviceWorkers: 'allow' });
    try {
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await page.goto(`${server.origin}/`);
      const cold = await visit(page);
      // The next start is warm only once everything is stored and the service worker controls the page.
      await markTime(page, 'pds:cache-saved');
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
        for (let t = 0; t < 50 && !navigator.serviceWorker.controller; t++) await new Promise((r) => setTimeout(r, 100));
      });
      await page.goto('about:blank');
      await page.goto(`${server.origin}/`);
      const warm = await visit(page);
      runs.push({ cold, warm });
      console.log(
        `  run ${i + 1}/${RUNS}: cold outfalls ${cold.outfalls} ms, grid ${cold.grid} ms, idle ${cold.idle} ms; warm ${warm.outfalls} / ${warm.grid} / ${warm.idle} ms`,
      );
    } finally {
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
}

const row = (what: keyof (typeof runs)[number]['cold']) => {
  const cold = median(runs.map((r) => r.cold[what]));
  const warm = median(runs.map((r) => r.warm[what]));
  return { cold, warm, 'cold ÷ warm': Math.round((cold / Math.max(1, warm)) * 100) / 100 };
};
const table = {
  'outfalls drawn (ms)': row('outfalls'),
  "grid's first period drawn (ms)": row('grid'),
  'every layer, idle (ms)': row('idle'),
  'transferred (KiB)': row('kib'),
};
console.log(`\nFirst view over an emulated network (9 Mbit/s down, 150 ms RTT), medians of ${RUNS}:`);
console.table(table);
const outfalls = table['outfalls drawn (ms)'];
console.log(`goals: outfalls ≤ 3000 ms cold (${outfalls.cold <= 3000 ? 'met' : 'NOT met'}), ≤ 1000 ms warm (${outfalls.warm <= 1000 ? 'met' : 'NOT met'})`);
writeFileSync(join(ROOT, 'bench/first_view.json'), `${JSON.stringify({ machine: machine(), network: NETWORK, runs, medians: table }, null, 2)}\n`);
