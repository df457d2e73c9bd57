// The default map style: nothing but a paper-coloured background. Every other
// layer comes from the app's own data set, so the default build requests no
// tiles, sprites or glyphs from anywhere. The style has no `glyphs` URL on
// purpose: MapLibre (≥ 5.11) then draws all label text with the device's fonts.

import type { StyleSpecification } from 'maplibre-gl';

export const OFFLINE_BACKGROUND = '#e9e6dc';

export function createOfflineStyle(): StyleSpecification {
  return {
    version: 8,
    name: '离线底图',
    sources: {},
    layers: [{ id: 'background', type: 'background', paint: { 'background-color': OFFLINE_BACKGROUND } }],
  };
}
