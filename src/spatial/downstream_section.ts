// The water-quality section (国控/省控断面) downstream of an outfall on the same river:
// what the outfall's card shows as "the section this discharge reaches next", with
// that section's latest class.
//
// Downstream is measured along the river line: both the outfall and each section are
// snapped to the line (@turf/nearest-point-on-line) and compared by their distance
// from the line's start. This relies on every line in data/rivers.geojson being
// digitised from source to mouth (checked in tests/unit/downstream_section.test.ts).

import { nearestPointOnLine } from '@turf/nearest-point-on-line';
import { distance as greatCircleKm } from 'geokdbush';
import type { Feature, LineString, MultiLineString, Point } from 'geojson';
import type { OutfallProperties, StationFeature, WaterSectionProperties } from '../data/types';

export type WaterSectionFeature = Feature<Point, WaterSectionProperties>;
export type NamedLineFeature = Feature<LineString | MultiLineString, { name: string }>;

export interface DownstreamSection {
  section: WaterSectionFeature;
  /** Metres along the river from the outfall to the section; null for a reservoir's own section. */
  alongRiverM: number | null;
}

/** Water bodies named …水库 are reservoirs: their section sits in the reservoir, not along a line. */
export function isReservoirName(name: string): boolean {
  return name.endsWith('水库');
}

/**
 * Distance from the start of the line to the point's nearest point on it, metres. A river
 * interrupted by a reservoir is a MultiLineString whose parts follow each other from
 * source to mouth: the water crosses the reservoir from the inlet (a part's end) to the
 * dam (the next part's start), so that crossing counts as a straight stretch.
 */
export function distanceAlongLineM(line: NamedLineFeature, lon: number, lat: number): number {
  const whole: Feature<LineString> =
    line.geometry.type === 'LineString'
      ? (line as Feature<LineString>)
      : { type: 'Feature', properties: {}, geometry: { type: 'LineString', coordinates: line.geometry.coordinates.flat() } };
  return nearestPointOnLine(whole, [lon, lat], { units: 'meters' }).properties.totalDistance;
}

function isWaterSection(station: StationFeature): station is WaterSectionFeature {
  return station.properties.kind === 'water';
}

/**
 * The nearest section downstream of the outfall on its receiving water, or null if the
 * river has no line or no section below the outfall. For a reservoir, the reservoir's
 * own section (the nearest, if it has several).
 */
export function findDownstreamSection(
  outfall: Pick<OutfallProperties, 'river' | 'lon' | 'lat'>,
  stations: readonly StationFeature[],
  rivers: readonly NamedLineFeature[],
): DownstreamSection | null {
  const sections = stations.filter(isWaterSection).filter((s) => s.properties.river === outfall.river);
  if (sections.length === 0) return null;

  if (isReservoirName(outfall.river)) {
    const distanceTo = (s: WaterSectionFeature) => greatCircleKm(outfall.lon, outfall.lat, s.geometry.coordinates[0], s.geometry.coordinates[1]);
    const nearest = sections.reduce((a, b) => (distanceTo(b) < distanceTo(a) ? b : a));
    return { section: nearest, alongRiverM: null };
  }

  const line = rivers.find((r) => r.properties.name === outfall.river);
  if (!line) return null;
  const outfallAlong = distanceAlongLineM(line, outfall.lon, outfall.lat);
  let best: DownstreamSection | null = null;
  for (const section of sections) {
    const [lon, lat] = section.geometry.coordinates;
    const alongRiverM = distanceAlongLineM(line, lon, lat) - outfallAlong;
    // Strictly below the outfall: a section level with it has not received its water yet.
    if (alongRiverM > 0 && (best === null || alongRiverM < (best.alongRiverM as number))) best = { section, alongRiverM };
  }
  return best;
}
