// What an outfall's card needs beyond its own record: navigation links, the
// water section downstream, its inspections and the inspection actions.

import type { OutfallProperties, StationFeature } from '../data/types';
import { monthLabel } from '../data/dates';
import { RIVERS } from '../layers/rivers';
import { STATIONS } from '../layers/stations';
import { readyFeatures } from '../state/selectors';
import { findDownstreamSection } from '../spatial/downstream_section';
import type { NamedLineFeature } from '../spatial/downstream_section';
import { navigationLinks } from '../spatial/navigation_links';
import type { AppState } from '../state/app_state';
import type { DownstreamSection, OutfallExtrasServices } from '../ui/feature_card/OutfallExtras';
import type { InspectionServices } from './inspections';

/** The water section downstream of an outfall with its latest class, from the loaded stations and rivers; null if none. */
export function downstreamReading(state: AppState, o: Pick<OutfallProperties, 'river' | 'lon' | 'lat'>): DownstreamSection | null {
  const stations = readyFeatures(state, STATIONS);
  const rivers = readyFeatures(state, RIVERS);
  if (!stations || !rivers) return null;
  const found = findDownstreamSection(o, stations as StationFeature[], rivers as NamedLineFeature[]);
  if (!found) return null;
  const p = found.section.properties;
  const last = p.monthlyClass.length - 1;
  return {
    name: p.name,
    latestClass: p.monthlyClass[last] ?? null,
    month: last >= 0 ? monthLabel(p.startMonth, last) : null,
    distanceM: found.alongRiverM,
  };
}

export function createOutfallExtras(state: AppState, inspections: InspectionServices): OutfallExtrasServices {
  return {
    navigationLinks: (o) => navigationLinks(o.lon, o.lat, o.name),
    downstreamSection: (o) => downstreamReading(state, o),
    inspectionsFor: (code) => state.inspections.value.filter((r) => r.outfallCode === code).sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
    position: () => {
      const p = state.position.peek();
      return p ? { lon: p.lon, lat: p.lat, accuracyM: p.accuracyM } : null;
    },
    save: (draft, photos) => inspections.save(draft, photos),
    retry: (uuid) => inspections.retry(uuid),
    photos: inspections.photos,
  };
}
