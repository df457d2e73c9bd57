// 热点网格: the satellite hotspot grid, ~7,900 one-kilometre cells with daily
// values. The file holds no polygons (src/data/hotspot_grid_format.ts); the cell
// squares are built once, and the values of the day shown arrive as feature-state,
// so showing another day re-colours the cells without rebuilding the source
// (setFeatureState re-colours 32k cells in well under a second; setData takes ~2 s).

import type { ExpressionSpecification } from 'maplibre-gl';
import type { HotspotGrid, Pollutant } from '../data/hotspot_grid_format';
import { GRID_NO_DATA, gridDayDate, gridDaySlice } from '../data/hotspot_grid_format';
import { AQI_LEVELS, CONCENTRATION_BREAKPOINTS } from '../spatial/aqi';
import { buildGridCellPolygons } from '../spatial/grid_cells';
import { NO_DATA_COLOUR, POLLUTANT_NAMES } from '../symbology/air_quality';
import type { LegendEntry } from '../symbology/colours';
import { reading } from './card';
import type { FeatureDescription, Row } from './card';
import { STACK, whenSelected } from './layer_description';
import type { LayerDescription } from './layer_description';

export const HOTSPOT_GRID = 'hotspot-grid';
/** The source whose features carry the day's values as feature-state `v`. */
export const HOTSPOT_GRID_SOURCE = 'hotspot-grid';
export const HOTSPOT_GRID_FILL = 'hotspot-grid-fill';

/** The cell's value; −1 when unset (`to-number` alone would turn a missing state into 0, a clean-air green). */
const CELL_VALUE: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'v'], -1]];

/** Fill colour from the cell's feature-state `v` (µg/m³, −1 = no data) through the HJ 633-2012 level colours. */
export function gridColourExpression(pollutant: Pollutant): ExpressionSpecification {
  const bp = CONCENTRATION_BREAKPOINTS[pollutant];
  const stops: (number | string)[] = [];
  // Integer concentrations: a value equal to a breakpoint belongs to the lower level.
  for (let level = 1; level < AQI_LEVELS.length && level < bp.length - 1; level++) stops.push(bp[level] + 1e-6, AQI_LEVELS[level].color);
  return ['case', ['<', CELL_VALUE, 0], NO_DATA_COLOUR, ['step', CELL_VALUE, AQI_LEVELS[0].color, ...stops]] as ExpressionSpecification;
}

/** Per-cell values of one pollutant-day, −1 where the satellite saw no data (cloud). */
function gridDayValues(grid: HotspotGrid, pollutant: Pollutant, day: number): Float32Array {
  const slice = gridDaySlice(grid, pollutant, day);
  const out = new Float32Array(slice.length);
  for (let i = 0; i < slice.length; i++) out[i] = slice[i] === GRID_NO_DATA ? -1 : slice[i];
  return out;
}

/** PM2.5 level bands as "0–35 优", "36–75 良" … for integer concentrations. */
function pm25Legend(): LegendEntry[] {
  const bp = CONCENTRATION_BREAKPOINTS.pm25;
  return AQI_LEVELS.map((level, i) => ({
    label: i < AQI_LEVELS.length - 1 ? `${i === 0 ? 0 : bp[i] + 1}–${bp[i + 1]} ${level.name}` : `>${bp[i]} ${level.name}`,
    colour: level.color,
    shape: 'fill' as const,
  }));
}

/** The card of one cell on one day: its county and the day's concentrations with their levels. */
export function describeGridCell(grid: HotspotGrid, index: number, day: number): FeatureDescription {
  const { header } = grid;
  const n = header.cellCount;
  const rows: Row[] = header.pollutants.map((k, p) => {
    const raw = grid.values[(p * header.days + day) * n + index];
    return [POLLUTANT_NAMES[k], raw === GRID_NO_DATA ? '无数据（云遮挡）' : reading(k, raw)];
  });
  const county = header.counties[grid.cellCounty[index]];
  return {
    title: `热点网格 ${grid.cellIds[index]}`,
    kind: '卫星热点网格（约 1 km）',
    rows: [
      ['网格编号', String(grid.cellIds[index])],
      ['所在县区', county ? `${county.name}（${county.code}）` : '—'],
      ['日期', gridDayDate(header, day)],
    ],
    sections: [{ heading: '当日浓度', rows }],
  };
}

export const hotspotGridLayer: LayerDescription = {
  id: HOTSPOT_GRID,
  title: '热点网格',
  format: 'pdsgrid',
  countUnit: '格',
  stack: { [HOTSPOT_GRID_FILL]: STACK.grid },
  pick: [{ mapLayer: HOTSPOT_GRID_FILL, priority: 80, geometry: 'area' }],
  legend: [...pm25Legend(), { label: '无数据（云遮挡）', colour: NO_DATA_COLOUR, shape: 'fill' }],
  note(layer, view) {
    if (layer.kind !== 'grid' || !view.gridView) return null;
    return `${POLLUTANT_NAMES[view.gridView.pollutant]} 日均浓度（µg/m³）· ${gridDayDate(layer.grid.header, view.gridView.day)}`;
  },
  bundle(layer, view) {
    if (layer.kind !== 'grid') throw new Error('热点网格图层应为网格数据');
    return {
      sources: { [HOTSPOT_GRID_SOURCE]: { type: 'geojson', data: buildGridCellPolygons(layer.grid) } },
      layers: [
        {
          id: HOTSPOT_GRID_FILL,
          type: 'fill',
          source: HOTSPOT_GRID_SOURCE,
          paint: {
            'fill-color': gridColourExpression(view.gridView?.pollutant ?? 'pm25'),
            // Translucent, so rivers, parks and outfalls stay readable through the grid.
            'fill-opacity': ['case', ['<', CELL_VALUE, 0], 0.3, 0.45],
            'fill-outline-color': whenSelected('#000000', 'rgba(0,0,0,0)') as never,
          },
        },
      ],
    };
  },
  featureValues(layer, view) {
    if (layer.kind !== 'grid' || !view.gridView) return null;
    const { pollutants, days } = layer.grid.header;
    // A view chosen for another version of the grid (an update with other days or pollutants): nothing to colour yet.
    if (!pollutants.includes(view.gridView.pollutant) || view.gridView.day >= days) return null;
    return { source: HOTSPOT_GRID_SOURCE, values: gridDayValues(layer.grid, view.gridView.pollutant, view.gridView.day) };
  },
  describe(layer, index, context) {
    if (layer.kind !== 'grid' || index < 0 || index >= layer.grid.header.cellCount) return null;
    return describeGridCell(layer.grid, index, context.gridDay?.day ?? layer.grid.header.days - 1);
  },
};
