import { setBasemap } from '../../state/actions';
import type { AppState } from '../../state/app_state';

/** 底图: the built-in offline basemap and any the deployment configured; those stored on this device say so (they work with no network). */
export function BasemapSwitcher({ state }: { state: AppState }) {
  const stored = new Set(state.offlineBasemaps.value.map((b) => b.id));
  const options = [
    { id: '', title: '离线底图' },
    ...state.config.value.basemaps.map((b) => ({ id: b.id, title: stored.has(b.id) ? `${b.title}（已下载）` : b.title })),
  ];
  return (
    <label class="basemap-switcher">
      <span class="basemap-switcher__label">底图</span>
      <select value={state.basemapId.value ?? ''} onChange={(e) => setBasemap(state, e.currentTarget.value || null)}>
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.title}
          </option>
        ))}
      </select>
    </label>
  );
}
