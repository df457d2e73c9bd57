/// <reference types="vite-plugin-pwa/vanillajs" />
// Registers the service worker that keeps the app shell for offline use
// (configured in vite.config.ts). A new version never takes over by itself: it
// waits until the user presses 更新 on the notice, because a reload under an
// inspector who is filling in a form would lose their work.

import { registerSW } from 'virtual:pwa-register';
import { addNotice, setShellOfflineReady } from '../state/actions';
import type { AppState } from '../state/app_state';

/** How often a long-open page asks the server whether a new version exists. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

/** Show a notice unless the one shown earlier under the same key is still on screen. */
function noticeOnce(state: AppState, shown: Map<string, number>, key: string, show: () => number): void {
  const id = shown.get(key);
  if (id !== undefined && state.notices.value.some((n) => n.id === id)) return;
  shown.set(key, show());
}

export function registerServiceWorker(state: AppState): void {
  if (!('serviceWorker' in navigator)) return;
  // workbox-window can report the same waiting worker twice (its own update check
  // and the browser's both see it): one notice is enough.
  const shown = new Map<string, number>();
  let reloading = false;
  const reload = (): void => {
    if (reloading) return;
    reloading = true;
    window.location.reload();
  };
  const update = (): void => {
    // updateSW tells the waiting worker to take over; the page reloads once it has.
    // The plugin reloads by itself only in a page that already had a worker when it
    // opened; the tab of the very first visit (taken over by clients.claim) would
    // keep running the old version, so we listen for the takeover ourselves.
    navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
    void updateSW(true);
  };
  const updateSW = registerSW({
    immediate: true,
    onNeedRefresh() {
      noticeOnce(state, shown, 'update', () => addNotice(state, 'info', '新版本已就绪', { label: '更新', run: update }));
    },
    onNeedReload: reload,
    onOfflineReady() {
      // 已可离线使用 waits for the data too (src/app/offline_ready_notice.ts): the shell alone opens an empty map.
      setShellOfflineReady(state);
    },
    onRegisteredSW(_url, registration) {
      if (!registration) return;
      // Inspectors leave the app open for days: without this, they would only learn
      // of a new version on their next navigation. Offline, the check would only fail.
      setInterval(() => {
        if (navigator.onLine && !registration.installing) void registration.update().catch(() => undefined);
      }, UPDATE_CHECK_MS);
    },
    onRegisterError(error: unknown) {
      // The app still works online (and from IndexedDB); only the offline shell is missing.
      console.warn('service worker registration failed', error);
    },
  });
}
