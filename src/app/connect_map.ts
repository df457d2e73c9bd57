// Creates the map in its element and binds it to the app state (bind_map.ts).

import { MapView } from '../map/map_view';
import { selectFeature } from '../state/actions';
import type { AppState } from '../state/app_state';
import { bindMapToState } from './bind_map';

/** Create the map in `container` and keep it in step with `state`; returns a disposer. */
export function connectMap(state: AppState, container: HTMLElement): () => void {
  const view = new MapView({ container, onPick: (pick) => selectFeature(state, pick), isPhoneLayout: () => state.phoneLayout.peek() });
  const unbind = bindMapToState(state, view);
  return () => {
    unbind();
    view.destroy();
  };
}
