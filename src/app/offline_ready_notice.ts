// 已可离线使用 is a promise to an inspector about to lose the network, so it is
// made only when it holds: the service worker has the app shell AND every layer of
// the data set is in IndexedDB. A shell without data would open an empty map.

import { effect } from '@preact/signals';
import { addNotice } from '../state/actions';
import type { AppState } from '../state/app_state';

/** Whether every layer of the shown data set has a version in the offline cache. */
export function dataSetFullyCached(state: AppState): boolean {
  const manifest = state.manifest.value;
  if (!manifest || state.notCachedLayers.value.length > 0) return false;
  const cached = new Set(state.cachedLayers.value.map((l) => l.id));
  return manifest.layers.every((l) => cached.has(l.id));
}

/** Say 已可离线使用 once, when both the shell and the data are stored. */
export function connectOfflineReadyNotice(state: AppState): void {
  let said = false;
  const stop = effect(() => {
    if (said || !state.shellOfflineReady.value || !dataSetFullyCached(state)) return;
    said = true;
    addNotice(state, 'info', '已可离线使用');
    queueMicrotask(() => stop());
  });
}
