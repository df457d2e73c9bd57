// The import's steps run in a Web Worker (import.worker.ts), so that reading a large
// ledger never freezes the page. The file's bytes are read here with progress and
// transferred to the worker, which keeps the parsed file: the page gets a preview and
// refers to the file by id (ParsedImport). Requests are answered in any order, each by
// its id. Without a worker (Node, happy-dom, a worker script that does not load) the
// same session runs on the calling thread.

import type { ImportSession } from '../import/import_session';
import { MAX_IMPORT_BYTES, tooLargeMessage } from '../import/limits';
import type {
  ApplyMode,
  MergeResult,
  OutfallCheck,
  CoordinateSystem,
  FeatureValidation,
  ImportProgress,
  OutfallImportContext,
  OutfallImportOptions,
  OutfallValidation,
  ParsedImport,
} from '../import/types';
import type { ImportReply, ImportTask } from './import.worker';
import type { GridPlacementOptions } from '../import/import_session';
import type { GeoTiffGridOptions, GridImport, StationImport } from '../import/grid_types';
import type { StationFeature } from '../data/types';

/** A file chosen by the user, or bytes with a name (the bytes are transferred to the worker: the caller's ArrayBuffer is emptied). */
export type ImportInput = File | { name: string; bytes: ArrayBuffer };

export interface ImportService {
  /** Read and parse a file; throws an Error with a Chinese message if it cannot be read whole. */
  parse(input: ImportInput, onProgress?: (progress: ImportProgress) => void): Promise<ParsedImport>;
  /** Check the file's rows as outfalls with this mapping, against the city's layers. */
  validate(parsed: ParsedImport, options: OutfallImportOptions, context: OutfallImportContext): Promise<OutfallValidation>;
  /** Check the file's rows as outfalls; the accepted records stay where the file is (see OutfallCheck). */
  check(parsed: ParsedImport, options: OutfallImportOptions, context: OutfallImportContext): Promise<OutfallCheck>;
  /** The current outfalls with the last check's accepted ones applied: GeoJSON bytes and counts. */
  merged(parsed: ParsedImport, mode: ApplyMode, context: OutfallImportContext): Promise<{ bytes: ArrayBuffer; counts?: Omit<MergeResult, 'features'> }>;
  /** Every row the last check rejected, as CSV bytes. */
  rejectedCsv(parsed: ParsedImport): Promise<ArrayBuffer>;
  /** The file's features as a layer of their own, in WGS84. */
  validateFeatures(parsed: ParsedImport, crs: CoordinateSystem): Promise<FeatureValidation>;
  /** The table as the hotspot grid's daily values. */
  grid(parsed: ParsedImport, options: GridPlacementOptions): Promise<GridImport>;
  /** A GeoTIFF as the hotspot grid (one band per day). */
  geotiff(file: File, options: GeoTiffGridOptions): Promise<GridImport>;
  /** The table as the air stations' daily values. */
  stations(parsed: ParsedImport, stations: StationFeature[]): Promise<StationImport>;
  /** The file is no longer needed: free what holds it. */
  release(parsed: ParsedImport): void;
}

// Written out here, in this form, so that Vite bundles the worker as a chunk of its own.
const startWorker = (): Worker => new Worker(new URL('./import.worker.ts', import.meta.url), { type: 'module' });

/** A File's bytes, read in the chunks its stream gives, with the share read so far. */
async function readFile(file: File, onProgress?: (progress: ImportProgress) => void): Promise<ArrayBuffer> {
  if (file.size > MAX_IMPORT_BYTES) throw new Error(tooLargeMessage(file.name, file.size));
  const bytes = new Uint8Array(file.size);
  let offset = 0;
  try {
    const reader = file.stream().getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (offset + value.length > bytes.length) throw new Error('文件在读取时被修改了');
      bytes.set(value, offset);
      offset += value.length;
      onProgress?.({ stage: 'reading', fraction: file.size === 0 ? 1 : offset / file.size });
    }
  } catch (e) {
    throw new Error(`无法读取文件“${file.name}”（${e instanceof Error ? e.message : String(e)}）：请确认文件仍在原处，再重新选择`);
  }
  return offset === bytes.length ? bytes.buffer : bytes.slice(0, offset).buffer;
}

interface Pending {
  resolve: (result: unknown) => void;
  reject: (error: unknown) => void;
  onProgress?: (fraction: number) => void;
  /** Do it on this thread instead: for a parse whose worker never started (its File can be read again). */
  rerun?: () => void;
}

/** `start` makes the worker; with none, or once it fails, everything runs on the calling thread. */
export function createImportService(start: (() => Worker) | null = typeof Worker === 'undefined' ? null : startWorker): ImportService {
  // undefined: not started yet; null: none, or given up on.
  let worker: Worker | null | undefined = start ? undefined : null;
  /** The worker has answered something: it runs, and a failure now is the work's, not the script's. */
  let answered = false;
  let lastId = 0;
  const pending = new Map<number, Pending>();
  /** Where each parsed file is kept. */
  const held = new Map<number, 'worker' | 'here'>();
  let local: Promise<ImportSession> | null = null;
  // Loaded only without a worker: the parsers stay out of the page's bundle.
  const here = (): Promise<ImportSession> => (local ??= import('../import/import_session').then((m) => m.createImportSession()));
  let contextSent: { context: OutfallImportContext; version: number } | null = null;
  let contextVersions = 0;

  /**
   * The worker failed. If it never answered, its script did not load: parses are done
   * here (a File is read again; transferred bytes are gone). If it had been working,
   * the work itself may have killed it (a file too large for memory): the pending
   * requests fail with a message rather than being tried again on the page.
   */
  function giveUp(reason: string): void {
    console.warn(`导入改在主线程进行：${reason}`);
    worker?.terminate();
    worker = null;
    contextSent = null;
    for (const [id, location] of held) if (location === 'worker') held.delete(id);
    const requests = [...pending.values()];
    pending.clear();
    for (const request of requests) {
      if (!answered && request.rerun) request.rerun();
      else request.reject(new Error(`后台线程出错（${reason}）：请重新选择文件再试`));
    }
  }

  function theWorker(): Worker | null {
    if (worker !== undefined) return worker;
    try {
      const w = start!();
      w.onmessage = ({ data: message }: MessageEvent<ImportReply>) => {
        answered = true;
        const request = pending.get(message.id);
        if (!request) return;
        if (message.kind === 'progress') return request.onProgress?.(message.fraction);
        pending.delete(message.id);
        if (message.kind === 'error') request.reject(new Error(message.error));
        else request.resolve(message.result);
      };
      // The script did not load (no module workers, a policy that refuses it) or the worker died.
      w.onerror = (event) => {
        event.preventDefault();
        giveUp(event.message || '后台线程出错');
      };
      // An answer that could not be read back: which request it was is unknown, so none is left waiting.
      w.onmessageerror = () => {
        const requests = [...pending.values()];
        pending.clear();
        for (const request of requests) request.reject(new Error('后台线程的结果无法读取：请重试'));
      };
      worker = w;
    } catch (error) {
      // new Worker throws (SecurityError) where the page may not start one, e.g. from file://.
      worker = null;
      console.warn('导入改在主线程进行：', error);
    }
    return worker;
  }

  /** Send a task and wait for its answer. */
  function ask<T>(w: Worker, task: ImportTask & { id: number }, transfer: Transferable[], extra: Omit<Pending, 'resolve' | 'reject'> = {}): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      pending.set(task.id, { resolve: resolve as (result: unknown) => void, reject, ...extra });
      try {
        w.postMessage(task, transfer);
      } catch (error) {
        pending.delete(task.id);
        reject(error);
      }
    });
  }

  /** The context's version in the worker, sent first if the worker does not have this one (once per data version, not per check). */
  function sendContext(w: Worker, context: OutfallImportContext): number {
    if (contextSent?.context !== context) {
      const version = ++contextVersions;
      w.postMessage({ kind: 'context', version, context } satisfies ImportTask);
      contextSent = { context, version };
    }
    return contextSent.version;
  }

  const workerHolding = (parsed: ParsedImport): Worker | null => (held.get(parsed.id) === 'worker' ? (worker ?? null) : null);

  return {
    async parse(input, onProgress) {
      const id = ++lastId;
      const parsing = (fraction: number) => onProgress?.({ stage: 'parsing', fraction });
      const parseHere = async (bytes: ArrayBuffer): Promise<ParsedImport> => {
        const result = await (await here()).parse(id, bytes, input.name, parsing);
        held.set(id, 'here');
        return result;
      };
      const read = () => (input instanceof Blob ? readFile(input, onProgress) : Promise.resolve(input.bytes));
      const bytes = await read();
      const w = theWorker();
      if (!w) return parseHere(bytes);
      const rerun = input instanceof Blob ? () => read().then(parseHere) : undefined;
      try {
        const result = await new Promise<ParsedImport>((resolve, reject) => {
          ask<ParsedImport>(w, { kind: 'parse', id, name: input.name, bytes }, [bytes], {
            onProgress: parsing,
            rerun: rerun && (() => void rerun().then(resolve, reject)),
          }).then(resolve, reject);
        });
        if (!held.has(id)) held.set(id, 'worker');
        return result;
      } catch (error) {
        // A message that could not be sent (DataCloneError) left the bytes here: parse them here.
        if (error instanceof DOMException && error.name === 'DataCloneError' && bytes.byteLength > 0) return parseHere(bytes);
        throw error;
      }
    },
    async validate(parsed, options, context) {
      const w = workerHolding(parsed);
      if (!w) return (await here()).validate(parsed.id, options, context);
      return ask<OutfallValidation>(w, { kind: 'validate', id: ++lastId, file: parsed.id, contextVersion: sendContext(w, context), options }, []);
    },
    async check(parsed, options, context) {
      const w = workerHolding(parsed);
      if (!w) return (await here()).check(parsed.id, options, context);
      return ask<OutfallCheck>(w, { kind: 'check', id: ++lastId, file: parsed.id, contextVersion: sendContext(w, context), options }, []);
    },
    async merged(parsed, mode, context) {
      const w = workerHolding(parsed);
      if (!w) return (await here()).merged(parsed.id, mode, context);
      return ask(w, { kind: 'merged', id: ++lastId, file: parsed.id, contextVersion: sendContext(w, context), mode }, []);
    },
    async rejectedCsv(parsed) {
      const w = workerHolding(parsed);
      if (!w) return (await here()).rejectedCsv(parsed.id);
      return (await ask<{ bytes: ArrayBuffer }>(w, { kind: 'rejected-csv', id: ++lastId, file: parsed.id }, [])).bytes;
    },
    async validateFeatures(parsed, crs) {
      const w = workerHolding(parsed);
      if (!w) return (await here()).validateFeatures(parsed.id, crs);
      return ask<FeatureValidation>(w, { kind: 'features', id: ++lastId, file: parsed.id, crs }, []);
    },
    async grid(parsed, options) {
      const w = workerHolding(parsed);
      if (!w) return (await here()).grid(parsed.id, options);
      return ask<GridImport>(w, { kind: 'grid', id: ++lastId, file: parsed.id, options }, []);
    },
    async geotiff(file, options) {
      const bytes = await readFile(file);
      const w = theWorker();
      if (!w) return import('../import/grid_geotiff').then((m) => m.gridFromGeoTiff(bytes, options));
      return ask<GridImport>(w, { kind: 'geotiff', id: ++lastId, bytes, options }, [bytes]);
    },
    async stations(parsed, stations) {
      const w = workerHolding(parsed);
      if (!w) return (await here()).stations(parsed.id, stations);
      return ask<StationImport>(w, { kind: 'stations', id: ++lastId, file: parsed.id, stations }, []);
    },
    release(parsed) {
      const location = held.get(parsed.id);
      held.delete(parsed.id);
      if (location === 'worker') worker?.postMessage({ kind: 'release', file: parsed.id } satisfies ImportTask);
      else if (location === 'here') void local?.then((session) => session.release(parsed.id));
    },
  };
}
