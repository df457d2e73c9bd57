import { setBasemap } from '../../state/actions';
import type { AppState } from '../../state/app_state';

/** 底图: the built-in offline basemap and any the deployment configured. */
export function BasemapSwitcher({ state }: { state: AppState }) {
  const options = [{ id: '', title: '离线底图' }, ...state.config.value.basemaps.map((b) => ({ id: b.id, title: b.title }))];
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
