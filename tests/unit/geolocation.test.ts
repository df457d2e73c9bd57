// 定位 turns each Geolocation outcome into what the inspector sees: a position,
// or a message that says what to do. A fake Geolocation stands in for the phone.
import { describe, expect, it } from 'vitest';
import { connectGeolocation, POOR_ACCURACY_M } from '../../src/app/geolocation';
import { setLocating } from '../../src/state/actions';
import { createAppState } from '../../src/state/app_state';

class FakeGeolocation implements Geolocation {
  success: PositionCallback | null = null;
  failure: PositionErrorCallback | null | undefined = null;
  cleared: number[] = [];
  watchPosition(success: PositionCallback, failure?: PositionErrorCallback | null): number {
    this.success = success;
    this.failure = failure;
    return 7;
  }
  clearWatch(id: number): void {
    this.cleared.push(id);
  }
  getCurrentPosition(): void {
    throw new Error('not used');
  }
  fix(lon: number, lat: number, accuracy: number): void {
    this.success?.({ coords: { longitude: lon, latitude: lat, accuracy }, timestamp: Date.now() } as GeolocationPosition);
  }
  fail(code: 1 | 2 | 3): void {
    this.failure?.({ code, message: 'x', PERMISSION_DENIED: 1, POSITION_UNAVAILABLE: 2, TIMEOUT: 3 } as GeolocationPositionError);
  }
}

function setup() {
  const state = createAppState();
  const geo = new FakeGeolocation();
  const dispose = connectGeolocation(state, geo);
  setLocating(state, true);
  return { state, geo, dispose };
}

describe('定位', () => {
  it('shows the position, centres the map on the first fix only, and stops watching when turned off', () => {
    const { state, geo } = setup();
    geo.fix(113.3, 33.72, 12);
    expect(state.position.value).toMatchObject({ lon: 113.3, lat: 33.72, accuracyM: 12 });
    expect(state.viewRequest.value).toEqual({ lon: 113.3, lat: 33.72, zoom: 15 });
    const firstRequest = state.viewRequest.value;
    geo.fix(113.31, 33.73, 10);
    expect(state.viewRequest.value).toBe(firstRequest);
    expect(state.notices.value).toEqual([]);
    setLocating(state, false);
    expect(geo.cleared).toEqual([7]);
    expect(state.position.value).toBeNull();
  });

  it('says how to allow location when permission is denied, and turns 定位 off', () => {
    const { state, geo } = setup();
    geo.fail(1);
    expect(state.notices.value[0].kind).toBe('error');
    expect(state.notices.value[0].text).toContain('位置权限被拒绝');
    expect(state.locating.value).toBe(false);
  });

  it('says there is no fix yet, and keeps trying', () => {
    const { state, geo } = setup();
    geo.fail(2);
    expect(state.notices.value[0].text).toContain('暂时没有定位信号');
    expect(state.locating.value).toBe(true);
    geo.fix(113.3, 33.72, 20);
    expect(state.position.value).not.toBeNull();
  });

  it('warns while the accuracy is poor and withdraws the warning once it is good', () => {
    const { state, geo } = setup();
    geo.fix(113.3, 33.72, POOR_ACCURACY_M + 150);
    expect(state.notices.value.map((n) => n.text)).toEqual([`定位精度较差（约 ${POOR_ACCURACY_M + 150} 米），附近排污口的距离和方向仅供参考。`]);
    geo.fix(113.3, 33.72, POOR_ACCURACY_M + 300);
    expect(state.notices.value).toHaveLength(1);
    geo.fix(113.3, 33.72, 8);
    expect(state.notices.value).toEqual([]);
  });

  it('says so when the browser has no geolocation at all', () => {
    const state = createAppState();
    connectGeolocation(state, null);
    setLocating(state, true);
    expect(state.notices.value[0].text).toContain('不支持定位');
    expect(state.locating.value).toBe(false);
  });
});
