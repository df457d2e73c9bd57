// Writes parts of the page's query string, a moment after they change rather than at every
// change. Each history.replaceState/pushState costs Chromium ~5 ms on the main thread, and a
// dragged slider changes the filter or the grid's day 30 times a second: written at once,
// the URL alone took 0.5 s of main thread over one 101-step drag (bench/filter_slider.ts).
// A change is a history entry (back steps to it) unless it follows the last entry closely.

/** A change waits this long for the next before the URL is written. */
export const URL_WRITE_DELAY_MS = 150;
/** Entry changes closer together than this share one history entry. */
const COALESCE_MS = 800;

export interface UrlWriter {
  /** Ask for these query keys: each takes its value in `values` or leaves the URL. `entry`: a history entry of its own. */
  set(keys: readonly string[], values: Readonly<Record<string, string>>, entry: boolean): void;
  /** Forget what was asked and not yet written (the user stepped back in history meanwhile). */
  cancel(): void;
  /** Write now what is waiting. */
  flush(): void;
  dispose(): void;
}

export function createUrlWriter(): UrlWriter {
  const wanted = new Map<string, string | null>();
  let entry = false;
  let lastEntry = -Infinity;
  let timer: ReturnType<typeof setTimeout> | null = null;

  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    if (wanted.size === 0) return;
    const url = new URL(location.href);
    for (const [key, value] of wanted) {
      if (value === null) url.searchParams.delete(key);
      else url.searchParams.set(key, value);
    }
    wanted.clear();
    const asEntry = entry;
    entry = false;
    if (url.href === location.href) return;
    const now = performance.now();
    if (asEntry && now - lastEntry > COALESCE_MS) history.pushState(history.state, '', url);
    else history.replaceState(history.state, '', url);
    if (asEntry) lastEntry = now;
  };
  // A reload or a closed tab right after a change still finds it in the URL it leaves.
  window.addEventListener('pagehide', flush);

  return {
    set(keys, values, isEntry) {
      for (const key of keys) wanted.set(key, values[key] ?? null);
      entry ||= isEntry;
      timer ??= setTimeout(flush, URL_WRITE_DELAY_MS);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      wanted.clear();
      entry = false;
    },
    flush,
    dispose() {
      flush();
      window.removeEventListener('pagehide', flush);
    },
  };
}
