// `npx tsx bench/grid_steps.ts` (after `vite build`; the last step of `npm run bench`):
// what the analyst's hotspot grid costs per day step, during playback and for the ranking.
//
//   1. day step to idle on the city grid: headless Chromium, 1280×800, click 前一天 / 后一天
//      and time from just before the click to the next `pds:map-idle` mark
//   2. the same on a generated grid of 100,000 cells served in place of data/hotspot-grid.bin
//   3. playback (播放, a day every 800 ms): the longest main-thread task ('longtask')
//   4. 热点排名 over the whole period (buildHotspotRanking, periodMeans) in Node, and what the
//      main thread pays instead to have it done in the worker (packRankingRequest + postMessage)
//   5. naive vs ours: re-colouring a day by rebuilding the GeoJSON with the day's values
//      (Node: build + stringify; Chromium: setData against setFeatureState on a bare map)
//
// Prints tables and writes bench/grid_steps.json. See bench/README.md.
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { CITY_EXTENT } from '../src/data/city';
import { decodeHotspotGrid, encodeHotspotGrid, gridDayDate, GRID_NO_DATA } from '../src/data/hotspot_grid_format';
import type { HotspotGrid, Pollutant } from '../src/data/hotspot_grid_format';
import type { LoadedLayer } from '../src/data/loaded_layer';
import type { FirePointProperties } from '../src/data/types';
import { firstGridView } from '../src/layers/grid_view';
import type { GridView } from '../src/layers/grid_view';
import { hotspotGridLayer } from '../src/layers/hotspot_grid';
import { buildHotspotRanking } from '../src/layers/hotspot_ranking';
import { packRankingRequest, unpackRankingRequest } from '../src/layers/ranking_request';
import { aggregateGrid, gridAtScale } from '../src/spatial/grid_aggregate';
import { buildGridCellPolygons } from '../src/spatial/grid_cells';
import { periodMeans } from '../src/spatial/grid_stats';
import { machine } from './machine';
import { DESKTOP, ROOT, launchChromium, newGuardedContext, waitForFirstIdle } from '../tests/e2e/browser';
import { replaceFile, startDeploymentServer } from '../tests/e2e/deployment_server';
import type { DeploymentServer } from '../tests/e2e/deployment_server';

const DATA = join(ROOT, 'data');
const GRID_FILE = 'hotspot-grid.bin';
/** Day steps per grid: 前一天 × half, then 后一天 × half. */
const STEPS = 30;
/** Quiet time after each step's idle before the next click. */
const SETTLE_MS = 150;
/** Playback steps to watch (a step every 800 ms: about 10 s). */
const PLAY_STEPS = 12;
const NODE_RUNS = 7;
/** Steps of the bare-map naive/ours comparison, per grid and way. */
const BARE_STEPS = 10;
const STEP_GOAL_MS = 100;
const LONG_TASK_GOAL_MS = 50;
/** The generated grid: 400 × 250 = 100,000 cells over the city's extent. */
const GEN = { cols: 400, rows: 250, days: 60, pollutants: ['pm25', 'pm10', 'o3', 'no2'] as Pollutant[], seed: 20261129 };
const MAP_IDLE_MARK = 'pds:map-idle';
const CACHE_SAVED_MARK = 'pds:cache-saved';

const failures: string[] = [];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
/** Nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)];
};
const ms = (n: number): number => Math.round(n * 100) / 100;
const ratio = (a: number, b: number): number => Math.round((a / b) * 10) / 10;

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

// ---- the grids ----------------------------------------------------------------------

function readCityGrid(): HotspotGrid {
  const buf = readFileSync(join(DATA, GRID_FILE));
  return decodeHotspotGrid(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer);
}

function readFires(): FirePointProperties[] {
  const collection = JSON.parse(readFileSync(join(DATA, 'fire-points.geojson'), 'utf8')) as { features: { properties: FirePointProperties }[] };
  return collection.features.map((f) => f.properties);
}

/** mulberry32: a small seeded generator, so the generated grid is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 100,000 cells (every cell of 400 × 250 over the city's extent), the last 60 days of the
 * real series: a smooth field (gradient, waves, a dozen hotspots) × a daily factor per
 * pollutant × ±10 % noise, ~10 % of cell-days cloud-covered (GRID_NO_DATA); counties of
 * the real grid in west-to-east column bands.
 */
function generatedGrid(real: HotspotGrid): HotspotGrid {
  const { cols, rows, days, pollutants } = GEN;
  const [west, south, east, north] = CITY_EXTENT;
  const n = cols * rows;
  const random = seeded(GEN.seed);
  const counties = real.header.counties;
  const cellIds = Uint32Array.from({ length: n }, (_, i) => i);
  const cellCounty = Uint8Array.from({ length: n }, (_, i) => Math.min(counties.length - 1, Math.floor(((i % cols) * counties.length) / cols)));
  const hotspots = Array.from({ length: 12 }, () => ({ x: random() * cols, y: random() * rows, r: 6 + random() * 30, a: 0.3 + random() * 1.2 }));
  const field = new Float32Array(n);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let v = 1 + 0.3 * (c / cols) - 0.2 * (r / rows) + 0.1 * Math.sin(c / 23) * Math.cos(r / 17);
      for (const h of hotspots) v += h.a * Math.exp(-((c - h.x) ** 2 + (r - h.y) ** 2) / (2 * h.r * h.r));
      field[r * cols + c] = v;
    }
  }
  const base: Record<Pollutant, number> = { pm25: 40, pm10: 75, o3: 100, no2: 28 };
  const values = new Uint16Array(pollutants.length * days * n);
  pollutants.forEach((pollutant, p) => {
    for (let d = 0; d < days; d++) {
      const dayFactor = 0.55 + 0.9 * (0.5 + 0.5 * Math.sin(d / 4.3 + p * 1.7)) * (0.8 + 0.4 * random());
      const offset = (p * days + d) * n;
      for (let c = 0; c < n; c++) {
        values[offset + c] = random() < 0.1 ? GRID_NO_DATA : Math.round(base[pollutant] * field[c] * dayFactor * (0.9 + 0.2 * random()));
      }
    }
  });
  return {
    header: {
      version: 1,
      origin: [west, south],
      cellSize: [(east - west) / cols, (north - south) / rows],
      cols,
      rows,
      cellCount: n,
      startDate: gridDayDate(real.header, real.header.days - days),
      days,
      pollutants,
      counties,
      units: 'µg/m³',
    },
    cellIds,
    cellCounty,
    values,
  };
}

// ---- 1–3: day steps and playback in the app ---------------------------------------------

/** What the bench installs in the page: every pds:map-idle mark's time, and every long task. */
interface Probe {
  benchIdle: number[];
  benchTasks: { start: number; duration: number }[];
}

interface Step {
  button: '前一天' | '后一天';
  /** The day shown after the step (the controls' date). */
  date: string;
  /** From just before the click to the next pds:map-idle mark. */
  ms: number;
  /** The click's own synchronous work (the handler: the period's values, setFeatureState per cell). */
  syncMs: number;
}

interface LongTasks {
  longestMs: number;
  over50: number;
  /** Durations of the tasks over 50 ms, in order. */
  over50Ms: number[];
}

interface StepResult {
  grid: string;
  cells: number;
  firstIdleMs: number;
  steps: Step[];
  medianMs: number;
  p95Ms: number;
  maxMs: number;
  syncMedianMs: number;
  /** Long tasks while stepping (from the first step's click to the last step's idle). */
  longTasks: LongTasks;
}

interface PlaybackResult {
  grid: string;
  fromDate: string;
  toDate: string;
  stepsPlayed: number;
  seconds: number;
  longTasks: LongTasks;
}

const now = (page: Page): Promise<number> => page.evaluate(() => performance.now());

async function installProbe(page: Page): Promise<void> {
  await page.evaluate((mark) => {
    const w = window as unknown as Probe;
    w.benchIdle = [];
    w.benchTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if (e.name === mark) w.benchIdle.push(e.startTime);
    }).observe({ type: 'mark' });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.benchTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: false });
  }, MAP_IDLE_MARK);
}

/** The time of the first pds:map-idle mark after `after` (ms, the page's clock). */
async function nextIdle(page: Page, after: number, timeoutMs = 120_000): Promise<number> {
  const handle = await page.waitForFunction((t) => (window as unknown as Probe).benchIdle.find((s) => s > t) ?? false, after, {
    timeout: timeoutMs,
    polling: 20,
  });
  return (await handle.jsonValue()) as number;
}

async function longTasksBetween(page: Page, from: number, to: number): Promise<LongTasks> {
  const tasks = await page.evaluate(() => (window as unknown as Probe).benchTasks);
  const inWindow = tasks.filter((t) => t.start >= from && t.start <= to);
  const over = inWindow.filter((t) => t.duration > LONG_TASK_GOAL_MS);
  return {
    longestMs: ms(Math.max(0, ...inWindow.map((t) => t.duration))),
    over50: over.length,
    over50Ms: over.map((t) => ms(t.duration)),
  };
}

const shownDate = async (page: Page): Promise<string> => ((await page.locator('.grid-controls__date').textContent()) ?? '').trim();

/** Open the app in a fresh context (service workers blocked), wait for first idle and for the layers stored. */
async function openApp(browser: Browser, origin: string): Promise<{ page: Page; firstIdleMs: number; close: () => Promise<void> }> {
  const { context } = await newGuardedContext(browser, origin, { viewport: DESKTOP, blockOffOrigin: false });
  const page = await context.newPage();
  await page.goto(`${origin}/`);
  const firstIdleMs = await waitForFirstIdle(page, 300_000);
  // The layers go to IndexedDB after first idle; let that finish so it does not run under the steps.
  await page
    .waitForFunction((mark) => performance.getEntriesByName(mark).length > 0, CACHE_SAVED_MARK, { timeout: 120_000, polling: 200 })
    .catch(() => console.warn(`  (no ${CACHE_SAVED_MARK} mark within 120 s: measuring anyway)`));
  await installProbe(page);
  await page.waitForTimeout(500);
  return { page, firstIdleMs, close: () => context.close() };
}

/** Click the radio 日 and wait for the map to settle on the day. */
async function dayMode(page: Page): Promise<void> {
  const t = await now(page);
  await page.getByRole('radio', { name: '日', exact: true }).check();
  await nextIdle(page, t);
  await page.waitForTimeout(500);
}

async function step(page: Page, button: Step['button']): Promise<Step> {
  const { t0, syncMs } = await page.evaluate((label) => {
    const element = document.querySelector<HTMLButtonElement>(`button[aria-label="${label}"]`);
    if (!element || element.disabled) throw new Error(`no enabled button ${label}`);
    const start = performance.now();
    element.click();
    return { t0: start, syncMs: performance.now() - start };
  }, button);
  const idleAt = await nextIdle(page, t0);
  const date = await shownDate(page);
  await page.waitForTimeout(SETTLE_MS);
  return { button, date, ms: ms(idleAt - t0), syncMs: ms(syncMs) };
}

async function measureSteps(browser: Browser, origin: string, label: string, cells: number): Promise<StepResult> {
  const { page, firstIdleMs, close } = await openApp(browser, origin);
  try {
    console.log(`  ${label}: first idle after ${firstIdleMs.toFixed(0)} ms`);
    await dayMode(page);
    let previous = await shownDate(page);
    const start = await now(page);
    const steps: Step[] = [];
    for (let i = 0; i < STEPS; i++) {
      const s = await step(page, i < STEPS / 2 ? '前一天' : '后一天');
      if (s.date === previous) throw new Error(`step ${i + 1} (${s.button}) did not change the day from ${previous}`);
      previous = s.date;
      steps.push(s);
    }
    const end = await now(page);
    const times = steps.map((s) => s.ms);
    return {
      grid: label,
      cells,
      firstIdleMs: ms(firstIdleMs),
      steps,
      medianMs: ms(median(times)),
      p95Ms: ms(percentile(times, 95)),
      maxMs: ms(Math.max(...times)),
      syncMedianMs: ms(median(steps.map((s) => s.syncMs))),
      longTasks: await longTasksBetween(page, start, end),
    };
  } finally {
    await close();
  }
}

async function measurePlayback(browser: Browser, origin: string, label: string, grid: HotspotGrid): Promise<PlaybackResult> {
  const { page, close } = await openApp(browser, origin);
  try {
    await dayMode(page);
    // Go back far enough to play: the 日期 slider to 20 days before the last.
    const startDay = grid.header.days - 1 - 20;
    const t = await now(page);
    await page.evaluate((day) => {
      const slider = document.querySelector<HTMLInputElement>('input[type="range"][aria-label="日期"]');
      if (!slider) throw new Error('no 日期 slider');
      slider.value = String(day);
      slider.dispatchEvent(new Event('input', { bubbles: true }));
    }, startDay);
    await nextIdle(page, t);
    await page.waitForTimeout(1000);
    const fromDate = await shownDate(page);
    if (fromDate !== gridDayDate(grid.header, startDay)) throw new Error(`the slider showed ${fromDate}, not ${gridDayDate(grid.header, startDay)}`);
    const target = gridDayDate(grid.header, startDay + PLAY_STEPS);

    const t0 = await now(page);
    await page.getByRole('button', { name: '播放', exact: true }).click();
    await page.waitForFunction((date) => document.querySelector('.grid-controls__date')?.textContent?.trim() === date, target, {
      timeout: PLAY_STEPS * 800 + 30_000,
      polling: 50,
    });
    // Let the last step draw, then pause before the next one is due.
    await page.waitForTimeout(400);
    await page.getByRole('button', { name: '暂停', exact: true }).click();
    const t1 = await now(page);
    const toDate = await shownDate(page);
    return {
      grid: label,
      fromDate,
      toDate,
      stepsPlayed: Math.round((Date.parse(toDate) - Date.parse(fromDate)) / 86_400_000),
      seconds: Math.round((t1 - t0) / 100) / 10,
      longTasks: await longTasksBetween(page, t0, t1),
    };
  } finally {
    await close();
  }
}

// ---- 4: ranking over the whole period (Node) ---------------------------------------------

interface RankingResult {
  grid: string;
  cells: number;
  days: number;
  periodMeansMs: number;
  rankingMs: number;
  /** What the app's main thread does instead since the ranking runs in a worker: packRankingRequest + postMessage with transfer. */
  requestMs: number;
  /** The worker's work before the ranking: unpackRankingRequest (a full-size values array, filled). */
  unpackMs: number;
  /** Bytes the request transfers (the period's values of one pollutant, the cells) against the whole values array. */
  requestBytes: number;
  valuesBytes: number;
}

function measureRanking(label: string, grid: HotspotGrid, fires: FirePointProperties[]): RankingResult {
  const last = grid.header.days - 1;
  const view: GridView = { ...firstGridView(grid.header, null), pollutant: 'pm25', mode: 'range', first: 0, last, colouring: 'hotspot', threshold: 0.2 };
  // Node's MessagePort serialises and transfers synchronously in postMessage, as a browser's
  // Worker.postMessage does: the time the main thread is blocked by a request. The other end
  // drains the messages once the timing loop is over.
  const { port1, port2 } = new MessageChannel();
  port2.onmessage = () => {};
  const { request, transfer } = packRankingRequest(grid, view, fires);
  const result = {
    grid: label,
    cells: grid.header.cellCount,
    days: grid.header.days,
    periodMeansMs: ms(timeMedian(NODE_RUNS, () => periodMeans(grid, 'pm25', { first: 0, last }))),
    rankingMs: ms(timeMedian(NODE_RUNS, () => buildHotspotRanking(grid, view, fires))),
    requestMs: ms(
      timeMedian(NODE_RUNS, () => {
        const packed = packRankingRequest(grid, view, fires);
        port1.postMessage(packed.request, packed.transfer);
      }),
    ),
    unpackMs: ms(timeMedian(NODE_RUNS, () => unpackRankingRequest(request))),
    requestBytes: transfer.reduce((sum, b) => sum + b.byteLength, 0),
    valuesBytes: grid.values.byteLength,
  };
  port1.close();
  return result;
}

// ---- 4b: the 3 km blocks (Node) -------------------------------------------------------------

interface BlocksResult {
  grid: string;
  cells: number;
  /** aggregateGrid(grid, 3): every pollutant-day at once (what a first switch to 3 km cost until 2026-11-29). */
  wholeMs: number;
  /** gridAtScale(grid, 3, 'pm25') of a grid never aggregated: the blocks and one pollutant's days, what a first switch to 3 km costs now. */
  firstSwitchMs: number;
  /** gridAtScale of a grid that grew by one chunk (a pollutant's month) since the last call: what each arriving chunk costs at 3 km. */
  chunkMs: number;
  chunkDays: number;
}

function measureBlocks(label: string, grid: HotspotGrid): BlocksResult {
  const { days, pollutants, cellCount: n } = grid.header;
  const chunkDays = Math.min(30, days);
  const slices = pollutants.length * days;
  const times: number[] = [];
  for (let run = 0; run <= NODE_RUNS; run++) {
    // A chunked grid with every day but one chunk's, aggregated once; then the chunk arrives in place.
    const growing: HotspotGrid = { ...grid, values: grid.values.slice(), loaded: new Uint8Array(slices).fill(1) };
    growing.loaded!.fill(0, 0, chunkDays);
    growing.values.fill(GRID_NO_DATA, 0, chunkDays * n);
    gridAtScale(growing, 3, pollutants[0]);
    growing.values.set(grid.values.subarray(0, chunkDays * n));
    growing.loaded!.fill(1, 0, chunkDays);
    const t0 = performance.now();
    gridAtScale({ ...growing }, 3, pollutants[0]);
    if (run > 0) times.push(performance.now() - t0);
  }
  const firstSwitch: number[] = [];
  for (let run = 0; run <= NODE_RUNS; run++) {
    // A values array of its own each run: the aggregation is remembered per values array.
    const fresh: HotspotGrid = { ...grid, values: grid.values.slice() };
    const t0 = performance.now();
    gridAtScale(fresh, 3, pollutants[0]);
    if (run > 0) firstSwitch.push(performance.now() - t0);
  }
  return {
    grid: label,
    cells: n,
    wholeMs: ms(timeMedian(NODE_RUNS, () => aggregateGrid(grid, 3))),
    firstSwitchMs: ms(median(firstSwitch)),
    chunkMs: ms(median(times)),
    chunkDays,
  };
}

// ---- 5: naive vs ours ---------------------------------------------------------------------

interface NaiveNodeResult {
  grid: string;
  cells: number;
  /** periodMeans for one day. */
  oursPeriodMeansMs: number;
  /** What a day step computes before setFeatureState: hotspotGridLayer.featureValues (periodMeans, city mean, ratios → Float32Array). */
  oursMs: number;
  naivePolygonsMs: number;
  naiveCopyMs: number;
  naiveStringifyMs: number;
  /** buildGridCellPolygons + copy with { v } + JSON.stringify, timed together. */
  naiveMs: number;
  naiveBytes: number;
  /** naive ÷ ours */
  ratio: number;
  /** (copy + stringify) ÷ ours: the naive way with the polygons kept from one day to the next. */
  ratioWithoutPolygons: number;
}

/** The app's first view (whatever else it holds), turned to one day of PM2.5 in 热点 colouring. */
const dayView = (grid: HotspotGrid, day: number): GridView => ({
  ...firstGridView(grid.header, null),
  pollutant: 'pm25',
  mode: 'day',
  first: day,
  last: day,
  colouring: 'hotspot',
  threshold: 0.2,
});

/** The values a day step gives the map: exactly what the app computes (hotspot colouring). */
function dayValues(grid: HotspotGrid, day: number): ArrayLike<number> {
  const layer: LoadedLayer = { kind: 'grid', grid };
  const values = hotspotGridLayer.featureValues!(layer, { gridView: dayView(grid, day), period: null });
  if (!values) throw new Error('the grid layer gave no values for the day');
  return values.values;
}

function measureNaiveNode(label: string, grid: HotspotGrid): NaiveNodeResult {
  const day = grid.header.days - 1;
  const values = dayValues(grid, day);
  const withValues = (polygons: ReturnType<typeof buildGridCellPolygons>) => ({
    type: 'FeatureCollection',
    features: polygons.features.map((f, i) => ({ ...f, properties: { v: values[i] } })),
  });
  const polygons = buildGridCellPolygons(grid);
  const collection = withValues(polygons);
  const oursMs = timeMedian(NODE_RUNS, () => dayValues(grid, day));
  const naiveMs = timeMedian(NODE_RUNS, () => JSON.stringify(withValues(buildGridCellPolygons(grid))));
  const naiveCopyMs = timeMedian(NODE_RUNS, () => withValues(polygons));
  const naiveStringifyMs = timeMedian(NODE_RUNS, () => JSON.stringify(collection));
  return {
    grid: label,
    cells: grid.header.cellCount,
    oursPeriodMeansMs: ms(timeMedian(NODE_RUNS, () => periodMeans(grid, 'pm25', { first: day, last: day }))),
    oursMs: ms(oursMs),
    naivePolygonsMs: ms(timeMedian(NODE_RUNS, () => buildGridCellPolygons(grid))),
    naiveCopyMs: ms(naiveCopyMs),
    naiveStringifyMs: ms(naiveStringifyMs),
    naiveMs: ms(naiveMs),
    naiveBytes: Buffer.byteLength(JSON.stringify(collection)),
    ratio: ratio(naiveMs, oursMs),
    ratioWithoutPolygons: ratio(naiveCopyMs + naiveStringifyMs, oursMs),
  };
}

// A bare MapLibre map (background only, no basemap or other layers), the grid's cells as
// one GeoJSON source and a fill layer coloured by `v`: "ours" re-colours a day with
// setFeatureState per cell, "naive" rebuilds the collection with `v` as a property and
// calls setData. Both timed from before the call to the map's next idle.
const BARE_PAGE = `<!doctype html>
<meta charset="utf-8" />
<link rel="stylesheet" href="/maplibre-gl.css" />
<style>html, body, #map { margin: 0; width: 100%; height: 100%; }</style>
<div id="map"></div>
<script type="module">
  import { Map, setWorkerUrl } from '/maplibre-gl.mjs';
  setWorkerUrl('/maplibre-gl-worker.mjs');
  const naive = new URLSearchParams(location.search).get('way') === 'naive';
  const { origin, cellSize, cols, cellIds, days, extent } = await (await fetch('/cells.json')).json();
  const polygons = cellIds.map((id, i) => {
    const w = origin[0] + (id % cols) * cellSize[0];
    const s = origin[1] + Math.floor(id / cols) * cellSize[1];
    const e = w + cellSize[0];
    const n = s + cellSize[1];
    return { type: 'Feature', id: i, properties: {}, geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } };
  });
  const withValues = (day) => ({ type: 'FeatureCollection', features: polygons.map((f, i) => ({ type: 'Feature', id: i, properties: { v: day[i] }, geometry: f.geometry })) });
  const colour = (day) => { for (let i = 0; i < day.length; i++) map.setFeatureState({ source: 'g', id: i }, { v: day[i] }); };
  const value = ['to-number', ['coalesce', naive ? ['get', 'v'] : ['feature-state', 'v'], -9]];
  const map = new Map({
    container: 'map',
    style: { version: 8, sources: {}, layers: [{ id: 'bg', type: 'background', paint: { 'background-color': '#f4f1ea' } }] },
    bounds: extent,
    fitBoundsOptions: { padding: 24 },
    attributionControl: false,
  });
  const idle = () => new Promise((resolve) => map.once('idle', () => resolve(performance.now())));
  map.on('load', async () => {
    map.addSource('g', { type: 'geojson', data: naive ? withValues(days[0]) : { type: 'FeatureCollection', features: polygons } });
    map.addLayer({
      id: 'fill',
      type: 'fill',
      source: 'g',
      paint: {
        'fill-color': ['case', ['<', value, -1], '#cccccc', ['interpolate', ['linear'], value, -0.4, '#2166ac', 0, '#f7f7f7', 0.5, '#d73027', 1, '#7f0000']],
        'fill-opacity': 0.45,
      },
    });
    await idle();
    if (!naive) {
      colour(days[0]);
      await idle();
    }
    window.benchReady = true;
  });
  window.benchStep = async (d) => {
    const t0 = performance.now();
    if (naive) map.getSource('g').setData(withValues(days[d]));
    else colour(days[d]);
    const t1 = performance.now();
    const t2 = await idle();
    return { ms: t2 - t0, syncMs: t1 - t0 };
  };
</script>
`;

interface BareResult {
  grid: string;
  cells: number;
  way: 'ours: setFeatureState' | 'naive: setData';
  medianMs: number;
  maxMs: number;
  syncMedianMs: number;
}

async function startBareServer(): Promise<{ origin: string; setCells: (json: string) => void; close: () => Promise<void> }> {
  const dist = join(ROOT, 'node_modules/maplibre-gl/dist');
  const files: Record<string, [string, string]> = {
    '/maplibre-gl.mjs': [join(dist, 'maplibre-gl.mjs'), 'text/javascript'],
    '/maplibre-gl-worker.mjs': [join(dist, 'maplibre-gl-worker.mjs'), 'text/javascript'],
    '/maplibre-gl.css': [join(dist, 'maplibre-gl.css'), 'text/css'],
  };
  let cells = '{}';
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const file = files[path];
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(BARE_PAGE);
    else if (path === '/cells.json') res.writeHead(200, { 'content-type': 'application/json' }).end(cells);
    else if (file) res.writeHead(200, { 'content-type': file[1] }).end(readFileSync(file[0]));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    setCells: (json) => (cells = json),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The bare map's cells and the values of the grid's last 6 days (what the app would give the map). */
function bareCells(grid: HotspotGrid): string {
  const { header } = grid;
  const days = Array.from({ length: 6 }, (_, k) => Array.from(dayValues(grid, header.days - 6 + k), (v) => Math.round(v * 1e4) / 1e4));
  const [west, south, east, north] = CITY_EXTENT;
  return JSON.stringify({
    origin: header.origin,
    cellSize: header.cellSize,
    cols: header.cols,
    cellIds: Array.from(grid.cellIds),
    days,
    extent: [west, south, east, north],
  });
}

async function measureBare(browser: Browser, origin: string, label: string, cells: number, way: 'ours' | 'naive'): Promise<BareResult> {
  const { context } = await newGuardedContext(browser, origin, { viewport: DESKTOP, blockOffOrigin: false });
  try {
    const page = await context.newPage();
    await page.goto(`${origin}/?way=${way}`);
    await page.waitForFunction(() => (window as unknown as { benchReady?: boolean }).benchReady === true, null, { timeout: 300_000, polling: 100 });
    await page.waitForTimeout(500);
    // Days 1..5, back to 0, and on: each step another day than the one shown.
    const order = Array.from({ length: BARE_STEPS }, (_, i) => [1, 2, 3, 4, 5, 4, 3, 2, 1, 0][i % 10]);
    const runs: { ms: number; syncMs: number }[] = [];
    for (const d of order) {
      runs.push(await page.evaluate((day) => (window as unknown as { benchStep: (d: number) => Promise<{ ms: number; syncMs: number }> }).benchStep(day), d));
      await page.waitForTimeout(SETTLE_MS);
    }
    const times = runs.map((r) => r.ms);
    return {
      grid: label,
      cells,
      way: way === 'ours' ? 'ours: setFeatureState' : 'naive: setData',
      medianMs: ms(median(times)),
      maxMs: ms(Math.max(...times)),
      syncMedianMs: ms(median(runs.map((r) => r.syncMs))),
    };
  } finally {
    await context.close();
  }
}

// ---- machine ------------------------------------------------------------------------------

// ---- main -----------------------------------------------------------------------------------

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
const ok = <T>(xs: (T | { error: string })[]): T[] => xs.filter((x): x is T => !isError(x));

const info = machine();
console.log(`平顶山生态环境一张图 — grid bench  (${info.date}, ${info.nproc} × ${info.cpuModel}, Node ${info.node}, ${info.chromium}; app ${info.app})\n`);

const city = readCityGrid();
const fires = readFires();
const t = performance.now();
const generated = generatedGrid(city);
const generatedBytes = Buffer.from(encodeHotspotGrid(generated));
console.log(
  `Generated grid: ${generated.header.cols} × ${generated.header.rows} = ${generated.header.cellCount.toLocaleString('en-US')} cells, ${generated.header.days} days × ${generated.header.pollutants.length} pollutants, ${(generatedBytes.length / 2 ** 20).toFixed(1)} MiB (built in ${((performance.now() - t) / 1000).toFixed(1)} s)\n`,
);
const CITY = `city (${city.header.cellCount.toLocaleString('en-US')} cells)`;
const GENERATED = `generated (${generated.header.cellCount.toLocaleString('en-US')} cells)`;

// Node first: the browser runs below would only add noise to it.
const ranking = ok([
  await section('ranking, city', () => measureRanking(CITY, city, fires)),
  await section('ranking, generated', () => measureRanking(GENERATED, generated, fires)),
]);
console.log(
  `热点排名 over the whole period (PM2.5, Node, median of ${NODE_RUNS} after a warm-up); the app runs it in a worker, the main thread only packs and posts:`,
);
console.table(
  Object.fromEntries(
    ranking.map((r) => [
      r.grid,
      {
        days: r.days,
        'periodMeans ms': r.periodMeansMs,
        'buildHotspotRanking ms': r.rankingMs,
        'worker request (main thread) ms': r.requestMs,
        'worker: unpack ms': r.unpackMs,
        'request MiB': (r.requestBytes / 2 ** 20).toFixed(2),
        'values MiB': (r.valuesBytes / 2 ** 20).toFixed(1),
      },
    ]),
  ),
);

const blocks = ok([await section('3 km, city', () => measureBlocks(CITY, city)), await section('3 km, generated', () => measureBlocks(GENERATED, generated))]);
console.log(
  `\n3 km blocks (Node, median of ${NODE_RUNS}): a first switch to 3 km (one pollutant's series), all four at once (the way before), and what one arriving chunk costs a grid already shown at 3 km:`,
);
console.table(
  Object.fromEntries(
    blocks.map((r) => [
      r.grid,
      { 'first switch ms': r.firstSwitchMs, 'all pollutants ms': r.wholeMs, [`one chunk (${r.chunkDays} days of one pollutant) ms`]: r.chunkMs },
    ]),
  ),
);

const naiveNode = ok([
  await section('naive (Node), city', () => measureNaiveNode(CITY, city)),
  await section('naive (Node), generated', () => measureNaiveNode(GENERATED, generated)),
]);
console.log(`\nNaive vs ours, one day's values for the map (Node, median of ${NODE_RUNS}):`);
console.table(
  Object.fromEntries(
    naiveNode.map((r) => [
      r.grid,
      {
        'ours: periodMeans ms': r.oursPeriodMeansMs,
        'ours: featureValues ms': r.oursMs,
        'naive: polygons ms': r.naivePolygonsMs,
        'naive: copy { v } ms': r.naiveCopyMs,
        'naive: stringify ms': r.naiveStringifyMs,
        'naive total ms': r.naiveMs,
        'naive MiB': (r.naiveBytes / 2 ** 20).toFixed(1),
        'naive ÷ ours': r.ratio,
        '(without polygons)': r.ratioWithoutPolygons,
      },
    ]),
  ),
);

const browser = await launchChromium();
let server: DeploymentServer | null = null;
const steps: (StepResult | { error: string })[] = [];
const playback: (PlaybackResult | { error: string })[] = [];
const bare: (BareResult | { error: string })[] = [];
let servedFeatureCount: number | null = null;
try {
  server = await startDeploymentServer();
  const origin = server.origin;
  console.log(`\nDay steps in headless Chromium (${DESKTOP.width}×${DESKTOP.height}; ${STEPS} steps: 前一天 × ${STEPS / 2}, 后一天 × ${STEPS / 2}):`);
  steps.push(await section('steps, city', () => measureSteps(browser, origin, CITY, city.header.cellCount)));
  playback.push(await section('playback, city', () => measurePlayback(browser, origin, CITY, city)));

  const set = server.dataSets.get('/data/')!;
  // The generated grid is served whole (one pdsgrid file with its values, no chunks), which the app reads as well.
  const gridEntry = set.manifest.layers.find((l) => l.id === 'hotspot-grid')! as { file: string; chunks?: unknown };
  gridEntry.file = GRID_FILE;
  delete gridEntry.chunks;
  replaceFile(set, GRID_FILE, generatedBytes, generated.header.cellCount);
  const entry = set.manifest.layers.find((l) => l.file === GRID_FILE)!;
  servedFeatureCount = entry.featureCount;
  if (entry.featureCount !== generated.header.cellCount || entry.bytes !== generatedBytes.length) {
    throw new Error(`the manifest entry says ${entry.featureCount} features, ${entry.bytes} bytes`);
  }
  steps.push(await section('steps, generated', () => measureSteps(browser, origin, GENERATED, generated.header.cellCount)));
  playback.push(await section('playback, generated', () => measurePlayback(browser, origin, GENERATED, generated)));
} catch (error) {
  failures.push(`browser: ${error instanceof Error ? error.message : String(error)}`);
  console.error(error);
} finally {
  await server?.close();
}

const stepsOk = ok(steps);
console.table(
  Object.fromEntries(
    stepsOk.map((s) => [
      s.grid,
      {
        'first idle ms': s.firstIdleMs,
        'median ms': s.medianMs,
        'p95 ms': s.p95Ms,
        'max ms': s.maxMs,
        'click handler median ms': s.syncMedianMs,
        'longest task ms': s.longTasks.longestMs,
        'tasks > 50 ms': s.longTasks.over50,
      },
    ]),
  ),
);
const playbackOk = ok(playback);
console.log(`\nPlayback (播放, a day every 800 ms, ${PLAY_STEPS} steps), long tasks on the main thread:`);
console.table(
  Object.fromEntries(
    playbackOk.map((p) => [
      p.grid,
      {
        days: `${p.fromDate} → ${p.toDate}`,
        steps: p.stepsPlayed,
        s: p.seconds,
        'longest task ms': p.longTasks.longestMs,
        'tasks > 50 ms': p.longTasks.over50,
      },
    ]),
  ),
);

try {
  const bareServer = await startBareServer();
  try {
    for (const [label, grid] of [
      [CITY, city],
      [GENERATED, generated],
    ] as const) {
      bareServer.setCells(bareCells(grid));
      for (const way of ['ours', 'naive'] as const) {
        bare.push(await section(`bare map, ${label}, ${way}`, () => measureBare(browser, bareServer.origin, label, grid.header.cellCount, way)));
      }
    }
  } finally {
    await bareServer.close();
  }
} catch (error) {
  failures.push(`bare map: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  await browser.close();
}
const bareOk = ok(bare);
console.log(`\nNaive vs ours in Chromium: a bare map (background + the grid's fill only), a day re-coloured to idle, median of ${BARE_STEPS}:`);
console.table(Object.fromEntries(bareOk.map((b) => [`${b.grid}, ${b.way}`, { 'median ms': b.medianMs, 'max ms': b.maxMs, 'sync median ms': b.syncMedianMs }])));
const bareRatios = [CITY, GENERATED].flatMap((g) => {
  const ours = bareOk.find((b) => b.grid === g && b.way.startsWith('ours'));
  const naive = bareOk.find((b) => b.grid === g && b.way.startsWith('naive'));
  return ours && naive ? [{ grid: g, ratio: ratio(naive.medianMs, ours.medianMs) }] : [];
});
for (const r of bareRatios) console.log(`  ${r.grid}: naive ÷ ours = ${r.ratio}`);

const cityStep = stepsOk.find((s) => s.grid === CITY);
const cityPlay = playbackOk.find((p) => p.grid === CITY);
const goals = {
  [`city day step median ≤ ${STEP_GOAL_MS} ms`]: cityStep ? cityStep.medianMs <= STEP_GOAL_MS : 'n/a',
  [`city day step p95 ≤ ${STEP_GOAL_MS} ms`]: cityStep ? cityStep.p95Ms <= STEP_GOAL_MS : 'n/a',
  [`city day step max ≤ ${STEP_GOAL_MS} ms`]: cityStep ? cityStep.maxMs <= STEP_GOAL_MS : 'n/a',
  [`city playback: no task > ${LONG_TASK_GOAL_MS} ms`]: cityPlay ? cityPlay.longTasks.over50 === 0 : 'n/a',
};
console.log('\nGoals:');
console.table(Object.fromEntries(Object.entries(goals).map(([k, v]) => [k, { met: v }])));

writeFileSync(
  join(ROOT, 'bench/grid_steps.json'),
  `${JSON.stringify(
    {
      machine: info,
      viewport: DESKTOP,
      generatedGrid: { ...generated.header, counties: generated.header.counties.length, bytes: generatedBytes.length, servedFeatureCount, seed: GEN.seed },
      steps,
      playback,
      ranking,
      blocks,
      naive: { node: naiveNode, browser: bare, browserRatios: bareRatios },
      goals,
      failures,
    },
    null,
    2,
  )}\n`,
);
console.log('\nwrote bench/grid_steps.json');
if (failures.length > 0) {
  console.error(`\n${failures.length} section(s) failed:\n  ${failures.join('\n  ')}`);
  process.exitCode = 1;
}
