import { useMemo, useState } from 'preact/hooks';
import bbox from '@turf/bbox';
import type { FeatureCollection } from 'geojson';
import type { CardContext } from '../../layers/card';
import type { LayerDescription } from '../../layers/layer_description';
import { requestBounds, requestView, selectFeature, setLayerVisible, setPanelOpen } from '../../state/actions';
import type { AppState } from '../../state/app_state';

/** Names listed at a time: a park or a station is among the first; thousands of outfalls have 搜索. */
const PAGE = 50;

/** A card title needs none of the lookups a full card makes (counts around a park…). */
const TITLE_CONTEXT: CardContext = { parkName: () => undefined, countOutfalls: () => undefined };

/**
 * 列表: a layer's features by the title of their card, each a button that opens the card and shows
 * the feature — the map's features for a keyboard or a screen reader, with no pointer.
 */
export function FeatureList({
  state,
  description,
  collection,
  title,
}: {
  state: AppState;
  description: LayerDescription;
  collection: FeatureCollection;
  title: string;
}) {
  const [open, setOpen] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const listId = `feature-list-${description.id}`;
  const total = collection.features.length;
  const names = useMemo(
    () =>
      open
        ? collection.features
            .slice(0, shown)
            .map((_, index) => description.describe({ kind: 'geojson', collection }, index, TITLE_CONTEXT)?.title ?? `${title} ${index + 1}`)
        : [],
    [open, shown, collection, description],
  );

  const choose = (index: number) => {
    setLayerVisible(state, description.id, true);
    selectFeature(state, { layerId: description.id, featureIndex: index });
    showOnMap(state, collection.features[index]);
    // On a phone the layer sheet would cover the card and the map.
    if (state.phoneLayout.peek()) setPanelOpen(state, false);
  };

  return (
    <>
      <button
        type="button"
        class="layer-item__list"
        aria-expanded={open}
        aria-controls={listId}
        aria-label={`${title}列表`}
        disabled={total === 0}
        onClick={() => setOpen(!open)}
      >
        列表
      </button>
      <div id={listId} class="feature-list" hidden={!open}>
        {open && (
          <>
            <ul aria-label={`${title}（共 ${total.toLocaleString('zh-CN')} 个）`}>
              {names.map((name, index) => (
                <li key={index}>
                  <button type="button" class="feature-list__item" onClick={() => choose(index)}>
                    {name}
                  </button>
                </li>
              ))}
            </ul>
            {total > shown && (
              <button type="button" class="feature-list__more" onClick={() => setShown(shown + PAGE)}>
                再列出 {Math.min(PAGE, total - shown)} 个（共 {total.toLocaleString('zh-CN')} 个）
              </button>
            )}
          </>
        )}
      </div>
    </>
  );
}

/** Bring a feature into view: a point at street zoom, anything larger whole, clear of the card. */
function showOnMap(state: AppState, feature: FeatureCollection['features'][number]): void {
  if (!feature.geometry) return;
  const [west, south, east, north] = bbox(feature);
  if (!Number.isFinite(west)) return;
  if (west === east && south === north) requestView(state, west, south, 15);
  // The card covers the lower half of a phone and the right of a wide window.
  else
    requestBounds(
      state,
      [west, south, east, north],
      state.phoneLayout.peek() ? { top: 0, right: 0, bottom: 0.5, left: 0 } : { top: 0, right: 0.4, bottom: 0, left: 0 },
    );
}
