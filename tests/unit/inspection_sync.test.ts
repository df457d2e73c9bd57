// The upload queue against a mocked inspections server (MSW) and a real Dexie
// database on fake-indexeddb. The server counts what it receives; after every
// test each saved record and photo must still be on the phone.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import type { PdsDatabase } from '../../src/data/cache/database';
import { createInspectionStore } from '../../src/data/inspections/inspection_store';
import type { InspectionStore } from '../../src/data/inspections/inspection_store';
import { createInspectionSync, retryDelayMs, UPLOAD_LOCK_NAME } from '../../src/data/inspections/inspection_sync';
import type { InspectionSyncOptions } from '../../src/data/inspections/inspection_sync';
import type { InspectionRecord } from '../../src/data/inspections/inspection';
import { createCrossTabSignal } from '../../src/data/inspections/cross_tab';
import { freshDatabase, makeDraft, makePhoto } from './helpers/inspection_fixtures';

const API = 'http://api.pds.test/v1';

interface Received {
  key: string | null;
  record: Record<string, unknown>;
  photos: { field: string; name: string; type: string; bytes: number[] }[];
}

/** Answer each record's POSTs with these answers in turn (the last one repeats), and keep what arrived. */
function serve(...answers: (() => Response | Promise<Response>)[]) {
  const received: Received[] = [];
  server.use(
    http.post(`${API}/inspections`, async ({ request }) => {
      const key = request.headers.get('Idempotency-Key');
      const earlier = received.filter((r) => r.key === key).length;
      const answer = answers[Math.min(earlier, answers.length - 1)];
      const form = await request.formData();
      const photos: Received['photos'] = [];
      for (const [field, value] of form.entries()) {
        if (typeof value !== 'string') photos.push({ field, name: value.name, type: value.type, bytes: Array.from(new Uint8Array(await value.arrayBuffer())) });
      }
      received.push({ key, record: JSON.parse(String(form.get('record'))) as Record<string, unknown>, photos });
      return answer();
    }),
  );
  return received;
}

const ok = () => HttpResponse.json({ ok: true }, { status: 201 });

const server = setupServer();
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => server.resetHandlers());
afterAll(() => server.close());

let db: PdsDatabase;
/** Another connection to the same database, as a second tab has. */
let reopen: () => PdsDatabase;
let store: InspectionStore;
let clock: number;
let saved: InspectionRecord[];
const now = () => new Date(clock);

beforeEach(() => {
  ({ db, reopen } = freshDatabase());
  clock = Date.parse('2025-09-18T02:30:00Z');
  store = createInspectionStore(db, { now });
  saved = [];
});

afterEach(async () => {
  // Never lost: whatever happened, every saved record and photo is still stored.
  expect(await db.inspections.count()).toBe(saved.length);
  expect(await db.photos.count()).toBe(saved.reduce((n, r) => n + r.photoIds.length, 0));
  db.close();
});

async function save(photos = 2, notes = '排口下方有油膜') {
  const record = await store.save(
    makeDraft({ notes }),
    Array.from({ length: photos }, (_, i) => makePhoto(i + 1)),
  );
  saved.push(record);
  clock += 1000;
  return record;
}

const sync = (options: Partial<InspectionSyncOptions> = {}) => createInspectionSync({ store, apiBase: API, now, random: () => 0.5, ...options });
const state = async (uuid: string) => (await store.get(uuid))!;

describe('sending an inspection', () => {
  it('200: sends record, photos and idempotency key once, marks it 已同步, and a second pass sends nothing', async () => {
    const received = serve(ok);
    const record = await save(2);
    const queue = sync();

    expect(await queue.syncNow()).toEqual({ enabled: true, sent: 1, failed: 0, pending: 0, message: null });
    expect(received).toHaveLength(1);
    expect(received[0].key).toBe(record.uuid);
    expect(received[0].record).toMatchObject({
      uuid: record.uuid,
      outfallCode: 'PDS-ZH-0195',
      inspector: '张伟',
      notes: '排口下方有油膜',
      photoIds: record.photoIds,
    });
    expect(received[0].record).not.toHaveProperty('syncState');
    expect(received[0].photos).toEqual([
      { field: 'photo-1', name: `${record.uuid}-1.jpg`, type: 'image/jpeg', bytes: Array.from(new Uint8Array(await makePhoto(1).arrayBuffer())) },
      { field: 'photo-2', name: `${record.uuid}-2.jpg`, type: 'image/jpeg', bytes: Array.from(new Uint8Array(await makePhoto(2).arrayBuffer())) },
    ]);
    expect(await state(record.uuid)).toMatchObject({ syncState: 'synced', syncedAt: now().toISOString(), syncError: null });

    expect((await queue.syncNow()).sent).toBe(0);
    expect(received).toHaveLength(1);
  });

  it('two overlapping passes (a double tap on 同步) still send each record once', async () => {
    const received = serve(ok);
    await save(0);
    const queue = sync();
    await Promise.all([queue.syncNow(), queue.syncNow()]);
    expect(received).toHaveLength(1);
  });

  it('sends the oldest first, one at a time', async () => {
    const received = serve(ok);
    const first = await save(0, '早');
    const second = await save(0, '晚');
    expect((await sync().syncNow()).sent).toBe(2);
    expect(received.map((r) => r.key)).toEqual([first.uuid, second.uuid]);
  });

  it('409 (the server already has this uuid) counts as acknowledged', async () => {
    serve(() => HttpResponse.json({ message: '已存在' }, { status: 409 }));
    const record = await save();
    expect((await sync().syncNow()).sent).toBe(1);
    expect((await state(record.uuid)).syncState).toBe('synced');
  });

  it('a Wi-Fi login page answering 200 with HTML is not an acknowledgement', async () => {
    serve(() => HttpResponse.html('<html><body>请登录</body></html>'));
    const record = await save();
    await sync().syncNow();
    expect(await state(record.uuid)).toMatchObject({ syncState: 'pending', attempts: 1 });
  });
});

describe('failures that pass by themselves: kept pending, retried later', () => {
  it('500: stays pending with a backoff, is not re-sent before it is due, then 200 marks it synced', async () => {
    const received = serve(
      () => new HttpResponse('oops', { status: 500 }),
      () => new HttpResponse('oops', { status: 500 }),
      ok,
    );
    const record = await save();
    const other = await save(0);
    const queue = sync();

    const first = await queue.syncNow();
    expect(first).toMatchObject({ sent: 0, failed: 0, pending: 2, message: '服务器暂时无法处理（500），将自动重试' });
    // The pass stops at a failing server rather than piling the other record on it.
    expect(received.map((r) => r.key)).toEqual([record.uuid]);
    const afterFirst = await state(record.uuid);
    expect(afterFirst).toMatchObject({ syncState: 'pending', attempts: 1, syncError: '服务器暂时无法处理（500），将自动重试' });
    // 5 s × 2^0, jittered to 75 % by random() = 0.5.
    expect(Date.parse(afterFirst.nextAttemptAt!) - clock).toBe(3750);

    clock += 3000; // not yet due
    await queue.syncNow();
    // The other record (never tried) goes; the failed one waits.
    expect(received.map((r) => r.key)).toEqual([record.uuid, other.uuid]);
    expect((await state(other.uuid)).syncState).toBe('pending');

    clock += 1000; // due now; fails again, and the next wait doubles
    await queue.syncNow();
    const afterSecond = await state(record.uuid);
    expect(afterSecond.attempts).toBe(2);
    expect(Date.parse(afterSecond.nextAttemptAt!) - clock).toBe(7500);

    clock += 7500;
    expect((await queue.syncNow()).sent).toBe(1);
    expect(await state(record.uuid)).toMatchObject({ syncState: 'synced', attempts: 3, syncError: null });
    expect(received.filter((r) => r.key === record.uuid)).toHaveLength(3);
  });

  it.each([408, 429, 503])('%i is retried, not refused', async (status) => {
    serve(() => new HttpResponse(null, { status }));
    const record = await save();
    await sync().syncNow();
    expect((await state(record.uuid)).syncState).toBe('pending');
    expect((await state(record.uuid)).nextAttemptAt).not.toBeNull();
  });

  it('429 with Retry-After waits at least that long', async () => {
    serve(() => new HttpResponse(null, { status: 429, headers: { 'Retry-After': '120' } }));
    const record = await save();
    await sync().syncNow();
    expect(Date.parse((await state(record.uuid)).nextAttemptAt!) - clock).toBe(120_000);
  });

  it('a server that never answers: the request is cut at the timeout and the record stays pending', async () => {
    server.use(
      http.post(`${API}/inspections`, async () => {
        await delay('infinite');
        return ok();
      }),
    );
    const record = await save();
    const result = await sync({ timeoutMs: 30 }).syncNow();
    expect(result.message).toContain('超时');
    expect(await state(record.uuid)).toMatchObject({ syncState: 'pending', attempts: 1 });
  });

  it('no network (the request fails): the record stays pending with a Chinese reason', async () => {
    server.use(http.post(`${API}/inspections`, () => HttpResponse.error()));
    const record = await save();
    await sync().syncNow();
    expect(await state(record.uuid)).toMatchObject({ syncState: 'pending', syncError: '无法连接服务器（网络不可用），将自动重试' });
  });

  it('the device says it is offline: nothing is sent and the record stays pending', async () => {
    const received = serve(ok);
    const record = await save();
    const result = await sync({ isOnline: () => false }).syncNow();
    expect(result).toEqual({ enabled: true, sent: 0, failed: 0, pending: 1, message: '当前离线，联网后将自动同步' });
    expect(received).toHaveLength(0);
    expect(await state(record.uuid)).toMatchObject({ syncState: 'pending', attempts: 0 });
  });

  it('start(): coming back online sends what was saved offline, once', async () => {
    const received = serve(ok);
    let online = false;
    let onlineChecks = 0;
    const events = new EventTarget();
    let settled!: () => void;
    const allSynced = new Promise<void>((resolve) => (settled = resolve));
    const queue = sync({
      isOnline: () => (onlineChecks++, online),
      onlineEvents: events,
      onChange: () =>
        void store.countPending().then(
          (n) => n === 0 && settled(),
          () => undefined,
        ),
    });
    await save();
    queue.start();
    // Offline, the queue looks once and then waits for the event rather than spinning.
    for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    expect(onlineChecks).toBe(1);
    expect(received).toHaveLength(0);
    online = true;
    events.dispatchEvent(new Event('online'));
    await allSynced;
    queue.stop();
    await queue.syncNow(); // let the pass in flight finish before the database closes
    expect(received).toHaveLength(1);
  });

  it('the backoff doubles per attempt and is capped at 10 minutes', () => {
    expect([0, 1, 2, 3].map((a) => retryDelayMs(a, () => 0.999999))).toEqual([5000, 10000, 20000, 40000]);
    expect(retryDelayMs(30, () => 0.999999)).toBe(600_000);
    expect(retryDelayMs(30, () => 0)).toBe(300_000);
  });
});

describe('refusals: kept with the reason, retried only when the user asks', () => {
  it('422 with {message}: state error with 服务器拒绝：…, not retried automatically; retry() then 200 marks it synced', async () => {
    const received = serve(() => HttpResponse.json({ message: '排污口编码不存在' }, { status: 422 }), ok);
    const record = await save();
    const queue = sync();

    expect(await queue.syncNow()).toMatchObject({ sent: 0, failed: 1, pending: 1 });
    expect(await state(record.uuid)).toMatchObject({ syncState: 'error', syncError: '服务器拒绝：排污口编码不存在', nextAttemptAt: null });

    clock += 24 * 3_600_000; // a day later, still not sent by itself
    await queue.syncNow();
    expect(received).toHaveLength(1);

    await queue.retry(record.uuid);
    expect((await state(record.uuid)).syncState).toBe('pending');
    expect((await queue.syncNow()).sent).toBe(1);
    expect(received).toHaveLength(2);
    expect(received[1].key).toBe(record.uuid);
    expect(await state(record.uuid)).toMatchObject({ syncState: 'synced', syncError: null });
  });

  it('a refusal as plain text is shown as text; an HTML error page falls back to the status', async () => {
    serve(() => new HttpResponse('巡查人不在名单中', { status: 403 }));
    const a = await save();
    await sync().syncNow();
    serve(() => HttpResponse.html('<h1>Bad Request</h1>', { status: 400 }));
    const b = await save();
    await sync().syncNow();
    expect((await state(a.uuid)).syncError).toBe('服务器拒绝：巡查人不在名单中');
    expect((await state(b.uuid)).syncError).toBe('服务器拒绝：HTTP 400');
  });
});

describe('no sync server configured', () => {
  it('sends nothing, keeps the records pending and says sync is off', async () => {
    const record = await save();
    // onUnhandledRequest 'error' would fail the test on any request.
    const result = await createInspectionSync({ store, apiBase: null }).syncNow();
    expect(result).toEqual({ enabled: false, sent: 0, failed: 0, pending: 1, message: '未配置同步服务器，巡查记录只保存在本机' });
    expect((await state(record.uuid)).syncState).toBe('pending');
  });
});

/** A lock as Web Locks gives it: tasks run one after the other, in the order asked. Counts the tasks that had to wait. */
function sharedLock() {
  let tail: Promise<unknown> = Promise.resolve();
  /** Tasks asked for and not yet finished. */
  let outstanding = 0;
  const lock = {
    waited: 0,
    run<T>(task: () => Promise<T>): Promise<T> {
      if (outstanding > 0) lock.waited++;
      outstanding++;
      const result = tail.then(async () => {
        try {
          return await task();
        } finally {
          outstanding--;
        }
      });
      tail = result.catch(() => undefined);
      return result;
    },
  };
  return lock;
}

/** The server answers after a while, so that the passes of two tabs overlap. */
const slowOk = async () => {
  await delay(30);
  return ok();
};

describe('several tabs open: one upload queue per browser', () => {
  it('two tabs passing at the same time send each record with its photos once, and all end up 已同步', async () => {
    const received = serve(slowOk);
    const records = [await save(2, '一'), await save(1, '二'), await save(0, '三')];
    const otherDb = reopen();
    const lock = sharedLock();
    const tabA = sync({ lock: lock.run });
    const tabB = sync({ store: createInspectionStore(otherDb, { now }), lock: lock.run });

    const [a, b] = await Promise.all([tabA.syncNow(), tabB.syncNow()]);
    otherDb.close();

    // The passes did overlap: one tab had to wait for the other's.
    expect(lock.waited).toBe(1);
    expect(received.map((r) => r.key).sort()).toEqual(records.map((r) => r.uuid).sort());
    for (const record of records) {
      expect(received.find((r) => r.key === record.uuid)!.photos).toHaveLength(record.photoIds.length);
      expect((await state(record.uuid)).syncState).toBe('synced');
    }
    // The tab that waited found nothing left to send.
    expect([a.sent, b.sent].sort()).toEqual([0, 3]);
    expect(a.pending).toBe(0);
    expect(b.pending).toBe(0);
  });

  it('a record saved in one tab while the other tab is sending is sent once, after it', async () => {
    const received = serve(slowOk);
    const first = await save(1, '一');
    const otherDb = reopen();
    const otherStore = createInspectionStore(otherDb, { now });
    const lock = sharedLock();
    const tabA = sync({ lock: lock.run });
    const tabB = sync({ store: otherStore, lock: lock.run });

    const passA = tabA.syncNow();
    // Tab B saves while tab A's request is in flight, then asks for a pass at once (as save() does).
    await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await otherStore.save(makeDraft({ notes: '二' }), [makePhoto(9)]);
    saved.push(second);
    const passB = tabB.syncNow();
    await Promise.all([passA, passB]);
    otherDb.close();

    expect(received.map((r) => r.key)).toEqual([first.uuid, second.uuid]);
    expect((await state(second.uuid)).syncState).toBe('synced');
  });

  it('by default the queues of all tabs take the Web Lock pds-inspection-upload (exclusive)', async () => {
    const received = serve(slowOk);
    const records = [await save(1), await save(2)];
    const lock = sharedLock();
    const requests: { name: string; options: LockOptions }[] = [];
    vi.stubGlobal('navigator', {
      locks: {
        request: (name: string, options: LockOptions, callback: (lock: Lock | null) => Promise<unknown>) => {
          requests.push({ name, options });
          return lock.run(() => callback({ name, mode: 'exclusive' } as Lock));
        },
      },
    });
    try {
      const otherDb = reopen();
      const tabA = sync();
      const tabB = sync({ store: createInspectionStore(otherDb, { now }) });
      await Promise.all([tabA.syncNow(), tabB.syncNow()]);
      otherDb.close();
    } finally {
      vi.unstubAllGlobals();
    }
    expect(UPLOAD_LOCK_NAME).toBe('pds-inspection-upload');
    expect(requests).toEqual([
      { name: 'pds-inspection-upload', options: { mode: 'exclusive' } },
      { name: 'pds-inspection-upload', options: { mode: 'exclusive' } },
    ]);
    expect(received.map((r) => r.key).sort()).toEqual(records.map((r) => r.uuid).sort());
  });

  it('a browser without Web Locks (old, or a page not served over https) still sends', async () => {
    const received = serve(ok);
    await save(1);
    vi.stubGlobal('navigator', { onLine: true });
    try {
      expect((await sync().syncNow()).sent).toBe(1);
    } finally {
      vi.unstubAllGlobals();
    }
    expect(received).toHaveLength(1);
  });

  it('a change in one tab makes the other tabs refresh their lists, not the tab itself', async () => {
    const name = `pds-inspections-test-${Math.random()}`;
    let sameTab = 0;
    let otherTab!: () => void;
    const refreshed = new Promise<void>((resolve) => (otherTab = resolve));
    const a = createCrossTabSignal(() => sameTab++, name);
    const b = createCrossTabSignal(() => otherTab(), name);
    try {
      a.notify();
      await refreshed;
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(sameTab).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  });
});
