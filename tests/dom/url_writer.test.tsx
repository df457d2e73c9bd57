import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { URL_WRITE_DELAY_MS, createUrlWriter } from '../../src/app/url_writer';
import type { UrlWriter } from '../../src/app/url_writer';

describe('createUrlWriter: the address bar follows a dragged slider without a history call per step', () => {
  let writer: UrlWriter;
  beforeEach(() => {
    vi.useFakeTimers();
    history.replaceState(null, '', '/?keep=1#10/33.7/113.2');
    writer = createUrlWriter();
  });
  afterEach(() => {
    writer.dispose();
    vi.useRealTimers();
  });

  it('writes a burst of changes once, with the last values, and keeps other parameters and the map’s hash', () => {
    const push = vi.spyOn(history, 'pushState');
    const replace = vi.spyOn(history, 'replaceState');
    for (let d = 0; d <= 500; d += 50) writer.set(['fa', 'fv'], { fa: `near-river:shahe:${d}` }, true);
    expect(location.search, 'nothing yet: the drag goes on').toBe('?keep=1');
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    const params = new URLSearchParams(location.search);
    expect(params.get('fa')).toBe('near-river:shahe:500');
    expect(params.get('keep')).toBe('1');
    expect(location.hash).toBe('#10/33.7/113.2');
    expect(push.mock.calls.length + replace.mock.calls.length).toBe(1);
    push.mockRestore();
    replace.mockRestore();
  });

  it('makes a new history entry for a change after a pause, and replaces the entry for one close behind', () => {
    const length = history.length;
    writer.set(['fa'], { fa: 'a' }, true);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(history.length).toBe(length + 1);
    writer.set(['fa'], { fa: 'b' }, true);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(history.length, 'close behind the last entry: the same entry').toBe(length + 1);
    expect(new URLSearchParams(location.search).get('fa')).toBe('b');
    vi.advanceTimersByTime(1000);
    writer.set(['fa'], { fa: 'c' }, true);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(history.length).toBe(length + 2);
  });

  it('removes a key that has no value, and a non-entry change never adds to the history', () => {
    const length = history.length;
    writer.set(['lh'], { lh: 'fire-points' }, false);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(new URLSearchParams(location.search).get('lh')).toBe('fire-points');
    writer.set(['lh'], {}, false);
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS);
    expect(new URLSearchParams(location.search).has('lh')).toBe(false);
    expect(history.length).toBe(length);
  });

  it('a reload right after a change finds it in the URL (written on pagehide), and cancel drops what waits', () => {
    writer.set(['p'], { p: 'pm10' }, false);
    window.dispatchEvent(new Event('pagehide'));
    expect(new URLSearchParams(location.search).get('p')).toBe('pm10');
    writer.set(['p'], { p: 'o3' }, false);
    writer.cancel();
    vi.advanceTimersByTime(URL_WRITE_DELAY_MS * 2);
    expect(new URLSearchParams(location.search).get('p')).toBe('pm10');
  });
});
