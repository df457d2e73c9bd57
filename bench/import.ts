// `npx tsx bench/import.ts` (after `vite build`; part of `npm run bench`): 导入数据 of a
// 100,000-row outfall ledger, as CSV and as XLSX, in the built app in headless Chromium:
// from the file chosen to every row checked and counted on screen — rows per second and
// the longest main-thread task meanwhile (the file is read and checked in the import
// worker). Beside it, in Node, the same parse and check on one thread: what the page would
// be frozen for without the worker (the naive way). Writes bench/import.json.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Browser } from 'playwright-core';
import type { CountyFeature, OutfallProperties, ParkFeature } from '../src/data/types';
import { parseImportFile } from '../src/import/parse_file';
import { guessMapping } from '../src/import/column_mapping';
import { validateOutfalls } from '../src/import/validate_outfalls';
import { DESKTOP, ROOT, launchChromium, newGuardedContext, startAppServer, waitForFirstIdle } from '../tests/e2e/browser';
import type { AppServer } from '../tests/e2e/browser';
import { generateOutfalls } from './generated_outfalls';
import { machine } from './machine';

const ROWS = 100_000;
const LONG_TASK_MS = 50;
const features = <F>(file: string): F[] => (JSON.parse(readFileSync(join(ROOT, 'data', file), 'utf8')) as { features: F[] }).features;
const real = features<{ properties: OutfallProperties }>('outfalls.geojson').map((f) => f.properties);
const counties = features<CountyFeature>('counties.geojson');
const parks = features<ParkFeature>('parks.geojson');

const HEADERS = ['排污口编码', '排污口名称', '排口类型', '经度', '纬度', '受纳水体', '所在县区', '乡镇', '责任主体', '整治措施', '整治状态', '整治期限'];
const rowOf = (p: OutfallProperties) => [
  p.code,
  p.name,
  p.category,
  p.lon.toFixed(6),
  p.lat.toFixed(6),
  p.river,
  p.countyName,
  p.township,
  p.responsibleUnit,
  p.remediationMeasure,
  p.remediationStatus,
  p.remediationDeadline,
];

async function files(): Promise<{ csv: Buffer; xlsx: Buffer }> {
  const rows = generateOutfalls(real, ROWS, 'bench-import').map(rowOf);
  const csv = Buffer.from(`\ufeff${Papa.unparse([HEADERS, ...rows])}`, 'utf8');
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('排污口台账');
  sheet.addRow(HEADERS);
  for (const row of rows) sheet.addRow(row);
  const xlsx = Buffer.from(await book.xlsx.writeBuffer());
  return { csv, xlsx };
}

interface Result {
  format: string;
  fileMiB: number;
  /** Browser: file chosen → the counts on screen. */
  seconds: number;
  rowsPerSecond: number;
  longestTaskMs: number;
  tasksOver50: number;
  accepted: number;
  /** Node, one thread: parse + check, what the page would be blocked for without the worker. */
  onOneThreadMs: number;
}

async function importInBrowser(browser: Browser, server: AppServer, name: string, bytes: Buffer): Promise<{ seconds: number; tasks: number[]; text: string }> {
  const { context } = await newGuardedContext(browser, server.origin, { viewport: DESKTOP });
  try {
    const page = await context.newPage();
    await page.goto(`${server.origin}/`);
    await waitForFirstIdle(page, 300_000);
    await page.getByRole('button', { name: '导入数据' }).click();
    const panel = page.getByRole('dialog', { name: '导入数据' });
    const input = panel.locator('input[type="file"]');
    await input.waitFor({ state: 'attached', timeout: 30_000 });
    await page.evaluate(() => {
      const w = window as unknown as { benchTasks: number[]; benchStart: number };
      w.benchTasks = [];
      // From the file chosen on: Playwright builds the File in the page from base64 first (a second or more for 17 MB), which a real file picker does not.
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) if (e.startTime >= w.benchStart) w.benchTasks.push(e.duration);
      }).observe({ type: 'longtask', buffered: false });
      w.benchStart = Infinity;
      document.querySelector('#import-panel input[type="file"]')!.addEventListener('change', () => (w.benchStart = performance.now()), { capture: true });
    });
    await input.setInputFiles({ name, mimeType: 'application/octet-stream', buffer: bytes });
    const counts = panel.locator('.import-counts');
    await counts.waitFor({ timeout: 600_000 });
    const seconds = await page.evaluate(() => (performance.now() - (window as unknown as { benchStart: number }).benchStart) / 1000);
    // Let the preview reach the map (its data goes to MapLibre's worker) before reading the tasks.
    await page.waitForTimeout(2000);
    const tasks = await page.evaluate(() => (window as unknown as { benchTasks: number[] }).benchTasks);
    return { seconds, tasks, text: (await counts.textContent()) ?? '' };
  } finally {
    await context.close();
  }
}

async function onOneThread(name: string, bytes: Buffer): Promise<number> {
  const t0 = performance.now();
  const parsed = await parseImportFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, name);
  const headers = parsed.kind === 'table' ? parsed.headers : parsed.fields;
  validateOutfalls(parsed, { mapping: guessMapping(headers), crs: 'wgs84', swapLonLat: false }, { counties, parks });
  return performance.now() - t0;
}

const info = machine();
const { csv, xlsx } = await files();
const server = await startAppServer();
const browser = await launchChromium();
const results: Result[] = [];
try {
  for (const [format, name, bytes] of [
    ['CSV', '台账.csv', csv],
    ['XLSX', '台账.xlsx', xlsx],
  ] as const) {
    const run = await importInBrowser(browser, server, name, bytes);
    const accepted = Number(/可导入 ([\d,]+) 行/.exec(run.text)?.[1].replace(/,/g, '') ?? NaN);
    const over = run.tasks.filter((d) => d > LONG_TASK_MS);
    results.push({
      format,
      fileMiB: Math.round((bytes.length / 1024 / 1024) * 10) / 10,
      seconds: Math.round(run.seconds * 100) / 100,
      rowsPerSecond: Math.round(ROWS / run.seconds),
      longestTaskMs: Math.round(Math.max(0, ...run.tasks)),
      tasksOver50: over.length,
      accepted,
      onOneThreadMs: Math.round(await onOneThread(name, bytes)),
    });
    if (!run.text.startsWith(`读取 ${ROWS.toLocaleString('zh-CN')} 行`)) throw new Error(`${format}: the panel says “${run.text}”`);
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`\n导入数据 of ${ROWS.toLocaleString('en')} outfall rows in Chromium (${info.chromium}); Node on one thread beside it:`);
console.table(
  Object.fromEntries(
    results.map((r) => [
      r.format,
      {
        MiB: r.fileMiB,
        's to counts': r.seconds,
        'rows/s': r.rowsPerSecond,
        'longest task ms': r.longestTaskMs,
        'tasks > 50 ms': r.tasksOver50,
        accepted: r.accepted,
        'one thread ms (naive)': r.onOneThreadMs,
      },
    ]),
  ),
);
writeFileSync(join(ROOT, 'bench/import.json'), `${JSON.stringify({ machine: info, rows: ROWS, results }, null, 2)}\n`);
