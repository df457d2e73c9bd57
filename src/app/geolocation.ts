// Follows the user's position while 定位 is on (Geolocation watchPosition) and
// turns each failure into a message an inspector can act on.

import { effect } from '@preact/signals';
import { addNotice, dismissNotice, requestView, setLocating, setPosition } from '../state/actions';
import type { AppState } from '../state/app_state';

/** Beyond this the 68 % radius is too wide to tell neighbouring outfalls apart. */
export const POOR_ACCURACY_M = 100;

const ERROR_TEXT: Record<number, string> = {
  1: '无法定位：位置权限被拒绝。请在浏览器或系统设置中允许本网站使用位置信息后重试。',
  2: '无法定位：暂时没有定位信号（室内或信号弱时常见），请到开阔处稍候再试。',
  3: '定位超时：长时间未获得位置，请到开阔处再试。',
};

/** Start or stop watching the position as state.locating changes; returns a disposer. */
export function connectGeolocation(state: AppState, geolocation: Geolocation | null = globalThis.navigator?.geolocation ?? null): () => void {
  let watchId: number | null = null;
  let accuracyNotice: number | null = null;
  const stop = () => {
    if (watchId !== null) geolocation?.clearWatch(watchId);
    watchId = null;
    if (accuracyNotice !== null) dismissNotice(state, accuracyNotice);
    accuracyNotice = null;
  };
  const dispose = effect(() => {
    if (!state.locating.value) return stop();
    if (watchId !== null) return;
    if (!geolocation) {
      addNotice(state, 'error', '无法定位：此浏览器不支持定位功能。');
      setLocating(state, false);
      return;
    }
    watchId = geolocation.watchPosition(
      (fix) => {
        const { longitude: lon, latitude: lat, accuracy } = fix.coords;
        // Centre on the first fix only: later fixes must not yank the map away from where the user looks.
        if (state.position.peek() === null) requestView(state, lon, lat, 15);
        setPosition(state, { lon, lat, accuracyM: accuracy, at: fix.timestamp });
        const poor = accuracy > POOR_ACCURACY_M;
        if (poor && accuracyNotice === null) {
          accuracyNotice = addNotice(state, 'warning', `定位精度较差（约 ${Math.round(accuracy)} 米），附近排污口的距离和方向仅供参考。`);
        } else if (!poor && accuracyNotice !== null) {
          dismissNotice(state, accuracyNotice);
          accuracyNotice = null;
        }
      },
      (error) => {
        addNotice(state, 'error', ERROR_TEXT[error.code] ?? `无法定位：${error.message}`);
        // Permission denied will not fix itself: stop; other errors keep watching for a fix.
        if (error.code === 1) setLocating(state, false);
      },
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    );
  });
  return () => {
    dispose();
    stop();
  };
}
