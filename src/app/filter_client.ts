// 筛选 evaluated in a Web Worker. On 100,000 outfalls evaluateFilter takes ~35 ms in
// Chromium, and a dragged distance slider asks for it every few milliseconds: on the
// main thread that made tasks of 55–115 ms (bench/filter_slider.ts). The outfalls travel
// to the worker once per data version as columns; each evaluation sends the filter and
// gets back a mask. One request at a time: while one is evaluated, a newer one waits
// and replaces any older waiting one, so a drag is answered at the worker's pace and
// the map follows the slider on its way. Without a worker (Node, happy-dom, a failed
// script) the same engine runs on the main thread.

import { packOutfalls } from '../spatial/filter/columns';
import type { FilterableOutfall } from '../spatial/filter/columns';
import type { OutfallFilter } from '../spatial/filter/description';
import type { FilterIndex, FilterPlaces } from '../spatial/filter/evaluate';
import type { SelectionSummary } from '../spatial/filter/summary';
import type { FilterReply, FilterTask } from './filter.worker';

/** What a filter is evaluated over; a new object is a new data version (the caller keeps it while the data stays). */
export interface FilterData {
  outfalls: readonly FilterableOutfall[];
  places: FilterPlaces;
}

export interface FilterAnswer {
  /** 1 for each selected outfall, by index. */
  matches: Uint8Array;
  count: number;
  /** Places the filter names that the data does not have (see FilterResult). */
  unknown: string[];
  /** 统计 of the selection, made where the selection was. */
  summary: SelectionSummary;
  computed: 'worker' | 'main';
}

export interface FilterService {
  /** The selection; null when a newer request replaced this one before it was sent. */
  evaluate(data: FilterData, filter: OutfallFilter, today: string): Promise<FilterAnswer | null>;
}

interface Request {
  id: number;
  data: FilterData;
  filter: OutfallFilter;
  today: string;
  resolve: (answer: FilterAnswer | null) => void;
  reject: (error: unknown) => void;
}

// Written out here, in this form, so that Vite bundles the worker as a chunk of its own.
const startWorker = (): Worker => new Worker(new URL('./filter.worker.ts', import.meta.url), { type: 'module' });

/** The main thread's engine and index (built once per data version), for when there is no worker. */
function mainThread(): (request: Request) => void {
  let built: { data: FilterData; index: FilterIndex } | null = null;
  return (request) => {
    Promise.all([import('../spatial/filter/evaluate'), import('../spatial/filter/summary')])
      .then(([{ createFilterIndex, evaluateFilter }, { summariseSelection }]) => {
        if (built?.data !== request.data) built = { data: request.data, index: createFilterIndex(request.data.outfalls, request.data.places) };
        const result = evaluateFilter(built.index, request.filter, { today: request.today });
        const matches = new Uint8Array(request.data.outfalls.length);
        for (const i of result.matches) matches[i] = 1;
        const summary = summariseSelection(request.data.outfalls, matches, request.today);
        request.resolve({ matches, count: result.matches.length, unknown: result.unknown, summary, computed: 'main' });
      })
      .catch(request.reject);
  };
}

/** `start` makes the worker; with none, or once it fails, every evaluation runs on the main thread. */
export function createFilterService(start: (() => Worker) | null = typeof Worker === 'undefined' ? null : startWorker): FilterService {
  // undefined: not started yet; null: none, or given up on.
  let worker: Worker | null | undefined = start ? undefined : null;
  const here = mainThread();
  let lastId = 0;
  let versions = 0;
  /** The data the worker holds, and its version. */
  let sent: { data: FilterData; version: number } | null = null;
  let inFlight: Request | null = null;
  let waiting: Request | null = null;

  function next(): void {
    inFlight = null;
    const request = waiting;
    waiting = null;
    if (request) send(request);
  }

  /** The worker failed: it is not asked again; what it held is evaluated here, so the panel is never left waiting. */
  function giveUp(reason: string): void {
    console.warn(`筛选改在主线程计算：${reason}`);
    worker?.terminate();
    worker = null;
    sent = null;
    const [held, queued] = [inFlight, waiting];
    inFlight = waiting = null;
    if (queued) held?.resolve(null);
    const latest = queued ?? held;
    if (latest) here(latest);
  }

  function theWorker(): Worker | null {
    if (worker !== undefined) return worker;
    try {
      const w = start!();
      w.onmessage = ({ data: reply }: MessageEvent<FilterReply>) => {
        if (reply.id !== inFlight?.id) return;
        const request = inFlight;
        if ('error' in reply) request.reject(new Error(reply.error));
        else request.resolve({ matches: reply.matches, count: reply.count, unknown: reply.unknown, summary: reply.summary, computed: 'worker' });
        next();
      };
      // The script did not load (no module workers, a policy that refuses it) or the worker died: nothing will answer.
      w.onerror = (event) => {
        event.preventDefault();
        giveUp(event.message || '后台线程出错');
      };
      // An answer that could not be read back: that request is evaluated here; the worker stays.
      w.onmessageerror = () => {
        if (inFlight) here(inFlight);
        next();
      };
      worker = w;
    } catch (error) {
      // new Worker throws (SecurityError) where the page may not start one, e.g. from file://.
      worker = null;
      console.warn('筛选改在主线程计算：', error);
    }
    return worker;
  }

  function send(request: Request): void {
    const w = theWorker();
    if (!w) return here(request);
    inFlight = request;
    try {
      if (sent?.data !== request.data) {
        const version = ++versions;
        const { columns, transfer } = packOutfalls(request.data.outfalls);
        w.postMessage({ kind: 'data', version, columns, places: request.data.places } satisfies FilterTask, transfer);
        sent = { data: request.data, version };
      }
      w.postMessage({ kind: 'evaluate', id: request.id, version: sent.version, filter: request.filter, today: request.today } satisfies FilterTask);
    } catch {
      // A message that cannot be sent (DataCloneError): this request is evaluated here; the next tries the worker again.
      sent = null;
      here(request);
      next();
    }
  }

  return {
    evaluate(data, filter, today) {
      return new Promise<FilterAnswer | null>((resolve, reject) => {
        const request: Request = { id: ++lastId, data, filter, today, resolve, reject };
        if (inFlight) {
          waiting?.resolve(null);
          waiting = request;
        } else send(request);
      });
    },
  };
}
