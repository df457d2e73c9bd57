// The field work drawn on the map: a mark on each outfall this device has inspected, and the
// 附近排污口 list's numbers at the outfalls it lists, so the list and the map say the same
// thing. Both follow the state; neither is drawn while the outfalls are switched off.

import { effect } from '@preact/signals';
import type { ReadonlySignal } from '@preact/signals';
import type { Feature } from 'geojson';
import type { InspectionRecord } from '../data/inspections/inspection';
import type { OutfallProperties } from '../data/types';
import { OUTFALLS } from '../layers/outfalls';
import type { AppState } from '../state/app_state';
import { readyFeatures } from '../state/selectors';
import type { NearbyEntry } from '../ui/nearby_list/NearbyList';

interface MarkPoint {
  lon: number;
  lat: number;
  n?: number;
}

/** What the marks need of a map (MapView implements it). */
export interface FieldMarksPort {
  setInspectedMarks(points: readonly MarkPoint[]): void;
  setNearbyNumbers(points: readonly MarkPoint[]): void;
}

/** One point per outfall of the loaded data that has at least one inspection on this device. */
export function inspectedOutfallPoints(records: readonly InspectionRecord[], outfalls: readonly Feature[]): MarkPoint[] {
  const codes = new Set(records.map((r) => r.outfallCode));
  if (codes.size === 0) return [];
  const points: MarkPoint[] = [];
  for (const feature of outfalls) {
    const p = feature.properties as OutfallProperties | null;
    if (!p || !codes.has(p.code)) continue;
    points.push({ lon: p.lon, lat: p.lat });
    // Each code once, even if a data set repeated it.
    codes.delete(p.code);
  }
  return points;
}

/** The list's numbers: 1 at the first (nearest) entry's outfall, and so on. */
export function nearbyNumberPoints(entries: readonly NearbyEntry[] | null): MarkPoint[] {
  return (entries ?? []).map((e, i) => ({ lon: e.outfall.lon, lat: e.outfall.lat, n: i + 1 }));
}

/** Keep the map's field marks in step with the inspections, the nearby list and the outfalls' visibility; returns a disposer. */
export function bindFieldMarks(state: AppState, port: FieldMarksPort, nearby: ReadonlySignal<NearbyEntry[] | null>): () => void {
  const shown = () => state.visibility.value[OUTFALLS] ?? true;
  const stopInspected = effect(() => {
    const outfalls = shown() ? readyFeatures(state, OUTFALLS) : null;
    port.setInspectedMarks(outfalls ? inspectedOutfallPoints(state.inspections.value, outfalls) : []);
  });
  const stopNearby = effect(() => port.setNearbyNumbers(shown() ? nearbyNumberPoints(nearby.value) : []));
  return () => {
    stopInspected();
    stopNearby();
  };
}
