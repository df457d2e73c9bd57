// 热点网格: the satellite hotspot grid, ~7,900 one-kilometre cells with daily
// values. The file holds no polygons (src/data/hotspot_grid_format.ts); the cell
// squares are built once, and the values of the period shown (its mean, or each
// cell's ratio to the city mean, or to its own mean in a comparison period) arrive as
// feature-state, so another day, period, pollutant or colouring re-colours the cells
// without rebuilding the source
// (setFeatureState re-colours 32k cells in well under a second; setData takes ~2 s).

import type { ExpressionSpecification } from 'maplibre-gl';
import type { HotspotGrid, Pollutant } from '../data/hotspot_grid_format';
import { GRID_NO_DATA, cellBounds, cellTownshipName, gridDayDate, gridDaysMissing } from '../data/hotspot_grid_format';
import type { AirStationProperties } from '../data/types';
import { daysBetween } from '../data/dates';
import { DAILY_LIMITS, NO_VALUE, cityMean, hotspotRatios, periodMeans } from '../spatial/grid_stats';
import { periodChange } from '../spatial/grid_change';
import { AQI_LEVELS, CONCENTRATION_BREAKPOINTS } from '../spatial/aqi';
import { buildGridCellPolygons } from '../spatial/grid_cells';
import { gridAtScale } from '../spatial/grid_aggregate';
import { NO_DATA_COLOUR, POLLUTANT_NAMES } from '../symbology/air_quality';
import type { LegendEntry } from '../symbology/colours';
import { dash, reading } from './card';
import type { FeatureDescription, Row, SeriesChart } from './card';
import { STACK, whenSelected } from './layer_description';
import type { LayerDescription } from './layer_description';
import { comparisonPeriod, describeBase, describePeriod, firstGridView } from './grid_view';
import type { GridView } from './grid_view';

export const HOTSPOT_GRID = 'hotspot-grid';
/** The source whose features carry the day's values as feature-state `v`. */
export const HOTSPOT_GRID_SOURCE = 'hotspot-grid';
export const HOTSPOT_GRID_FILL = 'hotspot-grid-fill';
/** The outline that marks hotspot cells in 热点 colouring. */
export const HOTSPOT_GRID_OUTLINE = 'hotspot-grid-outline';

/** The cell's value; −1 when unset (`to-number` alone would turn a missing state into 0, a clean-air green). */
const CELL_VALUE: ExpressionSpecification = ['to-number', ['coalesce', ['feature-state', 'v'], -1]];

/** The fill's opacity: translucent, so rivers, parks and outfalls stay readable through the grid. */
const FILL_OPACITY = 0.45;
/**
 * No data is lighter than data (0.3 against 0.45 overall): its colour carries the difference
 * as alpha, so that the opacity is one constant and a day step re-evaluates one property per
 * cell instead of two (MapLibre recomputes every feature-state property of every cell).
 */
const NO_DATA_FILL = `rgba(189, 189, 189, ${(0.3 / FILL_OPACITY).toFixed(3)})`;

/** Fill colour from the cell's feature-state `v` (µg/m³, −1 = no data) through the HJ 633-2012 level colours. */
export function gridColourExpression(pollutant: Pollutant): ExpressionSpecification {
  const bp = CONCENTRATION_BREAKPOINTS[pollutant];
  const stops: (number | string)[] = [];
  // Integer concentrations: a value equal to a breakpoint belongs to the lower level.
  for (let level = 1; level < AQI_LEVELS.length && level < bp.length - 1; level++) stops.push(bp[level] + 1e-6, AQI_LEVELS[level].color);
  return ['case', ['<', CELL_VALUE, 0], NO_DATA_FILL, ['step', CELL_VALUE, AQI_LEVELS[0].color, ...stops]] as ExpressionSpecification;
}

/** A cell's value in 热点 colouring when it has no data: below any ratio (ratios are ≥ −1). */
const NO_RATIO = -9;

/** The diverging colours of 热点: below the city mean blue, at it white, above it orange to dark red. */
const HOTSPOT_STOPS: [number, string, string][] = [
  [-0.4, '#2166ac', '低于城市均值 40% 以上'],
  [-0.2, '#92c5de', '低于城市均值 20%'],
  [0, '#f7f7f7', '与城市均值相当'],
  [0.2, '#fdae61', '高于城市均值 20%'],
  [0.5, '#d73027', '高于城市均值 50%'],
  [1, '#7f0000', '高于城市均值 100% 以上'],
];

/** Fill colour of a cell in 热点 colouring: its ratio to the city mean, from feature-state `v`. */
function hotspotColourExpression(): ExpressionSpecification {
  return [
    'case',
    ['<', CELL_VALUE, -1],
    NO_DATA_FILL,
    ['interpolate', ['linear'], CELL_VALUE, ...HOTSPOT_STOPS.flatMap(([v, c]) => [v, c])],
  ] as ExpressionSpecification;
}

/** A cell's value in 变化 colouring when either period has no data for it: below any ratio (ratios are ≥ −1). */
const NO_CHANGE = -9;

/**
 * The diverging colours of 变化: lower than in the base (better) teal to green, about
 * the same white, higher (worse) orange to dark red. Teal, not the blue of 热点, so a
 * screenshot of one is not read as the other.
 */
const CHANGE_STOPS: [number, string, string][] = [
  [-0.3, '#01665e', '下降 30% 以上（改善）'],
  [-0.15, '#80cdc1', '下降 15%'],
  [0, '#f7f7f7', '基本持平'],
  [0.15, '#fdae61', '上升 15%'],
  [0.3, '#d73027', '上升 30%（变差）'],
  [0.6, '#7f0000', '上升 60% 以上'],
];

/** Fill colour of a cell in 变化 colouring: its change ratio against the base, from feature-state `v`. */
function changeColourExpression(): ExpressionSpecification {
  return [
    'case',
    ['<', CELL_VALUE, -1],
    NO_DATA_FILL,
    ['interpolate', ['linear'], CELL_VALUE, ...CHANGE_STOPS.flatMap(([v, c]) => [v, c])],
  ] as ExpressionSpecification;
}

/** The fill colour for a view's colouring. */
function fillColour(view: GridView | null): ExpressionSpecification {
  if (view?.colouring === 'hotspot') return hotspotColourExpression();
  if (view?.colouring === 'change') return changeColourExpression();
  return gridColourExpression(view?.pollutant ?? 'pm25');
}

/** A pollutant's level bands as "0–35 优", "36–75 良" … for integer concentrations. */
function concentrationLegend(pollutant: Pollutant): LegendEntry[] {
  const bp = CONCENTRATION_BREAKPOINTS[pollutant];
  const levels = AQI_LEVELS.slice(0, bp.length - 1);
  return levels.map((level, i) => ({
    label: i < levels.length - 1 ? `${i === 0 ? 0 : bp[i] + 1}–${bp[i + 1]} ${level.name}` : `>${bp[i]} ${level.name}`,
    colour: level.color,
    shape: 'fill' as const,
  }));
}

function hotspotLegend(threshold: number): LegendEntry[] {
  return [
    ...HOTSPOT_STOPS.map(([, colour, label]) => ({ label, colour, shape: 'fill' as const })),
    { label: `热点：高于城市均值 ${Math.round(threshold * 100)}% 及以上（黑框）`, colour: '#000000', shape: 'line' as const },
  ];
}

const NO_DATA_LEGEND: LegendEntry = { label: '无数据（云遮挡，不是空气好）', colour: NO_DATA_COLOUR, shape: 'fill' };

const CHANGE_LEGEND: LegendEntry[] = [
  ...CHANGE_STOPS.map(([, colour, label]) => ({ label, colour, shape: 'fill' as const })),
  // A cell clouded over in either period cannot be compared; it is not "no change".
  { label: '无法对比（任一时段无数据）', colour: NO_DATA_COLOUR, shape: 'fill' },
];

/** The view fits this grid (an update may bring other days or pollutants than the view was made for); a base that does not fit is handled by comparisonPeriod. */
function fits(grid: HotspotGrid, view: GridView | null): view is GridView {
  return !!view && grid.header.pollutants.includes(view.pollutant) && view.first >= 0 && view.last < grid.header.days && view.first <= view.last;
}

/** The card of one cell for the period shown: its county and each pollutant's mean, with its level and its place against the city. */
/** Days a cell's chart shows: the period, or the 30 days ending with it when the period is shorter. */
const CHART_MIN_DAYS = 30;

/** The chart of a cell: its daily values of the pollutant shown, the city's daily mean and the nearest national station. */
function cellSeries(grid: HotspotGrid, index: number, view: GridView, station: AirStationProperties | undefined): SeriesChart {
  const { header } = grid;
  const n = header.cellCount;
  const first = Math.max(0, Math.min(view.first, view.last - CHART_MIN_DAYS + 1));
  const p = header.pollutants.indexOf(view.pollutant);
  const dates: string[] = [];
  const cell: (number | null)[] = [];
  const city: (number | null)[] = [];
  const near: (number | null)[] = [];
  const stationOffset = station ? daysBetween(station.startDate, header.startDate) : 0;
  for (let d = first; d <= view.last; d++) {
    dates.push(gridDayDate(header, d));
    const day = grid.values.subarray((p * header.days + d) * n, (p * header.days + d + 1) * n);
    cell.push(day[index] === GRID_NO_DATA ? null : day[index]);
    let sum = 0;
    let count = 0;
    for (let c = 0; c < n; c++) {
      if (day[c] === GRID_NO_DATA) continue;
      sum += day[c];
      count++;
    }
    city.push(count ? Math.round(sum / count) : null);
    if (station) near.push(station[view.pollutant][d + stationOffset] ?? null);
  }
  const name = POLLUTANT_NAMES[view.pollutant];
  return {
    title: `${name} 逐日浓度：本网格、全市网格均值${station ? `、${station.name}` : ''}`,
    unit: 'µg/m³',
    dates,
    lines: [
      { label: '本网格', colour: '#d7301f', values: cell },
      { label: '全市均值', colour: '#555555', values: city },
      ...(station ? [{ label: station.name, colour: '#1f78b4', values: near }] : []),
    ],
    limit: { label: `二级标准 ${DAILY_LIMITS[view.pollutant]}`, value: DAILY_LIMITS[view.pollutant] },
  };
}

export function describeGridCell(grid: HotspotGrid, index: number, view: GridView, station?: AirStationProperties): FeatureDescription {
  const { header } = grid;
  const n = header.cellCount;
  const period = { first: view.first, last: view.last };
  const rows: Row[] = header.pollutants.map((k, p) => {
    if (gridDaysMissing(grid, k, view.first, view.last) > 0) return [POLLUTANT_NAMES[k], '数据下载中'];
    let sum = 0;
    let count = 0;
    for (let d = view.first; d <= view.last; d++) {
      const raw = grid.values[(p * header.days + d) * n + index];
      if (raw !== GRID_NO_DATA) {
        sum += raw;
        count++;
      }
    }
    if (count === 0) return [POLLUTANT_NAMES[k], '无数据（云遮挡）'];
    const mean = Math.round(sum / count);
    return [POLLUTANT_NAMES[k], `${reading(k, mean)}${view.last > view.first ? `，${count} 天有数据` : ''}`];
  });
  const means = periodMeans(grid, view.pollutant, period);
  const city = cityMean(means);
  const ratio = means[index] === NO_VALUE || !city ? null : means[index] / city - 1;
  const county = header.counties[grid.cellCounty[index]];
  return {
    title: `热点网格 ${grid.cellIds[index]}`,
    kind: `卫星热点网格（约 ${view.scale} km）`,
    rows: [
      ['网格编号', String(grid.cellIds[index])],
      ['所在县区', county ? `${county.name}（${county.code}）` : '—'],
      ['所在乡镇', dash(cellTownshipName(grid, index))],
      ['时段', describePeriod(header, view)],
      ...(view.colouring === 'change' ? changeRows(grid, index, view) : []),
      [
        `${POLLUTANT_NAMES[view.pollutant]} 与城市均值相比`,
        ratio === null
          ? '无数据'
          : `${ratio >= 0 ? '高' : '低'} ${Math.abs(Math.round(ratio * 100))}%（城市均值 ${Math.round(city!)} µg/m³）${ratio >= view.threshold ? '，热点' : ''}`,
      ],
    ],
    sections: [
      { heading: view.last > view.first ? '时段均值' : '当日浓度', rows },
      { heading: `${POLLUTANT_NAMES[view.pollutant]} 时段统计`, rows: periodRows(grid, index, view) },
    ],
    series: cellSeries(grid, index, view, station),
  };
}

/** The cell's 变化 rows: the period compared with, then its mean there and now, the difference and the ratio. */
function changeRows(grid: HotspotGrid, index: number, view: GridView): Row[] {
  const base = comparisonPeriod(grid.header, view);
  const label = `${POLLUTANT_NAMES[view.pollutant]} 变化`;
  if (!base) return [['对比时段', '没有可对比的时段']];
  const now = periodMeans(grid, view.pollutant, { first: view.first, last: view.last })[index];
  const before = periodMeans(grid, view.pollutant, base)[index];
  const difference = now - before;
  const percent = before === 0 ? '' : `（${signed(Math.round((now / before - 1) * 100))}%）`;
  return [
    ['对比时段', describeBase(grid.header, base)],
    [
      label,
      now === NO_VALUE || before === NO_VALUE
        ? `无法对比（${now === NO_VALUE ? '本时段' : '对比时段'}无数据）`
        : `${before.toFixed(1)} → ${now.toFixed(1)} µg/m³，${difference >= 0 ? '上升' : '下降'} ${Math.abs(difference).toFixed(1)} µg/m³${percent}`,
    ],
  ];
}

/** "+15", "−8", "0": a sign on every change but none. */
function signed(x: number): string {
  return x > 0 ? `+${x}` : x < 0 ? `−${-x}` : '0';
}

/** A cell's figures for the period: mean, maximum, days over the grade-II limit, days with data. */
function periodRows(grid: HotspotGrid, index: number, view: GridView): Row[] {
  const { header } = grid;
  const p = header.pollutants.indexOf(view.pollutant);
  let sum = 0;
  let max = 0;
  let over = 0;
  let valid = 0;
  for (let d = view.first; d <= view.last; d++) {
    const v = grid.values[(p * header.days + d) * header.cellCount + index];
    if (v === GRID_NO_DATA) continue;
    sum += v;
    max = Math.max(max, v);
    if (v > DAILY_LIMITS[view.pollutant]) over++;
    valid++;
  }
  const days = view.last - view.first + 1;
  if (valid === 0) return [['有数据天数', `0 / ${days}`]];
  return [
    ['均值', `${Math.round(sum / valid)} µg/m³`],
    ['最大值', `${max} µg/m³`],
    [`超标天数（> ${DAILY_LIMITS[view.pollutant]}）`, `${over} 天`],
    ['有数据天数', `${valid} / ${days}`],
  ];
}

export const hotspotGridLayer: LayerDescription = {
  id: HOTSPOT_GRID,
  title: '热点网格',
  format: 'pdsgrid',
  countUnit: '格',
  stack: { [HOTSPOT_GRID_FILL]: STACK.grid, [HOTSPOT_GRID_OUTLINE]: STACK.grid },
  pick: [{ mapLayer: HOTSPOT_GRID_FILL, priority: 80, geometry: 'area' }],
  legend: [...concentrationLegend('pm25'), NO_DATA_LEGEND],
  legendFor(view) {
    const v = view.gridView;
    if (!v) return this.legend;
    if (v.colouring === 'change') return CHANGE_LEGEND;
    return [...(v.colouring === 'hotspot' ? hotspotLegend(v.threshold) : concentrationLegend(v.pollutant)), NO_DATA_LEGEND];
  },
  note(layer, view) {
    if (layer.kind !== 'grid' || !fits(layer.grid, view.gridView)) return null;
    const v = view.gridView;
    const { header } = layer.grid;
    const name = POLLUTANT_NAMES[v.pollutant];
    const base = v.colouring === 'change' ? comparisonPeriod(header, v) : null;
    // Days still on their way are drawn as no data: say so, or they would read as cloud.
    const missing = gridDaysMissing(layer.grid, v.pollutant, v.first, v.last) + (base ? gridDaysMissing(layer.grid, v.pollutant, base.first, base.last) : 0);
    const loading = missing > 0 ? ` · 数据下载中：${missing} 天尚未下载，暂显示为无数据` : '';
    if (v.colouring === 'change') {
      const against = base ? `对比 ${describeBase(header, base)}` : '没有可对比的时段';
      return `${name} 变化 · ${describePeriod(header, v)} ${against} · ${v.scale} km 网格${loading}`;
    }
    const what = v.colouring === 'hotspot' ? '与城市均值相比' : v.mode === 'day' ? '日均浓度（µg/m³）' : '时段平均浓度（µg/m³）';
    return `${name} ${what} · ${describePeriod(header, v)} · ${v.scale} km 网格${loading}`;
  },
  bundle(layer, view) {
    if (layer.kind !== 'grid') throw new Error('热点网格图层应为网格数据');
    return {
      sources: {
        [HOTSPOT_GRID_SOURCE]: {
          type: 'geojson',
          data: buildGridCellPolygons(gridAtScale(layer.grid, view.gridView?.scale ?? 1, view.gridView?.pollutant ?? layer.grid.header.pollutants[0])),
          // MapLibre's default buffer (128 px a side) repeats a quarter tile of cells into each
          // neighbour: 2.25× the cells to re-colour per day step. Squares need only enough to
          // keep the cut edges of the outline outside the tile.
          buffer: 8,
        },
      },
      layers: [
        {
          id: HOTSPOT_GRID_FILL,
          type: 'fill',
          source: HOTSPOT_GRID_SOURCE,
          paint: {
            'fill-color': fillColour(view.gridView),
            'fill-opacity': FILL_OPACITY,
            'fill-outline-color': whenSelected('#000000', 'rgba(0,0,0,0)') as never,
          },
        },
        {
          id: HOTSPOT_GRID_OUTLINE,
          type: 'line',
          source: HOTSPOT_GRID_SOURCE,
          paint: { 'line-color': '#000000', 'line-width': 1.2, 'line-opacity': 0 },
        },
      ],
    };
  },
  // The cells' squares change only with the scale: another day, pollutant or colouring keeps them.
  bundleKey: (view) => String(view.gridView?.scale ?? 1),
  // Its 7,932 squares keep the map's worker busy: the outfalls and the other layers are drawn first.
  drawnAfterOthers: true,
  paint(view) {
    const v = view.gridView;
    if (!v) return [];
    return [
      { mapLayer: HOTSPOT_GRID_FILL, property: 'fill-color', value: fillColour(v) },
      // Hotspot cells are outlined; in 浓度 and 变化 colouring no cell is.
      { mapLayer: HOTSPOT_GRID_OUTLINE, property: 'line-opacity', value: v.colouring === 'hotspot' ? ['case', ['>=', CELL_VALUE, v.threshold], 1, 0] : 0 },
    ];
  },
  featureValues(layer, view) {
    if (layer.kind !== 'grid' || !fits(layer.grid, view.gridView)) return null;
    const v = view.gridView;
    const grid = gridAtScale(layer.grid, v.scale, v.pollutant);
    const period = { first: v.first, last: v.last };
    if (v.colouring === 'change') {
      const base = comparisonPeriod(grid.header, v);
      // Nothing to compare with (the first day of the data): every cell no data, as the note and the controls say, not a stale map.
      if (!base) return { source: HOTSPOT_GRID_SOURCE, values: new Float32Array(grid.header.cellCount).fill(NO_CHANGE) };
      const ratios = periodChange(grid, v.pollutant, period, base);
      for (let i = 0; i < ratios.length; i++) if (Number.isNaN(ratios[i])) ratios[i] = NO_CHANGE;
      return { source: HOTSPOT_GRID_SOURCE, values: ratios };
    }
    const means = periodMeans(grid, v.pollutant, period);
    if (v.colouring === 'concentration') {
      // Reported concentrations are whole µg/m³: round, so a level boundary falls where HJ 633 puts it.
      for (let i = 0; i < means.length; i++) if (means[i] !== NO_VALUE) means[i] = Math.round(means[i]);
      return { source: HOTSPOT_GRID_SOURCE, values: means };
    }
    const ratios = hotspotRatios(means, cityMean(means));
    for (let i = 0; i < ratios.length; i++) if (Number.isNaN(ratios[i])) ratios[i] = NO_RATIO;
    return { source: HOTSPOT_GRID_SOURCE, values: ratios };
  },
  followsView: (view) => [view.gridView],
  describe(layer, index, context) {
    if (layer.kind !== 'grid') return null;
    const view = fits(layer.grid, context.gridView ?? null) ? context.gridView! : firstGridView(layer.grid.header, null);
    // Feature indexes are those of the grid at the scale shown.
    const grid = gridAtScale(layer.grid, view.scale, view.pollutant);
    if (index < 0 || index >= grid.header.cellCount) return null;
    const [west, south, east, north] = cellBounds(grid.header, grid.cellIds[index]);
    return describeGridCell(grid, index, view, context.nearestAirStation?.((west + east) / 2, (south + north) / 2));
  },
};
