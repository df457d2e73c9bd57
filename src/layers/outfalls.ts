// 排污口: the ~3,000 surveyed outfalls, as small circles coloured by category.
// They are scaled with zoom rather than clustered: at city zoom the dots trace the
// banks (which is the point: where outfalls crowd), and from zoom 13 each one is a
// target big enough for a finger.

import {
  DISCHARGE_MODES,
  MONITORING_RESULTS,
  OUTFALL_CATEGORIES,
  OUTFALL_FIELD_LABELS,
  REMEDIATION_MEASURES,
  REMEDIATION_STATUSES,
  UNFILLED,
} from '../data/types';
import type { OutfallProperties } from '../data/types';
import { checks } from '../data/validate_layer';
import { OUTFALL_CATEGORY_COLOURS, OUTFALL_LEGEND, OUTFALL_OVERDUE_COLOUR, OUTFALL_STATUS_COLOURS, OUTFALL_STATUS_LEGEND } from '../symbology/colours';
import { overdueDays } from '../spatial/filter/description';
import { county, dash } from './card';
import type { CardContext, FeatureDescription, ProgressStep, Row } from './card';
import { STACK, featuresOf, withIndexIds } from './layer_description';
import type { LayerDescription, LayerViewContext } from './layer_description';

export const OUTFALLS = 'outfalls';
export const OUTFALLS_SOURCE = 'outfalls';
export const OUTFALLS_CIRCLE = 'outfalls-circle';
const SELECTED_SOURCE = 'outfalls-selected';
const SELECTED_RING = 'outfalls-selected-ring';

/** What the outfalls' dots are coloured by (排污口着色): 按类别 or 按整治状态. */
export type OutfallColouring = 'category' | 'status';
export const OUTFALL_COLOURINGS: readonly OutfallColouring[] = ['category', 'status'];

const UNKNOWN_CATEGORY = '#777777';
const categoryColour = (alpha: number) => [
  'match',
  ['get', 'category'],
  ...Object.entries(OUTFALL_CATEGORY_COLOURS).flatMap(([category, colour]) => [category, withAlpha(colour, alpha)]),
  withAlpha(UNKNOWN_CATEGORY, alpha),
];
const statusColour = (alpha: number) => [
  'match',
  ['get', 'remediationStatus'],
  ...Object.entries(OUTFALL_STATUS_COLOURS).flatMap(([status, colour]) => [status, withAlpha(colour, alpha)]),
  withAlpha(OUTFALL_STATUS_COLOURS[UNFILLED], alpha),
];

/**
 * 逾期 as a data expression (isOverdue in src/spatial/filter/description.ts): not done, with a deadline
 * before `today`. ISO dates compare as strings, so `today` is a literal of the expression set with the
 * view, and the map needs no feature-state for it.
 */
export function overdueExpression(today: string): unknown[] {
  const deadline = ['to-string', ['get', 'remediationDeadline']];
  return ['all', ['!=', ['get', 'remediationStatus'], '已完成'], ['!=', deadline, ''], ['<', deadline, today]];
}

/** '#rrggbb' as rgba() with this alpha (MapLibre premultiplies it: a faint dot, not a paler one). */
function withAlpha(hex: string, alpha: number): string {
  if (alpha === 1) return hex;
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16},${(n >> 8) & 255},${n & 255},${alpha})`;
}

/** The circle's radius by zoom: the selection ring follows it. */
const RADIUS = ['interpolate', ['linear'], ['zoom'], 7, 1.4, 10, 2.6, 13, 5, 16, 8];

/** The white edge that separates dots from street zoom on (none at city zoom, where it would swallow them). */
const STROKE_WIDTH = ['interpolate', ['linear'], ['zoom'], 9, 0, 12, 1];

const L = OUTFALL_FIELD_LABELS;

/** The card of one outfall: the record's fields and the survey's 查-测-溯-治 progress. */
export function describeOutfall(p: OutfallProperties, context: CardContext): FeatureDescription {
  // Past the deadline against the same day 筛选's 逾期 counts from (the data date of the demo set).
  const overdue = overdueText(p, context.today);
  const rows: Row[] = [
    [L.code, p.code],
    [L.name, p.name],
    [L.category, p.category],
    [L.subtype, p.subtype],
    [L.river, p.river],
    [L.countyName, county(p.countyName, p.countyCode)],
    [L.township, dash(p.township)],
    [L.dischargeMode, p.dischargeMode],
    [L.responsibleUnit, dash(p.responsibleUnit)],
    [L.surveyDate, unfilled(p.surveyDate)],
    [L.remediationMeasure, p.remediationMeasure],
    [L.remediationStatus, p.remediationStatus],
    [L.remediationDeadline, unfilled(p.remediationDeadline)],
    ...(overdue ? [['整治逾期', overdue] as Row] : []),
    ['坐标（WGS84）', `${p.lon.toFixed(6)}, ${p.lat.toFixed(6)}`],
  ];
  if (p.parkId) rows.push([L.parkId, context.parkName(p.parkId) ?? p.parkId]);
  // Outfalls are forbidden in a drinking-water source protection zone: one found there is to be closed.
  const zone = context.protectionZoneAt?.(p.lon, p.lat);
  if (zone) rows.push(['水源保护区', zone]);
  const progress: ProgressStep[] = [
    { step: '查', state: 'done', text: p.surveyDate ? `已排查（${p.surveyDate}）` : '已排查（日期未填）' },
    p.monitored
      ? { step: '测', state: 'done', text: `已监测（${dash(p.monitoringDate)}）：${dash(p.monitoringResult)}` }
      : { step: '测', state: 'todo', text: '未监测' },
    p.traced ? { step: '溯', state: 'done', text: `已溯源：${dash(p.sourceDescription)}` } : { step: '溯', state: 'todo', text: '未溯源' },
    {
      step: '治',
      state: p.remediationStatus === '已完成' ? 'done' : p.remediationStatus === '整治中' ? 'doing' : 'todo',
      text:
        p.remediationMeasure === UNFILLED && p.remediationStatus === UNFILLED && p.remediationDeadline === ''
          ? '整治情况未填'
          : `${p.remediationMeasure} · ${p.remediationStatus} · 期限 ${unfilled(p.remediationDeadline)}${overdue ? `（${overdue}）` : ''}`,
    },
  ];
  return { title: p.name, kind: '入河排污口', rows, progress };
}

/** '逾期 57 天' for an outfall past its deadline on `today`, else null. */
function overdueText(p: Pick<OutfallProperties, 'remediationDeadline' | 'remediationStatus'>, today: string | undefined): string | null {
  const days = today ? overdueDays(p, today) : 0;
  return days > 0 ? `逾期 ${days} 天` : null;
}

/** A date an imported ledger did not give ('') as the card says it. */
const unfilled = (date: string): string => date || UNFILLED;

/** Made once: the checks run for every feature of the file. */
const OUTFALL_CHECKS = {
  code: checks.text,
  name: checks.text,
  category: checks.oneOf(OUTFALL_CATEGORIES),
  subtype: checks.text,
  river: checks.text,
  countyCode: checks.countyCode,
  countyName: checks.text,
  township: checks.text,
  lon: checks.range(-180, 180),
  lat: checks.range(-90, 90),
  // An imported ledger may lack these: UNFILLED (未填), or '' for a date (src/data/types.ts).
  dischargeMode: checks.oneOf([...DISCHARGE_MODES, UNFILLED]),
  responsibleUnit: checks.text,
  surveyDate: checks.dateOrEmpty,
  monitored: checks.bool,
  monitoringDate: checks.nullable(checks.date),
  monitoringResult: checks.nullable(checks.oneOf(MONITORING_RESULTS)),
  traced: checks.bool,
  sourceDescription: checks.nullable(checks.text),
  remediationMeasure: checks.oneOf([...REMEDIATION_MEASURES, UNFILLED]),
  remediationStatus: checks.oneOf([...REMEDIATION_STATUSES, UNFILLED]),
  remediationDeadline: checks.dateOrEmpty,
  parkId: checks.nullable(checks.text),
};

/** Feature values under 筛选: selected (or no filter), left out and drawn faint, left out and not drawn (a tap does not find it). */
const SELECTED_VALUE = 1;
const FADED = 0;
const HIDDEN = -1;
/**
 * 筛选's values given to the map per frame: a step of the distance slider over 100,000
 * outfalls changes up to 8,000 of them, one frame of 45–60 ms on the bench machine; 3,000 a
 * frame kept every frame under 50 ms (bench/README.md, 筛选's slider). Fewer than that are
 * given at once, as before.
 */
const VALUES_PER_FRAME = 3000;
const FADED_ALPHA = 0.15;
const STATE = ['to-number', ['coalesce', ['feature-state', 'v'], SELECTED_VALUE]];

/** The circle's paint that follows 排污口着色 (and, by status, the day 逾期 counts from); the rest of the paint never changes. */
export function outfallPaint(view: Pick<LayerViewContext, 'outfallColouring' | 'today'>): Record<string, unknown> {
  if (view.outfallColouring !== 'status') {
    return {
      'circle-color': ['match', STATE, HIDDEN, 'rgba(0,0,0,0)', FADED, categoryColour(FADED_ALPHA), categoryColour(1)],
      'circle-stroke-color': '#ffffff',
      'circle-stroke-width': STROKE_WIDTH,
    };
  }
  // Without a date nothing is overdue (an empty string is before every deadline).
  const overdue = overdueExpression(view.today ?? '');
  return {
    'circle-color': ['match', STATE, HIDDEN, 'rgba(0,0,0,0)', FADED, statusColour(FADED_ALPHA), statusColour(1)],
    // 逾期: a red ring, drawn from city zoom on (where the white edge is not): around a 1.4 px dot it reads as a red dot.
    'circle-stroke-color': ['case', overdue, OUTFALL_OVERDUE_COLOUR, '#ffffff'],
    'circle-stroke-width': [
      'interpolate',
      ['linear'],
      ['zoom'],
      7,
      ['case', overdue, 1, 0],
      9,
      ['case', overdue, 1.2, 0],
      12,
      ['case', overdue, 2, 1],
      16,
      ['case', overdue, 3, 1],
    ],
  };
}

export const outfallsLayer: LayerDescription = {
  id: OUTFALLS,
  title: '排污口',
  format: 'geojson',
  geometryTypes: ['Point'],
  featureKey: 'code',
  propertyChecks: () => OUTFALL_CHECKS,
  fieldLabels: OUTFALL_FIELD_LABELS,
  featureWarnings(props, geometry) {
    if (geometry.type !== 'Point') return [];
    const [x, y] = geometry.coordinates;
    const close = Math.abs(x - (props.lon as number)) <= 1e-5 && Math.abs(y - (props.lat as number)) <= 1e-5;
    return close ? [] : [`属性中的经纬度 (${String(props.lon)}, ${String(props.lat)}) 与点位 (${x}, ${y}) 不一致`];
  },
  countUnit: '个',
  stack: { [OUTFALLS_CIRCLE]: STACK.points, [SELECTED_RING]: STACK.points },
  pick: [{ mapLayer: OUTFALLS_CIRCLE, priority: 10, geometry: 'point', hiddenValue: HIDDEN, selectedSource: SELECTED_SOURCE }],
  legend: OUTFALL_LEGEND,
  legendFor: (view) => (view.outfallColouring === 'status' ? OUTFALL_STATUS_LEGEND : OUTFALL_LEGEND),
  // 按整治状态 reads two properties 按类别 does not: the map's copy of the outfalls (src/map/slim_source.ts
  // keeps only what the paint reads) is made again for it, once per switch, instead of carrying them always.
  bundleKey: (view) => view.outfallColouring ?? 'category',
  // A switch, or a new day for 逾期, is a new paint value: no feature-state read is added (see the circle's paint).
  paint: (view) => Object.entries(outfallPaint(view)).map(([property, value]) => ({ mapLayer: OUTFALLS_CIRCLE, property, value })),
  // src/spatial/outfall_search.ts searches these (and pinyin initials of the names).
  searchable: ['code', 'name', 'township', 'river', 'responsibleUnit'],
  filterable: [
    'countyName',
    'township',
    'river',
    'category',
    'subtype',
    'remediationMeasure',
    'remediationStatus',
    'remediationDeadline',
    'monitored',
    'traced',
    'surveyDate',
    'parkId',
  ],
  // 筛选: the selected outfalls as they are, the others faint or gone (a feature value, so a new filter re-colours, not re-lays out).
  featureValues(layer, view) {
    const selection = view.outfallSelection;
    const values = new Float32Array(featuresOf(layer).length).fill(SELECTED_VALUE);
    if (selection) {
      const other = selection.display === 'hide' ? HIDDEN : FADED;
      for (let i = 0; i < values.length; i++) if (!selection.matches[i]) values[i] = other;
    }
    return { source: OUTFALLS_SOURCE, values, perFrame: VALUES_PER_FRAME };
  },
  followsView: (view) => [view.outfallSelection?.matches, view.outfallSelection?.display],
  drawnFirst: true,
  bundle(layer, view) {
    const { 'circle-color': colour, 'circle-stroke-color': strokeColour, 'circle-stroke-width': strokeWidth } = outfallPaint(view);
    return {
      sources: {
        [OUTFALLS_SOURCE]: { type: 'geojson', data: withIndexIds({ type: 'FeatureCollection', features: featuresOf(layer) }) },
        [SELECTED_SOURCE]: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      },
      layers: [
        {
          id: OUTFALLS_CIRCLE,
          type: 'circle',
          source: OUTFALLS_SOURCE,
          // Two paint properties read the feature value, and only those: a 筛选 step re-colours
          // 100,000 outfalls through them in one frame (the fade is in the colour's alpha; the
          // zoom-dependent opacity stays a uniform; 按整治状态's red ring reads data, not state).
          paint: {
            'circle-color': colour as never,
            'circle-radius': RADIUS as never,
            'circle-opacity': ['interpolate', ['linear'], ['zoom'], 7, 0.75, 12, 0.95],
            'circle-stroke-opacity': ['match', STATE, HIDDEN, 0, FADED, FADED_ALPHA, 1] as never,
            'circle-stroke-color': strokeColour as never,
            'circle-stroke-width': strokeWidth as never,
          },
        },
        {
          // The outfall whose card is open: a black ring over its dot.
          id: SELECTED_RING,
          type: 'circle',
          source: SELECTED_SOURCE,
          paint: { 'circle-radius': RADIUS as never, 'circle-opacity': 0, 'circle-stroke-color': '#000000', 'circle-stroke-width': 3 },
        },
      ],
    };
  },
  describe(layer, index, context) {
    const feature = featuresOf(layer)[index];
    return feature ? describeOutfall(feature.properties as OutfallProperties, context) : null;
  },
};
