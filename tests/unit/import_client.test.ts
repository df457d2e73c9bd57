// The import service: the real worker module (src/app/import.worker.ts) run in this
// process behind a Worker-shaped bridge that structured-clones every message with its
// transfer list, as postMessage does; the calling thread when there is no worker; and
// the fallback when the worker's script does not load.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createImportService } from '../../src/app/import_client';
import type { ImportReply, ImportTask } from '../../src/app/import.worker';
import { PREVIEW_ROWS } from '../../src/import/limits';
import type { ImportProgress, ParsedTable } from '../../src/import/types';
import { validateOutfalls } from '../../src/import/validate_outfalls';
import { fakeWorkers } from './helpers/fake_worker';
import { CITY, fixtureBytes, parseFixture } from './helpers/import_fixtures';

interface Bridge {
  worker: Worker;
  /** Every task the worker received, as it received it. */
  received: ImportTask[];
}

/** The worker module, loaded fresh with a `self` that answers the Worker this returns. */
async function inProcessWorker(): Promise<Bridge> {
  const received: ImportTask[] = [];
  const page = {
    onmessage: null as ((event: MessageEvent<ImportReply>) => void) | null,
    onerror: null,
    onmessageerror: null,
    postMessage(task: ImportTask, transfer: Transferable[] = []) {
      const copy = structuredClone(task, { transfer });
      received.push(copy);
      setTimeout(() => void scope.onmessage?.({ data: copy } as MessageEvent<ImportTask>), 0);
    },
    terminate() {},
  };
  const scope = {
    onmessage: null as ((event: MessageEvent<ImportTask>) => unknown) | null,
    postMessage(reply: ImportReply) {
      const copy = structuredClone(reply);
      setTimeout(() => page.onmessage?.({ data: copy } as MessageEvent<ImportReply>), 0);
    },
  };
  // The module takes `self` when it loads; left defined, it would make libraries (exceljs) think they run in a browser.
  vi.stubGlobal('self', scope);
  vi.resetModules();
  await import('../../src/app/import.worker');
  vi.unstubAllGlobals();
  return { worker: page as unknown as Worker, received };
}

const mappingOf = (table: ParsedTable) => ({
  code: table.headers[0],
  name: table.headers[1],
  lon: table.headers[2],
  lat: table.headers[3],
  category: table.headers[4],
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('in the worker', () => {
  let bridge: Bridge;
  beforeEach(async () => {
    bridge = await inProcessWorker();
  });

  it('reads a File with progress, transfers its bytes, and keeps the table in the worker', async () => {
    const service = createImportService(() => bridge.worker);
    const progress: ImportProgress[] = [];
    const file = new File([fixtureBytes('outfalls.csv')], 'outfalls.csv');
    const parsed = await service.parse(file, (p) => progress.push(p));
    expect(parsed).toMatchObject({ fileName: 'outfalls.csv', count: 9 });
    expect(parsed.preview).toEqual(await parseFixture('outfalls.csv'));
    expect(parsed.guessedMapping).toMatchObject({ code: '排口编号', lon: '经度（°）', category: '排口类型' });
    expect(progress.filter((p) => p.stage === 'reading').at(-1)).toEqual({ stage: 'reading', fraction: 1 });
    expect(progress.filter((p) => p.stage === 'parsing').at(-1)).toEqual({ stage: 'parsing', fraction: 1 });
    expect(progress.findIndex((p) => p.stage === 'parsing')).toBeGreaterThan(progress.findLastIndex((p) => p.stage === 'reading'));
    expect(bridge.received[0]).toMatchObject({ kind: 'parse', name: 'outfalls.csv' });
  });

  it('transfers bytes given with a name: the caller’s buffer is emptied', async () => {
    const service = createImportService(() => bridge.worker);
    const bytes = fixtureBytes('outfalls_gbk.csv');
    const parsed = await service.parse({ name: 'outfalls_gbk.csv', bytes });
    expect(bytes.byteLength).toBe(0);
    expect(parsed.count).toBe(2);
  });

  it('previews the first rows only and validates the whole file by id, sending the counties once', async () => {
    const lines = ['编码,名称,经度,纬度,类别', ...Array.from({ length: 120 }, (_, i) => `P-${i},排口${i},113.214564,33.699744,其他排口`)];
    const service = createImportService(() => bridge.worker);
    const parsed = await service.parse({ name: 'many.csv', bytes: new TextEncoder().encode(lines.join('\n')).buffer as ArrayBuffer });
    const preview = parsed.preview as ParsedTable;
    expect(parsed.count).toBe(120);
    expect(preview.rows).toHaveLength(PREVIEW_ROWS);
    expect(preview.rowNumbers).toHaveLength(PREVIEW_ROWS);
    const options = { mapping: mappingOf(preview), crs: 'wgs84' as const, swapLonLat: false };
    const result = await service.validate(parsed, options, CITY);
    expect(result.read).toBe(120);
    expect(result.accepted).toHaveLength(120);
    await service.validate(parsed, { ...options, swapLonLat: true }, CITY);
    expect(bridge.received.filter((t) => t.kind === 'context')).toHaveLength(1);
    expect(bridge.received.filter((t) => t.kind === 'validate')).toHaveLength(2);
  });

  it('validates as the calling thread would, and makes a layer of features', async () => {
    const service = createImportService(() => bridge.worker);
    const parsed = await service.parse({ name: 'outfalls.xlsx', bytes: fixtureBytes('outfalls.xlsx') });
    const options = { mapping: parsed.guessedMapping, crs: 'wgs84' as const, swapLonLat: false };
    expect(await service.validate(parsed, options, CITY)).toEqual(validateOutfalls(await parseFixture('outfalls.xlsx'), options, CITY));
    const layer = await service.parse({ name: 'layer.geojson', bytes: fixtureBytes('layer.geojson') });
    const features = await service.validateFeatures(layer, 'wgs84');
    expect([features.read, features.collection.features.length, features.rejected.length]).toEqual([6, 2, 4]);
  });

  it('passes errors on in Chinese, and forgets a released file', async () => {
    const service = createImportService(() => bridge.worker);
    await expect(service.parse({ name: 'page.csv', bytes: fixtureBytes('page.csv') })).rejects.toThrow('文件“page.csv”是网页（HTML）');
    const parsed = await service.parse({ name: 'outfalls.csv', bytes: fixtureBytes('outfalls.csv') });
    await expect(service.validateFeatures(parsed, 'wgs84')).rejects.toThrow('表格（CSV、Excel）没有图形，只能作为排污口台账导入');
    service.release(parsed);
    await expect(service.validate(parsed, { mapping: parsed.guessedMapping, crs: 'wgs84', swapLonLat: false }, CITY)).rejects.toThrow('这个文件已不在内存中');
    expect(bridge.received.at(-1)).toEqual({ kind: 'release', file: parsed.id });
  });
});

describe('without a worker', () => {
  it('does everything on the calling thread', async () => {
    const service = createImportService(null);
    const progress: ImportProgress[] = [];
    const parsed = await service.parse({ name: 'outfalls_shp.zip', bytes: fixtureBytes('outfalls_shp.zip') }, (p) => progress.push(p));
    expect(progress.at(-1)).toEqual({ stage: 'parsing', fraction: 1 });
    const result = await service.validate(parsed, { mapping: parsed.guessedMapping, crs: 'wgs84', swapLonLat: false }, CITY);
    expect([result.read, result.accepted.length, result.rejected.length]).toEqual([4, 2, 2]);
    service.release(parsed);
    await new Promise((resolve) => setTimeout(resolve, 0));
    await expect(service.validate(parsed, { mapping: parsed.guessedMapping, crs: 'wgs84', swapLonLat: false }, CITY)).rejects.toThrow('这个文件已不在内存中');
  });

  it('refuses a File over the size limit before reading it', async () => {
    const service = createImportService(null);
    const file = new File(['x'], 'huge.csv');
    Object.defineProperty(file, 'size', { value: 300 * 1024 * 1024 });
    await expect(service.parse(file)).rejects.toThrow('文件“huge.csv”有 300 MB，超过单个文件 200 MB 的上限');
  });
});

describe('a worker whose script does not load', () => {
  it('parses a File again on the calling thread, and validates there', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { start, workers } = fakeWorkers<ImportTask, ImportReply>(
      'crash',
      () => (task) => (task.kind === 'parse' ? { reply: { id: task.id, kind: 'error', error: '' } } : null),
    );
    const service = createImportService(start);
    const parsed = await service.parse(new File([fixtureBytes('outfalls.csv')], 'outfalls.csv'));
    expect(parsed.count).toBe(9);
    expect(workers[0].terminated).toBe(true);
    const result = await service.validate(parsed, { mapping: parsed.guessedMapping, crs: 'wgs84', swapLonLat: false }, CITY);
    expect(result.accepted).toHaveLength(4);
    // Given up on: the next file is parsed here without a new worker.
    await service.parse({ name: 'outfalls_gbk.csv', bytes: fixtureBytes('outfalls_gbk.csv') });
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('cannot parse transferred bytes again: it says to choose the file again', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { start } = fakeWorkers<ImportTask, ImportReply>(
      'crash',
      () => (task) => (task.kind === 'parse' ? { reply: { id: task.id, kind: 'error', error: '' } } : null),
    );
    const service = createImportService(start);
    await expect(service.parse({ name: 'outfalls.csv', bytes: fixtureBytes('outfalls.csv') })).rejects.toThrow(
      '后台线程出错（SyntaxError: import）：请重新选择文件再试',
    );
  });
});
