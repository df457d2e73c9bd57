// `npm run bench` (after `vite build`): what the page costs to load.
//
//   1. data bytes per layer, raw and gzip (zlib level 6, what a server sends)
//   2. parse time per layer in Node (median of several runs)
//   3. time from navigation to `pds:first-idle` in headless Chromium, all layers on
//   4. JS bundle size (dist/assets/*.js), raw and gzip; main chunk and MapLibre worker
//   5. naive vs ours: the hotspot grid as pdsgrid vs one day as GeoJSON polygons
//   6. warm vs cold start: first idle from IndexedDB + service worker against a first visit
//
// Prints tables and writes bench/results.json. See bench/README.md.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Page, Request } from 'playwright-core';
import { applyGridChunk, cellBounds, decodeHotspotGrid, gridDaySlice, GRID_NO_DATA } from '../src/data/hotspot_grid_format';
import type { GridChunk } from '../src/data/hotspot_grid_format';
import { machine } from './machine';
import { DESKTOP, ROOT, launchChromium, newGuardedContext, startAppServer, waitForFirstIdle } from '../tests/e2e/browser';

const DATA = join(ROOT, 'data');
const DIST = join(ROOT, 'dist');
const PARSE_RUNS = 7;
const IDLE_RUNS = 3;
const WARM_COLD_RUNS = 3;

const failures: string[] = [];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const gzipBytes = (buf: Uint8Array): number => gzipSync(buf, { level: 6 }).length;
const kb = (n: number): string => (n / 1024).toFixed(1);
const ms = (n: number): number => Math.round(n * 1000) / 1000;

/** Median wall time in ms of `fn` over `runs` runs, after one warm-up run. */
function timeMedian(runs: number, fn: () => unknown): number {
  fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** An ArrayBuffer holding exactly the file's bytes (what `response.arrayBuffer()` gives). */
function fileArrayBuffer(path: string): ArrayBuffer {
  const buf = readFileSync(path);
  return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
}

// ---- 1 and 2: data ------------------------------------------------------------

interface LayerRow {
  id: string;
  title: string;
  file: string;
  format: string;
  features: number | null;
  rawBytes: number;
  gzipBytes: number;
  parseMs: number;
}

interface ManifestLike {
  layers: { id: string; title: string; file: string; format: 'geojson' | 'pdsgrid'; featureCount: number; chunks?: GridChunk[] }[];
}

function measureData(): { layers: LayerRow[]; total: { rawBytes: number; gzipBytes: number; parseMs: number } } {
  const manifestPath = join(DATA, 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error('data/manifest.json 不存在：请先运行 npm run data / data/ is missing: run npm run data');
  const manifestBytes = readFileSync(manifestPath);
  const manifest = JSON.parse(manifestBytes.toString('utf8')) as ManifestLike;
  const decoder = new TextDecoder();

  const rows: LayerRow[] = [
    {
      id: 'manifest',
      title: '清单',
      file: 'manifest.json',
      format: 'json',
      features: null,
      rawBytes: manifestBytes.length,
      gzipBytes: gzipBytes(manifestBytes),
      parseMs: ms(timeMedian(PARSE_RUNS, () => JSON.parse(decoder.decode(manifestBytes)))),
    },
  ];
  for (const layer of manifest.layers) {
    // The files are gzip on the wire (the app decodes them, src/data/transfer.ts); raw is the content, gzip what travels.
    const wire = [layer.file, ...(layer.chunks ?? []).map((c) => c.file)].map((f) => readFileSync(join(DATA, f)));
    const contents = wire.map((b) => (b[0] === 0x1f && b[1] === 0x8b ? gunzipSync(b) : b));
    const bytes = contents[0];
    let parseMs: number;
    if (layer.format === 'pdsgrid') {
      // The index, then every chunk copied in: the whole grid as the app has it once every chunk arrived.
      const buffers = contents.map((c) => c.buffer.slice(c.byteOffset, c.byteOffset + c.byteLength) as ArrayBuffer);
      parseMs = timeMedian(PARSE_RUNS, () => {
        const grid = decodeHotspotGrid(buffers[0]);
        (layer.chunks ?? []).forEach((chunk, i) => applyGridChunk(grid, chunk, buffers[i + 1]));
      });
    } else {
      // What the page does with the decoded bytes: UTF-8 decode, then JSON.parse.
      parseMs = timeMedian(PARSE_RUNS, () => JSON.parse(decoder.decode(bytes)));
    }
    rows.push({
      id: layer.id,
      title: layer.title,
      file: layer.chunks ? `${layer.file} + ${layer.chunks.length} chunks` : layer.file,
      format: layer.format,
      features: layer.featureCount,
      rawBytes: contents.reduce((s, c) => s + c.length, 0),
      gzipBytes: wire.reduce((s, w) => s + w.length, 0),
      parseMs: ms(parseMs),
    });
  }
  const total = {
    rawBytes: rows.reduce((s, r) => s + r.rawBytes, 0),
    gzipBytes: rows.reduce((s, r) => s + r.gzipBytes, 0),
    parseMs: ms(rows.reduce((s, r) => s + r.parseMs, 0)),
  };
  return { layers: rows, total };
}

// ---- 5: naive vs ours ------------------------------------------------------------

interface Comparison {
  description: string;
  day: string;
  cells: number;
  ours: { what: string; rawBytes: number; gzipBytes: number; parseMs: number };
  naive: { what: string; rawBytes: number; gzipBytes: number; parseMs: number };
  /** naive ÷ ours */
  ratio: { rawBytes: number; gzipBytes: number; parseMs: number };
  /** The whole series as one GeoJSON file per day (extrapolated from the one day). */
  naiveAllDaysGzipBytes: number;
  /** Raw bytes one pollutant-day adds: to the pdsgrid file (Uint16 per cell) and as GeoJSON. */
  perDayRawBytes: { ours: number; naive: number; ratio: number };
}

function compareGrid(): Comparison {
  const manifest = JSON.parse(readFileSync(join(DATA, 'manifest.json'), 'utf8')) as ManifestLike;
  if (!manifest.layers.some((l) => l.format === 'pdsgrid')) throw new Error('the manifest lists no pdsgrid layer');
  // The whole grid in one file (data/hotspot-grid.bin, what the chunks assemble to).
  const path = join(DATA, 'hotspot-grid.bin');
  const bytes = readFileSync(path);
  const buffer = fileArrayBuffer(path);
  const grid = decodeHotspotGrid(buffer);
  const { header } = grid;
  const lastDay = header.days - 1;

  // The naive file: the latest day's PM2.5 as a FeatureCollection of cell squares,
  // 6-decimal coordinates like the other layers.
  const values = gridDaySlice(grid, 'pm25', lastDay);
  const round = (x: number): number => Math.round(x * 1e6) / 1e6;
  const features = Array.from(grid.cellIds, (id, i) => {
    const [w, s, e, n] = cellBounds(header, id).map(round);
    const v = values[i];
    return {
      type: 'Feature',
      id,
      properties: { pm25: v === GRID_NO_DATA ? null : v },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [w, s],
            [e, s],
            [e, n],
            [w, n],
            [w, s],
          ],
        ],
      },
    };
  });
  const naiveBytes = Buffer.from(JSON.stringify({ type: 'FeatureCollection', features }));
  const decoder = new TextDecoder();

  // Ours: decode the whole file (every day, every pollutant) and take the day's slice.
  const oursMs = timeMedian(PARSE_RUNS, () => gridDaySlice(decodeHotspotGrid(buffer), 'pm25', lastDay));
  const naiveMs = timeMedian(PARSE_RUNS, () => JSON.parse(decoder.decode(naiveBytes)));
  const oursGzip = gzipBytes(bytes);
  const naiveGzip = gzipBytes(naiveBytes);
  const day = new Date(Date.parse(`${header.startDate}T00:00:00Z`) + lastDay * 86_400_000).toISOString().slice(0, 10);
  return {
    description: `hotspot grid: pdsgrid file (${header.days} days × ${header.pollutants.length} pollutants) vs one day of PM2.5 as GeoJSON polygons`,
    day,
    cells: header.cellCount,
    ours: { what: `decodeHotspotGrid + gridDaySlice, whole file`, rawBytes: bytes.length, gzipBytes: oursGzip, parseMs: ms(oursMs) },
    naive: { what: `JSON.parse of ${day} PM2.5 as a Polygon FeatureCollection`, rawBytes: naiveBytes.length, gzipBytes: naiveGzip, parseMs: ms(naiveMs) },
    ratio: {
      rawBytes: Math.round((naiveBytes.length / bytes.length) * 100) / 100,
      gzipBytes: Math.round((naiveGzip / oursGzip) * 100) / 100,
      parseMs: Math.round((naiveMs / oursMs) * 10) / 10,
    },
    naiveAllDaysGzipBytes: naiveGzip * header.days * header.pollutants.length,
    perDayRawBytes: {
      ours: header.cellCount * 2,
      naive: naiveBytes.length,
      ratio: Math.round(naiveBytes.length / (header.cellCount * 2)),
    },
  };
}

// ---- 4: bundle ------------------------------------------------------------------

interface BundleFile {
  file: string;
  role: 'main' | 'worker' | 'chunk';
  rawBytes: number;
  gzipBytes: number;
}

function measureBundle(): { files: BundleFile[]; js: { rawBytes: number; gzipBytes: number }; css: { rawBytes: number; gzipBytes: number } } {
  const assets = join(DIST, 'assets');
  if (!existsSync(assets)) throw new Error('dist/assets 不存在：请先运行 vite build / run vite build first');
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const entry = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => basename(m[1]));
  const files: BundleFile[] = [];
  let css = { rawBytes: 0, gzipBytes: 0 };
  for (const name of readdirSync(assets).sort()) {
    const bytes = readFileSync(join(assets, name));
    if (name.endsWith('.css')) {
      css = { rawBytes: css.rawBytes + bytes.length, gzipBytes: css.gzipBytes + gzipBytes(bytes) };
    }
    if (!/\.m?js$/.test(name)) continue;
    const role = entry.includes(name) ? 'main' : /worker/i.test(name) ? 'worker' : 'chunk';
    files.push({ file: `assets/${name}`, role, rawBytes: bytes.length, gzipBytes: gzipBytes(bytes) });
  }
  return {
    files,
    js: { rawBytes: files.reduce((s, f) => s + f.rawBytes, 0), gzipBytes: files.reduce((s, f) => s + f.gzipBytes, 0) },
    css,
  };
}

// ---- 3: first idle in Chromium ------------------------------------------------------

interface IdleRun {
  firstIdleMs: number;
  /** Bytes the page fetched (response bodies as served by vite preview, uncompressed), from Resource Timing. */
  fetchedBytes: number;
  requests: number;
  offOriginRequests: number;
}

async function measureFirstIdle(): Promise<{ runs: IdleRun[]; medianMs: number; viewport: typeof DESKTOP }> {
  const server = await startAppServer();
  const browser = await launchChromium();
  const runs: IdleRun[] = [];
  try {
    for (let i = 0; i < IDLE_RUNS; i++) {
      // A fresh context each time: no HTTP cache, no storage, like a first visit.
      const { context, guard } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP, blockOffOrigin: false });
      try {
        const page = await context.newPage();
        await page.goto(`${server.origin}/`);
        const firstIdleMs = await waitForFirstIdle(page, 180_000);
        const fetchedBytes = await page.evaluate(() =>
          (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).reduce((s, e) => s + e.encodedBodySize, 0),
        );
        runs.push({ firstIdleMs: ms(firstIdleMs), fetchedBytes, requests: guard.all.length, offOriginRequests: guard.offOrigin.length });
        console.log(`  run ${i + 1}/${IDLE_RUNS}: first idle after ${firstIdleMs.toFixed(0)} ms`);
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return { runs, medianMs: ms(median(runs.map((r) => r.firstIdleMs))), viewport: DESKTOP };
}

// ---- 6: warm vs cold start ----------------------------------------------------------

interface WarmColdRun {
  /** First visit in a fresh context: data and shell from the network. */
  coldMs: number;
  /** Second navigation in the same context: data from IndexedDB, shell from the service worker. */
  warmMs: number;
  /** Whether the warm start said it read the cache (`pds:from-cache`): if not, it was no warm start. */
  warmFromCache: boolean;
  /** Layer files (data/*.geojson, data/*.bin) requested during the warm start: 0 when the cache served them. */
  warmLayerRequests: number;
}

async function markTime(page: Page, name: string, timeoutMs: number): Promise<number> {
  const handle = await page.waitForFunction((mark) => performance.getEntriesByName(mark)[0]?.startTime ?? false, name, { timeout: timeoutMs, polling: 100 });
  return (await handle.jsonValue()) as number;
}

async function measureWarmCold(): Promise<{
  runs: WarmColdRun[];
  coldMedianMs: number;
  warmMedianMs: number;
  /** cold ÷ warm: how many times sooner the warm start is idle. */
  ratio: number;
}> {
  const server = await startAppServer();
  const browser = await launchChromium();
  const runs: WarmColdRun[] = [];
  try {
    for (let i = 0; i < WARM_COLD_RUNS; i++) {
      // Service workers allowed: the warm start is meant to use the app's, as an installed app does.
      const { context } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP, blockOffOrigin: false, serviceWorkers: 'allow' });
      try {
        const page = await context.newPage();
        await page.goto(`${server.origin}/`);
        const coldMs = await waitForFirstIdle(page, 180_000);
        // Before the warm start, the cold one must have finished what makes the next
        // start warm: every layer stored, and the service worker installed and in control.
        await markTime(page, 'pds:cache-saved', 180_000);
        await page.evaluate(async () => {
          await navigator.serviceWorker.ready;
          for (let t = 0; t < 50 && !navigator.serviceWorker.controller; t++) await new Promise((r) => setTimeout(r, 100));
        });

        let warmLayerRequests = 0;
        const countLayerFiles = (request: Request): void => {
          if (/\/data\/[^/]+\.(geojson|bin)(\.gz)?$/.test(new URL(request.url()).pathname)) warmLayerRequests++;
        };
        context.on('request', countLayerFiles);
        await page.goto('about:blank');
        await page.goto(`${server.origin}/`);
        const warmMs = await waitForFirstIdle(page, 180_000);
        // Every layer read from the cache, the grid's last chunks too: since the outfalls come first
        // (the other layers are read once they are drawn) that may be a moment after the first idle.
        const warmFromCache = await markTime(page, 'pds:from-cache', 15_000).then(
          () => true,
          () => false,
        );
        context.off('request', countLayerFiles);

        runs.push({ coldMs: ms(coldMs), warmMs: ms(warmMs), warmFromCache, warmLayerRequests });
        console.log(
          `  run ${i + 1}/${WARM_COLD_RUNS}: cold ${coldMs.toFixed(0)} ms, warm ${warmMs.toFixed(0)} ms${warmFromCache ? '' : ' (NOT from the cache)'}`,
        );
      } finally {
        await context.close();
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  const notWarm = runs.filter((r) => !r.warmFromCache || r.warmLayerRequests > 0).length;
  if (notWarm > 0) throw new Error(`${notWarm} warm start(s) did not come from the cache (no pds:from-cache mark, or layer files fetched)`);
  const coldMedianMs = ms(median(runs.map((r) => r.coldMs)));
  const warmMedianMs = ms(median(runs.map((r) => r.warmMs)));
  return { runs, coldMedianMs, warmMedianMs, ratio: Math.round((coldMedianMs / warmMedianMs) * 100) / 100 };
}

// ---- machine --------------------------------------------------------------------------

// ---- main -----------------------------------------------------------------------------

async function section<T>(name: string, fn: () => T | Promise<T>): Promise<T | { error: string }> {
  try {
    return await fn();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    failures.push(`${name}: ${message}`);
    console.error(`✗ ${name}: ${message}`);
    return { error: message };
  }
}

const isError = (x: unknown): x is { error: string } => typeof x === 'object' && x !== null && 'error' in x;

const info = machine();
console.log(`平顶山生态环境一张图 — bench  (${info.date}, ${info.nproc} × ${info.cpuModel}, Node ${info.node}, ${info.chromium})\n`);

const data = await section('data', measureData);
if (!isError(data)) {
  console.log('Data per layer (gzip = zlib level 6; parse = median of %d runs in Node):', PARSE_RUNS);
  console.table(
    Object.fromEntries([
      ...data.layers.map((r) => [
        r.id,
        { title: r.title, file: r.file, features: r.features ?? '', 'raw KiB': kb(r.rawBytes), 'gzip KiB': kb(r.gzipBytes), 'parse ms': r.parseMs },
      ]),
      [
        'TOTAL',
        { title: '合计', file: '', features: '', 'raw KiB': kb(data.total.rawBytes), 'gzip KiB': kb(data.total.gzipBytes), 'parse ms': data.total.parseMs },
      ],
    ]),
  );
}

const comparison = await section('comparison', compareGrid);
if (!isError(comparison)) {
  console.log(`\nNaive vs ours — ${comparison.description} (${comparison.cells} cells):`);
  console.table({
    'ours (pdsgrid)': { 'raw KiB': kb(comparison.ours.rawBytes), 'gzip KiB': kb(comparison.ours.gzipBytes), 'parse ms': comparison.ours.parseMs },
    'naive (GeoJSON, 1 day)': { 'raw KiB': kb(comparison.naive.rawBytes), 'gzip KiB': kb(comparison.naive.gzipBytes), 'parse ms': comparison.naive.parseMs },
    'naive ÷ ours': { 'raw KiB': comparison.ratio.rawBytes, 'gzip KiB': comparison.ratio.gzipBytes, 'parse ms': comparison.ratio.parseMs },
  });
  console.log(
    `  one pollutant-day costs ${kb(comparison.perDayRawBytes.ours)} KiB raw in pdsgrid vs ${kb(comparison.perDayRawBytes.naive)} KiB as GeoJSON (× ${comparison.perDayRawBytes.ratio});`,
  );
  console.log(`  the whole series as daily GeoJSON files would be ≈ ${(comparison.naiveAllDaysGzipBytes / 2 ** 20).toFixed(0)} MiB gzip`);
}

const bundle = await section('bundle', measureBundle);
if (!isError(bundle)) {
  console.log('\nJS bundle (dist/assets):');
  console.table(
    Object.fromEntries([
      ...bundle.files.map((f) => [f.file, { role: f.role, 'raw KiB': kb(f.rawBytes), 'gzip KiB': kb(f.gzipBytes) }]),
      ['TOTAL JS', { role: '', 'raw KiB': kb(bundle.js.rawBytes), 'gzip KiB': kb(bundle.js.gzipBytes) }],
      ['CSS', { role: '', 'raw KiB': kb(bundle.css.rawBytes), 'gzip KiB': kb(bundle.css.gzipBytes) }],
    ]),
  );
}

console.log(`\nFirst idle in headless Chromium (${DESKTOP.width}×${DESKTOP.height}, all layers on, ${IDLE_RUNS} fresh contexts):`);
const idle = await section('first idle', measureFirstIdle);
if (!isError(idle)) {
  console.table(
    Object.fromEntries([
      ...idle.runs.map((r, i) => [
        `run ${i + 1}`,
        { 'first idle ms': r.firstIdleMs, 'fetched KiB': kb(r.fetchedBytes), requests: r.requests, 'off-origin': r.offOriginRequests },
      ]),
      ['MEDIAN', { 'first idle ms': idle.medianMs, 'fetched KiB': '', requests: '', 'off-origin': '' }],
    ]),
  );
}

console.log(
  `\nWarm vs cold start in headless Chromium (${DESKTOP.width}×${DESKTOP.height}; cold = first visit in a fresh context, warm = next navigation from IndexedDB and the service worker; ${WARM_COLD_RUNS} runs):`,
);
const warmCold = await section('warm vs cold', measureWarmCold);
if (!isError(warmCold)) {
  console.table(
    Object.fromEntries([
      ...warmCold.runs.map((r, i) => [
        `run ${i + 1}`,
        { 'cold first idle ms': r.coldMs, 'warm first idle ms': r.warmMs, 'cold ÷ warm': Math.round((r.coldMs / r.warmMs) * 100) / 100 },
      ]),
      ['MEDIAN', { 'cold first idle ms': warmCold.coldMedianMs, 'warm first idle ms': warmCold.warmMedianMs, 'cold ÷ warm': warmCold.ratio }],
    ]),
  );
}

const summary = {
  'data total gzip KiB': isError(data) ? 'n/a' : kb(data.total.gzipBytes),
  'data total parse ms': isError(data) ? 'n/a' : data.total.parseMs,
  'first idle median ms': isError(idle) ? 'n/a' : idle.medianMs,
  'cold start first idle median ms': isError(warmCold) ? 'n/a' : warmCold.coldMedianMs,
  'warm start first idle median ms': isError(warmCold) ? 'n/a' : warmCold.warmMedianMs,
  'cold ÷ warm': isError(warmCold) ? 'n/a' : warmCold.ratio,
  'JS gzip KiB': isError(bundle) ? 'n/a' : kb(bundle.js.gzipBytes),
  'main chunk gzip KiB': isError(bundle) ? 'n/a' : kb(bundle.files.filter((f) => f.role === 'main').reduce((s, f) => s + f.gzipBytes, 0)),
  'worker gzip KiB': isError(bundle) ? 'n/a' : kb(bundle.files.filter((f) => f.role === 'worker').reduce((s, f) => s + f.gzipBytes, 0)),
};
console.log('\nSummary:');
console.table(summary);

const resultsPath = join(ROOT, 'bench', 'results.json');
writeFileSync(resultsPath, `${JSON.stringify({ machine: info, summary, data, comparison, bundle, firstIdle: idle, warmCold, failures }, null, 2)}\n`);
console.log(`\nwrote ${resultsPath} (${statSync(resultsPath).size} bytes)`);
if (failures.length > 0) {
  console.error(`\n${failures.length} section(s) failed:\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
