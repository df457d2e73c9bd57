// The upload queue: sends saved inspections to POST {apiBase}/inspections, one at
// a time, oldest first. Nothing here deletes a record. A record becomes 已同步
// only when the server acknowledged it (2xx, or 409: it already has that uuid);
// a refusal (other 4xx) keeps it with the server's reason until the user retries;
// anything that may pass by itself (no network, timeout, 5xx, 408, 429) keeps it
// pending and tries again later with exponential backoff. The uuid travels as
// Idempotency-Key, so a request whose answer was lost can be sent again safely.
// Every open tab runs a queue, but a pass that reaches the server holds one
// browser-wide lock (Web Locks), so only one tab uploads at a time, and a tab
// that waited reads the records after the other tab marked them 已同步.

import type { InspectionStore } from './inspection_store';
import { inspectionContent } from './inspection';
import type { InspectionRecord } from './inspection';

export const DEFAULT_TIMEOUT_MS = 20_000;
const BASE_DELAY_MS = 5_000;
const MAX_DELAY_MS = 10 * 60_000;
/** With start(), how often to look for records saved since the last pass, even when nothing failed. */
const POLL_MS = 60_000;
const SERVER_MESSAGE_MAX_LENGTH = 200;
/** The Web Locks name shared by all tabs of this origin. */
export const UPLOAD_LOCK_NAME = 'pds-inspection-upload';

export interface SyncResult {
  /** False when no apiBase is configured: nothing is sent, records stay on the phone. */
  enabled: boolean;
  /** Records acknowledged by the server in this pass. */
  sent: number;
  /** Records the server refused in this pass (now in state 'error'). */
  failed: number;
  /** Records not yet acknowledged after the pass (pending or error), for the badge. */
  pending: number;
  /** A Chinese sentence for the user when the pass could not run or stopped early; null otherwise. */
  message: string | null;
}

export interface InspectionSyncOptions {
  store: InspectionStore;
  /** Base URL of the inspections API (config.json apiBase); null or empty: sync is off. */
  apiBase: string | null;
  fetchImpl?: typeof fetch;
  now?: () => Date;
  /** In [0, 1): spreads retries so many phones coming online together do not hit the server at once. */
  random?: () => number;
  timeoutMs?: number;
  /** Default: navigator.onLine where it exists, else true. */
  isOnline?: () => boolean;
  /** Where start() listens for 'online'; default: window when there is one. */
  onlineEvents?: EventTarget | null;
  /** Called after any record's sync state changed and after each pass (update the badge and lists). */
  onChange?: () => void;
  /** A pass started by start() failed on local storage: the Chinese message to show. */
  onError?: (message: string) => void;
  /**
   * Runs the task while holding the browser-wide upload lock, so that the queues of
   * several tabs never send at the same time. Default: navigator.locks (Web Locks)
   * where it exists, else the task runs at once (one tab's passes never overlap anyway).
   */
  lock?: <T>(task: () => Promise<T>) => Promise<T>;
}

export interface InspectionSync {
  /** One pass over the records that are due, oldest first, one at a time. Concurrent calls share one pass. */
  syncNow(): Promise<SyncResult>;
  /** Make a refused (or waiting) record pending and due now; with start(), a pass follows. */
  retry(uuid: string): Promise<void>;
  /** Passes on a timer (at the next due retry, and at least every minute) and when the device comes online. */
  start(): void;
  stop(): void;
}

/** Backoff before the next try after `attempts` earlier tries: 5 s × 2^attempts, capped at 10 min, then jittered to 50–100 %. */
export function retryDelayMs(attempts: number, random: () => number): number {
  const full = Math.min(BASE_DELAY_MS * 2 ** Math.max(0, attempts), MAX_DELAY_MS);
  return Math.round(full / 2 + (full / 2) * random());
}

/** The default lock: an exclusive Web Lock shared by all tabs, or none where the API is missing (old browsers, insecure origins, Node). */
export async function browserUploadLock<T>(task: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (!locks || typeof locks.request !== 'function') return task();
  // The lock is held until the task's promise settles, and released if the tab closes meanwhile.
  return await locks.request(UPLOAD_LOCK_NAME, { mode: 'exclusive' }, () => task());
}

type Outcome =
  | { kind: 'acknowledged' }
  | { kind: 'refused'; message: string }
  | { kind: 'transient'; message: string; retryAfterMs?: number };

export function createInspectionSync(options: InspectionSyncOptions): InspectionSync {
  const { store } = options;
  const apiBase = options.apiBase?.trim().replace(/\/+$/, '') || null;
  const fetchImpl = options.fetchImpl ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const now = options.now ?? (() => new Date());
  const random = options.random ?? Math.random;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const isOnline = options.isOnline ?? (() => (typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean' ? navigator.onLine : true));
  const onlineEvents = options.onlineEvents !== undefined ? options.onlineEvents : typeof window !== 'undefined' ? window : null;
  const lock = options.lock ?? browserUploadLock;

  let running: Promise<SyncResult> | null = null;
  let started = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  /** After a pass stopped on a failure, timer passes wait until then (a manual syncNow does not). */
  let holdUntil = 0;

  const changed = () => {
    try {
      options.onChange?.();
    } catch {
      // A broken listener must not stop the queue; the records themselves are safe.
    }
  };

  async function send(record: InspectionRecord): Promise<Outcome> {
    const photos = await store.getPhotos(record.uuid);
    const form = new FormData();
    form.append('record', JSON.stringify(inspectionContent(record)));
    photos.forEach((photo, i) => form.append(`photo-${i + 1}`, photo.blob, photo.id));

    const controller = new AbortController();
    const timeout = setTimeout(() => controller.abort(), timeoutMs);
    try {
      let response: Response;
      try {
        response = await fetchImpl(`${apiBase}/inspections`, {
          method: 'POST',
          body: form,
          headers: { 'Idempotency-Key': record.uuid },
          signal: controller.signal,
        });
      } catch {
        return controller.signal.aborted
          ? { kind: 'transient', message: `连接服务器超时（${Math.round(timeoutMs / 1000)} 秒），将自动重试` }
          : { kind: 'transient', message: '无法连接服务器（网络不可用），将自动重试' };
      }
      return await classify(response);
    } finally {
      clearTimeout(timeout);
    }
  }

  async function classify(response: Response): Promise<Outcome> {
    const { status } = response;
    if ((status >= 200 && status < 300) || status === 409) {
      // A login page of a public Wi-Fi (reached through a redirect, answering HTML) is not our server saying "got it".
      const type = response.headers.get('content-type') ?? '';
      if (response.redirected || type.includes('text/html')) {
        return { kind: 'transient', message: '网络要求登录或返回了网页，而不是同步服务器的确认，将自动重试' };
      }
      // The status is the acknowledgement; the body is not needed, and leaving it unread would hold the connection.
      void response.body?.cancel().catch(() => undefined);
      return { kind: 'acknowledged' };
    }
    if (status === 408 || status === 429 || status >= 500 || status < 400) {
      const seconds = Number(response.headers.get('retry-after'));
      return {
        kind: 'transient',
        message: `服务器暂时无法处理（${status}），将自动重试`,
        retryAfterMs: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : undefined
      };
    }
    return { kind: 'refused', message: `服务器拒绝：${await serverMessage(response)}` };
  }

  /** The server's reason as plain text: {message} of a JSON body, else the text body, else the status. */
  async function serverMessage(response: Response): Promise<string> {
    let text = '';
    try {
      text = (await response.text()).trim();
    } catch {
      // The body could not be read (e.g. the timeout fired): the status still tells the user something.
    }
    try {
      const json = JSON.parse(text) as { message?: unknown; error?: unknown };
      const m = typeof json.message === 'string' ? json.message : typeof json.error === 'string' ? json.error : '';
      if (m.trim()) text = m.trim();
    } catch {
      // Not JSON: use the text as it is.
    }
    if (/^\s*</.test(text)) text = ''; // an HTML error page says nothing readable
    text = text.replace(/\s+/g, ' ');
    if (text.length > SERVER_MESSAGE_MAX_LENGTH) text = `${text.slice(0, SERVER_MESSAGE_MAX_LENGTH)}…`;
    return text || `HTTP ${response.status}`;
  }

  async function pass(): Promise<SyncResult> {
    const online = isOnline();
    if (!apiBase || !online) {
      // Nothing can be sent now: timer passes wait for the poll interval (or the 'online' event) instead of spinning.
      holdUntil = now().getTime() + POLL_MS;
    }
    if (!apiBase) {
      return { enabled: false, sent: 0, failed: 0, pending: await store.countPending(), message: '未配置同步服务器，巡查记录只保存在本机' };
    }
    if (!online) {
      return { enabled: true, sent: 0, failed: 0, pending: await store.countPending(), message: '当前离线，联网后将自动同步' };
    }
    holdUntil = 0; // a new pass that reaches the server lifts the hold of an earlier failure
    // Only one tab at a time reads and sends: another tab's pass may hold the lock, and
    // the records it sent must be read as 已同步 here, so the list is read inside the lock.
    const { sent, failed, message } = await lock(sendDue);
    const result = { enabled: true, sent, failed, pending: await store.countPending(), message };
    changed();
    return result;
  }

  /** Sends the records that are due, oldest first, until one fails transiently. Runs under the upload lock. */
  async function sendDue(): Promise<{ sent: number; failed: number; message: string | null }> {
    const startedAt = now().getTime();
    const due = (await store.listPending()).filter(
      (r) => r.syncState === 'pending' && (r.nextAttemptAt === null || Date.parse(r.nextAttemptAt) <= startedAt),
    );
    let sent = 0;
    let failed = 0;
    let message: string | null = null;
    for (const record of due) {
      const outcome = await send(record);
      const at = now();
      if (outcome.kind === 'acknowledged') {
        await store.markSynced(record.uuid, at.toISOString());
        sent++;
      } else if (outcome.kind === 'refused') {
        await store.markError(record.uuid, outcome.message, at.toISOString());
        failed++;
      } else {
        const delay = Math.max(retryDelayMs(record.attempts, random), outcome.retryAfterMs ?? 0);
        const next = at.getTime() + delay;
        await store.markRetry(record.uuid, new Date(next).toISOString(), outcome.message, at.toISOString());
        changed();
        // The server or the network is in trouble: the rest wait for the next pass rather than pile on.
        holdUntil = next;
        message = outcome.message;
        break;
      }
      changed();
    }
    return { sent, failed, message };
  }

  function syncNow(): Promise<SyncResult> {
    // One pass at a time in this tab (the upload lock does the same across tabs): two
    // overlapping passes could send the same record twice.
    if (!running) running = pass().finally(() => (running = null));
    return running;
  }

  async function timedPass(): Promise<void> {
    timer = null;
    try {
      await syncNow();
    } catch (error) {
      options.onError?.(`同步巡查记录时本地存储出错：${error instanceof Error ? error.message : String(error)}`);
    }
    if (started) await scheduleNext();
  }

  async function scheduleNext(): Promise<void> {
    if (!started) return;
    let at = now().getTime() + POLL_MS;
    try {
      for (const r of await store.listPending()) {
        if (r.syncState === 'pending') at = Math.min(at, r.nextAttemptAt ? Date.parse(r.nextAttemptAt) : 0);
      }
    } catch {
      // Could not read the queue: try again at the regular interval.
    }
    at = Math.max(at, holdUntil);
    if (timer) clearTimeout(timer);
    if (started) timer = setTimeout(() => void timedPass(), Math.max(0, at - now().getTime()));
  }

  const onOnline = () => {
    holdUntil = 0;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void timedPass(), 0);
  };

  return {
    syncNow,

    async retry(uuid) {
      await store.resetToPending(uuid);
      holdUntil = 0;
      changed();
      if (started) onOnline();
    },

    start() {
      if (started) return;
      started = true;
      onlineEvents?.addEventListener('online', onOnline);
      onOnline();
    },

    stop() {
      started = false;
      onlineEvents?.removeEventListener('online', onOnline);
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
