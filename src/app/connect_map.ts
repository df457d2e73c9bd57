// Creates the map in its element and binds it to the app state (bind_map.ts).

import { MapView } from '../map/map_view';
import type { StoredBasemaps } from '../map/map_view';
import { selectFeature } from '../state/actions';
import type { AppState } from '../state/app_state';
import { bindMapToState } from './bind_map';
import { bindFieldMarks } from './field_marks';
import type { FieldServices } from '../ui/field_services';

/**
 * Create the map in `container` and keep it in step with `state`; `onView` hands the view to
 * what else draws with it (导出图片, 下载离线底图) and returns its own disposer; `field` (the 附近排污口
 * list) numbers the listed outfalls on the map; `storedBasemaps` are the basemaps kept on the device.
 * Returns a disposer.
 */
export function connectMap(
  state: AppState,
  container: HTMLElement,
  onView?: (view: MapView) => () => void,
  field?: Pick<FieldServices, 'nearby'>,
  storedBasemaps?: StoredBasemaps,
): () => void {
  const view = new MapView({ container, onPick: (pick) => selectFeature(state, pick), isPhoneLayout: () => state.phoneLayout.peek(), storedBasemaps });
  const unbind = bindMapToState(state, view);
  const unmark = field ? bindFieldMarks(state, view, field.nearby) : null;
  const detach = onView?.(view);
  return () => {
    detach?.();
    unmark?.();
    unbind();
    view.destroy();
  };
}
