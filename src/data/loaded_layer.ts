// A layer after loading and validation: what the map draws and the cards read.

import type { FeatureCollection } from 'geojson';
import type { HotspotGrid } from './hotspot_grid_format';

export type LoadedLayer =
  | { kind: 'geojson'; collection: FeatureCollection }
  | { kind: 'grid'; grid: HotspotGrid };
