// The built-in layers, in the order the layer panel lists them (and, within a
// drawing band, the order they draw in). Adding a layer: write its module beside
// these and add one line here.

import { countiesLayer } from './counties';
import { enterprisesLayer } from './enterprises';
import { firePointsLayer } from './fire_points';
import { hotspotGridLayer } from './hotspot_grid';
import type { LayerDescription } from './layer_description';
import { outfallsLayer } from './outfalls';
import { parksLayer } from './parks';
import { reservoirsLayer } from './reservoirs';
import { riversLayer } from './rivers';
import { sourceProtectionLayer } from './source_protection';
import { stationsLayer } from './stations';

export const BUILT_IN_LAYERS: readonly LayerDescription[] = [
  countiesLayer,
  riversLayer,
  reservoirsLayer,
  sourceProtectionLayer,
  outfallsLayer,
  parksLayer,
  enterprisesLayer,
  stationsLayer,
  hotspotGridLayer,
  firePointsLayer,
];
