// 筛选, evaluated: which outfalls an OutfallFilter (description.ts) selects. Pure and
// free of the DOM, MapLibre and the app state, so it runs in a worker as well.
//
// createFilterIndex is built once per loaded data set: a kd-tree of the outfall points
// (kdbush), the attribute fields dictionary-encoded, and per place (county, park,
// reservoir, river) its segments in a Flatbush, so that a test looks only at the few
// segments near the point. evaluateFilter then takes the candidates from the kd-tree
// (the smallest box an area condition allows, grown by its distance), checks the cheap
// attribute conditions first (the most selective list first) and the exact spatial
// tests last. Drawn shapes are prepared per call.
//
// The spatial predicates give turf's answers, decided without turf's full scans:
// - inside a (multi)polygon, holes included, is @turf/boolean-point-in-polygon: a point on
//   the boundary (an edge or a vertex) counts as inside. The same crossing test
//   (point-in-polygon-hao's) runs on the segments a ray from the point meets; where its
//   orientation test is too close to call in floating point, turf itself decides. The
//   cells (~200 m) of a raster over the polygon that no edge touches are classified a
//   row at a time, on first use, and answer for every point in them.
// - distance is @turf/point-to-line-distance with units 'meters' (geodesic, the sphere
//   of turf's earth radius): to a river's line, or to a polygon's rings when the point is
//   outside it (0 inside). A local planar distance decides when it is clearly below or
//   above the limit; within a margin of it (1 % of the limit plus the segment's bulge
//   plus 2 m), turf's computation, ported, decides.

import Flatbush from 'flatbush';
import KDBush from 'kdbush';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import type { MultiPolygon, Polygon, Position } from 'geojson';
import type { CountyFeature, ParkFeature, ReservoirFeature, RiverFeature } from '../../data/types';
import type { FilterableOutfall } from './columns';
import { OUTFALL_STAGES, isOverdue, outfallStage } from './description';
import type { AreaCondition, OutfallFilter, Ring } from './description';

/** The places an area condition names, as loaded: counties by `code`, the others by `id`. */
export interface FilterPlaces {
  counties: readonly CountyFeature[];
  parks: readonly ParkFeature[];
  reservoirs: readonly ReservoirFeature[];
  rivers: readonly RiverFeature[];
}

/** Built once per loaded data set by createFilterIndex; opaque to callers. Not shared between threads (rasters fill lazily). */
export interface FilterIndex {
  readonly outfalls: readonly FilterableOutfall[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly points: KDBush | null;
  readonly attributes: Record<ListKey, EncodedField>;
  readonly areas: { counties: Map<string, PolygonShape>; parks: Map<string, PolygonShape>; reservoirs: Map<string, PolygonShape> };
  readonly rivers: Map<string, LineShape>;
}

export interface FilterResult {
  /** Indexes into the outfalls the index was built from, ascending, each once: matches.length is the count. */
  matches: Uint32Array;
  /**
   * One Chinese message per place id the filter names that the data does not have,
   * e.g. 未知的县区代码：410499. An area condition naming such a place selects nothing
   * (so the filter selects nothing); an unknown code in `counties` matches no outfall.
   */
  unknown: string[];
}

/** Tests arbitrary points (hotspot grid cells, fire points) against the `areas` part of a filter. */
export interface AreaMatcher {
  /** As in FilterResult: a condition naming an unknown place is false everywhere. */
  readonly unknown: string[];
  /** True when (lon, lat) satisfies every area condition (always true for none). */
  test(lon: number, lat: number): boolean;
}

// ---- geometry constants ------------------------------------------------------------

/** turf's earth radius (@turf/helpers `earthRadius`), metres. */
const EARTH_RADIUS_M = 6371008.8;
/** turf's factor from radians to "degrees" as a length unit. */
const DEGREES_PER_RADIAN = 360 / (2 * Math.PI);
const RAD = Math.PI / 180;
/** Metres per degree of latitude (and of longitude at the equator) on turf's sphere: 111,195 m. */
const M_PER_DEG = EARTH_RADIUS_M * RAD;
/** robust-predicates' first error bound for orient2d (point-in-polygon-hao's orientation test). */
const CCW_ERRBOUND_A = (3 + 16 * 1.1102230246251565e-16) * 1.1102230246251565e-16;
/** Beyond this limit the planar shortcut is not used: every distance is turf's. */
const PLANAR_MAX_M = 50_000;
/** Raster cells of about 200 m, at most 256 a side. */
const CELL_DEG = 0.002;
const MAX_CELLS_PER_SIDE = 256;
/** A cell within this of an edge's box counts as touched by the edge (1e-9° ≈ 0.1 mm). */
const EDGE_EPS_DEG = 1e-9;
const CELL_UNKNOWN = 0;
const CELL_EDGE = 1;
const CELL_IN = 2;
const CELL_OUT = 3;

/** Degrees of latitude and of longitude (at latitude `lat`) that certainly contain every point within `metres` of a point at `lat`. */
function degreesAround(metres: number, lat: number): { dLat: number; dLon: number } {
  if (metres === 0) return { dLat: 0, dLon: 0 };
  const dLat = (metres / M_PER_DEG) * 1.01 + 1e-9;
  const poleward = Math.abs(lat) + dLat;
  if (!Number.isFinite(dLat) || poleward >= 89) return { dLat, dLon: 360 };
  return { dLat, dLon: (metres / (M_PER_DEG * Math.cos(poleward * RAD))) * 1.01 + 1e-9 };
}

// ---- turf's geodesic point-to-segment distance, ported ------------------------------
// @turf/point-to-line-distance (method 'geodesic') → @turf/nearest-point-on-line →
// @turf/distance, operation for operation, so the result is turf's to the last bit:
// the nearest point on the great-circle segment, then the haversine distance to it.

const turfRadians = (degrees: number) => ((degrees % 360) * Math.PI) / 180;
const turfDegrees = (radians: number) => ((radians % (2 * Math.PI)) * 180) / Math.PI;

/** @turf/distance in turf's length unit "degrees". */
function haversineDegrees(x1: number, y1: number, x2: number, y2: number): number {
  const dLat = turfRadians(y2 - y1);
  const dLon = turfRadians(x2 - x1);
  const lat1 = turfRadians(y1);
  const lat2 = turfRadians(y2);
  const a = Math.pow(Math.sin(dLat / 2), 2) + Math.pow(Math.sin(dLon / 2), 2) * Math.cos(lat1) * Math.cos(lat2);
  return 2 * Math.atan2(Math.sqrt(a), Math.sqrt(1 - a)) * DEGREES_PER_RADIAN;
}

/** turf's pointToLineDistance([px, py], lineString([a, b]), { units: 'meters' }), to the last bit. */
export function metresToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  let ix: number;
  let iy: number;
  if (bx === px && by === py) [ix, iy] = [bx, by];
  else if (ax === px && ay === py) [ix, iy] = [ax, ay];
  else {
    // nearestPointOnSegment: unit vectors A, B, C; the great circle through A and B.
    const aLat = turfRadians(ay);
    const aLng = turfRadians(ax);
    const Ax = Math.cos(aLat) * Math.cos(aLng);
    const Ay = Math.cos(aLat) * Math.sin(aLng);
    const Az = Math.sin(aLat);
    const bLat = turfRadians(by);
    const bLng = turfRadians(bx);
    const Bx = Math.cos(bLat) * Math.cos(bLng);
    const By = Math.cos(bLat) * Math.sin(bLng);
    const Bz = Math.sin(bLat);
    const cLat = turfRadians(py);
    const cLng = turfRadians(px);
    const Cx = Math.cos(cLat) * Math.cos(cLng);
    const Cy = Math.cos(cLat) * Math.sin(cLng);
    const Cz = Math.sin(cLat);
    // segmentAxis = A × B
    const Sx = Ay * Bz - Az * By;
    const Sy = Az * Bx - Ax * Bz;
    const Sz = Ax * By - Ay * Bx;
    if (Sx === 0 && Sy === 0 && Sz === 0) {
      if (Ax * Bx + Ay * By + Az * Bz > 0) [ix, iy] = [bx, by];
      else [ix, iy] = [px, py];
    } else {
      // targetAxis = S × C
      const Tx = Sy * Cz - Sz * Cy;
      const Ty = Sz * Cx - Sx * Cz;
      const Tz = Sx * Cy - Sy * Cx;
      if (Tx === 0 && Ty === 0 && Tz === 0) [ix, iy] = [bx, by];
      else {
        // intersectionAxis = T × S, normalised; of it and its opposite, the one nearer C.
        let Ix = Ty * Sz - Tz * Sy;
        let Iy = Tz * Sx - Tx * Sz;
        let Iz = Tx * Sy - Ty * Sx;
        const iMag = Math.sqrt(Math.pow(Ix, 2) + Math.pow(Iy, 2) + Math.pow(Iz, 2));
        Ix /= iMag;
        Iy /= iMag;
        Iz /= iMag;
        // dot(C, I1) > dot(C, -I1): negating every term negates the rounded sum exactly.
        if (!(Cx * Ix + Cy * Iy + Cz * Iz > 0)) {
          Ix = -Ix;
          Iy = -Iy;
          Iz = -Iz;
        }
        const sMag = Math.sqrt(Math.pow(Sx, 2) + Math.pow(Sy, 2) + Math.pow(Sz, 2));
        const Nx = Sx / sMag;
        const Ny = Sy / sMag;
        const Nz = Sz / sMag;
        // cmpAI = (A × I)·N, cmpIB = (I × B)·N
        const cmpAI = (Ay * Iz - Az * Iy) * Nx + (Az * Ix - Ax * Iz) * Ny + (Ax * Iy - Ay * Ix) * Nz;
        const cmpIB = (Iy * Bz - Iz * By) * Nx + (Iz * Bx - Ix * Bz) * Ny + (Ix * By - Iy * Bx) * Nz;
        if (cmpAI >= 0 && cmpIB >= 0) {
          iy = turfDegrees(Math.asin(Math.min(Math.max(Iz, -1), 1)));
          ix = turfDegrees(Math.atan2(Iy, Ix));
        } else if (Ax * Cx + Ay * Cy + Az * Cz > Bx * Cx + By * Cy + Bz * Cz) [ix, iy] = [ax, ay];
        else [ix, iy] = [bx, by];
      }
    }
  }
  // convertLength(degrees → meters)
  return (haversineDegrees(px, py, ix, iy) / DEGREES_PER_RADIAN) * EARTH_RADIUS_M;
}

// ---- prepared geometry ----------------------------------------------------------------

/** The segments of a place's lines or rings, in their order, with a Flatbush over their boxes. */
class Segments {
  readonly count: number;
  /** ax, ay, bx, by per segment. */
  readonly xy: Float64Array;
  /** Which polygon (of a MultiPolygon) a ring segment belongs to. */
  readonly part: Uint16Array;
  /** How far, in metres, the great-circle segment may stray from the straight one in lon/lat (twice the sagitta). */
  readonly bulgeM: Float64Array;
  readonly tree: Flatbush | null;
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;

  // The point and limit of the current distance query, read by `nearVisit`.
  private qx = 0;
  private qy = 0;
  private qd = 0;
  private kx = 0;

  constructor(lines: readonly (readonly Position[])[], partOfLine: readonly number[]) {
    let count = 0;
    for (const line of lines) count += Math.max(0, line.length - 1);
    this.count = count;
    this.xy = new Float64Array(count * 4);
    this.part = new Uint16Array(count);
    this.bulgeM = new Float64Array(count);
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let s = 0;
    lines.forEach((line, l) => {
      for (let i = 0; i + 1 < line.length; i++, s++) {
        const [ax, ay] = line[i];
        const [bx, by] = line[i + 1];
        this.xy.set([ax, ay, bx, by], s * 4);
        this.part[s] = partOfLine[l];
        // Sagitta of a great circle against the straight lon/lat line: L² tan φ / 8R at most (L
        // overestimated at the equator's scale), doubled.
        const lat = Math.max(Math.abs(ay), Math.abs(by));
        const lengthM = Math.hypot(bx - ax, by - ay) * M_PER_DEG;
        this.bulgeM[s] = lat >= 89 ? Infinity : (2 * lengthM * lengthM * Math.tan(lat * RAD)) / (8 * EARTH_RADIUS_M);
        minX = Math.min(minX, ax, bx);
        minY = Math.min(minY, ay, by);
        maxX = Math.max(maxX, ax, bx);
        maxY = Math.max(maxY, ay, by);
      }
    });
    [this.minX, this.minY, this.maxX, this.maxY] = [minX, minY, maxX, maxY];
    if (count === 0) {
      this.tree = null;
      return;
    }
    const tree = new Flatbush(count);
    for (let i = 0; i < count; i++) {
      const [ax, ay, bx, by] = this.xy.subarray(i * 4, i * 4 + 4);
      // The box grows by the bulge, so that it holds the great-circle segment too.
      const grow = this.bulgeM[i] / M_PER_DEG + EDGE_EPS_DEG;
      tree.add(Math.min(ax, bx) - grow, Math.min(ay, by) - grow, Math.max(ax, bx) + grow, Math.max(ay, by) + grow);
    }
    tree.finish();
    this.tree = tree;
  }

  /** Whether some segment is within `metres` of (x, y), by turf's geodesic distance. */
  near(x: number, y: number, metres: number): boolean {
    if (!this.tree) return false;
    const { dLat, dLon } = degreesAround(metres, y);
    this.qx = x;
    this.qy = y;
    this.qd = metres;
    this.kx = Math.cos(y * RAD) * M_PER_DEG;
    return this.tree.collides(x - dLon, y - dLat, x + dLon, y + dLat, this.nearVisit);
  }

  private readonly nearVisit = (i: number): boolean => {
    const { xy, qx, qy, qd, kx } = this;
    const ax = xy[i * 4];
    const ay = xy[i * 4 + 1];
    const bx = xy[i * 4 + 2];
    const by = xy[i * 4 + 3];
    if (qd <= PLANAR_MAX_M) {
      // Planar distance in metres around the point; decisive outside the margin.
      const ux = (ax - qx) * kx;
      const uy = (ay - qy) * M_PER_DEG;
      const dx = (bx - ax) * kx;
      const dy = (by - ay) * M_PER_DEG;
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? Math.min(1, Math.max(0, -(ux * dx + uy * dy) / len2)) : 0;
      const planar = Math.hypot(ux + t * dx, uy + t * dy);
      const margin = 0.01 * qd + this.bulgeM[i] + 2;
      if (planar < qd - margin) return true;
      if (planar > qd + margin) return false;
    }
    return metresToSegment(qx, qy, ax, ay, bx, by) <= qd;
  };
}

/** A county, park, reservoir or drawn shape: point-in-polygon as turf decides it, and distance to its rings. */
class PolygonShape {
  readonly segments: Segments;
  private readonly parts: number;
  private readonly crossings: Uint32Array;
  private uncertain = false;
  private rx = 0;
  private ry = 0;
  // The raster: cells over the bbox, CELL_* each (filled lazily); null without segments.
  private readonly cells: Uint8Array | null;
  private readonly columns: number;
  private readonly rows: number;
  private readonly toColumn: number;
  private readonly toRow: number;

  constructor(readonly geometry: Polygon | MultiPolygon) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const rings: Position[][] = [];
    const partOf: number[] = [];
    polygons.forEach((polygon, p) => {
      for (const ring of polygon) {
        rings.push(ring);
        partOf.push(p);
      }
    });
    this.parts = polygons.length;
    this.crossings = new Uint32Array(polygons.length);
    const segments = (this.segments = new Segments(rings, partOf));
    const width = segments.maxX - segments.minX;
    const height = segments.maxY - segments.minY;
    if (segments.count === 0) {
      [this.cells, this.columns, this.rows, this.toColumn, this.toRow] = [null, 0, 0, 0, 0];
      return;
    }
    this.columns = Math.min(MAX_CELLS_PER_SIDE, Math.max(1, Math.ceil(width / CELL_DEG)));
    this.rows = Math.min(MAX_CELLS_PER_SIDE, Math.max(1, Math.ceil(height / CELL_DEG)));
    this.toColumn = width > 0 ? this.columns / width : 0;
    this.toRow = height > 0 ? this.rows / height : 0;
    const cells = (this.cells = new Uint8Array(this.columns * this.rows));
    // Every cell an edge's box (grown by EDGE_EPS_DEG) touches; the rest hold no boundary point.
    const { xy } = segments;
    for (let i = 0; i < segments.count; i++) {
      const c0 = this.column(Math.min(xy[i * 4], xy[i * 4 + 2]) - EDGE_EPS_DEG);
      const c1 = this.column(Math.max(xy[i * 4], xy[i * 4 + 2]) + EDGE_EPS_DEG);
      const r0 = this.row(Math.min(xy[i * 4 + 1], xy[i * 4 + 3]) - EDGE_EPS_DEG);
      const r1 = this.row(Math.max(xy[i * 4 + 1], xy[i * 4 + 3]) + EDGE_EPS_DEG);
      for (let r = r0; r <= r1; r++) cells.fill(CELL_EDGE, r * this.columns + c0, r * this.columns + c1 + 1);
    }
  }

  // Monotonic in x (and y), so a point on an edge falls in a cell its box covers.
  private column(x: number): number {
    return Math.min(this.columns - 1, Math.max(0, Math.floor((x - this.segments.minX) * this.toColumn)));
  }
  private row(y: number): number {
    return Math.min(this.rows - 1, Math.max(0, Math.floor((y - this.segments.minY) * this.toRow)));
  }

  /** Inside or on the boundary, as turf's booleanPointInPolygon (ignoreBoundary false). */
  contains(x: number, y: number): boolean {
    const s = this.segments;
    if (!(x >= s.minX && x <= s.maxX && y >= s.minY && y <= s.maxY)) return false;
    const cells = this.cells;
    if (!cells) return this.containsExact(x, y);
    const cell = this.row(y) * this.columns + this.column(x);
    let state = cells[cell];
    if (state === CELL_EDGE) return this.containsExact(x, y);
    if (state === CELL_UNKNOWN) {
      this.classifyRow(Math.floor(cell / this.columns));
      state = cells[cell];
    }
    return state === CELL_IN;
  }

  /**
   * Classify a row's untouched cells at once. No edge touches such a cell, so the boundary
   * is constant in or out over all of it, and every edge crossing the row's centre line
   * does so left or right of the cell, not in it: counting the crossings left of the
   * cell's centre (per polygon, the same half-open rule as hao) cannot be misled by rounding.
   */
  private classifyRow(row: number): void {
    const s = this.segments;
    const cells = this.cells!;
    const { xy, part } = s;
    const y = s.minY + (row + 0.5) * ((s.maxY - s.minY) / this.rows);
    const crossings: { x: number; part: number }[] = [];
    for (const i of s.tree!.search(-Infinity, y, Infinity, y)) {
      const [ax, ay, bx, by] = [xy[i * 4], xy[i * 4 + 1], xy[i * 4 + 2], xy[i * 4 + 3]];
      if ((ay <= y && by > y) || (ay > y && by <= y)) crossings.push({ x: ax + ((y - ay) * (bx - ax)) / (by - ay), part: part[i] });
    }
    crossings.sort((a, b) => a.x - b.x);
    const odd = new Uint8Array(this.parts);
    let oddParts = 0;
    let k = 0;
    const cellWidth = (s.maxX - s.minX) / this.columns;
    for (let c = 0; c < this.columns; c++) {
      const x = s.minX + (c + 0.5) * cellWidth;
      for (; k < crossings.length && crossings[k].x < x; k++) {
        const p = crossings[k].part;
        odd[p] ^= 1;
        oddParts += odd[p] ? 1 : -1;
      }
      const cell = row * this.columns + c;
      if (cells[cell] === CELL_UNKNOWN) cells[cell] = oddParts > 0 ? CELL_IN : CELL_OUT;
    }
  }

  /** Within `metres` of the polygon: inside it, or that close to one of its rings. */
  within(x: number, y: number, metres: number): boolean {
    return this.contains(x, y) || (metres > 0 && this.segments.near(x, y, metres));
  }

  /**
   * point-in-polygon-hao (turf's), on the segments a leftward ray from the point meets:
   * the others add no crossing and hold no boundary point. Per polygon of a MultiPolygon,
   * an odd number of crossings is inside; a point on any edge is inside.
   */
  private containsExact(x: number, y: number): boolean {
    const s = this.segments;
    if (!s.tree) return false;
    this.crossings.fill(0);
    this.uncertain = false;
    this.rx = x;
    this.ry = y;
    if (s.tree.collides(s.minX - 1, y, x, y, this.rayVisit)) return true;
    if (this.uncertain) return booleanPointInPolygon([x, y], this.geometry);
    for (let p = 0; p < this.parts; p++) if (this.crossings[p] % 2 === 1) return true;
    return false;
  }

  /** One segment of hao's loop; true (stop) when the point is on it. */
  private readonly rayVisit = (i: number): boolean => {
    const xy = this.segments.xy;
    const u1 = xy[i * 4] - this.rx;
    const v1 = xy[i * 4 + 1] - this.ry;
    const u2 = xy[i * 4 + 2] - this.rx;
    const v2 = xy[i * 4 + 3] - this.ry;
    if (v1 === 0 && v2 === 0) {
      if ((u2 <= 0 && u1 >= 0) || (u1 <= 0 && u2 >= 0)) return true;
    } else if ((v2 >= 0 && v1 <= 0) || (v2 <= 0 && v1 >= 0)) {
      // robust-predicates' orient2d(u1, u2, v1, v2, 0, 0), whose sign is all hao uses.
      const left = u2 * v1;
      const right = u1 * v2;
      const f = left - right;
      if (!(Math.abs(f) >= CCW_ERRBOUND_A * Math.abs(left + right))) {
        this.uncertain = true;
        return false;
      }
      if (f === 0) return true;
      if ((f > 0 && v2 > 0 && v1 <= 0) || (f < 0 && v2 <= 0 && v1 > 0)) this.crossings[this.segments.part[i]]++;
    }
    return false;
  };
}

/** A river: distance to its line(s). */
class LineShape {
  readonly segments: Segments;
  constructor(coordinates: readonly (readonly Position[])[]) {
    this.segments = new Segments(
      coordinates,
      coordinates.map(() => 0),
    );
  }
}

// ---- the index --------------------------------------------------------------------------

/** Filter lists and the outfall fields they test. */
const LIST_FIELDS = {
  counties: 'countyCode',
  townships: 'township',
  waters: 'river',
  categories: 'category',
  subtypes: 'subtype',
  measures: 'remediationMeasure',
  statuses: 'remediationStatus',
} as const satisfies Partial<Record<keyof OutfallFilter, keyof FilterableOutfall>>;
type ListKey = keyof typeof LIST_FIELDS | 'stages';

/** A field's distinct values numbered, the number per outfall, and how many outfalls hold each. */
interface EncodedField {
  readonly codeOf: Map<string, number>;
  readonly codes: Uint32Array;
  readonly counts: number[];
}

function encodeField(values: readonly string[], dictionary: readonly string[] = []): EncodedField {
  const codeOf = new Map<string, number>(dictionary.map((v, i) => [v, i]));
  const codes = new Uint32Array(values.length);
  const counts: number[] = dictionary.map(() => 0);
  values.forEach((v, i) => {
    let code = codeOf.get(v);
    if (code === undefined) {
      code = codeOf.size;
      codeOf.set(v, code);
      counts.push(0);
    }
    codes[i] = code;
    counts[code]++;
  });
  return { codeOf, codes, counts };
}

/** Build once per loaded data set; evaluating a filter never copies the outfalls. */
export function createFilterIndex(outfalls: readonly FilterableOutfall[], places: FilterPlaces): FilterIndex {
  const n = outfalls.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  outfalls.forEach((o, i) => {
    lon[i] = o.lon;
    lat[i] = o.lat;
  });
  let points: KDBush | null = null;
  if (n > 0) {
    points = new KDBush(n, 64, Float64Array);
    for (let i = 0; i < n; i++) points.add(lon[i], lat[i]);
    points.finish();
  }
  const attributes = {} as Record<ListKey, EncodedField>;
  for (const [key, field] of Object.entries(LIST_FIELDS) as [keyof typeof LIST_FIELDS, keyof FilterableOutfall][]) {
    attributes[key] = encodeField(outfalls.map((o) => String(o[field])));
  }
  attributes.stages = encodeField(
    outfalls.map((o) => outfallStage(o)),
    OUTFALL_STAGES,
  );
  const polygons = <F extends { geometry: Polygon | MultiPolygon }>(features: readonly F[], id: (f: F) => string) =>
    new Map(features.map((f) => [id(f), new PolygonShape(f.geometry)]));
  return {
    outfalls,
    lon,
    lat,
    points,
    attributes,
    areas: {
      counties: polygons(places.counties, (f) => f.properties.code),
      parks: polygons(places.parks, (f) => f.properties.id),
      reservoirs: polygons(places.reservoirs, (f) => f.properties.id),
    },
    rivers: new Map(
      places.rivers.map((f) => [f.properties.id, new LineShape(f.geometry.type === 'LineString' ? [f.geometry.coordinates] : f.geometry.coordinates)]),
    ),
  };
}

// ---- evaluation -------------------------------------------------------------------------

const UNKNOWN_PLACE: Record<string, string> = {
  counties: '未知的县区代码',
  parks: '未知的化工园区',
  reservoirs: '未知的水库',
  rivers: '未知的河流',
};

/** An area condition made ready: the box outside which nothing matches, and the exact test. */
interface CompiledArea {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  test(x: number, y: number): boolean;
}

const NOTHING: CompiledArea = { minX: 1, minY: 1, maxX: 0, maxY: 0, test: () => false };

function closed(ring: Ring): Ring {
  const [first, last] = [ring[0], ring[ring.length - 1]];
  return first && last && (first[0] !== last[0] || first[1] !== last[1]) ? [...ring, first] : ring;
}

function checkDistance(metres: number): number {
  if (!(metres >= 0)) throw new RangeError(`distanceM must be a number ≥ 0, not ${metres}`);
  return metres;
}

function compileArea(index: FilterIndex, area: AreaCondition, unknown: Set<string>): CompiledArea {
  let shape: { segments: Segments; test(x: number, y: number): boolean };
  let metres = 0;
  if (area.kind === 'drawn') {
    const polygon = new PolygonShape({ type: 'Polygon', coordinates: [closed(area.ring)] });
    shape = { segments: polygon.segments, test: (x, y) => polygon.contains(x, y) };
  } else if (area.kind === 'near-river') {
    metres = checkDistance(area.distanceM);
    const line = index.rivers.get(area.river);
    if (!line) {
      unknown.add(`${UNKNOWN_PLACE.rivers}：${area.river}`);
      return NOTHING;
    }
    shape = { segments: line.segments, test: (x, y) => line.segments.near(x, y, metres) };
  } else {
    metres = checkDistance(area.distanceM);
    const polygon = Object.hasOwn(index.areas, area.layer) ? index.areas[area.layer].get(area.id) : undefined;
    if (!polygon) {
      unknown.add(`${UNKNOWN_PLACE[area.layer] ?? `未知的图层 ${area.layer}`}：${area.id}`);
      return NOTHING;
    }
    shape =
      metres > 0
        ? { segments: polygon.segments, test: (x, y) => polygon.within(x, y, metres) }
        : { segments: polygon.segments, test: (x, y) => polygon.contains(x, y) };
  }
  const s = shape.segments;
  if (!s.tree) return NOTHING;
  const { dLat, dLon } = degreesAround(metres, Math.max(Math.abs(s.minY), Math.abs(s.maxY)));
  const [minX, minY, maxX, maxY] = [s.minX - dLon, s.minY - dLat, s.maxX + dLon, s.maxY + dLat];
  return {
    minX,
    minY,
    maxX,
    maxY,
    test: (x, y) => x >= minX && x <= maxX && y >= minY && y <= maxY && shape.test(x, y),
  };
}

function compileAreas(index: FilterIndex, areas: readonly AreaCondition[], unknown: Set<string>): CompiledArea[] {
  const compiled = areas.map((a) => compileArea(index, a, unknown));
  // Smallest box first: the kd-tree query takes its box, and the cheap box test rejects most.
  const size = (a: CompiledArea) => Math.max(0, a.maxX - a.minX) * Math.max(0, a.maxY - a.minY);
  return compiled.sort((a, b) => size(a) - size(b));
}

/** The attribute conditions as one test of an outfall's index; null when there are none. */
function compileAttributes(index: FilterIndex, filter: OutfallFilter, today: string, unknown: Set<string>): ((i: number) => boolean) | null {
  const lists: { codes: Uint32Array; allowed: Uint8Array; share: number }[] = [];
  for (const key of [...Object.keys(LIST_FIELDS), 'stages'] as ListKey[]) {
    const values = filter[key];
    if (!values || values.length === 0) continue;
    const field = index.attributes[key];
    const allowed = new Uint8Array(field.counts.length);
    let share = 0;
    for (const v of values) {
      const code = field.codeOf.get(v);
      if (code !== undefined && !allowed[code]) {
        allowed[code] = 1;
        share += field.counts[code];
      }
      if (key === 'counties' && !index.areas.counties.has(v)) unknown.add(`${UNKNOWN_PLACE.counties}：${v}`);
    }
    lists.push({ codes: field.codes, allowed, share });
  }
  // Most selective first.
  lists.sort((a, b) => a.share - b.share);
  const { outfalls } = index;
  const { overdue, surveyFrom, surveyTo } = filter;
  if (lists.length === 0 && !overdue && !surveyFrom && !surveyTo) return null;
  return (i) => {
    for (const { codes, allowed } of lists) if (!allowed[codes[i]]) return false;
    const o = outfalls[i];
    if (overdue && !isOverdue(o, today)) return false;
    // An imported outfall whose ledger gave no survey date ('') is in no date range.
    if ((surveyFrom || surveyTo) && o.surveyDate === '') return false;
    if (surveyFrom && o.surveyDate < surveyFrom) return false;
    if (surveyTo && o.surveyDate > surveyTo) return false;
    return true;
  };
}

/**
 * The outfalls `filter` selects, as ascending indexes into the outfalls of `index`.
 * `today` (ISO date) decides `overdue`. An unknown place id is listed in `unknown` and
 * its condition selects nothing. Throws a RangeError for a negative or NaN distanceM.
 */
export function evaluateFilter(index: FilterIndex, filter: OutfallFilter, options: { today: string }): FilterResult {
  const unknown = new Set<string>();
  const attributes = compileAttributes(index, filter, options.today, unknown);
  const areas = compileAreas(index, filter.areas ?? [], unknown);
  const { lon, lat, points } = index;
  const n = index.outfalls.length;
  const out: number[] = [];
  if (areas.length === 0) {
    for (let i = 0; i < n; i++) if (!attributes || attributes(i)) out.push(i);
    return { matches: Uint32Array.from(out), unknown: [...unknown] };
  }
  const [first] = areas;
  const candidates = points && first.minX <= first.maxX ? points.range(first.minX, first.minY, first.maxX, first.maxY) : [];
  for (const i of candidates) {
    if (attributes && !attributes(i)) continue;
    const x = lon[i];
    const y = lat[i];
    let ok = true;
    for (const area of areas) {
      if (!area.test(x, y)) {
        ok = false;
        break;
      }
    }
    if (ok) out.push(i);
  }
  return { matches: Uint32Array.from(out).sort(), unknown: [...unknown] };
}

/** The `areas` of a filter as a test of any point, for the hotspot grid's cells and the fire points. Throws as evaluateFilter. */
export function areaMatcher(index: FilterIndex, areas: readonly AreaCondition[]): AreaMatcher {
  const unknown = new Set<string>();
  const compiled = compileAreas(index, areas, unknown);
  return {
    unknown: [...unknown],
    test: (lon, lat) => compiled.every((a) => a.test(lon, lat)),
  };
}
