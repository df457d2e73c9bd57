import type { ExpressionSpecification } from 'maplibre-gl';
import type { HotspotGrid, Pollutant } from '../../data/hotspot_grid_format';
import { GRID_NO_DATA, gridDaySlice } from '../../data/hotspot_grid_format';
import { AQI_LEVELS, CONCENTRATION_BREAKPOINTS } from '../../spatial/aqi';
import { buildGridCellPolygons } from '../../spatial/grid_cells';
import { NO_DATA_COLOUR } from '../../symbology/air_quality';
import type { LayerBundle } from './layer_bundle';

export const GRID_SOURCE = 'hotspot-grid';

/** The cell's value; −1 when unset (`to-number` alone would turn a missing state into 0, a clean-air green). */
const CELL_VALUE: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'v'], -1]];

/**
 * Fill colour from the cell's feature-state `v` (µg/m³, −1 = no data) through the
 * HJ 633-2012 level colours. Colours live in feature-state rather than properties
 * so that showing another day re-colours the cells without rebuilding the source
 * (setFeatureState re-colours 32k cells in well under a second; setData takes ~2 s).
 */
export function gridColourExpression(pollutant: Pollutant): ExpressionSpecification {
  const bp = CONCENTRATION_BREAKPOINTS[pollutant];
  const stops: (number | string)[] = [];
  // Integer concentrations: a value equal to a breakpoint belongs to the lower level.
  for (let level = 1; level < AQI_LEVELS.length && level < bp.length - 1; level++) stops.push(bp[level] + 1e-6, AQI_LEVELS[level].color);
  return ['case', ['<', CELL_VALUE, 0], NO_DATA_COLOUR, ['step', CELL_VALUE, AQI_LEVELS[0].color, ...stops]] as ExpressionSpecification;
}

/** The grid as cell squares; values arrive separately through setGridValues. */
export function hotspotGridBundle(grid: HotspotGrid, pollutant: Pollutant): LayerBundle {
  return {
    sources: { [GRID_SOURCE]: { type: 'geojson', data: buildGridCellPolygons(grid) } },
    layers: [
      {
        id: 'hotspot-grid-fill',
        type: 'fill',
        source: GRID_SOURCE,
        paint: {
          'fill-color': gridColourExpression(pollutant),
          // Translucent, so rivers, parks and outfalls stay readable through the grid.
          'fill-opacity': ['case', ['<', CELL_VALUE, 0], 0.3, 0.45],
          'fill-outline-color': ['case', ['boolean', ['feature-state', 'selected'], false], '#000000', 'rgba(0,0,0,0)'],
        },
      },
    ],
    clickable: ['hotspot-grid-fill'],
  };
}

/** Per-cell values of one pollutant-day, −1 where the satellite saw no data (cloud). */
export function gridDayValues(grid: HotspotGrid, pollutant: Pollutant, day: number): Float32Array {
  const slice = gridDaySlice(grid, pollutant, day);
  const out = new Float32Array(slice.length);
  for (let i = 0; i < slice.length; i++) out[i] = slice[i] === GRID_NO_DATA ? -1 : slice[i];
  return out;
}
