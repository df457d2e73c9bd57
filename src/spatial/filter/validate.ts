// Whether a filter makes sense before it is evaluated: the values it names exist (a
// county's code, a park's id, a category), its distances and dates are possible, and a
// drawn shape is a simple closed ring on the city. Each problem names the part of the
// filter it is about, so the UI can mark that part or drop it, and says in Chinese what
// is wrong. A filter from a link is first decoded by url.ts, which drops what it cannot
// read; this checks what it can read against the data.

import { kinks } from '@turf/kinks';
import { CITY_EXTENT } from '../../data/city';
import { OUTFALL_CATEGORIES, REMEDIATION_MEASURES, REMEDIATION_STATUSES } from '../../data/types';
import { OUTFALL_STAGES } from './description';
import type { AreaCondition, OutfallFilter } from './description';

/** The largest distance an area condition may ask for: beyond it, the city is covered anyway (it is ~130 km across). */
export const MAX_DISTANCE_M = 50_000;

export interface FilterProblem {
  /** The part of the filter, e.g. 'categories' or 'areas'. */
  field: keyof OutfallFilter | 'areas';
  /** The position in that part's list, when the problem is one of its entries. */
  index?: number;
  message: string;
  /**
   * The filter names a place (county, park, reservoir, river) the data set does not have:
   * it can still be evaluated (that condition selects nothing), unlike the other problems.
   */
  unknownPlace?: true;
}

/** What the loaded data knows: the ids a filter may name. */
export interface KnownPlaces {
  /** County codes. */
  counties: ReadonlySet<string>;
  /** Park ids. */
  parks: ReadonlySet<string>;
  /** Reservoir ids. */
  reservoirs: ReadonlySet<string>;
  /** River ids. */
  rivers: ReadonlySet<string>;
  /** West, south, east, north of the data; a drawn shape wholly outside it selects nothing. Default: the city's extent. */
  dataExtent?: readonly [number, number, number, number];
}

/** A calendar date written YYYY-MM-DD (2024-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

const LAYER_NAMES: Record<string, string> = { counties: '区县', parks: '化工园区', reservoirs: '水库' };
const SHAPE_NAMES: Record<string, string> = { polygon: '多边形', rectangle: '矩形' };
const listed = (values: readonly string[]) => values.join('、');

/** Every problem of the filter; none for a filter that can be evaluated as it is. */
export function checkFilter(filter: OutfallFilter, known: KnownPlaces): FilterProblem[] {
  const problems: FilterProblem[] = [];

  const checkList = (
    field: keyof OutfallFilter,
    values: readonly string[] | undefined,
    isKnown: (v: string) => boolean,
    message: (v: string) => string,
    place: { unknownPlace?: true } = {},
  ) =>
    (values ?? []).forEach((value, index) => {
      if (!isKnown(value)) problems.push({ field, index, message: message(value), ...place });
    });
  const oneOf = (allowed: readonly string[]) => (v: string) => allowed.includes(v);

  checkList(
    'counties',
    filter.counties,
    (v) => known.counties.has(v),
    (v) => `找不到区县代码“${v}”`,
    { unknownPlace: true },
  );
  checkList('categories', filter.categories, oneOf(OUTFALL_CATEGORIES), (v) => `排污口类别“${v}”无法识别，应为 ${listed(OUTFALL_CATEGORIES)} 之一`);
  checkList('measures', filter.measures, oneOf(REMEDIATION_MEASURES), (v) => `整治措施“${v}”无法识别，应为 ${listed(REMEDIATION_MEASURES)} 之一`);
  checkList('statuses', filter.statuses, oneOf(REMEDIATION_STATUSES), (v) => `整治状态“${v}”无法识别，应为 ${listed(REMEDIATION_STATUSES)} 之一`);
  checkList('stages', filter.stages, oneOf(OUTFALL_STAGES), (v) => `阶段“${v}”无法识别，应为 ${listed(OUTFALL_STAGES)} 之一`);

  const { surveyFrom: from, surveyTo: to } = filter;
  if (from !== undefined && !isIsoDate(from)) problems.push({ field: 'surveyFrom', message: `排查起始日期“${from}”无效，应为 YYYY-MM-DD 格式的日期` });
  if (to !== undefined && !isIsoDate(to)) problems.push({ field: 'surveyTo', message: `排查截止日期“${to}”无效，应为 YYYY-MM-DD 格式的日期` });
  if (from !== undefined && to !== undefined && isIsoDate(from) && isIsoDate(to) && to < from)
    problems.push({ field: 'surveyTo', message: `排查日期范围的截止日期 ${to} 早于起始日期 ${from}` });

  (filter.areas ?? []).forEach((area, index) => {
    for (const { message, unknownPlace } of areaProblems(area, known))
      problems.push({ field: 'areas', index, message: `第 ${index + 1} 个区域条件：${message}`, ...(unknownPlace ? { unknownPlace } : {}) });
  });
  return problems;
}

function distanceProblems(distanceM: unknown): string[] {
  if (typeof distanceM !== 'number' || !Number.isFinite(distanceM)) return [`距离“${String(distanceM)}”不是有效的数值`];
  if (distanceM < 0) return [`距离不能为负数（${distanceM} 米）`];
  if (distanceM > MAX_DISTANCE_M) return [`距离 ${distanceM} 米超过上限 ${MAX_DISTANCE_M / 1000} 公里（${MAX_DISTANCE_M} 米）`];
  return [];
}

type AreaProblem = { message: string; unknownPlace?: true };
const plain = (messages: string[]): AreaProblem[] => messages.map((message) => ({ message }));

function areaProblems(area: AreaCondition, known: KnownPlaces): AreaProblem[] {
  switch (area.kind) {
    case 'within': {
      const ids = area.layer === 'counties' ? known.counties : area.layer === 'parks' ? known.parks : area.layer === 'reservoirs' ? known.reservoirs : null;
      if (!ids) return plain([`图层“${String(area.layer)}”无法识别，应为 区县、化工园区、水库 之一`]);
      const place: AreaProblem[] = ids.has(area.id) ? [] : [{ message: `找不到${LAYER_NAMES[area.layer]}“${area.id}”`, unknownPlace: true }];
      return [...place, ...plain(distanceProblems(area.distanceM))];
    }
    case 'near-river': {
      const place: AreaProblem[] = known.rivers.has(area.river) ? [] : [{ message: `找不到河流“${area.river}”`, unknownPlace: true }];
      return [...place, ...plain(distanceProblems(area.distanceM))];
    }
    case 'drawn': {
      const name = `绘制的${SHAPE_NAMES[area.shape] ?? '图形'}`;
      if (!SHAPE_NAMES[area.shape]) return plain([`图形类型“${String(area.shape)}”无法识别，应为 多边形、矩形 之一`]);
      return plain(ringProblems(area.ring, known.dataExtent ?? CITY_EXTENT, known.dataExtent ? '数据范围' : '平顶山市范围').map((m) => `${name}${m}`));
    }
    default:
      return plain([`条件类型“${String((area as { kind: unknown }).kind)}”无法识别`]);
  }
}

const isPosition = (p: unknown): p is [number, number] =>
  Array.isArray(p) &&
  p.length === 2 &&
  typeof p[0] === 'number' &&
  typeof p[1] === 'number' &&
  Number.isFinite(p[0]) &&
  Number.isFinite(p[1]) &&
  Math.abs(p[0]) <= 180 &&
  Math.abs(p[1]) <= 90;

/** A drawn ring: at least 4 valid positions, closed, touching the extent, not crossing itself. One problem at a time, the most basic first. */
function ringProblems(ring: unknown, extent: readonly [number, number, number, number], extentName: string): string[] {
  if (!Array.isArray(ring)) return ['没有边界坐标'];
  if (ring.length < 4) return [`的边界至少需要 4 个坐标点（首尾相同），现有 ${ring.length} 个`];
  const bad = ring.findIndex((p) => !isPosition(p));
  if (bad >= 0) return [`的第 ${bad + 1} 个坐标点 ${JSON.stringify(ring[bad])} 不是有效的经纬度（经度 −180 至 180，纬度 −90 至 90）`];
  const positions = ring as [number, number][];
  const [first, last] = [positions[0], positions[positions.length - 1]];
  if (first[0] !== last[0] || first[1] !== last[1]) return ['的边界未闭合（首尾坐标不同）'];
  if (!ringTouchesBox(positions, extent)) return [`完全在${extentName}之外`];
  const crossings = kinks({ type: 'Polygon', coordinates: [positions] }).features;
  if (crossings.length > 0) {
    const [x, y] = crossings[0].geometry.coordinates;
    return [`的边界自相交（在 ${x.toFixed(6)}, ${y.toFixed(6)} 附近），请重新绘制`];
  }
  return [];
}

/** Even-odd point in a closed ring. */
function insideRing(x: number, y: number, ring: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const cross = (ax: number, ay: number, bx: number, by: number, cx: number, cy: number) => (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);

/** Whether two closed segments meet (touching counts). */
function segmentsMeet(a: readonly number[], b: readonly number[], c: readonly number[], d: readonly number[]): boolean {
  const d1 = cross(c[0], c[1], d[0], d[1], a[0], a[1]);
  const d2 = cross(c[0], c[1], d[0], d[1], b[0], b[1]);
  const d3 = cross(a[0], a[1], b[0], b[1], c[0], c[1]);
  const d4 = cross(a[0], a[1], b[0], b[1], d[0], d[1]);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  const onSegment = (p: readonly number[], q: readonly number[], r: readonly number[]) =>
    Math.min(p[0], q[0]) <= r[0] && r[0] <= Math.max(p[0], q[0]) && Math.min(p[1], q[1]) <= r[1] && r[1] <= Math.max(p[1], q[1]);
  return (d1 === 0 && onSegment(c, d, a)) || (d2 === 0 && onSegment(c, d, b)) || (d3 === 0 && onSegment(a, b, c)) || (d4 === 0 && onSegment(a, b, d));
}

/** Whether the ring's area and the box overlap at all: a vertex inside the box, a corner inside the ring, or crossing edges. */
function ringTouchesBox(ring: readonly [number, number][], [west, south, east, north]: readonly [number, number, number, number]): boolean {
  if (ring.some(([x, y]) => x >= west && x <= east && y >= south && y <= north)) return true;
  const corners: [number, number][] = [
    [west, south],
    [east, south],
    [east, north],
    [west, north],
  ];
  if (corners.some(([x, y]) => insideRing(x, y, ring))) return true;
  for (let i = 0; i + 1 < ring.length; i++) for (let k = 0; k < 4; k++) if (segmentsMeet(ring[i], ring[i + 1], corners[k], corners[(k + 1) % 4])) return true;
  return false;
}
